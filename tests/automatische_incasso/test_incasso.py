"""SEPA direct debit of arrangement terms: mandate, pain.008 file (XSD, FRST then RCUR, TARGET2 dates),
credit in CAMT.053 (exactly one receipt), returns (reversal with commission, missed term, set-off against
the client's payout) and bad input."""

from datetime import date, datetime
from decimal import Decimal as D

import pytest
import time_machine
import xmlschema
from django.core.exceptions import ValidationError
from lxml import etree

from automatische_incasso.models import Incassobatch, Machtiging
from automatische_incasso.sepa import xsd_pad
from automatische_incasso.services import (
    IncassoFout,
    incassobatch_afwijzen,
    incassobatch_keur_goed,
    incassobatch_maak,
    incassobatch_vrijgeven,
    machtiging_geef,
    machtiging_trek_in,
)
from bank.controle import grootboek_controleer
from dossiers.models import Taak
from incasso.models import Regeltermijn, UitgaandeEmail
from incasso.services import regeling_controle
from inning import ledger
from inning.models import Bankregel, Journaalpost, Ontvangst, Toewijzing
from recht.sepa_incasso import (
    incassant_id_controlecijfers,
    incassant_id_geldig,
    is_target2_dag,
    pasen,
    target2_dagen_na,
    target2_op_of_voor,
)
from tests.incasso.factories import AMS
from uitbetaling.models import Uitbetaling
from uitbetaling.services import uitbetaling_batch_boek, uitbetaling_batch_keur_goed, uitbetaling_batch_maak

from .conftest import camt, importeer, tx

pytestmark = pytest.mark.django_db
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}


def _in_balans():
    uitkomst = grootboek_controleer()
    assert uitkomst["in_balans"], uitkomst


def _batch(financieel, financieel2, dag: date, *, goedkeuren_op: date | None = None) -> Incassobatch:
    with time_machine.travel(datetime(dag.year, dag.month, dag.day, 8, 0, tzinfo=AMS), tick=False):
        batch = incassobatch_maak(door=financieel)
    goed = goedkeuren_op or dag
    with time_machine.travel(datetime(goed.year, goed.month, goed.day, 9, 0, tzinfo=AMS), tick=False):
        return incassobatch_keur_goed(batch=batch, door=financieel2)


# --- The law: creditor id and TARGET2 ------------------------------------------------------------------------


def test_creditor_id_check_digits_per_epc_mod_97():
    assert incassant_id_geldig("DE98ZZZ09999999999")  # the EPC's own example
    # NL + check digits over "123456780000" + "NL00" → 2321... mod 97; by hand: 98 - 29 = 69
    assert incassant_id_controlecijfers(land="NL", nationaal="123456780000") == "69"
    assert incassant_id_geldig("NL69ZZZ123456780000")
    assert not incassant_id_geldig("NL68ZZZ123456780000")
    assert not incassant_id_geldig("NL69ZZZ1234")  # too short a national identifier


def test_target2_closing_days_are_not_the_atw_calendar():
    assert [pasen(j) for j in (2024, 2025, 2026, 2038)] == [
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2026, 4, 5),
        date(2038, 4, 25),
    ]
    assert not is_target2_dag(date(2026, 5, 1))  # Labour Day: TARGET2 closed (a working day under the Atw)
    assert not is_target2_dag(date(2026, 4, 3))  # Good Friday
    assert not is_target2_dag(date(2026, 4, 6))  # Easter Monday
    assert is_target2_dag(date(2026, 4, 27))  # Koningsdag: TARGET2 open
    assert is_target2_dag(date(2026, 5, 14))  # Ascension Day: TARGET2 open
    assert target2_dagen_na(date(2026, 12, 23), 2) == date(2026, 12, 28)  # over Christmas
    # Dated across the next 1 January: New Year's Day is closed, 31 December is open.
    assert not is_target2_dag(date(2027, 1, 1)) and is_target2_dag(date(2026, 12, 31))
    assert target2_dagen_na(date(2026, 12, 30), 2) == date(2027, 1, 4)
    assert target2_op_of_voor(date(2027, 1, 1)) == date(2026, 12, 31)  # a term due on New Year's Day
    assert pasen(2027) == date(2027, 3, 28) and not is_target2_dag(date(2027, 3, 26))  # Good Friday 2027


