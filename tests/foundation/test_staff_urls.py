"""Who may open which URL: every URL pattern of the root URLconf × every role, against the table below
(issue 12, item 12).

The table is the specification. A URL pattern without a row fails the test with its name and route, so a
new page cannot ship without someone deciding who may use it. Rows are ``"namespace:name": Toegang(lezen,
schrijven)``: the roles that get through with GET and with POST. Every other role must be refused: 403, a
redirect to the login page, or 405 (the view does not take that method at all). "Getting through" means
anything else below 500: a page, a 404 for the made-up object id, a form error, a redirect elsewhere.

The Django admin (``admin:*``, 200+ generated URLs) is covered by one rule, beheerder only, because the admin
site checks the role for all of its URLs at once (``accounts.admin_site``); the rule is still tested on
every one of its URLs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import login_als

pytestmark = pytest.mark.django_db

C, F, B, K, A = "casemanager", "financieel", "beheerder", "client", "anoniem"
ROLLEN = (C, F, B, K, A)
STAF = (C, F, B)
ZAAK = (C, B)  # case work: dossier decisions, bailiff track, consent, arrangements
GELD = (F, B)  # money: statements, matching, batches, SEPA, exports
INGELOGD = (C, F, B, K)
IEDEREEN = ROLLEN
NIEMAND: tuple[str, ...] = ()


@dataclass(frozen=True)
class Toegang:
    lezen: tuple[str, ...]  # who gets through with GET
    schrijven: tuple[str, ...] | None = None  # who gets through with POST (None: the same as lezen)
    # The admin: the site's gate sends everyone but the beheerder to the login. Behind the gate a ModelAdmin
    # may still refuse an action on its own (403: the journal has no "add"), which tests/dossiers and
    # tests/accounts check per model; here a 403 or 405 behind the gate counts as "through the gate".
    poort: bool = False
    # An e-mail service's webhook (django-anymail): no login and no role gets in, only the webhook's
    # basic-auth secret. Anymail answers a request without it with 400 (SuspiciousOperation), which counts as
    # refused here; that the right secret does get through is tested in tests/incasso/test_aflevering.py.
    webhook: bool = False
    # A debtor page (portaal.debiteur): no staff or client role opens it, only a debtor session (the debtor is
    # never a Django user). Without one the page sends to the debtor's sign-in page, which counts as refused
    # here; that a debtor session does get through is tested in tests/portaal/test_debiteur.py.
    debiteur: bool = False

    def mag(self, rol: str, methode: str) -> bool:
        rollen = self.lezen if methode == "get" or self.schrijven is None else self.schrijven
        return rol in rollen


def alleen_post(*rollen: str) -> Toegang:
    """A view that only takes POST: a GET is refused (405 or 403) for everyone."""
    return Toegang(NIEMAND, rollen)


# fmt: off
TOEGANG: dict[str, Toegang] = {
    # --- public and account pages
    "home": Toegang(IEDEREEN),  # sends each role to its start page, anonymous users to the login page
    "healthz": Toegang(IEDEREEN, NIEMAND),
    "set_language": Toegang(IEDEREEN),
    "accounts:login": Toegang(IEDEREEN),
    "accounts:logout": alleen_post(*IEDEREEN),
    # The QR page works only right after a right password of a staff user still to enrol (a session key, see
    # tests/foundation/test_totp_commands.py); anyone else is sent to the plain login page, which for a
    # user counts as "through" here (it is not the ?next= refusal of a protected page), and shows nothing.
    "accounts:totp_koppelen": Toegang(IEDEREEN),
    "accounts:password_reset": Toegang(IEDEREEN),
    "accounts:password_reset_done": Toegang(IEDEREEN, NIEMAND),
    "accounts:password_reset_confirm": Toegang(IEDEREEN),
    "accounts:password_reset_complete": Toegang(IEDEREEN, NIEMAND),
    "tarieven:index": Toegang(IEDEREEN),
    "tarieven:werkdagen": Toegang(IEDEREEN),
    "tarieven:indexering": Toegang(IEDEREEN),
    "tarieven:provisie": Toegang(IEDEREEN),
    "tarieven:achterstand": Toegang(IEDEREEN),
    "beslag_rekenhulp:btag": Toegang(IEDEREEN),
    "beslag_rekenhulp:bvv": Toegang(IEDEREEN),
    "api-rekenhulp-werkdagen": alleen_post(*IEDEREEN),
    "api-rekenhulp-indexering": alleen_post(*IEDEREEN),
    "api-rekenhulp-provisie": alleen_post(*IEDEREEN),
    "api-rekenhulp-achterstand": alleen_post(*IEDEREEN),
    "api-rekenhulp-btag": alleen_post(*IEDEREEN),
    "api-rekenhulp-beslagvrije-voet": alleen_post(*IEDEREEN),
    "schema": Toegang(IEDEREEN, NIEMAND),  # the OpenAPI document: structure only, no data
    # --- the ESP's delivery events (incasso.aflevering): POST with the webhook secret only, no role at all
    "anymail:postmark_tracking_webhook": Toegang(NIEMAND, NIEMAND, webhook=True),
    # --- the debtor's portal (issue 16): sign-in for anyone; every page behind it only with a debtor session
    "debiteur:inloggen": Toegang(IEDEREEN),
    "debiteur:link": Toegang(IEDEREEN),  # a made-up link shows "does not work" (400)
    "debiteur:uitloggen": alleen_post(*IEDEREEN),
    "debiteur:overzicht": Toegang(NIEMAND, debiteur=True),
    "debiteur:brieven": Toegang(NIEMAND, debiteur=True),
    "debiteur:brief": Toegang(NIEMAND, debiteur=True),
    "debiteur:betalen": Toegang(NIEMAND, debiteur=True),
    "debiteur:betaling": Toegang(NIEMAND, debiteur=True),
    "debiteur:regeling": Toegang(NIEMAND, debiteur=True),
    "debiteur:regeling_voorstel": Toegang(NIEMAND, debiteur=True),
    "debiteur:bvv": Toegang(NIEMAND, debiteur=True),
    "debiteur:bvv_bewijs": Toegang(NIEMAND, debiteur=True),
    "debiteur:machtiging": Toegang(NIEMAND, debiteur=True),
    "debiteur:machtiging_intrekken": Toegang(NIEMAND, debiteur=True),
    "debiteur:contact": Toegang(NIEMAND, debiteur=True),
    "debiteur:direct_betaald": Toegang(NIEMAND, debiteur=True),
    "debiteur:melding": Toegang(NIEMAND, debiteur=True),
    "debiteur:vraag_nieuw": Toegang(NIEMAND, debiteur=True),
    "debiteur:vraag": Toegang(NIEMAND, debiteur=True),
    "api-debiteur-betalingen": Toegang(NIEMAND, debiteur=True),
    # The payment providers' webhook: no login, it carries only a payment id that is fetched from the provider.
    "betalen:webhook": alleen_post(*IEDEREEN),
    # The built-in test provider's checkout page (only where BETALEN_TESTPROVIDER is on): a made-up id is 404.
    "betalen:test_checkout": Toegang(IEDEREEN),
    # --- dossiers: every staff role reads; case work is for case managers (and the beheerder)
    "dossiers:home": Toegang(STAF),
    "dossiers:lijst": Toegang(STAF),
    "dossiers:bulk": alleen_post(*ZAAK),
    "dossiers:telefonisch": Toegang(ZAAK),
    "dossiers:dossier": Toegang(STAF),
    "dossiers:partijen": Toegang(STAF),
    "dossiers:achterstand": Toegang(STAF),
    "dossiers:achterstand_pdf": alleen_post(*STAF),
    "dossiers:wettelijke_rente": alleen_post(*ZAAK),
    "dossiers:titel": Toegang(STAF),
    "dossiers:tijdlijn": Toegang(STAF),
    "dossiers:documenten": Toegang(STAF),
    "dossiers:document_upload": alleen_post(*ZAAK),
    "dossiers:document": Toegang(STAF),
    "dossiers:taken": Toegang(STAF),
    "dossiers:wijzigingen": Toegang(STAF),
    "dossiers:taak_nieuw": alleen_post(*STAF),
    "dossiers:taak_afronden": alleen_post(*STAF),
    "dossiers:bericht": alleen_post(*ZAAK),
    "dossiers:accepteer": alleen_post(*ZAAK),
    "dossiers:weiger": alleen_post(*ZAAK),
    "dossiers:status": alleen_post(*ZAAK),
    "dossiers:volgende_actie": alleen_post(*ZAAK),
    "dossiers:notitie": alleen_post(*STAF),
    "dossiers:debiteurvraag": Toegang(ZAAK),  # read and answer a debtor's dispute or question
    "dossiers:telefoonnotitie": alleen_post(*STAF),
    # AVG access requests: the archive holds everything about a person, so the beheerder only
    "dossiers:inzageverzoeken": Toegang((B,)),
    "dossiers:inzageverzoek_archief": Toegang((B,)),
    "dossiers-lijst": Toegang(STAF, NIEMAND),
    "dossiers-detail": Toegang(STAF, NIEMAND),
    # --- money
    "inning:index": Toegang(STAF),
    "inning:afschriften": Toegang(GELD),
    "inning:afschrift": Toegang(GELD),
    "inning:afschrift_opnieuw": alleen_post(*GELD),
    "inning:ontvangsten": Toegang(STAF),
    "inning:ontvangst": Toegang(STAF),
    "inning:koppel": alleen_post(*GELD),
    "inning:ontkoppel": alleen_post(*GELD),
    "inning:meldingen": Toegang(STAF),
    "inning:melding_bevestig": alleen_post(*STAF),
    "inning:melding_afwijzen": alleen_post(*STAF),
    "inning:afstemming": Toegang(GELD),
    "inning:afstemming_csv": Toegang(GELD),
    "inning:dossier_geld": Toegang(STAF),
    "api-geld-afstemming": Toegang(GELD, NIEMAND),
    "api-geld-controle": Toegang(GELD, NIEMAND),
    "api-geld-ongematcht": Toegang(GELD, NIEMAND),
    "automatische_incasso:batches": Toegang(GELD),
    "automatische_incasso:batch": Toegang(GELD),
    "automatische_incasso:batch_vrijgeven": alleen_post(*GELD),
    "automatische_incasso:batch_goedkeuren": alleen_post(*GELD),
    "automatische_incasso:batch_afwijzen": alleen_post(*GELD),
    "automatische_incasso:batch_download": Toegang(GELD),
    "automatische_incasso:machtiging": Toegang(ZAAK),
    "automatische_incasso:machtiging_intrekken": alleen_post(*ZAAK),
    "uitbetaling:batches": Toegang(GELD),
    "uitbetaling:batch": Toegang(GELD),
    "uitbetaling:batch_goedkeuren": alleen_post(*GELD),
    "uitbetaling:batch_vrijgeven": alleen_post(*GELD),
    "uitbetaling:batch_afwijzen": alleen_post(*GELD),
    "uitbetaling:sepa_download": Toegang(GELD),
    "uitbetaling:iban": Toegang(STAF),
    "uitbetaling:iban_goedkeuren": alleen_post(*ZAAK),
    "uitbetaling:iban_afwijzen": alleen_post(*ZAAK),
    "uitbetaling:export": Toegang(GELD),
    "uitbetaling:auditfile": Toegang(GELD),
    "uitbetaling:specificatie_pdf": Toegang(GELD),
    "uitbetaling:factuur_pdf": Toegang(GELD),
    "api-export": Toegang(GELD, NIEMAND),
    # --- collection: staff read; consent, arrangements, third parties and the print run are case work
    "incasso:dashboard": Toegang(STAF),
    "incasso:post": Toegang(STAF, ZAAK),
    "incasso:printbatch_pdf": Toegang(STAF),
    "incasso:printbatch_gepost": alleen_post(*ZAAK),
    "incasso:brief_pdf": Toegang(STAF),
    "incasso:paneel": Toegang(STAF),
    "incasso:toestemming_vraag": alleen_post(*ZAAK),
    "incasso:toestemming_vastleggen": alleen_post(*ZAAK),
    "incasso:regeling_nieuw": Toegang(ZAAK),
    "incasso:verzoek_derde": alleen_post(*ZAAK),
    "incasso:verzoek_derde_beantwoord": alleen_post(*ZAAK),
    # --- bailiff track: staff read; instructing bailiffs, visits, garnishments and offices are case work
    "beslag:index": Toegang(STAF),
    "beslag:termijn_afhandel": alleen_post(*ZAAK),
    "beslag:kantoren": Toegang(STAF, ZAAK),
    "beslag:derden": Toegang(STAF, ZAAK),
    "beslag:dossier": Toegang(STAF, ZAAK),
    "beslag:dossier_actie": Toegang(STAF, ZAAK),
    "beslag:beslag_actie": Toegang(ZAAK),  # a GET passes the role check and then gets a 404
    "beslag:opdrachtbrief": Toegang(STAF),
    # --- the client portal: clients only (each client sees only their own objects: tests/portaal)
    "portaal:home": Toegang((K,)),
    "portaal:opdracht_start": Toegang((K,)),
    "portaal:opdracht_stap": Toegang((K,)),
    "portaal:opdracht_controleren": Toegang((K,)),
    "portaal:opdracht_concept_verwijder": alleen_post(K),
    "portaal:opdracht_verstuurd": Toegang((K,)),
    "portaal:dossier": Toegang((K,)),
    "portaal:dossier_bericht": Toegang((K,)),
    "portaal:dossier_document": Toegang((K,)),
    "inning_portaal:index": Toegang((K,)),
    "inning_portaal:melden": Toegang((K,)),
    "inning_portaal:melding": Toegang((K,)),
    "inning_portaal:melding_bevestig": alleen_post(K),
    "inning_portaal:melding_wijs_af": alleen_post(K),
    "inning_portaal:melding_bewijs": Toegang((K,)),
    "uitbetaling_portaal:overzicht": Toegang((K,)),
    "uitbetaling_portaal:specificatie": Toegang((K,)),
    "uitbetaling_portaal:specificatie_pdf": Toegang((K,)),
    "uitbetaling_portaal:factuur_pdf": Toegang((K,)),
    "uitbetaling_portaal:jaaropgaven": Toegang((K,)),
    "uitbetaling_portaal:jaaropgave_pdf": Toegang((K,)),
    "incasso_portaal:dossier": Toegang((K,)),
    "incasso_portaal:toestemming": Toegang((K,)),
    "incasso_portaal:regeling": Toegang((K,)),
    "incasso_portaal:regelingregels": Toegang((K,)),
    "incasso_portaal:brief_pdf": Toegang((K,)),
    "mijn-dossiers": Toegang((K,), NIEMAND),
    "mijn-dossier": Toegang((K,), NIEMAND),
}
# fmt: on

# The admin site: beheerder with TOTP for every URL, except its own login page, which sends everyone to ours.
ADMIN = Toegang((B,), poort=True)
ADMIN_UITZONDERINGEN = {
    "admin:login": Toegang(NIEMAND),
    "admin:logout": Toegang(NIEMAND, (B,), poort=True),
}


def verwachting(naam: str) -> Toegang | None:
    if naam in TOEGANG:
        return TOEGANG[naam]
    if naam.startswith("admin:"):
        return ADMIN_UITZONDERINGEN.get(naam, ADMIN)
    return None


# --- walking the URLconf ------------------------------------------------------------------------------


def _walk(patterns, prefix: str = "", ns: str = ""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(
                p.url_patterns, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else "")
            )
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), ns + (p.name or f"<zonder naam: {prefix}{p.pattern}>")


def _concreet(route: str) -> str:
    """Fill every converter with a value no object has; access is decided before any object is looked up."""
    waarden = {"int": "999999", "uuid": "00000000-0000-0000-0000-000000000001", "slug": "x", "path": "999999"}
    # Regex patterns (the admin's app index and catch-all): an app label, or any text.
    route = re.sub(r"\(\?P<app_label>[^)]*\)", "dossiers", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "x", route)
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: waarden.get(m.group(1) or "str", "x"), route)
    return "/" + route.replace("^", "").replace("$", "")


def alle_urls() -> list[tuple[str, str]]:
    """(name, concrete URL) of every pattern in the root URLconf, one per name and route."""
    return sorted({(naam, _concreet(route)) for route, naam in _walk(get_resolver().url_patterns)})


# --- the checks ---------------------------------------------------------------------------------------


def test_every_url_pattern_has_a_row_in_the_access_table():
    ontbreekt = [f"{naam}  ({url})" for naam, url in alle_urls() if verwachting(naam) is None]
    assert not ontbreekt, (
        "These URLs have no row in TOEGANG in tests/foundation/test_staff_urls.py; add one that says which "
        "roles may GET and POST them:\n  " + "\n  ".join(ontbreekt)
    )


def test_the_access_table_has_no_rows_for_urls_that_are_gone():
    namen = {naam for naam, _ in alle_urls()}
    assert sorted(set(TOEGANG) - namen) == []


def test_every_staff_view_states_its_roles():
    """No staff view falls back to 'any staff role' without saying so: the decorator refuses an empty list."""
    from accounts.permissions import staff_required

    with pytest.raises(TypeError):
        staff_required()


def _naar_login(response, index_telt: bool = True) -> bool:
    if response.status_code != 302:
        return False
    # Our login page, or the admin's (which sends on to ours, accounts.admin_site), or the admin index that
    # the admin's logout sends an outsider to (and that sends them to the login).
    logins = (reverse(settings.LOGIN_URL) + "?next=", reverse("admin:login") + "?next=")
    if response["Location"].startswith(logins):
        return True
    return index_telt and response["Location"] == reverse("admin:index")


def _geweigerd(response, poort: bool = False, webhook: bool = False, debiteur: bool = False) -> bool:
    if debiteur and response.status_code == 302 and response["Location"] == reverse("debiteur:inloggen"):
        return True  # a debtor page without a debtor session
    if poort:
        # Behind the gate the admin sends a missing object to its index: that is not a refusal.
        return _naar_login(response, index_telt=False)
    if webhook and response.status_code == 400:
        return True  # anymail's refusal of a request without the webhook secret
    return response.status_code in (401, 403, 405) or _naar_login(response)


@pytest.fixture
def gebruikers(maak_gebruiker):
    return {rol: maak_gebruiker(rol) for rol in (C, F, B, K)}


def _client_voor(rol: str, gebruikers) -> Client:
    client = Client(raise_request_exception=False)
    if rol != A:
        login_als(client, gebruikers[rol])
    return client


@pytest.mark.parametrize("rol", ROLLEN)
def test_every_url_answers_each_role_as_the_table_says(rol, gebruikers):
    client = _client_voor(rol, gebruikers)
    fouten = []
    for naam, url in alle_urls():
        toegang = verwachting(naam)
        if toegang is None:
            continue  # reported by test_every_url_pattern_has_a_row_in_the_access_table
        for methode in ("get", "post"):
            if rol != A and "_auth_user_id" not in client.session:
                client = _client_voor(rol, gebruikers)  # the previous URL logged us out
            response = getattr(client, methode)(url)
            mag = toegang.mag(rol, methode)
            geweigerd = _geweigerd(
                response, poort=toegang.poort and mag, webhook=toegang.webhook, debiteur=toegang.debiteur
            )
            if response.status_code == 500:
                fouten.append(f"{methode.upper()} {url} ({naam}): 500")
            elif mag and geweigerd:
                fouten.append(
                    f"{methode.upper()} {url} ({naam}): refused ({response.status_code}), table allows {rol}"
                )
            elif not mag and not geweigerd:
                fouten.append(
                    f"{methode.upper()} {url} ({naam}): let through ({response.status_code}), table refuses {rol}"
                )
    assert not fouten, f"{rol}:\n  " + "\n  ".join(fouten)


def test_staff_who_did_not_pass_totp_are_refused_every_staff_url(maak_gebruiker):
    user = maak_gebruiker(C)
    client = Client()
    client.force_login(user, backend="accounts.backends.EmailBackend")  # password only, no OTP
    for naam, url in alle_urls():
        toegang = verwachting(naam)
        if toegang is None or not (set(toegang.lezen) | set(toegang.schrijven or ())) <= set(STAF):
            continue
        if not (toegang.lezen or toegang.schrijven):
            continue
        for methode in ("get", "post"):
            assert _geweigerd(getattr(client, methode)(url)), (methode, url)
