"""The Mollie adapter with Mollie's official client against a local HTTP server that answers as Mollie's API
reference documents (POST /v2/payments → 201 with a payment object and ``_links.checkout``; GET
/v2/payments/{id} → the payment with its current status). The webhook carries only the id: the status and
the amount always come from the server, never from the body."""

from __future__ import annotations

import json
import secrets
import threading
from decimal import Decimal as D
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client

from bank.controle import grootboek_controleer
from betaling.models import Betaling
from betaling.services import BetalingFout, betaling_start
from inning.models import Ontvangst, Toewijzing
from tests.inning.geld_factories import maak_dossier

pytestmark = pytest.mark.django_db

SLEUTEL = "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM"


class NepMollie:
    """The payments Mollie holds, and every request it received."""

    def __init__(self):
        self.betalingen: dict[str, dict] = {}
        self.verzoeken: list[tuple[str, str, dict, dict]] = []  # method, path, headers, body


def _handler(staat: NepMollie):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _antwoord(self, status: int, body: dict) -> None:
            inhoud = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/hal+json")
            self.send_header("Content-Length", str(len(inhoud)))
            self.end_headers()
            self.wfile.write(inhoud)

        def _fout(self, status: int, titel: str, detail: str) -> None:
            self._antwoord(
                status,
                {
                    "status": status,
                    "title": titel,
                    "detail": detail,
                    "_links": {
                        "documentation": {
                            "href": "https://docs.mollie.com/overview/handling-errors",
                            "type": "text/html",
                        }
                    },
                },
            )

        def _geautoriseerd(self) -> bool:
            if self.headers.get("Authorization") != f"Bearer {SLEUTEL}":
                self._fout(401, "Unauthorized Request", "Missing authentication, or failed to authenticate")
                return False
            return True

        def do_POST(self):
            lengte = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(lengte) or b"{}")
            staat.verzoeken.append(("POST", self.path, dict(self.headers), body))
            if not self._geautoriseerd():
                return
            if self.path != "/v2/payments":
                self._fout(404, "Not Found", "No such endpoint")
                return
            for veld in ("amount", "description", "redirectUrl"):
                if veld not in body:
                    self._fout(422, "Unprocessable Entity", f"The '{veld}' field is missing")
                    return
            pid = f"tr_{secrets.token_hex(5)}"
            betaling = {
                "resource": "payment",
                "id": pid,
                "mode": "test",
                "createdAt": "2026-12-03T09:00:00+00:00",
                "amount": body["amount"],
                "description": body["description"],
                "method": body.get("method"),
                "metadata": body.get("metadata"),
                "status": "open",
                "isCancelable": False,
                "expiresAt": "2026-12-03T09:15:00+00:00",
                "profileId": "pfl_QkEhN94Ba",
                "sequenceType": "oneoff",
                "redirectUrl": body["redirectUrl"],
                "webhookUrl": body.get("webhookUrl"),
                "_links": {
                    "self": {
                        "href": f"https://api.mollie.com/v2/payments/{pid}",
                        "type": "application/hal+json",
                    },
                    "checkout": {
                        "href": f"https://www.mollie.com/checkout/issuer/select/ideal/{pid[3:]}",
                        "type": "text/html",
                    },
                    "dashboard": {
                        "href": f"https://www.mollie.com/dashboard/org_12345678/payments/{pid}",
                        "type": "text/html",
                    },
                    "documentation": {
                        "href": "https://docs.mollie.com/reference/create-payment",
                        "type": "text/html",
                    },
                },
            }
            staat.betalingen[pid] = betaling
            self._antwoord(201, betaling)

        def do_GET(self):
            staat.verzoeken.append(("GET", self.path, dict(self.headers), {}))
            if not self._geautoriseerd():
                return
            pid = self.path.removeprefix("/v2/payments/").split("?")[0]
            if not self.path.startswith("/v2/payments/") or pid not in staat.betalingen:
                self._fout(404, "Not Found", "No payment exists with token " + pid + ".")
                return
            self._antwoord(200, staat.betalingen[pid])

    return Handler


@pytest.fixture
def mollie(settings):
    staat = NepMollie()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(staat))
    draad = threading.Thread(target=server.serve_forever, daemon=True)
    draad.start()
    settings.MOLLIE_API_KEY = SLEUTEL
    settings.MOLLIE_API_ENDPOINT = f"http://127.0.0.1:{server.server_address[1]}"
    settings.BETALEN_TESTPROVIDER = False
    yield staat
    server.shutdown()
    server.server_close()