# --- Mandate -------------------------------------------------------------------------------------------------


def test_mandate_gets_a_unique_reference_and_refuses_bad_input(lopende_regeling, machtiging):
    assert machtiging.kenmerk == f"NLAI-M{lopende_regeling.pk}-1"
    assert machtiging.iban == "NL02ABNA0123456789" and machtiging.status == "actief"
    with pytest.raises(ValidationError, match="al een machtiging actief"):
        machtiging_geef(
            regeling=lopende_regeling,
            rekeninghouder="X",
            iban="NL02ABNA0123456789",
            plaats="U",
            ondertekend_op=date(2026, 4, 10),
        )
    machtiging_trek_in(machtiging=machtiging)
    with pytest.raises(ValidationError) as fout:
        machtiging_geef(
            regeling=lopende_regeling,
            rekeninghouder="B. Jansen",
            iban="US64SVBKUS6S3300958879",
            plaats="Utrecht",
            ondertekend_op=None,
        )
    berichten = fout.value.message_dict
    assert berichten["ondertekend_op"] == ["Een machtiging zonder datum van ondertekening is ongeldig."]
    assert "klopt niet" in berichten["iban"][0] or "SEPA-gebied" in berichten["iban"][0]
    tweede = machtiging_geef(  # the UK is in the SEPA zone
        regeling=lopende_regeling,
        rekeninghouder="B. Jansen",
        iban="GB33BUKB20201555555555",
        plaats="Utrecht",
        ondertekend_op=date(2026, 4, 10),
    )
    assert tweede.kenmerk == f"NLAI-M{lopende_regeling.pk}-2"
    assert Machtiging.objects.filter(regeling=lopende_regeling).count() == 2


def test_iban_outside_sepa_is_refused_with_a_dutch_message(lopende_regeling):
    with pytest.raises(ValidationError) as fout:
        machtiging_geef(
            regeling=lopende_regeling,
            rekeninghouder="B. Jansen",
            iban="BR1800360305000010009795493C1",
            plaats="Utrecht",
            ondertekend_op=date(2026, 4, 10),
        )
    assert "SEPA-gebied" in fout.value.message_dict["iban"][0]
    assert not Machtiging.objects.exists()


def test_revocation_lapses_prepared_collections_and_tasks_the_case_manager(
    machtiging, financieel, financieel2, lopende_regeling
):
    with time_machine.travel(datetime(2026, 4, 20, 8, 0, tzinfo=AMS), tick=False):
        batch = incassobatch_maak(door=financieel)
        machtiging_trek_in(machtiging=machtiging)
    assert list(batch.incasso_s.values_list("status", flat=True)) == ["vervallen"]
    taak = Taak.objects.get(
        dossier=lopende_regeling.dossier, sleutel=f"machtiging:{machtiging.pk}:ingetrokken"
    )
    assert taak.toegewezen_aan == lopende_regeling.dossier.casemanager
    with pytest.raises(IncassoFout, match="geen incasso"):
        incassobatch_keur_goed(batch=batch, door=financieel2)


def test_a_collection_on_a_revoked_mandate_is_refused(machtiging, financieel, financieel2):
    with time_machine.travel(datetime(2026, 4, 20, 8, 0, tzinfo=AMS), tick=False):
        batch = incassobatch_maak(door=financieel)
    # revoked behind the service's back (another process): approval still refuses to collect on it
    Machtiging.objects.filter(pk=machtiging.pk).update(status="ingetrokken", ingetrokken_op=datetime.now(AMS))
    with (
        time_machine.travel(datetime(2026, 4, 21, 8, 0, tzinfo=AMS), tick=False),
        pytest.raises(IncassoFout, match="ingetrokken machtiging wordt niet geïncasseerd"),
    ):
        incassobatch_keur_goed(batch=batch, door=financieel2)
    batch.refresh_from_db()
    assert batch.status == "voorbereid" and batch.xml == ""


# --- Batch and pain.008 --------------------------------------------------------------------------------------


