"""An arrangement is based on the open arrears on the day it takes effect (issue 14 item 2).

Worked example used throughout: child alimony of € 350,00 a month, due on the 1st from 1 January 2026, not
indexed. On Thursday 9 April 2026 four terms are due and unpaid (Jan-Apr): arrears 4 x 350,00 = € 1.400,00.
"""

import io
from datetime import date, datetime
from decimal import Decimal as D

import pytest
import time_machine
from pypdf import PdfReader

from incasso.models import Betalingsregeling, Brief
from incasso.regeling import termijnen_begrens, vervaldata_tussen
from incasso.services import betalingsregeling_beoordeel, betalingsregeling_maak, regeling_controle
from inning.services import ontvangst_registreer

from .factories import AMS, geaccepteerd_dossier

pytestmark = pytest.mark.django_db
VOORSTEL = datetime(2026, 4, 9, 11, 0, tzinfo=AMS)
AKKOORD = datetime(2026, 4, 14, 10, 0, tzinfo=AMS)


def _pdf_tekst(brief: Brief) -> str:
    brief.document.bestand.open("rb")
    pagina_s = PdfReader(io.BytesIO(brief.document.bestand.read())).pages
    # Layout mode keeps the words whole; whitespace (line wraps inside "€ 1.400,00") is folded to one space.
    return " ".join(" ".join(p.extract_text(extraction_mode="layout") for p in pagina_s).split())


def _voorstel(casemanager, termijnen, **kwargs):
    with time_machine.travel(VOORSTEL, tick=False):
        dossier = geaccepteerd_dossier(
            ontvangen_op=datetime(2026, 4, 2, 10, 0, tzinfo=AMS), casemanager=casemanager
        )
        regeling = betalingsregeling_maak(dossier=dossier, termijnen=termijnen, door=casemanager, **kwargs)
    return dossier, regeling


def _ontvang(dossier, bedrag: D, datum: date) -> None:
    ontvangst_registreer(
        dossier=dossier, bedrag=bedrag, datum=datum, bron_type="overig", bron_id="t",
        omschrijving="betaling debiteur", sleutel=f"t:{dossier.pk}:{datum}:{bedrag}",
    )  # fmt: skip


def test_receipts_after_the_proposal_lower_the_instalments_and_the_letter_demands_no_more_than_owed(
    casemanager, client_user, django_capture_on_commit_callbacks
):
    # Proposal 9 April: 4 x 350,00 = 1.400,00 from 1 May (= the arrears that day).
    termijnen = [(date(2026, m, 1), D("350.00")) for m in (5, 6, 7, 8)]
    dossier, regeling = _voorstel(casemanager, termijnen)
    # 10 April the debtor pays 500,00, matched to the dossier. 14 April the client approves:
    # arrears 1.400,00 - 500,00 = 900,00, so the instalments become 350,00 + 350,00 + 200,00 = 900,00
    # (the third is lowered, the fourth falls away: the debtor keeps his monthly amount and finishes sooner).
    with time_machine.travel(date(2026, 4, 10), tick=False):
        _ontvang(dossier, D("500.00"), date(2026, 4, 10))
    with time_machine.travel(AKKOORD, tick=False), django_capture_on_commit_callbacks(execute=True):
        betalingsregeling_beoordeel(regeling=regeling, akkoord=True, door=client_user)
    regeling.refresh_from_db()
    assert list(regeling.termijnen.values_list("bedrag", flat=True)) == [
        D("350.00"),
        D("350.00"),
        D("200.00"),
    ]
    assert regeling.ingangsdatum == date(2026, 4, 14)
    assert regeling.achterstand_bij_ingang == D("900.00")
    assert regeling.verrekend_bij_ingang == D("500.00")

    brief = Brief.objects.get(soort="regeling_bevestiging")
    assert brief.bedrag == D("900.00")  # what the letter list shows
    tekst = _pdf_tekst(brief)
    assert "€ 900,00" in tekst and "€ 1.400,00" not in tekst
    assert "€ 200,00" in tekst
    assert "naast deze termijnen blijft u uw lopende alimentatie van € 350,00 per maand" in tekst

    # The 500,00 paid before it took effect does not count again: on 4 May the first 350,00 is still owed.
    assert regeling_controle(vandaag=date(2026, 5, 4))["gemist"] == 1


