"""The payment service provider's settlement on the bank statement (``bank.afrekening``), with the built-in test
provider: the debtor's payments are booked on "onderweg bij testbetaaldienst" when paid; the provider's
payout (gross minus its fees) clears that account, the fees are the agency's cost, and no receipt is booked
for it. Worked example by hand:

    paid 150.00 and 80.00, commission 12 % incl. VAT: 18.00 + 9.60 = 27.60, to the client 132.00 + 70.40 =
    202.40; the settlement: gross 230.00, fees 2 × 0.29 = 0.58, paid out 229.42.

    after it: bank 229.42, onderweg 0.00, kosten_betaaldienst 0.58 (debit), provisie_nog_over_te_boeken
    −27.60 + 0.58 = −27.02, vordering_op_derdengelden 27.60 − 0.58 = 27.02, verschuldigd_aan_client −202.40:
    229.42 + 0 − 202.40 − 27.02 = 0, the client money is covered.
"""

import json
from datetime import date
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from bank.afrekening import afrekening_referentie
from bank.controle import grootboek_controleer
from bank.services import bankafschrift_maak, bankafschrift_verwerk
from betaling import providers
from betaling.models import Afrekening, Betaling
from betaling.models import TestproviderAfrekening as AfrekeningBijTestprovider
from betaling.providers import afrekening_testprovider_maak
from betaling.services import betaling_start
from inning import ledger, selectors
from inning.models import Bankregel, Journaalpost, Ontvangst, Toewijzing
from tests.inning.geld_factories import maak_dossier

from .bank_bestanden import Post, camt053

pytestmark = pytest.mark.django_db

TEST_IBAN = "NL19ABNA0999999990"  # settings.BETALEN_AFREKENING["test"]


def _betaal(dossier, bedrag: D) -> Betaling:
    """The debtor pays with the test provider; the webhook books the receipt."""
    betaling = betaling_start(dossier=dossier, bedrag=bedrag, basis_url="https://inning.example/")
    providers.testbetaling_kies(provider_id=betaling.provider_id, status="paid")
    assert Client().post("/betalen/webhook/test/", {"id": betaling.provider_id}).status_code == 200
    betaling.refresh_from_db()
    assert betaling.status == Betaling.Status.BETAALD
    return betaling


def _importeer(inhoud: bytes) -> dict:
    af = bankafschrift_maak(bestandsnaam="afschrift.xml", inhoud=inhoud)
    return bankafschrift_verwerk(afschrift_id=af.pk)


def _saldi() -> dict:
    per_code = ledger.saldo_per_code()
    return {
        c: per_code[c]
        for c in (
            "bank_derdengelden",
            "onderweg_testbetaaldienst",
            "kosten_betaaldienst",
            "provisie_nog_over_te_boeken",
            "vordering_op_derdengelden",
            "verschuldigd_aan_client",
            "ongealloceerd",
        )
    }


@pytest.fixture
def twee_betalingen():
    a = _betaal(maak_dossier(), D("150.00"))
    b = _betaal(maak_dossier(), D("80.00"))
    return a, b


def _afrekening_post(referentie: str, bedrag: D = D("229.42"), **extra) -> Post:
    velden = {
        "naam": "Testbetaaldienst B.V.",
        "iban": TEST_IBAN,
        "omschrijving": f"{referentie} Uitbetaling testbetaaldienst",
        "ref": f"AFR-{referentie}",
        "datum": date(2026, 12, 8),
    }
    return Post(bedrag, **{**velden, **extra})


