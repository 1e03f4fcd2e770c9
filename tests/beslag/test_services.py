"""Services of the bailiff track: consent and title checks, steps with deadlines and tariffs, garnishment with
BVV, receipts through the ledger, missing months, visits and reminders."""

from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from beslag import services
from beslag.models import Beslag, BeslagOntvangst, BeslagStap, DeurwaarderOpdracht
from dossiers.models import Dossier, Stuiting, Taak, Titel
from incasso.models import UitgaandeEmail
from recht.bvv import BvvInvoer, Huishouden

from .conftest import DossierFactory, titel_maak, toestemming_geef

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _20_mei_2026():
    with time_machine.travel(datetime(2026, 5, 20, 10, 0, tzinfo=AMS), tick=False):
        yield


def instrueer(dossier, kantoor, casemanager, datum=date(2026, 4, 30)):
    return services.deurwaarder_instrueer(dossier=dossier, kantoor=kantoor, door=casemanager, datum=datum)


# --- refusals ---------------------------------------------------------------------------------------------


def test_instruction_without_consent_for_formal_order_is_refused(dossier, kantoor, casemanager):
    with pytest.raises(ValidationError) as fout:
        instrueer(dossier, kantoor, casemanager)
    assert "toestemming" in str(fout.value)
    assert not DeurwaarderOpdracht.objects.exists()


def test_instruction_without_executoriale_titel_is_refused(db, kantoor, casemanager):
    d = DossierFactory(casemanager=casemanager)
    Titel.objects.create(dossier=d, soort=Titel.Soort.GEEN)
    toestemming_geef(d, "formeel_bevel")
    with pytest.raises(ValidationError) as fout:
        instrueer(d, kantoor, casemanager)
    assert "geen executoriale titel" in str(fout.value)


def test_instruction_for_a_debtor_abroad_is_refused_with_the_reason(db, kantoor, casemanager):
    d = DossierFactory(casemanager=casemanager, debiteur__land="DE")
    titel_maak(d)
    toestemming_geef(d, "formeel_bevel")
    with pytest.raises(ValidationError) as fout:
        instrueer(d, kantoor, casemanager)
    assert "buitenland" in str(fout.value) and "4/2009" in str(fout.value)


def test_garnishment_without_consent_for_that_kind_is_refused(dossier, kantoor, casemanager, werkgever):
    toestemming_geef(dossier, "formeel_bevel", "bankbeslag")  # no consent for loonbeslag
    opdracht = instrueer(dossier, kantoor, casemanager)
    with pytest.raises(ValidationError) as fout:
        services.beslag_leg(
            opdracht=opdracht,
            soort=Beslag.Soort.LOON,
            datum=date(2026, 5, 6),
            kosten_in_rekening=D("0"),
            derde=werkgever,
            door=casemanager,
        )
    assert "loonbeslag" in str(fout.value)
    assert not Beslag.objects.exists()


def test_garnishment_when_the_title_is_gone_is_refused(instemmend_dossier, kantoor, casemanager, werkgever):
    opdracht = instrueer(instemmend_dossier, kantoor, casemanager)
    instemmend_dossier.titels.update(soort=Titel.Soort.GEEN)
    with pytest.raises(ValidationError) as fout:
        services.beslag_leg(
            opdracht=opdracht,
            soort=Beslag.Soort.LOON,
            datum=date(2026, 5, 6),
            kosten_in_rekening=D("0"),
            derde=werkgever,
            door=casemanager,
        )
    assert "executoriale titel" in str(fout.value)


def test_wage_garnishment_on_a_bank_is_refused(instemmend_dossier, kantoor, casemanager, werkgever):
    opdracht = instrueer(instemmend_dossier, kantoor, casemanager)
    werkgever.soort = "bank"
    werkgever.save()
    with pytest.raises(ValidationError) as fout:
        services.beslag_leg(
            opdracht=opdracht,
            soort=Beslag.Soort.LOON,
            datum=date(2026, 5, 6),
            kosten_in_rekening=D("0"),
            derde=werkgever,
            door=casemanager,
        )
    assert "derde" in fout.value.error_dict


# --- instruction ------------------------------------------------------------------------------------------