def test_pain008_is_xsd_valid_frst_then_rcur_on_target2_days_with_four_eyes(
    machtiging, financieel, financieel2, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime(2026, 4, 20, 8, 0, tzinfo=AMS), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            batch = incassobatch_maak(door=financieel)
        with pytest.raises(IncassoFout, match="Vier ogen"):
            incassobatch_keur_goed(batch=batch, door=financieel)
        journaal_voor = Journaalpost.objects.count()
        batch = incassobatch_keur_goed(batch=batch, door=financieel2)
    assert Journaalpost.objects.count() == journaal_voor  # nothing booked when the file is made
    i1 = batch.incasso_s.get()
    assert (i1.volgorde, i1.incassodatum, i1.bedrag, i1.status) == (
        "FRST",
        date(2026, 4, 30),
        D("400.00"),
        "aangeboden",
    )
    # the pre-notification: amount, date, mandate reference and creditor id, 5+ days ahead
    mail = UitgaandeEmail.objects.get(sleutel=f"vooraankondiging:{i1.end_to_end_id}")
    for stukje in ("€ 400,00", "30-04-2026", machtiging.kenmerk, "NL69ZZZ123456780000"):
        assert stukje in mail.tekst

    xml = batch.xml.encode()
    xmlschema.XMLSchema(str(xsd_pad())).validate(xml)  # raises when invalid
    assert etree.XMLSchema(etree.parse(str(xsd_pad()))).validate(etree.fromstring(xml))
    doc = etree.fromstring(xml)
    assert doc.findtext(".//p:PmtTpInf/p:SeqTp", namespaces=NS) == "FRST"
    assert doc.findtext(".//p:ReqdColltnDt", namespaces=NS) == "2026-04-30"
    assert doc.findtext(".//p:MndtId", namespaces=NS) == machtiging.kenmerk
    assert doc.findtext(".//p:CdtrSchmeId//p:Othr/p:Id", namespaces=NS) == "NL69ZZZ123456780000"
    assert doc.findtext(".//p:EndToEndId", namespaces=NS) == i1.end_to_end_id

    batch2 = _batch(financieel, financieel2, date(2026, 5, 18), goedkeuren_op=date(2026, 5, 19))
    i2 = batch2.incasso_s.get()
    assert (i2.volgorde, i2.incassodatum, i2.termijn.volgnummer) == ("RCUR", date(2026, 6, 1), 2)
    doc2 = etree.fromstring(batch2.xml.encode())
    assert etree.XMLSchema(etree.parse(str(xsd_pad()))).validate(doc2)
    assert doc2.findtext(".//p:PmtTpInf/p:SeqTp", namespaces=NS) == "RCUR"
    # a second run the same week finds nothing new: a term is in one live collection only
    with (
        time_machine.travel(datetime(2026, 5, 18, 10, 0, tzinfo=AMS), tick=False),
        pytest.raises(IncassoFout, match="geen termijnen"),
    ):
        incassobatch_maak(door=financieel)


def test_approval_after_the_lead_time_is_refused_and_rejection_lapses(machtiging, financieel, financieel2):
    with time_machine.travel(datetime(2026, 4, 20, 8, 0, tzinfo=AMS), tick=False):
        batch = incassobatch_maak(door=financieel)
    # collection on Thu 30 April; two TARGET2 days before is Tue 28 April: approving on the 29th is too late
    with time_machine.travel(datetime(2026, 4, 29, 8, 0, tzinfo=AMS), tick=False):
        with pytest.raises(IncassoFout, match="TARGET2"):
            incassobatch_keur_goed(batch=batch, door=financieel2)
        incassobatch_afwijzen(batch=batch, door=financieel2, reden="Te laat")
    assert list(batch.incasso_s.values_list("status", flat=True)) == ["vervallen"]


def test_the_beat_batch_is_released_before_approval(machtiging, financieel, financieel2):
    with time_machine.travel(datetime(2026, 4, 20, 8, 0, tzinfo=AMS), tick=False):
        batch = incassobatch_maak(door=None)
        with pytest.raises(IncassoFout, match="automatisch voorbereid"):
            incassobatch_keur_goed(batch=batch, door=financieel)
        incassobatch_vrijgeven(batch=batch, door=financieel)
        with pytest.raises(IncassoFout, match="vrijgegeven"):
            incassobatch_keur_goed(batch=batch, door=financieel)
        assert incassobatch_keur_goed(batch=batch, door=financieel2).status == "goedgekeurd"


# --- Credit and returns --------------------------------------------------------------------------------------


def _provisie(dossier) -> D:
    return sum(
        (t.provisie for t in Toewijzing.objects.filter(dossier=dossier, ongedaan_op__isnull=True)), D(0)
    )


def test_collective_credit_makes_exactly_one_receipt_per_collection_and_am04_reverses_it(
    machtiging, lopende_regeling, financieel, financieel2, django_capture_on_commit_callbacks
):
    dossier = lopende_regeling.dossier
    batch = _batch(financieel, financieel2, date(2026, 4, 20))
    i1 = batch.incasso_s.get()
    # the bank credits the batch as one booking; a stranger's line in the same entry goes the ordinary way
    credit = camt(
        [
            (
                "BATCH-1",
                D("425.00"),
                date(2026, 4, 30),
                "RDDT",
                [tx(i1.end_to_end_id, D("400.00")), tx("ANDERS-1", D("25.00"))],
            )
        ]
    )
    uit = importeer(credit)
    assert uit["nieuw"] == 2
    ontvangst = Ontvangst.objects.get(bankregel__end_to_end_id=i1.end_to_end_id)
    assert (ontvangst.status, ontvangst.dossier_id, ontvangst.bedrag) == ("gematcht", dossier.pk, D("400.00"))
    i1.refresh_from_db()
    assert (i1.status, i1.ontvangst_id) == ("gecrediteerd", ontvangst.pk)
    assert importeer(credit, "nogmaals.xml")["nieuw"] == 0  # the same statement again: still one receipt
    assert Ontvangst.objects.filter(bankregel__end_to_end_id=i1.end_to_end_id).count() == 1
    _in_balans()
    provisie = _provisie(dossier)
    assert provisie > 0

    assert regeling_controle(vandaag=date(2026, 5, 4))["gemist"] == 0
    assert lopende_regeling.termijnen.get(volgnummer=1).status == "betaald"

    # AM04 (insufficient funds) comes back as a debit with the return reason
    retour = camt(
        [
            (
                "RET-1",
                D("-400.00"),
                date(2026, 5, 5),
                "RDDT",
                [tx(i1.end_to_end_id, D("400.00"), retour="AM04")],
            )
        ],
        msg="MSG-2",
    )
    with django_capture_on_commit_callbacks(execute=True):
        importeer(retour, "retour.xml")
    i1.refresh_from_db()
    ontvangst.refresh_from_db()
    assert (i1.status, i1.retourcode, i1.gestorneerd_op) == ("gestorneerd", "AM04", date(2026, 5, 5))
    assert ontvangst.status == "teruggeboekt"
    assert _provisie(dossier) == 0  # the commission is reversed with the allocation
    assert Bankregel.objects.get(referentie="RET-1").retourcode == "AM04"
    _in_balans()
    # the term counts as missed: the check (queued on commit, and again by the beat) breaks the arrangement
    lopende_regeling.refresh_from_db()
    termijn = lopende_regeling.termijnen.get(volgnummer=1)
    # the check queued on commit ran at once (eager tasks; the real today is long after the due date)
    termijn.refresh_from_db()
    lopende_regeling.refresh_from_db()
    assert termijn.status == Regeltermijn.Status.GEMIST
    assert lopende_regeling.status == "verbroken"
    assert dossier.tijdlijn.filter(sleutel=f"incasso:{i1.pk}:storno", tekst__contains="AM04").exists()


def test_a_return_that_matches_no_collection_is_kept_as_unknown(machtiging, fin_client):
    importeer(
        camt(
            [
                (
                    "RET-X",
                    D("-75.00"),
                    date(2026, 5, 5),
                    "RDDT",
                    [tx("NLAI-I999-T999", D("75.00"), retour="MD06")],
                )
            ]
        )
    )
    regel = Bankregel.objects.get(referentie="RET-X")
    assert (regel.verwerking, regel.retourcode) == ("onbekend", "MD06")
    pagina = " ".join(fin_client.get("/staff/geld/afstemming/").content.decode().split())
    assert "storno MD06" in pagina  # shown on the reconciliation page, never dropped
    _in_balans()


def test_md06_after_the_client_was_paid_is_set_off_in_the_next_payout_batch(
    machtiging, lopende_regeling, financieel, financieel2, django_capture_on_commit_callbacks, betaal
):
    dossier = lopende_regeling.dossier
    client = dossier.client
    i1 = _batch(financieel, financieel2, date(2026, 4, 20)).incasso_s.get()
    importeer(camt([("C-1", D("400.00"), date(2026, 4, 30), "RDDT", [tx(i1.end_to_end_id, D("400.00"))])]))
    naar_client_1 = Toewijzing.objects.get(ontvangst__bankregel__end_to_end_id=i1.end_to_end_id).naar_client
    assert naar_client_1 > 0
    client.uitbetaal_iban = "NL91ABNA0417164300"[:0] + "NL20INGB0001234567"
    client.save(update_fields=["uitbetaal_iban"])
    with django_capture_on_commit_callbacks(execute=True):
        pb = uitbetaling_batch_maak(week="2026-W19", door=financieel)
        uitbetaling_batch_keur_goed(batch=pb, door=financieel2)
        uitbetaling_batch_boek(batch_id=pb.pk)
    assert Uitbetaling.objects.get(batch=pb, client=client).bruto == naar_client_1
    # seven weeks later the debtor has his bank refund the collection (MD06, within 8 weeks)
    with django_capture_on_commit_callbacks(execute=True):
        importeer(
            camt(
                [
                    (
                        "R-1",
                        D("-400.00"),
                        date(2026, 6, 15),
                        "RDDT",
                        [tx(i1.end_to_end_id, D("400.00"), retour="MD06")],
                    )
                ],
                msg="M2",
            )
        )
    i1.refresh_from_db()
    assert (i1.status, i1.retourcode) == ("gestorneerd", "MD06")
    assert (
        ledger.saldo("verschuldigd_aan_client", client=client) == naar_client_1
    )  # a debit: client owes it back
    _in_balans()
    # a later receipt: the next batch pays only what exceeds the returned share (set-off)
    betaal(dossier, [(date(2026, 6, 20), D("1000.00"))])
    naar_client_2 = (
        Toewijzing.objects.filter(dossier=dossier, ongedaan_op__isnull=True).latest("id").naar_client
    )
    pb2 = uitbetaling_batch_maak(week="2026-W26", door=financieel)
    assert Uitbetaling.objects.get(batch=pb2, client=client).bruto == naar_client_2 - naar_client_1
    _in_balans()


def test_a_return_holds_back_the_clients_payout_not_yet_approved(
    machtiging, lopende_regeling, financieel, financieel2, django_capture_on_commit_callbacks
):
    dossier = lopende_regeling.dossier
    client = dossier.client
    client.uitbetaal_iban = "NL20INGB0001234567"
    client.save(update_fields=["uitbetaal_iban"])
    i1 = _batch(financieel, financieel2, date(2026, 4, 20)).incasso_s.get()
    importeer(camt([("C-1", D("400.00"), date(2026, 4, 30), "RDDT", [tx(i1.end_to_end_id, D("400.00"))])]))
    pb = uitbetaling_batch_maak(week="2026-W19", door=financieel)  # prepared, not yet approved
    u = Uitbetaling.objects.get(batch=pb, client=client)
    assert u.status == "voorbereid" and u.bruto > 0
    with django_capture_on_commit_callbacks(execute=True):
        importeer(
            camt(
                [
                    (
                        "R-1",
                        D("-400.00"),
                        date(2026, 5, 5),
                        "RDDT",
                        [tx(i1.end_to_end_id, D("400.00"), retour="AM04")],
                    )
                ],
                msg="M2",
            )
        )
    u.refresh_from_db()
    assert u.status == "vervallen"  # held back
    with django_capture_on_commit_callbacks(execute=True):
        pb = uitbetaling_batch_keur_goed(batch=pb, door=financieel2)
    assert not pb.sepa_bestanden.filter(uitbetalingen__client=client).exists()
    u.refresh_from_db()
    assert u.status == "vervallen" and u.sepa_bestand_id is None
    assert ledger.saldo("verschuldigd_aan_client", client=client) == 0  # nothing owed, nothing paid
    assert dossier.tijdlijn.filter(tekst__contains="ingehouden").exists()
    _in_balans()