def test_worked_example_the_settlement_clears_the_clearing_account_and_books_the_fees(twee_betalingen):
    a, b = twee_betalingen
    # paid: the receipts are allocated with commission as always, but the money is still at the provider
    assert Ontvangst.objects.count() == 2
    assert sorted(Toewijzing.objects.values_list("provisie", flat=True)) == [D("9.60"), D("18.00")]
    assert _saldi() == {
        "bank_derdengelden": D("0.00"),
        "onderweg_testbetaaldienst": D("230.00"),
        "kosten_betaaldienst": D("0.00"),
        "provisie_nog_over_te_boeken": D("-27.60"),
        "vordering_op_derdengelden": D("27.60"),
        "verschuldigd_aan_client": D("-202.40"),
        "ongealloceerd": D("0.00"),
    }
    assert grootboek_controleer()["in_balans"] is True
    # the reconciliation counts the money at the provider with the bank: no difference
    afstemming = selectors.afstemming()
    assert afstemming["onderweg_betaaldienst"] == D("230.00") and afstemming["verschil_grootboek"] == D(
        "0.00"
    )

    rij = afrekening_testprovider_maak(datum=date(2026, 12, 8))
    assert sorted(rij.betalingen) == sorted([a.provider_id, b.provider_id])
    assert afrekening_testprovider_maak(datum=date(2026, 12, 8)) is None  # nothing left to settle

    uit = _importeer(camt053([_afrekening_post(rij.referentie)]))
    assert uit == {"regels": 1, "nieuw": 1, "al_bekend": 0, "gematcht": 1, "ongematcht": 0}
    assert Ontvangst.objects.count() == 2  # no new receipt
    assert _saldi() == {
        "bank_derdengelden": D("229.42"),
        "onderweg_testbetaaldienst": D("0.00"),
        "kosten_betaaldienst": D("0.58"),
        "provisie_nog_over_te_boeken": D("-27.02"),
        "vordering_op_derdengelden": D("27.02"),
        "verschuldigd_aan_client": D("-202.40"),  # the client is charged nothing
        "ongealloceerd": D("0.00"),
    }
    afrekening = Afrekening.objects.get()
    assert (afrekening.bruto, afrekening.kosten, afrekening.netto) == (D("230.00"), D("0.58"), D("229.42"))
    assert afrekening.referentie == rij.referentie and afrekening.bankregel.verwerking == "afrekening"
    assert set(afrekening.betalingen.all()) == {a, b}
    assert afrekening.post.sleutel == f"afrekening:test:{rij.provider_id}"
    assert grootboek_controleer()["in_balans"] is True
    afstemming = selectors.afstemming()
    assert afstemming["onderweg_betaaldienst"] == D("0.00") and afstemming["verschil_grootboek"] == D("0.00")
    assert afstemming["verschil_afschrift"] == D("0.00")  # the statement's closing balance: 229.42


def test_the_same_statement_imported_twice_books_once(twee_betalingen):
    rij = afrekening_testprovider_maak(datum=date(2026, 12, 8))
    inhoud = camt053([_afrekening_post(rij.referentie)])
    _importeer(inhoud)
    posten = Journaalpost.objects.count()
    uit = _importeer(inhoud)
    assert uit == {"regels": 1, "nieuw": 0, "al_bekend": 1, "gematcht": 0, "ongematcht": 0}
    assert Journaalpost.objects.count() == posten and Afrekening.objects.count() == 1
    assert _saldi()["bank_derdengelden"] == D("229.42")
    assert grootboek_controleer()["in_balans"] is True


def test_a_second_payout_of_the_same_settlement_goes_to_the_work_queue(twee_betalingen):
    rij = afrekening_testprovider_maak(datum=date(2026, 12, 8))
    _importeer(camt053([_afrekening_post(rij.referentie)]))
    # another bank line (another bank reference) with the same settlement: not booked as a settlement again
    uit = _importeer(camt053([_afrekening_post(rij.referentie, ref="ANDERE-REF")], msg_id="M2"))
    assert uit["ongematcht"] == 1 and Afrekening.objects.count() == 1
    wacht = Ontvangst.objects.get(bankregel__referentie="ANDERE-REF")
    assert wacht.status == Ontvangst.Status.ONGEMATCHT and wacht.dossier is None
    assert "al geboekt" in wacht.suggestie_reden
    assert grootboek_controleer()["in_balans"] is True


