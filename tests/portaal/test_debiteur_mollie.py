"""The Mollie adapter with Mollie's official client against a local HTTP server that answers as Mollie's API
reference documents (POST /v2/payments → 201 with a payment object and ``_links.checkout``; GET
/v2/payments/{id} → the payment with its current status; GET /v2/settlements/{id or bank reference} → the
settlement with its ``periods`` of revenue and costs; GET /v2/settlements/{id}/payments → a paginated list
with ``_embedded.payments`` and ``_links.next``). The webhook carries only the id: the status and the amount
always come from the server, never from the body."""

from __future__ import annotations

import json
import secrets
import threading
from decimal import Decimal as D
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client

from bank.controle import grootboek_controleer
from bank.services import bankafschrift_maak, bankafschrift_verwerk
from betaling.models import Afrekening, Betaling
from betaling.services import BetalingFout, betaling_start
from inning import ledger
from inning.models import Ontvangst, Toewijzing
from tests.bank.bank_bestanden import Post, camt053
from tests.inning.geld_factories import maak_dossier

pytestmark = pytest.mark.django_db

SLEUTEL = "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM"


class NepMollie:
    """The payments Mollie holds, and every request it received."""

    def __init__(self):
        self.betalingen: dict[str, dict] = {}
        self.afrekeningen: dict[
            str, dict
        ] = {}  # settlement id → settlement, with "_betalingen": [payment ids]
        self.paginagrootte = 250  # Mollie's largest page; a test lowers it to see the client follow "next"
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
            if self.path.startswith("/v2/settlements/"):
                self._afrekening()
                return
            pid = self.path.removeprefix("/v2/payments/").split("?")[0]
            if not self.path.startswith("/v2/payments/") or pid not in staat.betalingen:
                self._fout(404, "Not Found", "No payment exists with token " + pid + ".")
                return
            self._antwoord(200, staat.betalingen[pid])

        def _afrekening(self):
            pad, _, query = self.path.removeprefix("/v2/settlements/").partition("?")
            sleutel, _, sub = pad.partition("/")
            stl = staat.afrekeningen.get(sleutel) or next(
                (a for a in staat.afrekeningen.values() if a["reference"] == sleutel), None
            )
            if stl is None:
                self._fout(404, "Not Found", f"No settlement exists with token {sleutel}.")
                return
            openbaar = {k: v for k, v in stl.items() if not k.startswith("_")}
            if not sub:
                self._antwoord(200, openbaar)
                return
            if sub != "payments":
                self._fout(404, "Not Found", "No such endpoint")
                return
            params = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
            limit = min(int(params.get("limit", 50)), staat.paginagrootte)
            ids = stl["_betalingen"]
            start = ids.index(params["from"]) if "from" in params else 0
            pagina = ids[start : start + limit]
            basis = f"http://127.0.0.1:{self.server.server_address[1]}/v2/settlements/{stl['id']}/payments"
            volgende = ids[start + limit] if start + limit < len(ids) else None
            self._antwoord(
                200,
                {
                    "count": len(pagina),
                    "_embedded": {"payments": [staat.betalingen[pid] for pid in pagina]},
                    "_links": {
                        "self": {"href": f"{basis}?limit={limit}", "type": "application/hal+json"},
                        "previous": None,
                        "next": (
                            {"href": f"{basis}?from={volgende}&limit={limit}", "type": "application/hal+json"}
                            if volgende
                            else None
                        ),
                        "documentation": {
                            "href": "https://docs.mollie.com/reference/list-settlement-payments",
                            "type": "text/html",
                        },
                    },
                },
            )

    return Handler


