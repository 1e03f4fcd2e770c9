"""The debtor's beslagvrije-voet questionnaire (issue 16 point 6): the law computes the answer from the debtor's
answers and the project's tables, the answer is stored, the case manager checks (and corrects) it, a wage
garnishment takes it while it holds (12 months), and on 2027-01-01 — no table rows for that half-year yet — the
answer says so."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from beslag import selectors, services
from beslag.models import Beslag, BvvOpgave
from dossiers.models import Taak, TijdlijnGebeurtenis
from tarieven.models import Regelingsbedrag
from tarieven.selectors import kalender

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(naam="loonstrook.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, PDF, content_type="application/pdf")


@pytest.fixture
def ijkpunt_2026(db):
    """The minimum-inkomensijkpunt (Wht art. 17 lid 1) for 2026 is not in the project's table yet: the beheerder
    enters it. 19,000 is an assumed figure for this example (marked unconfirmed), not the statutory one."""
    return Regelingsbedrag.objects.create(
        soort=Regelingsbedrag.Soort.IJKPUNT_EEN,
        jaar=2026,
        waarde=D("19000"),
        bron="aangenomen waarde voor de test",
        bevestigd=False,
    )


ALLEENSTAANDE = services.BvvAntwoorden(
    partner=False,
    kinderen=0,
    adres="nl",
    netto_inkomen=D("1700.00"),
    vakantiegeld_inbegrepen=True,
    toetsingsinkomen_jaar=D("20400.00"),
    woonsoort="huur",
    woonkosten=D("1100.00"),
    woonkostenverzoek=True,
)


def test_worked_example_single_without_children_uses_the_lid_2_formula(dossier, ijkpunt_2026):
    """Alleenstaande, no children, address in NL, peildatum 1 September 2026; net €1,700/month incl. holiday pay,
    taxable income C = €20,400/year, rent €1,100 with a request to count it.

    Tables on 2026-09-01 (rows of 2026-07-01): norm A = 1,419.46; maximum (lid 1) = 2,208.48; rekenhuur H =
    932.93; D (2026) = 29,735.424; standaardpremie 2,119; minimum-inkomensijkpunt 19,000 (assumed row); E = 13.730%,
    F = 27%, J = 262.67.

    Lid 2:  95% × A = 0.95 × 1,419.46 = 1,348.487 → 1,348.49
            zorgterm: D = min(29,735.424, C) = 20,400 → (C − D)/12 × E = 0.00
            woonterm: I = 20,400 − 19,000 = 1,400; I × 27% / 12 = 31.50; H − J = 670.26 → 31.50
            formula = 1,348.49 + 0.00 + 31.50 = 1,379.99 < maximum 2,208.48 → the formula is used.
    Lid 5–6: 1,100 − (932.93 × 1.10 = 1,026.223 → 1,026.22) = 73.78.
    BVV = 1,379.99 + 73.78 = 1,453.77; 475dc: 95% × 1,700 = 1,615.00 is more, no cap.
    Beslagruimte = 1,700.00 − 1,453.77 = 246.23 a month. Holds until 31 August 2027."""
    with time_machine.travel(datetime(2026, 9, 1, 10, 0, tzinfo=AMS)):
        opgave = services.bvv_opgave_dien_in(
            dossier=dossier,
            antwoorden=ALLEENSTAANDE,
            documenten={"inkomen": pdf(), "woonkosten": pdf("huur.pdf")},
        )
    opgave.refresh_from_db()
    assert opgave.peildatum == date(2026, 9, 1)
    assert opgave.huishouden == "alleenstaande"
    assert opgave.bvv_bedrag == D("1453.77")
    assert opgave.beslagruimte == D("246.23")
    assert opgave.inkomen_incl_vakantiegeld == D("1700.00")
    assert opgave.geldig_tot == date(2027, 8, 31)
    bedragen = [(t["artikel"], t["bedrag"]) for t in opgave.termen]
    assert bedragen == [
        ("Rv art. 475da lid 2 onderdeel a; Participatiewet art. 21 onderdeel a", "1348.49"),
        ("Rv art. 475da lid 2 onderdeel a; lid 3", "0.00"),
        ("Rv art. 475da lid 2 onderdeel a", "31.50"),
        ("Rv art. 475da lid 5–6", "73.78"),
    ]
    assert any("de formule is gebruikt" in m for m in opgave.meldingen)
    assert "aangenomen waarde voor de test" in opgave.onbevestigd  # the unconfirmed row is named
    assert opgave.status == BvvOpgave.Status.INGEDIEND
    assert opgave.antwoorden_debiteur["netto_inkomen"] == "1700.00"

    # documents stored privately, hidden from the client
    docs = list(opgave.documenten.select_related("document"))
    assert [d.soort for d in docs] == ["inkomen", "woonkosten"]
    assert all(d.document.dossier == dossier and not d.document.zichtbaar_voor_client for d in docs)

    # the timeline (internal) and a task for the case manager, five working days on
    assert TijdlijnGebeurtenis.objects.filter(
        dossier=dossier, intern=True, tekst__contains="voorlopige beslagvrije voet € 1.453,77"
    ).exists()
    taak = Taak.objects.get(dossier=dossier, sleutel=f"beslag:bvv-opgave:{opgave.pk}")
    assert taak.deadline == kalender().werkdagen_na(date(2026, 9, 1), 5) == date(2026, 9, 8)
    assert taak.toegewezen_aan == dossier.casemanager


def test_without_the_taxable_income_the_maximum_is_used_and_capped_by_the_income(dossier):
    """Single, no C: lid 1 maximum 2,208.48 (2026-07-01); no housing request; 95% × 1,700 = 1,615.00 caps it."""
    antwoorden = services.BvvAntwoorden(partner=False, kinderen=0, adres="nl", netto_inkomen=D("1700.00"))
    opgave = services.bvv_opgave_dien_in(dossier=dossier, antwoorden=antwoorden, peildatum=date(2026, 9, 1))
    assert opgave.bvv_bedrag == D("1615.00") and opgave.beslagruimte == D("85.00")
    assert any("toetsingsinkomen" in m for m in opgave.meldingen)


def test_on_2027_01_01_the_missing_half_year_rows_are_named(dossier, ijkpunt_2026):
    """No rows for the half-year from 2027-01-01 (maximum, norms) and none of the 2027 regulation amounts: the
    2026-07-01 rows are used and the answer says so; the formula falls back to the maximum 2,208.48 + 73.78 =
    2,282.26, capped at 95% × 1,700 = 1,615.00."""
    with time_machine.travel(datetime(2027, 1, 1, 12, 0, tzinfo=AMS)):
        opgave = services.bvv_opgave_dien_in(dossier=dossier, antwoorden=ALLEENSTAANDE)
    assert opgave.peildatum == date(2027, 1, 1)
    assert opgave.bvv_bedrag == D("1615.00")
    tekst = " ".join(opgave.meldingen)
    assert "heeft nog geen rij voor het halfjaar vanaf 01-01-2027" in tekst
    assert "geen rij voor 2027" in tekst


def test_answers_the_law_refuses_are_kept_without_an_amount(dossier):
    eerder = services.BvvAntwoorden(partner=False, kinderen=0, adres="nl", netto_inkomen=D("2000"))
    services.bvv_opgave_dien_in(dossier=dossier, antwoorden=eerder, peildatum=date(2026, 8, 1))
    assert selectors.bvv_opgave_geldig(dossier=dossier, op=date(2026, 9, 1)) is not None
    buitenland = services.BvvAntwoorden(
        partner=False, kinderen=0, adres="buitenland", netto_inkomen=D("2000")
    )
    opgave = services.bvv_opgave_dien_in(dossier=dossier, antwoorden=buitenland, peildatum=date(2026, 9, 1))
    assert opgave.bvv_bedrag is None and opgave.geldig_tot is None
    assert "landenfactor" in opgave.meldingen[0]
    # the newest answers count: the earlier questionnaire no longer stands in
    assert selectors.bvv_opgave_geldig(dossier=dossier, op=date(2026, 9, 1)) is None


def test_inconsistent_answers_and_a_hostile_file_store_nothing(dossier):
    fout = services.BvvAntwoorden(
        partner=False, kinderen=0, adres="nl", netto_inkomen=D("1700"), partner_inkomen=D("900")
    )
    with pytest.raises(ValidationError) as exc:
        services.bvv_opgave_dien_in(dossier=dossier, antwoorden=fout)
    assert "partner_inkomen" in exc.value.message_dict
    exe = SimpleUploadedFile("loonstrook.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.bvv_opgave_dien_in(
            dossier=dossier, antwoorden=ALLEENSTAANDE, documenten={"inkomen": pdf(), "woonkosten": exe}
        )
    assert "Alleen PDF-, JPEG- en PNG-bestanden" in exc.value.message_dict["bewijs_woonkosten"][0]
    assert not BvvOpgave.objects.exists() and not dossier.documenten.exists()


def test_the_case_manager_checks_and_corrects_which_recomputes(dossier, casemanager, ijkpunt_2026):
    """Correction: the rent is €1,000 (the lease says so): 1,000 < 1,026.22, no housing raise →
    BVV = 1,379.99, beslagruimte 1,700 − 1,379.99 = 320.01."""
    opgave = services.bvv_opgave_dien_in(
        dossier=dossier, antwoorden=ALLEENSTAANDE, peildatum=date(2026, 9, 1)
    )
    gecorrigeerd = replace(ALLEENSTAANDE, woonkosten=D("1000.00"))
    opgave = services.bvv_opgave_beoordeel(
        opgave=opgave, door=casemanager, correcties=gecorrigeerd, toelichting="Huurcontract: € 1.000."
    )
    assert opgave.status == BvvOpgave.Status.BEOORDEELD and opgave.beoordeeld_door == casemanager
    assert opgave.bvv_bedrag == D("1379.99") and opgave.beslagruimte == D("320.01")
    assert opgave.correcties == {"woonkosten": ["1100.00", "1000.00"]}
    assert opgave.antwoorden_debiteur["woonkosten"] == "1100.00"  # the debtor's own answer is kept
    assert Taak.objects.get(sleutel=f"beslag:bvv-opgave:{opgave.pk}").afgerond_op is not None
    # a regulation amount typed by the case manager wins over the table: ijkpunt 20,400 → woonterm 0 → 1,348.49
    opgave = services.bvv_opgave_beoordeel(
        opgave=opgave, door=casemanager, formule={"minimum_inkomensijkpunt": D("20400")}
    )
    assert opgave.bvv_bedrag == D("1348.49")


def test_a_wage_garnishment_takes_the_questionnaire_while_it_holds(
    instemmend_dossier, kantoor, werkgever, casemanager, ijkpunt_2026
):
    """Laid on 2026-10-01 (same half-year, same tables): BVV 1,453.77, monthly amount 246.23. A garnishment on
    2027-09-01 (after 31-08-2027) gets no BVV from it: expired."""
    dossier = instemmend_dossier
    services.bvv_opgave_dien_in(dossier=dossier, antwoorden=ALLEENSTAANDE, peildatum=date(2026, 9, 1))
    assert selectors.bvv_opgave_geldig(dossier=dossier, op=date(2027, 8, 31)) is not None
    assert selectors.bvv_opgave_geldig(dossier=dossier, op=date(2027, 9, 1)) is None
    opdracht = services.deurwaarder_instrueer(dossier=dossier, kantoor=kantoor, door=casemanager)
    beslag = services.beslag_leg(
        opdracht=opdracht,
        soort=Beslag.Soort.LOON,
        datum=date(2026, 10, 1),
        kosten_in_rekening=D("0"),
        derde=werkgever,
        door=casemanager,
    )
    beslag.refresh_from_db()
    assert beslag.bvv_bedrag == D("1453.77") and beslag.maandbedrag == D("246.23")
    assert beslag.bvv_geldig_tot == date(2027, 9, 30)
    assert beslag.bvv_invoer["woonkosten"] == "1100.00"


def test_an_expired_questionnaire_does_not_feed_a_garnishment(
    instemmend_dossier, kantoor, werkgever, casemanager
):
    """Answered on 2025-09-01 (no housing request: the 2026 housing rule did not exist yet), holding until
    2026-08-31: a garnishment on 2026-09-01 gets no BVV from it."""
    dossier = instemmend_dossier
    zonder_woonkosten = replace(ALLEENSTAANDE, woonkostenverzoek=False, woonkosten=None)
    opgave = services.bvv_opgave_dien_in(
        dossier=dossier, antwoorden=zonder_woonkosten, peildatum=date(2025, 9, 1)
    )
    assert opgave.bvv_bedrag is not None and opgave.geldig_tot == date(2026, 8, 31)
    opdracht = services.deurwaarder_instrueer(dossier=dossier, kantoor=kantoor, door=casemanager)
    beslag = services.beslag_leg(
        opdracht=opdracht,
        soort=Beslag.Soort.LOON,
        datum=date(2026, 9, 1),
        kosten_in_rekening=D("0"),
        derde=werkgever,
        door=casemanager,
    )
    beslag.refresh_from_db()
    assert beslag.bvv_bedrag is None


# --- The case manager's garnishment tab -----------------------------------------------------------------------


def test_the_garnishment_tab_warns_without_a_questionnaire(cm_client, dossier):
    body = cm_client.get(f"/staff/beslag/dossier/{dossier.pk}/").content.decode()
    assert "De debiteur heeft de vragenlijst beslagvrije voet niet ingevuld." in body
    assert "De deurwaarder moet de debiteur vóór het loonbeslag" in body


def test_the_case_manager_sees_the_questionnaire_and_checks_it_with_a_correction(
    cm_client, instemmend_dossier, kantoor, casemanager, ijkpunt_2026
):
    dossier = instemmend_dossier
    with time_machine.travel(datetime(2026, 9, 1, 10, 0, tzinfo=AMS)):
        opgave = services.bvv_opgave_dien_in(
            dossier=dossier, antwoorden=ALLEENSTAANDE, documenten={"inkomen": pdf()}
        )
    services.deurwaarder_instrueer(dossier=dossier, kantoor=kantoor, door=casemanager)
    with time_machine.travel(datetime(2026, 9, 3, 10, 0, tzinfo=AMS)):
        body = cm_client.get(f"/staff/beslag/dossier/{dossier.pk}/").content.decode()
        assert "Vragenlijst beslagvrije voet (debiteur)" in body
        assert 'id="bvv-opgave-bedrag">€ 1.453,77<' in body
        assert "Rv art. 475da lid 2 onderdeel a" in body and "Rv art. 475da lid 5–6" in body
        assert "loonstrook of uitkeringsspecificatie: loonstrook.pdf" in body
        assert "ingediend, nog te beoordelen" in body
        assert "De debiteur heeft de vragenlijst" not in body
        # the garnishment form is prefilled from it
        assert 'id="bvv-uit-opgave"' in body
        assert 'name="beslag-woonkosten" value="1100,00"' in body
        assert 'name="beslag-bvv_bepalen"' in body
        doc = opgave.documenten.get().document
        assert cm_client.get(f"/staff/dossiers/{dossier.pk}/documenten/{doc.pk}/").status_code == 200

        data = {
            f"bvv-{k}": v
            for k, v in {
                "kinderen": "0",
                "adres": "nl",
                "netto_inkomen": "1700,00",
                "vakantiegeld_inbegrepen": "on",
                "toetsingsinkomen_jaar": "20400,00",
                "woonsoort": "huur",
                "woonkosten": "1000,00",
                "woonkostenverzoek": "on",
                "toelichting": "Huurcontract gezien.",
            }.items()
        }
        r = cm_client.post(f"/staff/beslag/dossier/{dossier.pk}/bvv/", data)
        assert r.status_code == 302, r.content.decode()[:3000]
    opgave.refresh_from_db()
    assert opgave.status == BvvOpgave.Status.BEOORDEELD and opgave.bvv_bedrag == D("1379.99")
    assert opgave.correcties == {"woonkosten": ["1100.00", "1000.00"]}
    assert opgave.beoordeling == "Huurcontract gezien."


def test_the_questionnaires_documents_are_not_in_the_clients_portal(portaal_client, dossier, client_user):
    dossier.client.user = client_user
    dossier.client.save()
    services.bvv_opgave_dien_in(
        dossier=dossier, antwoorden=ALLEENSTAANDE, documenten={"inkomen": pdf("geheim-loon.pdf")}
    )
    doc = dossier.documenten.get()
    assert not doc.zichtbaar_voor_client


def test_the_bailiffs_instruction_letter_gives_the_questionnaires_answer_or_asks_to_ask(
    instemmend_dossier, kantoor, casemanager, ijkpunt_2026
):
    from django.template.loader import render_to_string

    from beslag.services import opdrachtbrief_context

    dossier = instemmend_dossier
    opdracht = services.deurwaarder_instrueer(
        dossier=dossier, kantoor=kantoor, door=casemanager, datum=date(2026, 9, 2)
    )
    html = render_to_string("letters/beslag_opdracht.html", {"bureau": {}, **opdrachtbrief_context(opdracht)})
    assert "geen geldige vragenlijst over de beslagvrije voet" in html
    services.bvv_opgave_dien_in(dossier=dossier, antwoorden=ALLEENSTAANDE, peildatum=date(2026, 9, 1))
    html = render_to_string("letters/beslag_opdracht.html", {"bureau": {}, **opdrachtbrief_context(opdracht)})
    assert "<strong>€ 1.453,77</strong> per maand" in html and "wij controleren de antwoorden nog" in html


def test_without_an_address_lid_4_applies_and_a_housing_request_is_left_out(dossier):
    """No address in the BRP (Rv art. 475da lid 4): 47.5% × the couple norm of 2026-07-01 = 2,027.79 × 0.475 =
    963.20; the housing raise needs an address in NL, so the request is left out rather than refusing the answer.
    Beslagruimte 1,700.00 − 963.20 = 736.80."""
    zonder_adres = replace(ALLEENSTAANDE, adres="geen")
    opgave = services.bvv_opgave_dien_in(dossier=dossier, antwoorden=zonder_adres, peildatum=date(2026, 9, 1))
    assert opgave.bvv_bedrag == D("963.20") and opgave.beslagruimte == D("736.80")
    assert [t["artikel"] for t in opgave.termen] == ["Rv art. 475da lid 4"]