def test_receipts_after_the_proposal_count_once_so_a_paid_first_instalment_is_paid(
    casemanager, client_user, django_capture_on_commit_callbacks
):
    dossier, regeling = _voorstel(casemanager, [(date(2026, m, 1), D("350.00")) for m in (5, 6, 7, 8)])
    with time_machine.travel(date(2026, 4, 10), tick=False):
        _ontvang(dossier, D("500.00"), date(2026, 4, 10))
    with time_machine.travel(AKKOORD, tick=False), django_capture_on_commit_callbacks(execute=True):
        betalingsregeling_beoordeel(regeling=regeling, akkoord=True, door=client_user)
    # 30 April he pays the first instalment: 500,00 + 350,00 received since the proposal, minus the 500,00
    # already taken off at the start = 350,00 >= 350,00 → instalment 1 is paid.
    with time_machine.travel(date(2026, 4, 30), tick=False):
        _ontvang(dossier, D("350.00"), date(2026, 4, 30))
    assert regeling_controle(vandaag=date(2026, 5, 4)) == {"gemist": 0, "nagekomen": 0, "gecontroleerd": 1}


def test_an_arrangement_that_includes_the_current_alimony_may_cover_the_months_it_runs(
    casemanager, client_user, django_capture_on_commit_callbacks
):
    # 4 x 700,00 = 2.800,00, 1 May - 1 August, the current alimony included. Approved on 14 April with
    # arrears 1.400,00; the alimony due after that day up to the last instalment is 1 May, 1 Jun, 1 Jul,
    # 1 Aug = 4 x 350,00 = 1.400,00. Limit 1.400,00 + 1.400,00 = 2.800,00: nothing is cut.
    termijnen = [(date(2026, m, 1), D("700.00")) for m in (5, 6, 7, 8)]
    dossier, regeling = _voorstel(casemanager, termijnen, lopende_alimentatie="inbegrepen")
    with time_machine.travel(date(2026, 4, 10), tick=False):
        _ontvang(dossier, D("500.00"), date(2026, 4, 10))
    # With 500,00 paid the limit is 900,00 + 1.400,00 = 2.300,00: 700 + 700 + 700 + 200.
    with time_machine.travel(AKKOORD, tick=False), django_capture_on_commit_callbacks(execute=True):
        betalingsregeling_beoordeel(regeling=regeling, akkoord=True, door=client_user)
    regeling.refresh_from_db()
    assert list(regeling.termijnen.values_list("bedrag", flat=True)) == [D("700.00")] * 3 + [D("200.00")]
    tekst = _pdf_tekst(Brief.objects.get(soort="regeling_bevestiging"))
    assert "omvatten ook uw lopende alimentatie van € 350,00 per maand" in tekst


def test_the_client_sees_the_instalments_as_they_would_take_effect_today(casemanager, client_user, client):
    dossier, regeling = _voorstel(casemanager, [(date(2026, m, 1), D("350.00")) for m in (5, 6, 7, 8)])
    dossier.client.user = client_user
    dossier.client.save()
    with time_machine.travel(date(2026, 4, 10), tick=False):
        _ontvang(dossier, D("500.00"), date(2026, 4, 10))
    client.force_login(client_user)
    with time_machine.travel(AKKOORD, tick=False):
        html = client.get(f"/portaal/incasso/regeling/{regeling.pk}/").content.decode()
    assert "€ 900,00" in html and "€ 200,00" in html  # not 1.400,00 to pay
    assert "het voorstel was € 1.400,00" in html
    assert "lopende alimentatie van € 350,00 per maand loopt gewoon door" in html
    assert Betalingsregeling.objects.get().status == "voorgesteld"


def test_cutting_instalments_keeps_the_earliest_and_never_grows():
    t = [(date(2026, 5, 1), D("3922.20"))] * 6
    # Issue 14: 6 x 3.922,20 = 23.533,20 proposed, 1.800,00 received → 21.733,20:
    # five full instalments (19.611,00) and a sixth of 21.733,20 - 19.611,00 = 2.122,20.
    assert [b for _, b in termijnen_begrens(t, grens=D("21733.20"))] == [D("3922.20")] * 5 + [D("2122.20")]
    assert termijnen_begrens(t, grens=D("30000")) == t
    assert termijnen_begrens(t, grens=D("0")) == []


def test_monthly_due_dates_are_counted_after_the_start_and_up_to_the_end():
    assert vervaldata_tussen(vervaldag=1, na=date(2026, 4, 14), tot_en_met=date(2026, 8, 1)) == 4
    assert vervaldata_tussen(vervaldag=1, na=date(2026, 4, 1), tot_en_met=date(2026, 4, 30)) == 0
    assert (
        vervaldata_tussen(vervaldag=31, na=date(2026, 1, 31), tot_en_met=date(2026, 3, 31)) == 2
    )  # 28 Feb, 31 Mar
    assert (
        vervaldata_tussen(
            vervaldag=1, na=date(2026, 4, 14), tot_en_met=date(2026, 8, 1), einde=date(2026, 6, 30)
        )
        == 2
    )