def mollie_afrekening(staat: NepMollie, *, referentie: str, payment_ids: list[str], kosten: str) -> dict:
    """A paid-out settlement as Mollie's Get settlement documents it: ``amount`` is what reached the bank,
    ``periods`` → year → month → revenue (gross per method) and costs (the fees withheld)."""
    bruto = sum(D(staat.betalingen[p]["amount"]["value"]) for p in payment_ids)
    sid = f"stl_{secrets.token_hex(4)}"
    euro_ = lambda w: {"currency": "EUR", "value": f"{D(w):.2f}"}  # noqa: E731
    staat.afrekeningen[sid] = {
        "resource": "settlement",
        "id": sid,
        "reference": referentie,
        "createdAt": "2026-12-07T05:00:00+00:00",
        "settledAt": "2026-12-08T05:00:00+00:00",
        "status": "paidout",
        "amount": euro_(bruto - D(kosten)),
        "periods": {
            "2026": {
                "12": {
                    "revenue": [
                        {
                            "description": "iDEAL",
                            "method": "ideal",
                            "count": len(payment_ids),
                            "amountNet": euro_(bruto),
                            "amountVat": None,
                            "amountGross": euro_(bruto),
                        }
                    ],
                    "costs": [
                        {
                            "description": "iDEAL",
                            "method": "ideal",
                            "count": len(payment_ids),
                            "rate": {"fixed": euro_("0.29"), "percentage": None},
                            "amountNet": euro_(kosten),
                            "amountVat": None,
                            "amountGross": euro_(kosten),
                        }
                    ],
                    "invoiceId": "inv_FrvewDA3Pr",
                }
            }
        },
        "_links": {
            "self": {"href": f"https://api.mollie.com/v2/settlements/{sid}", "type": "application/hal+json"},
            "payments": {
                "href": f"https://api.mollie.com/v2/settlements/{sid}/payments",
                "type": "application/hal+json",
            },
        },
        "_betalingen": list(payment_ids),
    }
    for pid in payment_ids:
        staat.betalingen[pid]["settlementId"] = sid
    return staat.afrekeningen[sid]


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


# --- The settlement: Mollie pays out many payments as one bank credit (bank.afrekening) ---------------------

MOLLIE_NAAM = "Stichting Mollie Payments"  # recognised by settings.BETALEN_AFREKENING["mollie"]["namen"]


def _betaald(mollie, bedrag: D) -> Betaling:
    betaling = betaling_start(dossier=maak_dossier(), bedrag=bedrag, basis_url="https://inning.example/")
    mollie.betalingen[betaling.provider_id]["status"] = "paid"
    assert _webhook(betaling.provider_id) == 200
    betaling.refresh_from_db()
    assert betaling.status == Betaling.Status.BETAALD
    return betaling


def _uitbetaling(bedrag: D, referentie: str, ref: str = "MOL-1") -> bytes:
    return camt053(
        [
            Post(
                bedrag,
                naam=MOLLIE_NAAM,
                iban="NL55ABNA0557744337",
                omschrijving=f"{referentie} Mollie Payments uitbetaling",
                ref=ref,
            )
        ],
        msg_id=f"MSG-{ref}",
    )


def _importeer(inhoud: bytes) -> dict:
    return bankafschrift_verwerk(afschrift_id=bankafschrift_maak(bestandsnaam="a.xml", inhoud=inhoud).pk)


