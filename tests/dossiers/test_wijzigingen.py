"""Field-level history of parties, titles, obligations, payout IBANs, consents and tariff rows: who, when, from
and to, on the dossier's tab "Wijzigingen" and in the admin (issue #19 item 3)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as WebClient
from django.urls import reverse
from django.utils import timezone

from dossiers.iban import client_iban_keur_goed, client_iban_wijzig
from dossiers.models import Verplichting
from dossiers.wijzigingen import dossier_modellen, dossier_wijzigingen
from incasso.models import Toestemmingsverzoek
from incasso.services.toestemming import toestemming_beantwoord, toestemming_vraag
from tarieven.models import Indexatie
from tests.conftest import login_als

pytestmark = pytest.mark.django_db

OUD = "NL91ABNA0417164300"  # the client_record fixture's account
NIEUW = "NL20INGB0001234567"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def dossier(registreer):
    return registreer()


def _tab(web: WebClient, dossier_id: int):
    return web.get(reverse("dossiers:wijzigingen", args=[dossier_id]))


def _regels(dossier_id: int, **kwargs):
    return dossier_wijzigingen(dossier_id=dossier_id, **kwargs)


def test_a_payout_iban_changed_by_a_case_manager_shows_who_when_from_and_to(
    dossier, cm_client, casemanager, beheerder
):
    voor = timezone.now()
    client_iban_wijzig(client=dossier.client, iban=NIEUW, tenaamstelling="S. Visser", door=casemanager)
    client_iban_keur_goed(client=dossier.client, door=beheerder)

    iban = next(r for r in _regels(dossier.pk, iban_volledig=True) if r.veld == "IBAN voor uitbetaling")
    assert (iban.van, iban.naar, iban.door, iban.soort) == (OUD, NIEUW, casemanager, "gewijzigd")
    assert iban.onderwerp == "Cliënt Sanne Visser"
    assert voor <= iban.op <= timezone.now()
    regels = _regels(dossier.pk, iban_volledig=True)
    goedgekeurd = next(r for r in regels if r.veld == "IBAN goedgekeurd door")
    assert goedgekeurd.door == beheerder and goedgekeurd.naar == beheerder.get_full_name()
    assert regels.index(goedgekeurd) < regels.index(iban)  # newest first

    response = _tab(cm_client, dossier.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wijzigingen" in html and 'aria-current="page">Wijzigingen' in html
    assert OUD in html and NIEUW in html  # staff see the accounts in full
    assert casemanager.get_full_name() in html
    assert f"{timezone.localtime(iban.op):%d-%m-%Y %H:%M}" in html


def test_ibans_are_cut_to_their_last_four_characters_unless_shown_to_staff(dossier, casemanager):
    client_iban_wijzig(client=dossier.client, iban=NIEUW, tenaamstelling="S. Visser", door=casemanager)
    iban = next(r for r in _regels(dossier.pk) if r.veld == "IBAN voor uitbetaling")
    assert (iban.van, iban.naar) == ("…4300", "…4567")
    assert all(
        OUD not in f"{r.van} {r.naar}" and NIEUW not in f"{r.van} {r.naar}" for r in _regels(dossier.pk)
    )


def test_the_order_records_who_entered_the_obligations_and_their_amounts(dossier):
    aangemaakt = [r for r in _regels(dossier.pk) if r.onderwerp.startswith("Verplichting")]
    assert [(r.soort, r.veld, r.van, r.naar) for r in aangemaakt] == [
        ("aangemaakt", "", "", ""),
        ("aangemaakt", "Bedrag per maand", "—", "€ 325,50"),
    ]


def test_an_obligation_amount_changed_in_the_admin_shows_on_the_tab_and_in_its_admin_history(
    dossier, beheerder, fin_client
):
    v = dossier.verplichtingen.get()
    web = login_als(WebClient(), beheerder)
    response = web.post(
        f"/beheer/dossiers/verplichting/{v.pk}/change/",
        {
            "dossier": dossier.pk,
            "titel": v.titel_id,
            "soort": v.soort,
            "kind_naam": v.kind_naam,
            "kind_geboortedatum": "2015-06-01",
            "bedrag": "350.00",
            "vervaldag": v.vervaldag,
            "vastgesteld_op": "2023-03-01",
            "ingangsdatum": "2023-04-01",
            "einddatum": "2033-06-01",
            "indexeren": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    v.refresh_from_db()
    assert v.bedrag == Decimal("350.00")

    bedrag = next(r for r in _regels(dossier.pk) if r.veld == "Bedrag per maand" and r.soort == "gewijzigd")
    assert (bedrag.van, bedrag.naar, bedrag.door) == ("€ 325,50", "€ 350,00", beheerder)
    assert "€ 350,00" in _tab(fin_client, dossier.pk).content.decode()  # every staff role reads the tab

    historie = web.get(f"/beheer/dossiers/verplichting/{v.pk}/history/")
    assert historie.status_code == 200
    assert "350.00" in historie.content.decode() and beheerder.get_full_name() in historie.content.decode()


def test_a_consent_answer_shows_who_answered_and_from_what_to_what(dossier, casemanager, client_user):
    verzoek = toestemming_vraag(dossier=dossier, soort="formeel_bevel", door=casemanager)
    toestemming_beantwoord(verzoek=verzoek, gegeven=True, door=client_user, toelichting="Akkoord")

    assert Toestemmingsverzoek in dossier_modellen()
    regels = [r for r in _regels(dossier.pk) if r.onderwerp.startswith("Toestemmingsverzoek")]
    status = next(r for r in regels if r.veld == "Status" and r.soort == "gewijzigd")
    assert (status.van, status.naar, status.door) == ("gevraagd", "gegeven", client_user)
    toelichting = next(r for r in regels if r.veld == "Toelichting")
    assert (toelichting.van, toelichting.naar) == ("—", "Akkoord")
    gevraagd = next(r for r in regels if r.soort == "aangemaakt" and r.veld == "")
    assert gevraagd.door == casemanager


def test_a_consent_recorded_by_phone_names_the_case_manager_who_recorded_it(dossier, cm_client, casemanager):
    # the service answers for the client (door=None); who did it comes from the request (the middleware)
    response = cm_client.post(
        reverse("incasso:toestemming_vastleggen", args=[dossier.pk]),
        {
            "vastleg-soort": "formeel_bevel",
            "vastleg-antwoord": "geweigerd",
            "vastleg-kanaal": "telefoon",
            "vastleg-bewijs": SimpleUploadedFile("notitie.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    status = next(r for r in _regels(dossier.pk) if r.veld == "Status" and r.soort == "gewijzigd")
    assert (status.van, status.naar, status.door) == ("gevraagd", "geweigerd", casemanager)


def test_a_tariff_row_changed_by_the_beheerder_is_in_its_history(beheerder):
    rij = Indexatie.objects.get(jaar=2026)
    web = login_als(WebClient(), beheerder)
    for percentage in ("4.60", "4.70"):
        response = web.post(
            f"/beheer/tarieven/indexatie/{rij.pk}/change/",
            {"jaar": 2026, "percentage": percentage, "bron": "Stcrt. 2025, controle", "bevestigd": "on"},
        )
        assert response.status_code == 302
    laatste, vorige = rij.history.all()[:2]
    assert laatste.history_user == vorige.history_user == beheerder
    verschil = {c.field: (c.old, c.new) for c in laatste.diff_against(vorige).changes}
    assert verschil == {"percentage": (Decimal("4.60"), Decimal("4.70"))}

    historie = web.get(f"/beheer/tarieven/indexatie/{rij.pk}/history/")
    assert historie.status_code == 200
    assert "4.70" in historie.content.decode() and beheerder.get_full_name() in historie.content.decode()


def test_an_admin_history_version_is_shown_but_never_put_back(dossier, casemanager, beheerder):
    """The library's revert form would save for anyone who may view: past the IBAN hold, into a read-only
    consent. Here it only shows."""
    client_iban_wijzig(client=dossier.client, iban=NIEUW, tenaamstelling="S. Visser", door=casemanager)
    verzoek = toestemming_vraag(dossier=dossier, soort="formeel_bevel", door=casemanager)
    web = login_als(WebClient(), beheerder)

    eerste = dossier.client.history.earliest()
    url = f"/beheer/dossiers/client/{dossier.client.pk}/history/{eerste.history_id}/"
    assert web.get(url).status_code == 200
    assert web.post(url, {"naam": "X", "uitbetaal_iban": OUD, "land": "NL"}).status_code == 403
    dossier.client.refresh_from_db()
    assert dossier.client.uitbetaal_iban == NIEUW

    versie = verzoek.history.earliest()
    url = f"/beheer/incasso/toestemmingsverzoek/{verzoek.pk}/history/{versie.history_id}/"
    assert web.post(url, {"soort": "formeel_bevel", "status": "gegeven"}).status_code == 403
    verzoek.refresh_from_db()
    assert verzoek.status == Toestemmingsverzoek.Status.GEVRAAGD


def test_the_tab_is_for_staff_only_and_an_unknown_dossier_is_404(dossier, portaal_client, cm_client):
    # a client (even of this very dossier's kind) never reaches a staff page: 403 per the role table
    assert _tab(portaal_client, dossier.pk).status_code == 403
    assert _tab(WebClient(), dossier.pk).status_code == 302  # anonymous: to the login page
    assert _tab(cm_client, dossier.pk + 1000).status_code == 404


def test_the_tab_reads_a_bounded_number_of_queries_with_30_changes(
    dossier, cm_client, casemanager, django_assert_max_num_queries
):
    def wijzig_bedrag(n: int) -> None:
        for i in range(n):
            v = Verplichting.objects.get(dossier=dossier)
            v.bedrag += 1
            v._history_user = casemanager
            v.save()

    def wijzig_iban(ibans: list[str]) -> None:
        for iban in ibans:
            client_iban_wijzig(client=dossier.client, iban=iban, tenaamstelling="S. Visser", door=casemanager)

    wijzig_bedrag(1)
    wijzig_iban([NIEUW])
    with django_assert_max_num_queries(20) as weinig:
        assert _tab(cm_client, dossier.pk).status_code == 200
    wijzig_bedrag(24)
    wijzig_iban([OUD, NIEUW, OUD, NIEUW])
    assert sum(r.soort == "gewijzigd" for r in _regels(dossier.pk)) >= 30
    with django_assert_max_num_queries(20) as veel:
        response = _tab(cm_client, dossier.pk)
    assert response.status_code == 200
    assert len(veel.captured_queries) == len(weinig.captured_queries)  # not one more per change


def test_a_change_older_than_the_history_has_nothing_to_compare_and_is_left_out(dossier):
    # a row that existed before the history did: its first record is a change without a predecessor
    v = dossier.verplichtingen.get()
    v.history.all().delete()
    v.bedrag = Decimal("400.00")
    v._history_date = timezone.now() - timedelta(minutes=1)
    v.save()
    assert not [r for r in _regels(dossier.pk) if r.onderwerp.startswith("Verplichting")]


@pytest.mark.browser
def test_the_tab_is_reached_from_the_dossier_page_and_passes_axe(
    page, live_server, transactional_db, casemanager, registreer
):
    from playwright.sync_api import expect

    from tests.browser import axe_violations, log_in, screenshot

    dossier = registreer()
    client_iban_wijzig(client=dossier.client, iban=NIEUW, tenaamstelling="S. Visser", door=casemanager)
    log_in(page, live_server.url, casemanager, totp=True)
    page.goto(f"{live_server.url}{reverse('dossiers:dossier', args=[dossier.pk])}")
    page.get_by_role("link", name="Wijzigingen", exact=True).click()
    expect(page.get_by_role("heading", name="Wijzigingen", exact=True)).to_be_visible()
    rij = page.get_by_role("row").filter(has_text="IBAN voor uitbetaling").first  # newest first
    expect(rij).to_contain_text(OUD)
    expect(rij).to_contain_text(NIEUW)
    expect(rij).to_contain_text(casemanager.get_full_name())
    assert axe_violations(page) == []
    screenshot(page, "dossiers_wijzigingen")