def test_instruction_sets_state_answer_deadline_and_emails_the_letter(
    instemmend_dossier, kantoor, casemanager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        opdracht = instrueer(instemmend_dossier, kantoor, casemanager)
    instemmend_dossier.refresh_from_db()
    assert instemmend_dossier.status == Dossier.Status.DEURWAARDER
    # Thu 30 Apr 2026 + 5 working days: Fri 1, Mon 4, (Tue 5 May no), Wed 6, Thu 7, Fri 8 May
    assert opdracht.antwoord_uiterlijk == date(2026, 5, 8)
    assert instemmend_dossier.volgende_actie_datum == date(2026, 5, 8)
    opdracht.refresh_from_db()
    assert opdracht.brief is not None and opdracht.brief.bestand.read(4) == b"%PDF"
    from pypdf import PdfReader

    tekst = "".join(p.extract_text() for p in PdfReader(opdracht.brief.bestand.open("rb")).pages)
    assert "Opdracht tot tenuitvoerlegging" in tekst and instemmend_dossier.debiteur.naam in tekst
    assert "5.950,00" in tekst  # arrears: 17 × 350.00
    email = UitgaandeEmail.objects.get(sleutel=f"beslag:opdracht:{opdracht.pk}")
    assert email.aan == kantoor.email
    assert list(email.documenten.all()) == [opdracht.brief]


def test_a_second_instruction_while_one_runs_is_refused(instemmend_dossier, kantoor, casemanager):
    instrueer(instemmend_dossier, kantoor, casemanager)
    with pytest.raises(ValidationError):
        instrueer(instemmend_dossier, kantoor, casemanager)


def test_bailiff_without_answer_gets_one_reminder(instemmend_dossier, kantoor, casemanager):
    opdracht = instrueer(instemmend_dossier, kantoor, casemanager)
    assert (
        services.rappels_verstuur(vandaag=date(2026, 5, 8)) == 0
    )  # the deadline day itself: no reminder yet
    assert services.rappels_verstuur(vandaag=date(2026, 5, 11)) == 1
    assert services.rappels_verstuur(vandaag=date(2026, 5, 12)) == 0
    opdracht.refresh_from_db()
    # Mon 11 May + 5 working days: Tue 12, Wed 13, (Thu 14 Hemelvaart no), Fri 15, Mon 18, Tue 19 May
    assert opdracht.antwoord_uiterlijk == date(2026, 5, 19)
    assert UitgaandeEmail.objects.filter(sleutel=f"beslag:rappel:{opdracht.pk}").count() == 1


def test_a_decree_day_moves_the_bailiffs_answer_deadline_like_every_other_term(
    instemmend_dossier, kantoor, casemanager
):
    # Atw art. 3 lid 3: Wed 6 May 2026 declared a holiday by decree. Thu 30 Apr + 5 working days: Fri 1, Mon 4,
    # (Tue 5 May no, Wed 6 May no), Thu 7, Fri 8, Mon 11 May. Before: 8 May (the decree day was ignored).
    from tarieven.models import ExtraNietWerkdag

    ExtraNietWerkdag.objects.create(datum=date(2026, 5, 6), omschrijving="besluit", bron="test")
    opdracht = instrueer(instemmend_dossier, kantoor, casemanager)
    assert opdracht.antwoord_uiterlijk == date(2026, 5, 11)


def test_no_visit_on_5_may_nor_on_a_decree_day(instemmend_dossier, kantoor, casemanager):
    # Rv art. 64 with Atw art. 3: "de vijfde mei" every year (2026 is no lustrum year), and decree days.
    from tarieven.models import ExtraNietWerkdag

    ExtraNietWerkdag.objects.create(datum=date(2026, 5, 26), omschrijving="besluit", bron="test")
    opdracht = instrueer(instemmend_dossier, kantoor, casemanager)
    for moment in (datetime(2027, 5, 5, 10, 0), datetime(2026, 5, 26, 10, 0)):
        with pytest.raises(ValidationError) as fout:
            services.bezoek_plan(opdracht=opdracht, gepland_op=moment.replace(tzinfo=AMS), door=casemanager)
        assert "feestdag" in fout.value.error_dict["gepland_op"][0].message


# --- steps ------------------------------------------------------------------------------------------------


def test_betekening_on_friday_1_may_gets_2_day_order_until_monday_and_the_2026_tariff(
    instemmend_dossier, kantoor, casemanager
):
    opdracht = instrueer(instemmend_dossier, kantoor, casemanager)
    stap = services.stap_registreer(
        opdracht=opdracht,
        soort=BeslagStap.Soort.BETEKENING_TITEL,
        datum=date(2026, 5, 1),
        kosten_in_rekening=D("140.00"),
        door=casemanager,
    )
    assert stap.tarief_btag == D("136.71") and stap.btag_artikel == "2(1)(b)"
    assert stap.verschil_met_tarief == D("3.29")
    assert stap.uiterste_datum == date(2026, 5, 4)  # Sun 3 May → Mon 4 May (Atw art. 1)
    instemmend_dossier.refresh_from_db()
    assert instemmend_dossier.volgende_actie_datum == date(2026, 5, 4)
    assert "2 dagen" in instemmend_dossier.volgende_actie
    assert Stuiting.objects.filter(dossier=instemmend_dossier, bron_sleutel=f"beslagstap:{stap.pk}").exists()
    # the bailiff's costs are the debtor's costs in the ledger (recovered first, art. 6:44 BW)
    from inning.models import Kostenpost

    assert Kostenpost.objects.get(dossier=instemmend_dossier, sleutel=f"beslagstap:{stap.pk}").bedrag == D(
        "140.00"
    )


@pytest.mark.parametrize(
    ("datum", "tarief"),
    [(date(2024, 11, 5), D("122.34")), (date(2025, 3, 3), D("130.00")), (date(2026, 1, 5), D("136.71"))],
)
def test_statutory_tariff_shown_beside_a_step_is_that_of_the_steps_year(
    instemmend_dossier, kantoor, casemanager, datum, tarief
):
    opdracht = instrueer(instemmend_dossier, kantoor, casemanager)
    stap = services.stap_registreer(
        opdracht=opdracht,
        soort=BeslagStap.Soort.BETEKENING_TITEL,
        datum=datum,
        kosten_in_rekening=D("0"),
        door=casemanager,
    )
    assert stap.tarief_btag == tarief


def test_wage_garnishment_with_bvv_then_overbetekening_and_declaration_deadlines(
    instemmend_dossier, kantoor, casemanager, werkgever
):
    opdracht = instrueer(instemmend_dossier, kantoor, casemanager)
    beslag = services.beslag_leg(
        opdracht=opdracht,
        soort=Beslag.Soort.LOON,
        datum=date(2026, 5, 6),
        kosten_in_rekening=D("184.91"),
        derde=werkgever,
        door=casemanager,
        bvv=BvvInvoer(
            date(2026, 5, 6),
            Huishouden.ALLEENSTAANDE,
            D("3000"),
            woonkosten=D("1100"),
            woonkostenverzoek_toegekend=True,
        ),
    )
    assert beslag.bvv_bedrag == D("2265.20") and beslag.maandbedrag == D("734.80")
    assert beslag.bvv_geldig_tot == date(2027, 5, 5)
    assert beslag.eerste_maand == date(2026, 6, 1)
    stap = beslag.stappen.get(soort=BeslagStap.Soort.LOONBESLAG)
    assert stap.tarief_btag == D("159.71") and stap.btag_artikel == "2(1)(k)"  # alimony: Rv 479b
    assert stap.uiterste_datum == date(2026, 5, 15)  # Wed 6 May + 8 = Thu 14 May Hemelvaart → Fri 15 May
    instemmend_dossier.refresh_from_db()
    assert instemmend_dossier.status == Dossier.Status.BESLAG
    assert instemmend_dossier.volgende_actie_datum == date(2026, 5, 15)

    over = services.stap_registreer(
        opdracht=opdracht,
        soort=BeslagStap.Soort.OVERBETEKENING,
        datum=date(2026, 5, 12),
        kosten_in_rekening=D("90.11"),
        beslag=beslag,
        door=casemanager,
    )
    stap.refresh_from_db()
    assert stap.afgerond_op is not None  # overbetekening done in time
    assert over.uiterste_datum == date(2026, 6, 3)  # 6 May + 28 days = Wed 3 June 2026
    instemmend_dossier.refresh_from_db()
    assert instemmend_dossier.volgende_actie_datum == date(2026, 6, 3)


def test_visit_outside_bailiff_hours_is_refused_and_inside_is_planned(
    instemmend_dossier, kantoor, casemanager
):
    opdracht = instrueer(instemmend_dossier, kantoor, casemanager)
    for moment in (datetime(2026, 5, 24, 10, 0), datetime(2026, 5, 26, 6, 59), datetime(2026, 5, 26, 20, 1)):
        with pytest.raises(ValidationError) as fout:
            services.bezoek_plan(opdracht=opdracht, gepland_op=moment.replace(tzinfo=AMS), door=casemanager)
        assert "gepland_op" in fout.value.error_dict
    stap = services.bezoek_plan(
        opdracht=opdracht, gepland_op=datetime(2026, 5, 30, 19, 30, tzinfo=AMS), door=casemanager
    )
    assert stap.uiterste_datum == date(2026, 5, 30)  # a Saturday evening is allowed


def test_wage_garnishment_applies_the_lid_2_formula_and_records_its_inputs(
    instemmend_dossier, kantoor, casemanager, werkgever
):
    # Same function as the calculator (Rv art. 475da lid 2, the worked example of tests/beslag/test_recht.py):
    # single, € 45,000 taxable income, May 2026 → 1331.43 + 128.00 + 562.50 = 2021.93; net 3000 → 978.07 a month.
    from recht.bvv import FormuleInvoer

    opdracht = instrueer(instemmend_dossier, kantoor, casemanager)
    beslag = services.beslag_leg(
        opdracht=opdracht,
        soort=Beslag.Soort.LOON,
        datum=date(2026, 5, 6),
        kosten_in_rekening=D("0"),
        derde=werkgever,
        door=casemanager,
        bvv=BvvInvoer(
            date(2026, 5, 6),
            Huishouden.ALLEENSTAANDE,
            D("3000"),
            formule=FormuleInvoer(D("45000"), D("28000"), D("2100"), D("20000")),
        ),
    )
    assert beslag.bvv_bedrag == D("2021.93") and beslag.maandbedrag == D("978.07")
    assert beslag.bvv_invoer["formule"]["toetsingsinkomen_jaar"] == "45000"
    assert [t["artikel"].split(";")[0] for t in beslag.bvv_termen] == ["Rv art. 475da lid 2 onderdeel a"] * 3
    # the determination step on the timeline carries the answer's message: the formula was below the ceiling
    stap = beslag.stappen.get(soort=BeslagStap.Soort.BVV_VASTSTELLING)
    assert "formule van Rv art. 475da lid 2 geeft 2021.93" in stap.omschrijving


def test_wage_garnishment_takes_the_regulation_amounts_from_the_table(
    instemmend_dossier, kantoor, casemanager, werkgever
):
    """The garnishment uses the same table rows as the calculator (tests/beslag/test_regelingsbedragen.py):
    single, C = 45,000, May 2026, the bailiff gives only C and the minimum-inkomensijkpunt (no table row);
    D = 29,735.424 and the standard premium 2,119 (unconfirmed) from the table:
    1331.43 + min(((45000 − 29735.424) / 12) × 13.730% = 174.65, 2119 / 12 − 47 = 129.58) + 562.50 = 2023.51;
    net 3000 → 3000 − 2023.51 = 976.49 a month to the bailiff."""
    from recht.bvv import FormuleInvoer

    opdracht = instrueer(instemmend_dossier, kantoor, casemanager)
    beslag = services.beslag_leg(
        opdracht=opdracht,
        soort=Beslag.Soort.LOON,
        datum=date(2026, 5, 6),
        kosten_in_rekening=D("0"),
        derde=werkgever,
        door=casemanager,
        bvv=BvvInvoer(
            date(2026, 5, 6),
            Huishouden.ALLEENSTAANDE,
            D("3000"),
            formule=FormuleInvoer(toetsingsinkomen_jaar=D("45000"), minimum_inkomensijkpunt=D("20000")),
        ),
    )
    assert beslag.bvv_bedrag == D("2023.51") and beslag.maandbedrag == D("976.49")
    assert [t["niet_bevestigd"] for t in beslag.bvv_termen] == [False, True, False]
    stap = beslag.stappen.get(soort=BeslagStap.Soort.BVV_VASTSTELLING)
    assert stap.omschrijving.startswith("Beslagvrije voet")
    assert "formule van Rv art. 475da lid 2 geeft 2023.51" in stap.omschrijving


# --- money ------------------------------------------------------------------------------------------------


def _loonbeslag(dossier, kantoor, casemanager, werkgever):
    opdracht = instrueer(dossier, kantoor, casemanager)
    return services.beslag_leg(
        opdracht=opdracht,
        soort=Beslag.Soort.LOON,
        datum=date(2026, 5, 6),
        kosten_in_rekening=D("0"),
        derde=werkgever,
        door=casemanager,
        bvv=BvvInvoer(date(2026, 5, 6), Huishouden.ALLEENSTAANDE_OUDER, D("1250")),
    )


def test_receipt_from_the_bailiff_is_booked_in_the_ledger_once(
    instemmend_dossier, kantoor, casemanager, werkgever
):
    from inning.models import Ontvangst

    beslag = _loonbeslag(instemmend_dossier, kantoor, casemanager, werkgever)
    assert beslag.maandbedrag == D("62.50")  # 1250 − 1187.50
    o = services.beslag_ontvangst_registreer(
        beslag=beslag,
        maand=date(2026, 6, 12),
        bedrag=D("62.50"),
        datum=date(2026, 5, 20),
        door=casemanager,
        referentie="DW-1",
    )
    assert (o.maand, o.verwacht, o.ontvangen) == (date(2026, 6, 1), D("62.50"), D("62.50"))
    assert Ontvangst.objects.get(bron_type="beslag", bron_id=str(o.pk)).bedrag == D("62.50")
    # the same statement line again (same reference) books nothing new
    services.beslag_ontvangst_registreer(
        beslag=beslag,
        maand=date(2026, 6, 12),
        bedrag=D("62.50"),
        datum=date(2026, 5, 20),
        door=casemanager,
        referentie="DW-1",
    )
    assert Ontvangst.objects.filter(bron_type="beslag").count() == 1


def test_missing_month_is_flagged_once_after_its_margin(instemmend_dossier, kantoor, casemanager, werkgever):
    beslag = _loonbeslag(instemmend_dossier, kantoor, casemanager, werkgever)
    # June is expected by 30 June + 14 days = 14 July
    assert services.ontvangsten_controleer(vandaag=date(2026, 7, 14)) == 0
    assert services.ontvangsten_controleer(vandaag=date(2026, 7, 15)) == 1
    assert services.ontvangsten_controleer(vandaag=date(2026, 7, 16)) == 0
    juni = BeslagOntvangst.objects.get(beslag=beslag, maand=date(2026, 6, 1))
    assert juni.ontbreekt and juni.verwacht == D("62.50")
    assert BeslagOntvangst.objects.filter(beslag=beslag).count() == 2  # June and July rows exist
    assert Taak.objects.filter(dossier=instemmend_dossier, sleutel=f"beslag:ontbreekt:{juni.pk}").count() == 1


def test_samenloop_records_the_other_garnishment_and_the_coordinating_bailiff(
    instemmend_dossier, kantoor, casemanager, werkgever
):
    beslag = _loonbeslag(instemmend_dossier, kantoor, casemanager, werkgever)
    services.samenloop_registreer(
        beslag=beslag,
        beslaglegger="Belastingdienst",
        deurwaarder="Deurwaarder Jansen",
        datum=date(2026, 2, 1),
        coordinerend_kantoor=kantoor,
        door=casemanager,
    )
    beslag.refresh_from_db()
    assert beslag.coordinerend_kantoor == kantoor
    assert beslag.samenloop.get().beslaglegger == "Belastingdienst"


def test_proposal_warns_when_costs_exceed_what_the_step_yields(instemmend_dossier):
    p = services.stap_voorstel(
        dossier=instemmend_dossier,
        stap="loonbeslag",
        datum=date(2026, 5, 20),
        achterstand=D("700"),
        beslagruimte_per_maand=D("20"),
        maanden=12,
    )
    # 159.71 (Btag 2(1)(k)) + 90.11 + 12 × 15.80 = 439.42 > min(700, 240) = 240
    assert p.waarschuwing and p.kosten == D("439.42") and p.verwachte_opbrengst == D("240.00")


def test_letter_task_run_twice_stores_one_letter_and_places_one_email(
    instemmend_dossier, kantoor, casemanager
):
    from beslag.tasks import deurwaarder_brief_verstuur
    from dossiers.models import Document

    opdracht = instrueer(
        instemmend_dossier, kantoor, casemanager
    )  # on_commit not run: the task did not run yet
    deurwaarder_brief_verstuur(opdracht.pk)
    deurwaarder_brief_verstuur(opdracht.pk)
    assert Document.objects.filter(dossier=instemmend_dossier, soort=Document.Soort.BRIEF).count() == 1
    assert UitgaandeEmail.objects.filter(sleutel__startswith="beslag:opdracht:").count() == 1


def test_letter_contains_title_arrears_and_debtor_data(instemmend_dossier, kantoor, casemanager):
    from django.template.loader import render_to_string

    from beslag.services import opdrachtbrief_context

    opdracht = instrueer(instemmend_dossier, kantoor, casemanager)
    html = render_to_string("letters/beslag_opdracht.html", {"bureau": {}, **opdrachtbrief_context(opdracht)})
    assert "Rechtbank Midden-Nederland" in html and "C/16/1" in html
    assert instemmend_dossier.debiteur.naam in html and "17-05-1980" in html
    # Kinderalimentatie 350.00 a month from January 2025, nothing paid, to 20 May 2026: 17 termijnen = 5950.00
    assert "€ 5.950,00" in html


def test_work_queue_partial_lists_overdue_bailiff_deadline(instemmend_dossier, kantoor, casemanager):
    from django.template import Context, Template

    opdracht = instrueer(instemmend_dossier, kantoor, casemanager)
    services.stap_registreer(
        opdracht=opdracht,
        soort=BeslagStap.Soort.BETEKENING_TITEL,
        datum=date(2026, 5, 1),
        kosten_in_rekening=D("0"),
        door=casemanager,
    )
    html = Template("{% load beslag_tags %}{% beslag_werkvoorraad %}").render(
        Context({"user": casemanager, "alleen_eigen": True})
    )
    assert instemmend_dossier.nummer in html and "04-05-2026" in html and "verlopen" in html


def test_confirmation_stops_the_reminder_and_moves_the_next_action(instemmend_dossier, kantoor, casemanager):
    opdracht = instrueer(instemmend_dossier, kantoor, casemanager)
    with pytest.raises(ValidationError):
        services.opdracht_beantwoord(opdracht=opdracht, datum=date(2026, 5, 21), door=casemanager)  # tomorrow
    services.opdracht_beantwoord(opdracht=opdracht, datum=date(2026, 5, 4), door=casemanager)
    assert services.rappels_verstuur(vandaag=date(2026, 5, 20)) == 0
    instemmend_dossier.refresh_from_db()
    # no open deadline, no garnishment yet: ask the bailiff for progress in 20 working days
    # (from Wed 20 May 2026: 21–22 May = 2, 26–29 May = 6 (25 May Tweede Pinksterdag), 1–5 June = 11,
    # 8–12 June = 16, 15–18 June = 20 → Thu 18 June 2026)
    assert instemmend_dossier.volgende_actie.startswith("Voortgang navragen")
    assert instemmend_dossier.volgende_actie_datum == date(2026, 6, 18)


def test_monthly_collection_with_samenloop_uses_the_concurrent_tariff(
    instemmend_dossier, kantoor, casemanager, werkgever
):
    beslag = _loonbeslag(instemmend_dossier, kantoor, casemanager, werkgever)
    enkel = services.stap_registreer(
        opdracht=beslag.opdracht,
        soort=BeslagStap.Soort.MAANDAFDRACHT,
        datum=date(2026, 5, 19),
        kosten_in_rekening=D("15.80"),
        beslag=beslag,
        door=casemanager,
    )
    services.samenloop_registreer(
        beslag=beslag, beslaglegger="CJIB", deurwaarder="Jansen", datum=date(2026, 5, 10), door=casemanager
    )
    samen = services.stap_registreer(
        opdracht=beslag.opdracht,
        soort=BeslagStap.Soort.MAANDAFDRACHT,
        datum=date(2026, 5, 20),
        kosten_in_rekening=D("25.14"),
        beslag=beslag,
        door=casemanager,
    )
    assert (enkel.tarief_btag, enkel.btag_artikel) == (D("15.80"), "3(a)")
    assert (samen.tarief_btag, samen.btag_artikel) == (D("25.14"), "3(b)")


def test_every_step_with_a_btag_handeling_is_a_kind_of_step():
    from recht.proportionaliteit import HANDELINGEN, STAP_HANDELING

    assert set(STAP_HANDELING) <= set(BeslagStap.Soort.values)
    # a proposed step is itself a kind of step, and costs its own handeling first
    assert all(HANDELINGEN[stap][0] == (STAP_HANDELING[stap], False) for stap in HANDELINGEN)