def test_a_settlement_with_an_unknown_payment_waits_in_the_work_queue_with_its_reason(
    twee_betalingen, fin_client
):
    rij = afrekening_testprovider_maak(datum=date(2026, 12, 8))
    AfrekeningBijTestprovider.objects.filter(pk=rij.pk).update(betalingen=[*rij.betalingen, "tst_onbekend"])
    # the provider now says 3 payments; the amount is what it says it paid out (2 × 0.29 + 0.29 fees)
    uit = _importeer(camt053([_afrekening_post(rij.referentie, bedrag=D("229.13"))]))
    assert uit["ongematcht"] == 1 and uit["gematcht"] == 0
    assert not Afrekening.objects.exists()
    assert Betaling.objects.filter(afgerekend_in__isnull=False).count() == 0
    wacht = Ontvangst.objects.get(bankregel__isnull=False)
    assert wacht.status == Ontvangst.Status.ONGEMATCHT and wacht.bedrag == D("229.13")
    assert "onbekende betaling(en) tst_onbekend" in wacht.suggestie_reden
    # the money is in the bank and waits unallocated: the ledger stays in balance
    assert _saldi()["ongealloceerd"] == D("-229.13")
    assert _saldi()["onderweg_testbetaaldienst"] == D("230.00")
    assert grootboek_controleer()["in_balans"] is True
    # the reconciliation page shows it with the reason
    pagina = fin_client.get(f"/staff/geld/ontvangsten/{wacht.pk}/").content.decode()
    assert "onbekende betaling(en) tst_onbekend" in pagina
    lijst = fin_client.get("/staff/geld/ontvangsten/").content.decode()
    assert "Afrekening betaaldienst" in lijst


def test_an_amount_that_differs_is_not_booked_automatically(twee_betalingen):
    rij = afrekening_testprovider_maak(datum=date(2026, 12, 8))
    uit = _importeer(camt053([_afrekening_post(rij.referentie, bedrag=D("230.00"))]))
    assert uit["ongematcht"] == 1 and not Afrekening.objects.exists()
    reden = Ontvangst.objects.get(bankregel__isnull=False).suggestie_reden
    assert "bedrag wijkt af" in reden and "229,42" in reden
    assert Bankregel.objects.get().verwerking == Bankregel.Verwerking.ONTVANGST
    assert grootboek_controleer()["in_balans"] is True


def test_a_line_from_the_provider_without_a_reference_waits_and_others_are_no_settlement(twee_betalingen):
    uit = _importeer(
        camt053(
            [
                _afrekening_post("", omschrijving="Uitbetaling"),
                Post(
                    D("50.00"), naam="J. de Vries", iban="NL02ABNA0123456789", omschrijving="1234567.2611.01"
                ),
            ]
        )
    )
    assert uit["ongematcht"] == 2 and not Afrekening.objects.exists()
    redenen = dict(Ontvangst.objects.filter(bankregel__isnull=False).values_list("bedrag", "suggestie_reden"))
    assert "geen referentie" in redenen[D("229.42")]
    assert "Afrekening" not in redenen[D("50.00")]  # a debtor's line that looks like a reference: a receipt


def test_the_reference_is_read_from_the_remittance_text():
    regel = Bankregel(kenmerk="", omschrijving="Mollie payout 1234567.2611.01 ref")
    assert afrekening_referentie(regel) == "1234567.2611.01"
    assert afrekening_referentie(Bankregel(kenmerk="", omschrijving="12345678.2611.011")) == ""


def test_the_demo_command_settles_the_test_payments_and_imports_the_bank_line(twee_betalingen):
    uit = StringIO()
    call_command("betaling_afrekening_test", "--importeer", stdout=uit)
    samenvatting = json.loads(uit.getvalue())
    assert samenvatting["betalingen"] == 2 and samenvatting["netto"] == "229.42"
    assert samenvatting["import"]["gematcht"] == 1
    assert _saldi()["onderweg_testbetaaldienst"] == D("0.00")
    assert _saldi()["kosten_betaaldienst"] == D("0.58")
    assert Ontvangst.objects.count() == 2
    assert grootboek_controleer()["in_balans"] is True
    # nothing left: the command says so and books nothing
    fout = StringIO()
    call_command("betaling_afrekening_test", "--importeer", stdout=StringIO(), stderr=fout)
    assert "Geen betaalde testbetalingen" in fout.getvalue()


