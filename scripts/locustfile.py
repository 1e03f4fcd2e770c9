"""The users of `make loadtest` (``scripts/loadtest.py`` starts Locust with this file and a plan).

Each request is named by its page kind (``client_home``, ``staff_dossier``, ``debtor_pay_start`` ...), so
Locust's statistics are per kind. Redirects are not followed: a page that answers with anything but what the
flow expects (200, or the one redirect a form gives) counts as an error, so a session that has silently
lapsed to the login page is not counted as a fast page.

Production runs behind a TLS-terminating proxy. Locust stands where that proxy stands: every request
carries ``X-Forwarded-Proto: https`` (the header ``SECURE_PROXY_SSL_HEADER`` trusts) and the matching
``Origin`` (Django's CSRF check for HTTPS requests), and the cookie jar sends the ``Secure`` cookies over the
loopback hop (``_proxy_cookies``), as the proxy would pass them on.

The plan (``LOAD_PLAN``, JSON written by ``loadtest.py --setup``) holds the accounts with their prepared
sessions, TOTP keys and the debtors' one-time link tokens; ``LOAD_OFFSET`` shifts which accounts this run
takes, so a stepped run (LOAD_STEPS) does not reuse a spent link or a just-used TOTP code.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, task
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text()) if os.environ.get("LOAD_PLAN") else {}
OFFSET = int(os.environ.get("LOAD_OFFSET") or 0)
LOGIN_SHARE = float(os.environ.get("LOAD_LOGIN_SHARE") or 0.1)
_WAIT = [float(x) for x in (os.environ.get("LOAD_WAIT") or "2,6").split(",")]
BEGIN = time.monotonic()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_tellers: dict[str, itertools.count] = {}


def volgende(soort: str) -> int:
    """The next account index for a user of this kind (unique within a run, shifted by LOAD_OFFSET)."""
    return OFFSET + next(_tellers.setdefault(soort, itertools.count()))


def totp(key_hex: str, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 (HMAC-SHA1, 30 s, 6 digits), what django-otp's TOTPDevice checks and an authenticator shows."""
    teller = int((time.time() if at is None else at) // step)
    mac = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", teller), hashlib.sha1).digest()
    o = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[o : o + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


def pad(location: str) -> str:
    """The path of a redirect: absolute ones name https://host (the proxy's side), which Locust cannot speak."""
    delen = urlsplit(location)
    return delen.path + (f"?{delen.query}" if delen.query else "")


class Basis(HttpUser):
    abstract = True
    wait_time = between(*_WAIT)

    def on_start(self) -> None:
        netloc = urlsplit(self.host).netloc
        self.client.headers.update(
            {"X-Forwarded-Proto": "https", "Origin": f"https://{netloc}", "Accept-Language": "nl"}
        )

    # -- one request, checked ---------------------------------------------------------------------------

    def get(self, path: str, kind: str, *, expect: int = 200, must: str | None = None, headers=None):
        with self.client.get(
            path, name=kind, allow_redirects=False, catch_response=True, headers=headers
        ) as r:
            self._check(r, expect, must)
        self._proxy_cookies()
        return r

    def post(
        self, path: str, kind: str, data: dict, *, expect: int = 302, must: str | None = None, files=None
    ):
        with self.client.post(
            path, name=kind, data=data, files=files, allow_redirects=False, catch_response=True
        ) as r:
            self._check(r, expect, must)
        self._proxy_cookies()
        return r

    def _proxy_cookies(self) -> None:
        """Send the Secure cookies over the plain loopback hop behind the (absent) TLS proxy, as that proxy
        passes them on. (A cookie policy on the jar would not do: requests copies the jar per request.)"""
        for cookie in self.client.cookies:
            cookie.secure = False

    @staticmethod
    def _check(r, expect: int, must: str | None) -> None:
        if r.status_code != expect:
            waar = r.headers.get("Location", "")
            r.failure(f"HTTP {r.status_code} (expected {expect}) {waar}".strip())
        elif must is not None and must not in (r.headers.get("Location", "") if expect == 302 else r.text):
            r.failure(f"answer without {must!r}")
        else:
            r.success()

    @staticmethod
    def csrf(r) -> str:
        m = CSRF.search(r.text or "")
        return m.group(1) if m else ""

    def inloggen(self, email: str, *, totp_key: str | None = None) -> bool:
        """The login form, as a person would use it: page, then e-mail, password (and the current code)."""
        r = self.get("/account/inloggen/", "login_form")
        data = {"csrfmiddlewaretoken": self.csrf(r), "email": email, "password": PLAN["password"]}
        if totp_key:
            data["otp_token"] = totp(totp_key)
        r = self.post("/account/inloggen/", "login", data)
        return r.status_code == 302 and "inloggen" not in r.headers.get("Location", "")

    def sessie(self, account: dict, *, totp_key: str | None = None) -> None:
        """A share of the users logs in through the form; the others bring the session setup made."""
        if random.random() < LOGIN_SHARE and self.inloggen(account["email"], totp_key=totp_key):
            return
        self.client.cookies.set("sessionid", account["session"])


class Client(Basis):
    """A client reading their portal: home, a dossier, the money overview, a document."""

    weight = 5

    def on_start(self) -> None:
        super().on_start()
        clients = PLAN["clients"]
        self.account = clients[volgende("client") % len(clients)]
        self.sessie(self.account)

    @task(3)
    def home(self) -> None:
        self.get("/portaal/", "client_home")

    @task(3)
    def dossier(self) -> None:
        if self.account["dossiers"]:
            self.get(f"/portaal/dossiers/{random.choice(self.account['dossiers'])}/", "client_dossier")

    @task(2)
    def geld(self) -> None:
        self.get("/portaal/geld/", "client_geld")

    @task(1)
    def document(self) -> None:
        if self.account["documents"]:
            dossier, document = random.choice(self.account["documents"])
            self.get(f"/portaal/dossiers/{dossier}/documenten/{document}/", "client_document")


class Casemanager(Basis):
    """A case manager working the queue and opening dossiers (and their tabs, and the money page)."""

    weight = 2

    def on_start(self) -> None:
        super().on_start()
        staf = PLAN["casemanagers"]
        self.account = staf[volgende("casemanager") % len(staf)]
        self.sessie(self.account, totp_key=self.account["totp_key"])

    @task(3)
    def queue(self) -> None:
        self.get(random.choice(["/staff/", "/staff/?mijn=1"]), "staff_queue")

    @task(2)
    def lijst(self) -> None:
        self.get(f"/staff/dossiers/?pagina={random.randint(1, 20)}", "staff_list")

    @task(4)
    def dossier(self) -> None:
        dossier = random.choice(PLAN["dossiers"])
        self.get(f"/staff/dossiers/{dossier}/", "staff_dossier")
        tab = random.choice(["achterstand", "tijdlijn", "documenten", "taken"])
        self.get(f"/staff/dossiers/{dossier}/{tab}/", "staff_dossier_tab")

    @task(1)
    def geld(self) -> None:
        self.get(f"/staff/geld/dossiers/{random.choice(PLAN['dossiers'])}/", "staff_geld")


class Debiteur(Basis):
    """A debtor: the one-time link from the e-mail, the overview, and paying through the test provider (its
    checkout page, the webhook it triggers, the return page), then the provider's webhook once more (a
    provider retries; the second one must change nothing)."""

    weight = 3

    def on_start(self) -> None:
        super().on_start()
        tokens = PLAN["debtors"]
        token = tokens[volgende("debtor") % len(tokens)]
        r = self.get(f"/debiteur/link/{token}/", "debtor_link_form")
        self.post(
            f"/debiteur/link/{token}/", "debtor_link", {"csrfmiddlewaretoken": self.csrf(r)}, must="overzicht"
        )

    @task(3)
    def overzicht(self) -> None:
        self.get("/debiteur/overzicht/", "debtor_overview")

    @task(1)
    def brieven(self) -> None:
        self.get("/debiteur/brieven/", "debtor_letters")

    @task(2)
    def betalen(self) -> None:
        r = self.get("/debiteur/betalen/", "debtor_pay_form")
        if r.status_code != 200:
            return
        bedrag = Decimal(random.randrange(500, 5000)) / 100
        r = self.post(
            "/debiteur/betalen/",
            "debtor_pay_start",
            {
                "csrfmiddlewaretoken": self.csrf(r),
                "keuze": "anders",
                "bedrag": f"{bedrag:.2f}".replace(".", ","),
            },
            must="/betalen/test/",
        )
        if r.status_code != 302:
            return
        checkout = pad(r.headers["Location"])
        provider_id = checkout.rstrip("/").rsplit("/", 1)[-1]
        r = self.get(checkout, "provider_checkout")
        r = self.post(
            checkout,
            "provider_pay",
            {"csrfmiddlewaretoken": self.csrf(r), "keuze": "paid"},
            must="/debiteur/betalingen/",
        )
        if r.status_code == 302:
            self.get(pad(r.headers["Location"]), "debtor_payment")
        self.post("/betalen/webhook/test/", "webhook", {"id": provider_id}, expect=200, must="ok")


if os.environ.get("LOAD_BANK") == "1" and PLAN.get("camt"):

    class Bankimport(Basis):
        """One finance user uploads the day's statement half-way through the run and follows its progress
        (the page polls every second; here every two) until the worker has booked it."""

        fixed_count = 1
        wait_time = between(2, 2)

        def on_start(self) -> None:
            super().on_start()
            self.client.cookies.set("sessionid", PLAN["financieel"]["session"])
            self.afschrift: str | None = None

        @task
        def import_(self) -> None:
            if self.afschrift is None:
                moment = float(os.environ.get("LOAD_BANK_AT") or 0.5)  # share of the run before the upload
                if time.monotonic() < BEGIN + int(os.environ.get("LOAD_SECONDS") or 120) * moment:
                    return
                r = self.get("/staff/geld/afschriften/", "bank_upload_form")
                camt = Path(PLAN["camt"])
                self.t0 = time.monotonic()
                r = self.post(
                    "/staff/geld/afschriften/",
                    "bank_upload",
                    {"csrfmiddlewaretoken": self.csrf(r)},
                    files={"bestand": (camt.name, camt.read_bytes(), "application/xml")},
                    must="/staff/geld/afschriften/",
                )
                if r.status_code != 302:
                    raise StopUser
                self.afschrift = pad(r.headers["Location"])
                return
            r = self.get(self.afschrift, "bank_progress", headers={"HX-Request": "true"})
            if "Verwerkt." in r.text or "Verwerking mislukt" in r.text:
                Path(PLAN["camt"] + ".seconds").write_text(f"{time.monotonic() - self.t0:.1f}")
                raise StopUser