def test_worked_example_a_mollie_settlement_is_fetched_with_the_client_and_clears_the_payments(mollie):
    """150.00 + 80.00 paid (commission 18.00 + 9.60); Mollie settles 230.00 gross, fees 2 × 0.29 = 0.58,
    pays out 229.42 with bank reference 1234567.2612.01."""
    a, b = _betaald(mollie, D("150.00")), _betaald(mollie, D("80.00"))
    per_code = ledger.saldo_per_code()
    assert (per_code["onderweg_mollie"], per_code["bank_derdengelden"]) == (D("230.00"), D("0.00"))
    stl = mollie_afrekening(
        mollie, referentie="1234567.2612.01", payment_ids=[a.provider_id, b.provider_id], kosten="0.58"
    )
    mollie.paginagrootte = 1  # two pages: the client follows _links.next
    aantal = len(mollie.verzoeken)

    uit = _importeer(_uitbetaling(D("229.42"), "1234567.2612.01"))
    assert uit == {"regels": 1, "nieuw": 1, "al_bekend": 0, "gematcht": 1, "ongematcht": 0}
    gevraagd = [v[1] for v in mollie.verzoeken[aantal:]]
    assert gevraagd == [
        "/v2/settlements/1234567.2612.01",
        f"/v2/settlements/{stl['id']}/payments?limit=250",
        f"/v2/settlements/{stl['id']}/payments?from={b.provider_id}&limit=1",
    ]
    assert all(v[2]["Authorization"] == f"Bearer {SLEUTEL}" for v in mollie.verzoeken[aantal:])

    per_code = ledger.saldo_per_code()
    assert per_code["onderweg_mollie"] == D("0.00")
    assert per_code["bank_derdengelden"] == D("229.42")
    assert per_code["kosten_betaaldienst"] == D("0.58")
    assert per_code["provisie_nog_over_te_boeken"] == D("-27.02")  # 27.60 commission less the fees
    assert per_code["verschuldigd_aan_client"] == D("-202.40")  # the client pays no fee
    assert Ontvangst.objects.count() == 2  # the payout is no receipt
    afrekening = Afrekening.objects.get()
    assert (afrekening.provider, afrekening.provider_id) == ("mollie", stl["id"])
    assert (afrekening.bruto, afrekening.kosten, afrekening.netto) == (D("230.00"), D("0.58"), D("229.42"))
    assert set(afrekening.betalingen.all()) == {a, b}
    assert grootboek_controleer()["in_balans"] is True

    # the same statement again: known line, nothing fetched, nothing booked
    aantal = len(mollie.verzoeken)
    assert _importeer(_uitbetaling(D("229.42"), "1234567.2612.01"))["al_bekend"] == 1
    assert len(mollie.verzoeken) == aantal and Afrekening.objects.count() == 1


def test_a_mollie_settlement_with_a_payment_we_do_not_know_waits_in_the_work_queue(mollie):
    a = _betaald(mollie, D("150.00"))
    vreemd = f"tr_{secrets.token_hex(5)}"  # paid at Mollie, but not one of ours
    mollie.betalingen[vreemd] = {**mollie.betalingen[a.provider_id], "id": vreemd}
    mollie_afrekening(
        mollie, referentie="1234567.2612.02", payment_ids=[a.provider_id, vreemd], kosten="0.58"
    )
    uit = _importeer(_uitbetaling(D("299.42"), "1234567.2612.02"))
    assert uit["ongematcht"] == 1 and not Afrekening.objects.exists()
    wacht = Ontvangst.objects.get(bankregel__isnull=False)
    assert wacht.dossier is None and f"onbekende betaling(en) {vreemd}" in wacht.suggestie_reden
    a.refresh_from_db()
    assert a.afgerekend_in is None
    assert grootboek_controleer()["in_balans"] is True


def test_a_refund_in_the_settlement_shows_as_fees_that_do_not_agree_and_is_not_booked(mollie):
    a, b = _betaald(mollie, D("150.00")), _betaald(mollie, D("80.00"))
    stl = mollie_afrekening(
        mollie, referentie="1234567.2612.03", payment_ids=[a.provider_id, b.provider_id], kosten="0.58"
    )
    stl["amount"]["value"] = "209.42"  # 20.00 refunded to a customer out of this settlement
    uit = _importeer(_uitbetaling(D("209.42"), "1234567.2612.03"))
    assert uit["ongematcht"] == 1 and not Afrekening.objects.exists()
    assert "terugbetaling of storno" in Ontvangst.objects.get(bankregel__isnull=False).suggestie_reden
    assert ledger.saldo_per_code()["onderweg_mollie"] == D("230.00")
    assert grootboek_controleer()["in_balans"] is True


def test_mollie_unreachable_for_the_settlement_the_line_waits_with_the_reason(mollie, settings):
    _betaald(mollie, D("150.00"))
    settings.MOLLIE_API_ENDPOINT = "http://127.0.0.1:9"  # nothing listens there
    uit = _importeer(_uitbetaling(D("149.71"), "1234567.2612.04"))
    assert uit["ongematcht"] == 1
    assert "niet opgehaald" in Ontvangst.objects.get(bankregel__isnull=False).suggestie_reden
    assert grootboek_controleer()["in_balans"] is True