def test_the_demo_command_prints_a_camt_statement_to_upload(twee_betalingen):
    uit, fout = StringIO(), StringIO()
    call_command("betaling_afrekening_test", stdout=uit, stderr=fout)
    inhoud = uit.getvalue().encode()
    assert b'<Amt Ccy="EUR">229.42</Amt>' in inhoud and not Afrekening.objects.exists()
    assert _importeer(inhoud)["gematcht"] == 1
    assert Afrekening.objects.get().kosten == D("0.58")


def test_a_waiting_payout_is_booked_as_the_settlement_once_the_cause_is_gone(twee_betalingen, fin_client):
    # the payout arrives before the test provider knows its settlement: it waits with the reason
    _importeer(camt053([_afrekening_post("9999999.2612.01")]))
    regel = Bankregel.objects.get()
    wacht = Ontvangst.objects.get(bankregel=regel)
    assert "niet opgehaald" in wacht.suggestie_reden and _saldi()["ongealloceerd"] == D("-229.42")
    pagina = fin_client.get(f"/staff/geld/ontvangsten/{wacht.pk}/").content.decode()
    assert f"betaling_afrekening_opnieuw {regel.pk}" in pagina
    fout = StringIO()
    with pytest.raises(SystemExit):
        call_command("betaling_afrekening_opnieuw", str(regel.pk), stdout=StringIO(), stderr=fout)
    assert "niet opgehaald" in fout.getvalue()

    rij = afrekening_testprovider_maak(datum=date(2026, 12, 8))
    assert rij.referentie == "9999999.2612.01"
    uit = StringIO()
    call_command("betaling_afrekening_opnieuw", str(regel.pk), stdout=uit)
    assert json.loads(uit.getvalue()) == {
        "afrekening": "9999999.2612.01",
        "betalingen": 2,
        "bruto": "230.00",
        "kosten": "0.58",
        "netto": "229.42",
    }
    wacht.refresh_from_db()
    assert wacht.status == Ontvangst.Status.TERUGGEBOEKT  # it never was a receipt
    saldi = _saldi()
    assert saldi["bank_derdengelden"] == D("229.42") and saldi["ongealloceerd"] == D("0.00")
    assert saldi["onderweg_testbetaaldienst"] == D("0.00") and saldi["kosten_betaaldienst"] == D("0.58")
    assert grootboek_controleer()["in_balans"] is True
    # a second time books nothing
    with pytest.raises(SystemExit):
        call_command("betaling_afrekening_opnieuw", str(regel.pk), stdout=StringIO(), stderr=StringIO())
    assert Afrekening.objects.count() == 1


def test_a_debtor_called_mollie_is_no_payment_provider():
    dossier = maak_dossier(debiteur_naam="Jan Mollie")
    uit = _importeer(
        camt053(
            [Post(D("100.00"), naam="J. Mollie", iban="NL02ABNA0123456789", kenmerk=dossier.betaalkenmerk)]
        )
    )
    assert uit["gematcht"] == 1
    assert Ontvangst.objects.get().dossier == dossier and not Afrekening.objects.exists()


def test_the_provider_is_asked_before_the_blocks_transaction_not_while_it_holds_the_lock(
    twee_betalingen, monkeypatch
):
    """No network call while a lock is held: the settlement is fetched before the import's block transaction
    (which takes the account's advisory lock and the payments' row locks), and on a retry before the line
    is locked. Measured as the depth of open atomic blocks at the call, against the test's own."""
    from django.db import connection

    eigen = len(connection.atomic_blocks)
    diepten: list[int] = []
    echt = providers.TestProvider.afrekening_haal

    def haal(self, *, referentie):
        diepten.append(len(connection.atomic_blocks))
        return echt(self, referentie=referentie)

    monkeypatch.setattr(providers.TestProvider, "afrekening_haal", haal)
    rij = afrekening_testprovider_maak(datum=date(2026, 12, 8))
    assert _importeer(camt053([_afrekening_post(rij.referentie)]))["gematcht"] == 1
    assert diepten == [eigen]
