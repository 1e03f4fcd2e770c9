"""The ledger core: balanced entries only, idempotent keys, reversals, the worked commission example."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError, IntegrityError

from inning import ledger, selectors, services
from inning.models import Journaalpost, Journaalregel, Ontvangst, Toerekening, Toewijzing

from .geld_factories import maak_dossier, rf_kenmerk

pytestmark = pytest.mark.django_db

D = Decimal


def _boek_ontvangst(bedrag: str, datum: date = date(2026, 2, 15)) -> Ontvangst:
    o = Ontvangst.objects.create(
        bron=Ontvangst.Bron.BANK, datum=datum, bedrag=D(bedrag), sleutel=f"test:{bedrag}:{datum}"
    )
    services._ontvangst_boek(o)
    return o


def test_rf_kenmerk_helper_matches_the_iso_11649_example():
    assert rf_kenmerk("539007547034") == "RF18539007547034"


def test_unbalanced_entry_is_refused_by_the_service_and_nothing_is_written():
    with pytest.raises(ledger.GrootboekFout, match="niet in balans"):
        ledger.journaalpost_boek(
            datum=date(2026, 1, 1),
            omschrijving="scheef",
            regels=[
                (ledger.rekening("bank_derdengelden"), D("10.00")),
                (ledger.rekening("ongealloceerd"), D("-9.99")),
            ],
            bron_type="test",
            bron_id=1,
            sleutel="scheef",
        )
    assert not Journaalpost.objects.exists()
    assert not Journaalregel.objects.exists()


def test_entry_with_one_line_or_sub_cent_amount_is_refused():
    with pytest.raises(ledger.GrootboekFout, match="twee regels"):
        ledger.journaalpost_boek(
            datum=date(2026, 1, 1), omschrijving="x", regels=[(ledger.rekening("bank_derdengelden"), D("0"))],
            bron_type="t", bron_id=1, sleutel="een",
        )  # fmt: skip
    with pytest.raises(ledger.GrootboekFout, match="decimalen"):
        ledger.journaalpost_boek(
            datum=date(2026, 1, 1), omschrijving="x",
            regels=[(ledger.rekening("bank_derdengelden"), D("0.005")), (ledger.rekening("ongealloceerd"), D("-0.005"))],
            bron_type="t", bron_id=1, sleutel="halve-cent",
        )  # fmt: skip


def test_same_key_books_once_and_balances_follow_the_lines():
    regels = [
        (ledger.rekening("bank_derdengelden"), D("25.00")),
        (ledger.rekening("ongealloceerd"), D("-25.00")),
    ]
    a = ledger.journaalpost_boek(
        datum=date(2026, 1, 1), omschrijving="x", regels=regels, bron_type="t", bron_id=1, sleutel="k"
    )
    b = ledger.journaalpost_boek(
        datum=date(2026, 1, 1), omschrijving="x", regels=regels, bron_type="t", bron_id=1, sleutel="k"
    )
    assert a.pk == b.pk
    assert ledger.saldo("bank_derdengelden") == D("25.00")


def test_unknown_account_and_wrong_owner_are_refused():
    with pytest.raises(ledger.GrootboekFout):
        ledger.rekening("kas")
    with pytest.raises(ledger.GrootboekFout):
        ledger.rekening("verschuldigd_aan_client")  # needs a client


def test_reversal_mirrors_the_entry_once_and_cannot_itself_be_reversed():
    post = ledger.journaalpost_boek(
        datum=date(2026, 1, 1),
        omschrijving="x",
        regels=[
            (ledger.rekening("bank_derdengelden"), D("7.00")),
            (ledger.rekening("ongealloceerd"), D("-7.00")),
        ],
        bron_type="t",
        bron_id=1,
        sleutel="r",
    )
    tegen = ledger.journaalpost_tegenboek(post=post, datum=date(2026, 1, 2))
    assert ledger.journaalpost_tegenboek(post=post, datum=date(2026, 1, 3)).pk == tegen.pk
    assert ledger.saldo("bank_derdengelden") == D("0.00")
    assert ledger.saldo("bank_derdengelden", tot=date(2026, 1, 1)) == D("7.00")
    with pytest.raises(ledger.GrootboekFout):
        ledger.journaalpost_tegenboek(post=tegen, datum=date(2026, 1, 3))


def test_worked_example_450_on_900_arrears_gives_54_commission_937_vat_396_to_client():
    # Obligation 450.00 a month from 1 Jan 2026; on 15 Feb two termijnen are due: 900.00 arrears.
    dossier = maak_dossier(bedrag=D("450.00"))
    ontvangst = _boek_ontvangst("450.00")
    t = services.ontvangst_koppel(ontvangst=ontvangst, dossier=dossier)
    # commission = 450.00 × 12% = 54.00; VAT = 54 × 21/121 = 9.3719… → 9.37; client = 450 − 54 = 396.00
    assert (t.provisie, t.btw, t.naar_client, t.kosten) == (D("54.00"), D("9.37"), D("396.00"), D("0.00"))
    assert selectors.client_saldo(client_id=dossier.client_id) == D("396.00")
    assert -ledger.saldo("provisie_nog_over_te_boeken") == D("54.00")
    assert -ledger.saldo("provisie_opbrengst") == D("44.63")  # 54.00 − 9.37, revenue excl. VAT
    assert -ledger.saldo("btw_af_te_dragen") == D("9.37")
    assert ledger.saldo("ongealloceerd") == D("0.00")
    # Allocated to the OLDEST termijn (1 January), in full.
    rijen = list(Toerekening.objects.values_list("soort", "vervaldatum", "bedrag"))
    assert rijen == [("termijn", date(2026, 1, 1), D("450.00"))]
    assert selectors.dossier_betalingen(dossier_id=dossier.pk) == [(date(2026, 2, 15), D("450.00"))]
    overzicht = selectors.dossier_geldoverzicht(dossier_id=dossier.pk)
    assert overzicht["betaald"] == D("450.00") and overzicht["provisie"] == D("54.00")
    assert overzicht["nog_uit_te_betalen"] == D("396.00")


def test_bailiff_costs_are_paid_first_and_carry_no_commission():
    dossier = maak_dossier(bedrag=D("450.00"))
    services.kosten_registreer(
        dossier=dossier, bedrag=D("100.00"), datum=date(2026, 2, 1), omschrijving="betekening", sleutel="k1"
    )
    t = services.ontvangst_koppel(ontvangst=_boek_ontvangst("300.00"), dossier=dossier)
    # 100.00 to costs; commission on 200.00 = 24.00 (VAT 24 × 21/121 = 4.165… → 4.17); client 176.00
    assert (t.kosten, t.provisie, t.btw, t.naar_client) == (D("100.00"), D("24.00"), D("4.17"), D("176.00"))
    assert ledger.saldo("te_ontvangen_debiteur", dossier=dossier) == D("0.00")
    assert -ledger.saldo("kosten_nog_over_te_boeken") == D("100.00")
    assert selectors.dossier_betalingen(dossier_id=dossier.pk) == [(date(2026, 2, 15), D("200.00"))]


def test_undo_match_returns_the_money_to_unallocated_and_a_rematch_allocates_again():
    dossier = maak_dossier()
    ontvangst = _boek_ontvangst("450.00")
    services.ontvangst_koppel(ontvangst=ontvangst, dossier=dossier)
    with pytest.raises(services.GeldFout):
        services.ontvangst_koppel(ontvangst=ontvangst, dossier=dossier)  # no allocation twice
    services.ontvangst_ontkoppel(ontvangst=ontvangst)
    assert -ledger.saldo("ongealloceerd") == D("450.00")
    assert selectors.client_saldo(client_id=dossier.client_id) == D("0.00")
    assert selectors.dossier_betalingen(dossier_id=dossier.pk) == []
    services.ontvangst_koppel(ontvangst=ontvangst, dossier=dossier)
    assert selectors.client_saldo(client_id=dossier.client_id) == D("396.00")


def test_direct_payment_of_200_makes_the_client_owe_24_commission():
    dossier = maak_dossier()
    melding = services.directe_betaling_meld(dossier=dossier, datum=date(2026, 2, 10), bedrag=D("200.00"))
    services.directe_betaling_bevestig(melding=melding)
    # 200 × 12% = 24.00, VAT 24 × 21/121 = 4.17; nothing reached our bank
    assert selectors.client_provisie_te_verrekenen(client_id=dossier.client_id) == D("24.00")
    assert selectors.client_saldo(client_id=dossier.client_id) == D("0.00")
    assert ledger.saldo("bank_derdengelden") == D("0.00")
    assert selectors.dossier_betalingen(dossier_id=dossier.pk) == [(date(2026, 2, 10), D("200.00"))]
    with pytest.raises(services.GeldFout, match="al beoordeeld"):
        services.directe_betaling_bevestig(melding=melding)


def test_set_off_moves_commission_from_client_balance_to_agency():
    dossier = maak_dossier()
    services.ontvangst_koppel(ontvangst=_boek_ontvangst("450.00"), dossier=dossier)
    melding = services.directe_betaling_meld(dossier=dossier, datum=date(2026, 2, 10), bedrag=D("200.00"))
    services.directe_betaling_bevestig(melding=melding)
    services.provisie_verreken(
        client=dossier.client, bedrag=D("24.00"), datum=date(2026, 2, 20), bron_type="uitbetaling",
        bron_id=1, sleutel="verreken:1",
    )  # fmt: skip
    assert selectors.client_saldo(client_id=dossier.client_id) == D("372.00")  # 396 − 24
    assert selectors.client_provisie_te_verrekenen(client_id=dossier.client_id) == D("0.00")
    a = selectors.afstemming()
    assert a["verschil_grootboek"] == D("0.00")
    assert a["provisie_nog_over_te_boeken"] == D("78.00")  # 54 + 24


def _schrijf_scheve_post_langs_de_service(bank, onge):
    """Written past the service, straight into the tables: only the database can stop it."""
    post = Journaalpost.objects.create(
        datum=date(2026, 1, 1), omschrijving="scheef", bron_type="t", sleutel="s"
    )
    Journaalregel.objects.create(post=post, rekening=bank, bedrag=D("10.00"))
    Journaalregel.objects.create(post=post, rekening=onge, bedrag=D("-9.00"))
    with connection.cursor() as c:
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what COMMIT does: run the deferred check now


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database triggers exist on PostgreSQL only")
def test_postgres_deferred_trigger_rejects_unbalanced_entry_and_update_delete():
    bank, onge = ledger.rekening("bank_derdengelden"), ledger.rekening("ongealloceerd")
    with pytest.raises(DatabaseError, match="niet in balans"), transaction.atomic():
        _schrijf_scheve_post_langs_de_service(bank, onge)
    goed = ledger.journaalpost_boek(
        datum=date(2026, 1, 1), omschrijving="goed", regels=[(bank, D("5.00")), (onge, D("-5.00"))],
        bron_type="t", bron_id=1, sleutel="goed",
    )  # fmt: skip
    for sql in (
        f"UPDATE inning_journaalregel SET bedrag = 6 WHERE post_id = {goed.pk}",
        f"DELETE FROM inning_journaalregel WHERE post_id = {goed.pk}",
        f"UPDATE inning_journaalpost SET omschrijving = 'x' WHERE id = {goed.pk}",
        f"DELETE FROM inning_journaalpost WHERE id = {goed.pk}",
    ):
        with (
            pytest.raises(DatabaseError, match="alleen-toevoegen"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(sql)


def test_database_refuses_a_second_live_match_of_one_receipt():
    dossier = maak_dossier()
    ontvangst = _boek_ontvangst("450.00")
    t = services.ontvangst_koppel(ontvangst=ontvangst, dossier=dossier)
    # Past the service (which locks and checks the status): the partial unique constraint still holds.
    with pytest.raises(IntegrityError), transaction.atomic():
        Toewijzing.objects.create(
            ontvangst=ontvangst,
            dossier=dossier,
            provisie=t.provisie,
            btw=t.btw,
            naar_client=t.naar_client,
            kosten=0,
        )