def _webhook(pid: str, **extra) -> int:
    return Client().post("/betalen/webhook/mollie/", {"id": pid, **extra}).status_code


def test_a_paid_mollie_payment_is_fetched_and_booked_once(mollie):
    dossier = maak_dossier()
    betaling = betaling_start(dossier=dossier, bedrag=D("150.00"), basis_url="https://inning.example/")
    post = mollie.verzoeken[0]
    assert post[0] == "POST" and post[1] == "/v2/payments"
    assert post[3]["amount"] == {"currency": "EUR", "value": "150.00"}
    assert post[3]["method"] == "ideal"
    assert post[3]["webhookUrl"] == "https://inning.example/betalen/webhook/mollie/"
    assert post[3]["redirectUrl"] == f"https://inning.example/debiteur/betalingen/{betaling.pk}/"
    assert betaling.provider == "mollie" and betaling.provider_id.startswith("tr_")
    assert (
        betaling.checkout_url
        == f"https://www.mollie.com/checkout/issuer/select/ideal/{betaling.provider_id[3:]}"
    )

    # still open at Mollie: a webhook that claims "paid" in its body books nothing
    assert _webhook(betaling.provider_id, status="paid", amount="150.00") == 200
    assert mollie.verzoeken[-1][:2] == ("GET", f"/v2/payments/{betaling.provider_id}")
    assert not Ontvangst.objects.exists()
    betaling.refresh_from_db()
    assert betaling.status == Betaling.Status.OPEN

    mollie.betalingen[betaling.provider_id]["status"] = "paid"
    for _ in range(3):
        assert _webhook(betaling.provider_id) == 200
    betaling.refresh_from_db()
    assert betaling.status == Betaling.Status.BETAALD
    ontvangst = Ontvangst.objects.get()
    assert (
        betaling.ontvangst == ontvangst and ontvangst.bedrag == D("150.00") and ontvangst.dossier == dossier
    )
    assert Toewijzing.objects.get(ontvangst=ontvangst).provisie > 0
    assert grootboek_controleer()["in_balans"] is True


@pytest.mark.parametrize(
    ("mollie_status", "status"), [("failed", "mislukt"), ("canceled", "geannuleerd"), ("expired", "verlopen")]
)
def test_failed_canceled_and_expired_payments_book_nothing(mollie, mollie_status, status):
    betaling = betaling_start(dossier=maak_dossier(), bedrag=D("75.00"), basis_url="https://inning.example/")
    mollie.betalingen[betaling.provider_id]["status"] = mollie_status
    assert _webhook(betaling.provider_id) == 200
    betaling.refresh_from_db()
    assert betaling.status == status
    assert not Ontvangst.objects.exists()


def test_a_paid_amount_that_differs_is_not_booked(mollie):
    betaling = betaling_start(dossier=maak_dossier(), bedrag=D("75.00"), basis_url="https://inning.example/")
    mollie.betalingen[betaling.provider_id].update(status="paid", amount={"currency": "EUR", "value": "7.50"})
    assert _webhook(betaling.provider_id) == 200
    betaling.refresh_from_db()
    assert betaling.status == Betaling.Status.OPEN and not Ontvangst.objects.exists()


def test_unknown_ids_answer_200_and_are_not_fetched(mollie):
    aantal = len(mollie.verzoeken)
    assert _webhook("tr_onbekend") == 200
    assert len(mollie.verzoeken) == aantal


def test_mollie_unreachable_the_debtor_gets_a_message_and_the_webhook_asks_for_a_retry(mollie, settings):
    betaling = betaling_start(dossier=maak_dossier(), bedrag=D("75.00"), basis_url="https://inning.example/")
    echt = settings.MOLLIE_API_ENDPOINT
    settings.MOLLIE_API_ENDPOINT = "http://127.0.0.1:9"  # nothing listens there
    assert _webhook(betaling.provider_id) == 503
    with pytest.raises(BetalingFout, match="niet bereikbaar"):
        betaling_start(dossier=betaling.dossier, bedrag=D("75.00"), basis_url="https://inning.example/")
    # a wrong key: Mollie answers 401, the debtor gets the same message, the attempt is marked failed
    settings.MOLLIE_API_ENDPOINT, settings.MOLLIE_API_KEY = echt, "test_verkeerdesleutel"
    with pytest.raises(BetalingFout, match="niet bereikbaar"):
        betaling_start(dossier=betaling.dossier, bedrag=D("75.00"), basis_url="https://inning.example/")
    assert Betaling.objects.filter(status=Betaling.Status.MISLUKT).count() == 2
