import re
from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client as DjangoClient
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone

from dossiers.models import Bericht, DossierInzage, TijdlijnGebeurtenis
from dossiers.services import dossier_accepteer, taak_maak
from tests.conftest import login_als

from .factories import DebiteurFactory, DossierFactory

pytestmark = pytest.mark.django_db

# Thursday 9 April 2026
VANDAAG = date(2026, 4, 9)
NU = "2026-04-09 10:00 +02:00"


@time_machine.travel(NU, tick=False)
def test_work_queue_shows_overdue_next_action_and_stagnant_dossier_and_urgent_order(cm_client, client_user):
    te_laat = DossierFactory(
        volgende_actie="Werkgever bellen", volgende_actie_datum=VANDAAG - timedelta(days=3)
    )
    # Last event on 20 March: 10 working days before 9 April is 26 March (Good Friday/Easter Monday excluded).
    stil = DossierFactory(laatste_gebeurtenis_op=timezone.make_aware(timezone.datetime(2026, 3, 20, 12)))
    niet_stil = DossierFactory(laatste_gebeurtenis_op=timezone.make_aware(timezone.datetime(2026, 3, 30, 12)))
    # Received Tuesday 7 April: 1 working day later is Wednesday 8 April, so on the 9th it is urgent.
    nieuw = DossierFactory(
        status="intake", met__ontvangen_op=timezone.make_aware(timezone.datetime(2026, 4, 7, 9))
    )
    Bericht.objects.create(dossier=te_laat, afzender=client_user, tekst="Is er al betaald?", van_client=True)
    response = cm_client.get(reverse("dossiers:home"))
    assert response.status_code == 200
    ctx = response.context
    assert [d.pk for d in ctx["acties"]] == [te_laat.pk]
    assert ctx["acties"][0].leeftijd == 3
    assert stil.pk in [d.pk for d in ctx["stagnant"]]
    assert niet_stil.pk not in [d.pk for d in ctx["stagnant"]]
    assert [d.pk for d in ctx["nieuw"]] == [nieuw.pk] and ctx["nieuw"][0].urgent
    html = response.content.decode()
    assert "Werkgever bellen" in html and "3 dagen" in html and "urgent" in html
    assert "Is er al betaald?" in html
    # Opening the messages tab marks the message read; it leaves the work queue.
    cm_client.get(reverse("dossiers:taken", args=[te_laat.pk]))
    assert cm_client.get(reverse("dossiers:home")).context["berichten"] == []


@time_machine.travel("2026-04-07 15:00 +02:00", tick=False)
def test_order_received_today_is_not_urgent_yet(cm_client):
    DossierFactory(status="intake", met__ontvangen_op=timezone.now())
    response = cm_client.get(reverse("dossiers:home"))
    assert not response.context["nieuw"][0].urgent


def test_list_filters_by_state_title_country_and_search(cm_client):
    actief = DossierFactory(client__naam="Sanne Visser")
    zonder_titel = DossierFactory(status="regeling", met__titel="geen")
    buitenland = DossierFactory(debiteur=DebiteurFactory(naam="Jan Peeters", land="BE"))
    url = reverse("dossiers:lijst")

    def nummers(**params):
        return {d.nummer for d in cm_client.get(url, params).context["pagina"].object_list}

    assert nummers() == {actief.nummer, zonder_titel.nummer, buitenland.nummer}
    assert nummers(status="regeling") == {zonder_titel.nummer}
    assert nummers(titel="nee") == {zonder_titel.nummer}
    assert nummers(titel="ja") == {actief.nummer, buitenland.nummer}
    assert nummers(land="buitenland") == {buitenland.nummer}
    assert nummers(zoek="visser") == {actief.nummer}
    assert nummers(zoek="Peeters") == {buitenland.nummer}
    assert nummers(zoek=actief.nummer) == {actief.nummer}
    kenmerk = buitenland.betaalkenmerk
    assert nummers(zoek=f"{kenmerk[:4]} {kenmerk[4:]}".lower()) == {buitenland.nummer}


def test_list_filters_by_case_manager_and_stagnant(cm_client, casemanager):
    eigen = DossierFactory(casemanager=casemanager)
    geen = DossierFactory()
    oud = DossierFactory(laatste_gebeurtenis_op=timezone.now() - timedelta(days=40))
    url = reverse("dossiers:lijst")
    assert [d.pk for d in cm_client.get(url, {"casemanager": casemanager.pk}).context["pagina"]] == [eigen.pk]
    assert {d.pk for d in cm_client.get(url, {"casemanager": "geen"}).context["pagina"]} == {geen.pk, oud.pk}
    assert [d.pk for d in cm_client.get(url, {"stagnant": "on"}).context["pagina"]] == [oud.pk]


def _maak_dossiers(aantal: int) -> None:
    for i in range(aantal):
        d = DossierFactory(
            status="intake" if i % 3 == 0 else "actief",
            volgende_actie_datum=timezone.localdate() - timedelta(days=1),
            laatste_gebeurtenis_op=timezone.now() - timedelta(days=30),
        )
        taak_maak(dossier=d, omschrijving="Bellen", deadline=timezone.localdate())


def _aantal_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("naam", ["dossiers:lijst", "dossiers:home"])
def test_list_and_work_queue_queries_do_not_grow_with_the_number_of_dossiers(cm_client, naam, monkeypatch):
    # both sizes beyond the work queue's cap per section, where a full section also counts its rows
    monkeypatch.setattr("dossiers.selectors.WERKVOORRAAD_MAX", 3)
    url = reverse(naam)
    _maak_dossiers(10)
    bij_10 = _aantal_queries(cm_client, url)
    _maak_dossiers(30)
    bij_40 = _aantal_queries(cm_client, url)
    assert bij_40 == bij_10


def test_dossier_list_with_30_dossiers_stays_within_12_queries(cm_client, django_assert_max_num_queries):
    _maak_dossiers(30)
    # session, user, groups, OTP device, count, page, casemanagers for the filter, savepoints: about 10.
    with django_assert_max_num_queries(12):
        assert cm_client.get(reverse("dossiers:lijst")).status_code == 200


def test_dossier_without_title_shows_banner_and_debtor_abroad_is_flagged(cm_client, casemanager):
    d = DossierFactory(met__titel="geen", debiteur=DebiteurFactory(land="DE"))
    html = cm_client.get(reverse("dossiers:dossier", args=[d.pk])).content.decode()
    assert "Zonder executoriale titel is alleen minnelijke incasso mogelijk." in html
    assert "Debiteur woont in het buitenland (DE)" in html
    met_titel = DossierFactory()
    html = cm_client.get(reverse("dossiers:dossier", args=[met_titel.pk])).content.decode()
    assert "Zonder executoriale titel" not in html


def test_every_tab_renders_and_logs_the_view(cm_client, casemanager):
    d = DossierFactory()
    taak_maak(dossier=d, omschrijving="Werkgever opvragen", deadline=timezone.localdate())
    for naam in ("dossier", "partijen", "titel", "tijdlijn", "documenten", "taken"):
        response = cm_client.get(reverse(f"dossiers:{naam}", args=[d.pk]))
        assert response.status_code == 200, naam
    assert DossierInzage.objects.filter(dossier=d, gebruiker=casemanager).count() == 6


def test_case_manager_accepts_an_order_from_the_dossier_page(cm_client, casemanager, monkeypatch):
    monkeypatch.setattr("incasso.tasks.eerste_aanmaning.delay", lambda dossier_id: None)
    d = DossierFactory(status="intake", volgende_actie="Opdracht beoordelen")
    response = cm_client.post(reverse("dossiers:accepteer", args=[d.pk]), {"acc-casemanager": ""})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == "actief" and d.casemanager == casemanager


def test_refusing_without_reason_shows_error_and_keeps_the_order(cm_client):
    d = DossierFactory(status="intake")
    response = cm_client.post(reverse("dossiers:weiger", args=[d.pk]), {"weiger-reden": ""})
    assert response.status_code == 400
    assert "Dit veld is vereist." in response.content.decode()
    d.refresh_from_db()
    assert d.status == "intake"
    response = cm_client.post(reverse("dossiers:weiger", args=[d.pk]), {"weiger-reden": "Geen verplichting"})
    d.refresh_from_db()
    assert response.status_code == 302 and d.status == "geweigerd"


def test_notes_tasks_and_next_action_from_the_staff_pages(cm_client, casemanager):
    d = DossierFactory()
    cm_client.post(reverse("dossiers:notitie", args=[d.pk]), {"notitie-tekst": "Let op: debiteur verhuisd"})
    cm_client.post(
        reverse("dossiers:telefoonnotitie", args=[d.pk]), {"tel-gesprek_met": "cliënt", "tel-tekst": "Belde"}
    )
    morgen = timezone.localdate() + timedelta(days=1)
    cm_client.post(
        reverse("dossiers:taak_nieuw", args=[d.pk]),
        {"taak-omschrijving": "BRP opvragen", "taak-deadline": morgen},
    )
    response = cm_client.post(
        reverse("dossiers:volgende_actie", args=[d.pk]),
        {"actie-actie": "Deurwaarder voorstellen", "actie-datum": morgen.strftime("%d-%m-%Y")},
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.volgende_actie == "Deurwaarder voorstellen" and d.volgende_actie_datum == morgen
    soorten = set(TijdlijnGebeurtenis.objects.filter(dossier=d).values_list("soort", flat=True))
    assert {"notitie", "telefoon", "taak"} <= soorten
    assert d.taken.get().omschrijving == "BRP opvragen"
    # A date in the past is refused with a Dutch message, the typed text is kept.
    response = cm_client.post(
        reverse("dossiers:volgende_actie", args=[d.pk]),
        {"actie-actie": "Te laat", "actie-datum": "2020-01-01"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "mag niet in het verleden liggen" in html and 'value="Te laat"' in html
    response = cm_client.post(
        reverse("dossiers:volgende_actie", args=[d.pk]), {"actie-actie": "X", "actie-datum": "31-02-2026"}
    )
    assert "Vul een datum in als dd-mm-jjjj" in response.content.decode()


def test_phone_order_creates_client_and_intake_dossier(cm_client, casemanager):
    data = {
        "client_email": "nieuw@example.nl",
        "client_naam": "Fatima Bakker",
        "client_iban": "NL91ABNA0417164300",
        "client_tenaamstelling": "F. Bakker",
        "debiteur_naam": "Rob Bakker",
        "debiteur_straat": "Markt 3",
        "debiteur_woonplaats": "Gouda",
        "debiteur_land": "NL",
        "titel_soort": "geen",
        "soort": "partneralimentatie",
        "bedrag": "850,00",
        "vervaldag": "1",
        "vastgesteld_op": "2024-01-01",
        "ingangsdatum": "2024-02-01",
        "voorwaarden": "on",
    }
    response = cm_client.post(reverse("dossiers:telefonisch"), data)
    assert response.status_code == 302, response.context["form"].errors
    from dossiers.models import Dossier

    d = Dossier.objects.get()
    assert d.status == "intake" and d.client.naam == "Fatima Bakker" and d.opdracht.kanaal == "telefoon"
    assert d.opdracht.ingevoerd_door == casemanager
    assert str(d.verplichtingen.get().bedrag) == "850.00"


def test_phone_order_with_title_but_no_date_shows_error_on_the_field(cm_client):
    data = {
        "client_email": "x@example.nl",
        "client_naam": "X",
        "debiteur_naam": "Y",
        "debiteur_adres_onbekend": "on",
        "debiteur_land": "NL",
        "titel_soort": "vonnis",
        "soort": "partneralimentatie",
        "bedrag": "500",
        "vervaldag": "1",
        "vastgesteld_op": "2024-01-01",
        "ingangsdatum": "2024-02-01",
        "voorwaarden": "on",
    }
    response = cm_client.post(reverse("dossiers:telefonisch"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["titel_datum"] == [
        "Vul de datum van de beschikking, het vonnis of de akte in."
    ]


# --- access ------------------------------------------------------------------------------------------------


def _dossier_urls(dossier, taak, document) -> list[tuple[str, str]]:
    """Every URL pattern of the dossiers app, with ids filled in; walked, not hand-picked."""
    from dossiers.models import DebiteurVraag
    from staf.dossiers import urls

    vraag = DebiteurVraag.objects.create(dossier=dossier, soort="vraag", tekst="Hoe zit het?")
    waarden = {
        "dossier_id": dossier.pk,
        "taak_id": taak.pk,
        "document_id": document.pk,
        "verzoek_id": 1,
        "vraag_id": vraag.pk,
    }
    resultaat = []
    for patroon in urls.urlpatterns:
        assert isinstance(patroon, URLPattern) and not isinstance(patroon, URLResolver)
        kwargs = {k: waarden[k] for k in patroon.pattern.converters}
        resultaat.append((patroon.name, reverse(f"dossiers:{patroon.name}", kwargs=kwargs)))
    return resultaat


@pytest.fixture
def alle_urls(db):
    from django.core.files.base import ContentFile

    from dossiers.models import Document

    d = DossierFactory()
    taak = taak_maak(dossier=d, omschrijving="x", deadline=date(2026, 5, 1))
    doc = Document.objects.create(dossier=d, soort="overig", naam="a.pdf", content_type="application/pdf")
    doc.bestand.save("a.pdf", ContentFile(b"%PDF-1.4"))
    return _dossier_urls(d, taak, doc)


def test_every_staff_url_sends_anonymous_users_to_login(alle_urls):
    anoniem = DjangoClient()
    assert len(alle_urls) >= 15
    for naam, url in alle_urls:
        for methode in (anoniem.get, anoniem.post):
            response = methode(url)
            assert response.status_code == 302 and "/account/" in response["Location"], (naam, url)


def test_every_staff_url_refuses_clients(alle_urls, portaal_client):
    for naam, url in alle_urls:
        for methode in (portaal_client.get, portaal_client.post):
            assert methode(url).status_code == 403, (naam, url)


def test_staff_without_totp_is_refused(alle_urls, casemanager):
    zonder_totp = DjangoClient()
    zonder_totp.force_login(casemanager, backend="accounts.backends.EmailBackend")
    for naam, url in alle_urls:
        assert zonder_totp.get(url).status_code == 403, (naam, url)


def test_staff_can_open_a_document_of_the_dossier(cm_client, alle_urls):
    url = dict(alle_urls)["document"]
    response = cm_client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4"


def test_accepting_via_service_keeps_login_helper_importable():
    # login_als and dossier_accepteer are used by other test modules; importing them here guards the API.
    assert callable(login_als) and callable(dossier_accepteer)


def test_list_is_paginated_by_25_and_keeps_the_filters(cm_client):
    _maak_dossiers(30)
    response = cm_client.get(reverse("dossiers:lijst"), {"status": "actief"})
    pagina = response.context["pagina"]
    assert pagina.paginator.count == 20 and len(pagina.object_list) == 20
    response = cm_client.get(reverse("dossiers:lijst"))
    assert len(response.context["pagina"].object_list) == 25
    assert len(cm_client.get(reverse("dossiers:lijst"), {"pagina": 2}).context["pagina"].object_list) == 5
    assert "status=actief&amp;pagina=2" not in response.content.decode()  # no filter given, none kept
    html = cm_client.get(reverse("dossiers:lijst"), {"titel": "ja"}).content.decode()
    assert "titel=ja&amp;pagina=2" in html


def test_work_queue_mine_shows_only_my_and_unassigned_dossiers(cm_client, casemanager, maak_gebruiker):
    collega = maak_gebruiker("casemanager")
    gisteren = timezone.localdate() - timedelta(days=1)
    mijn = DossierFactory(casemanager=casemanager, volgende_actie_datum=gisteren)
    ander = DossierFactory(casemanager=collega, volgende_actie_datum=gisteren)
    alle = {d.pk for d in cm_client.get(reverse("dossiers:home")).context["acties"]}
    eigen = {d.pk for d in cm_client.get(reverse("dossiers:home"), {"mijn": "1"}).context["acties"]}
    assert alle == {mijn.pk, ander.pk} and eigen == {mijn.pk}


@time_machine.travel(NU, tick=False)
def test_suspending_from_the_dossier_page_needs_reason_and_end_date(cm_client):
    d = DossierFactory()
    url = reverse("dossiers:status", args=[d.pk])
    response = cm_client.post(url, {"status-naar": "opgeschort", "status-reden": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Geef een reden voor het opschorten." in html and "Geef aan tot wanneer" in html
    response = cm_client.post(
        url,
        {
            "status-naar": "opgeschort",
            "status-reden": "Schuldsanering",
            "status-opgeschort_tot": "01-05-2026",
        },
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == "opgeschort" and d.volgende_actie_datum == date(2026, 5, 1)
    # A state the machine does not allow is not even offered.
    response = cm_client.post(url, {"status-naar": "beslag", "status-reden": "x"})
    assert response.status_code == 400 and d.__class__.objects.get(pk=d.pk).status == "opgeschort"


def test_status_change_has_no_state_preselected_and_asks_for_one(cm_client):
    d = DossierFactory(status="actief", volgende_actie="Bellen")
    html = cm_client.get(reverse("dossiers:dossier", args=[d.pk])).content.decode()
    keuze = html[html.index('name="status-naar"') :]
    keuze = keuze[: keuze.index("</select>")]
    assert '<option value="" selected>— kies een status —</option>' in keuze
    assert keuze.count("selected") == 1  # only the empty choice
    response = cm_client.post(
        reverse("dossiers:status", args=[d.pk]), {"status-naar": "", "status-reden": "x"}
    )
    assert response.status_code == 400
    assert "Kies de nieuwe status." in response.content.decode()
    d.refresh_from_db()
    assert d.status == "actief"


def test_financieel_lands_on_the_money_work_and_the_case_manager_on_the_work_queue(fin_client, cm_client):
    r = fin_client.get("/")
    assert r.status_code == 302 and r.url == reverse("inning:index")
    html = fin_client.get(r.url).content.decode()
    assert "Ontvangsten zonder dossier" in html and reverse("uitbetaling:batches") in html
    assert cm_client.get("/").url == reverse("dossiers:home")


def test_work_list_sorts_filters_overdue_pages_beyond_25_and_shows_the_arrears(cm_client, casemanager):
    from decimal import Decimal

    from dossiers.models import Verplichting

    vandaag = timezone.localdate()
    laat = DossierFactory(
        status="actief", volgende_actie="Bellen", volgende_actie_datum=vandaag - timedelta(days=3)
    )
    op_tijd = DossierFactory(
        status="actief", volgende_actie="Bellen", volgende_actie_datum=vandaag + timedelta(days=3)
    )
    # An extra € 250,00 a month from the 1st of the month two months back, nothing paid: three terms
    # due = € 750,00 more arrears on this dossier than on the other (same factory obligations).
    maand = (vandaag.replace(day=1) - timedelta(days=40)).replace(day=1)
    Verplichting.objects.create(
        dossier=laat, soort="kinderalimentatie", kind_naam="Sam", bedrag=Decimal("250.00"),
        vastgesteld_op=maand, ingangsdatum=maand, vervaldag=1, indexeren=False,
    )  # fmt: skip
    url = reverse("dossiers:lijst")
    assert [d.pk for d in cm_client.get(url, {"te_laat": "on"}).context["pagina"]] == [laat.pk]
    oplopend = [d.pk for d in cm_client.get(url, {"sorteer": "actie"}).context["pagina"]]
    aflopend = [d.pk for d in cm_client.get(url, {"sorteer": "-actie"}).context["pagina"]]
    assert oplopend == [laat.pk, op_tijd.pk] and aflopend == [op_tijd.pk, laat.pk]
    html = cm_client.get(url, {"sorteer": "actie"}).content.decode()
    assert 'aria-sort="ascending"' in html
    from inning.achterstand import dossier_achterstand
    from recht.geld import euro

    open_laat, open_op_tijd = (dossier_achterstand(dossier=d).totaal.open for d in (laat, op_tijd))
    assert open_laat - open_op_tijd == Decimal("750.00")  # the extra obligation, beside the factory's own
    assert euro(open_laat) in html and euro(open_op_tijd) in html

    _maak_dossiers(28)  # 30 in all: 25 on page 1 by default, all 30 with 50 a page
    assert len(cm_client.get(url).context["pagina"].object_list) == 25
    assert len(cm_client.get(url, {"per_pagina": "50"}).context["pagina"].object_list) == 30


def test_bulk_assign_and_bulk_next_action_change_every_ticked_dossier_with_a_timeline_note(
    cm_client, casemanager
):
    a, b, c = (DossierFactory(status="actief", volgende_actie="Bellen") for _ in range(3))
    url = reverse("dossiers:bulk")
    r = cm_client.post(url, {"actie": "toewijzen", "casemanager": casemanager.pk, "dossiers": [a.pk, b.pk]})
    assert r.status_code == 302
    for d in (a, b, c):
        d.refresh_from_db()
    assert a.casemanager == casemanager and b.casemanager == casemanager and c.casemanager is None
    assert a.tijdlijn.filter(tekst__startswith="Casemanager:").exists()

    datum = timezone.localdate() + timedelta(days=5)
    r = cm_client.post(
        url, {"actie": "volgende_actie", "volgende_actie": "Debiteur bellen", "datum": datum.isoformat(),
              "dossiers": [b.pk, c.pk]},
    )  # fmt: skip
    assert r.status_code == 302
    for d in (a, b, c):
        d.refresh_from_db()
    assert (b.volgende_actie, b.volgende_actie_datum) == ("Debiteur bellen", datum)
    assert (c.volgende_actie, c.volgende_actie_datum) == ("Debiteur bellen", datum)
    assert a.volgende_actie == "Bellen"

    # Nothing ticked, or no date: a Dutch message and nothing changes.
    r = cm_client.post(url, {"actie": "toewijzen", "casemanager": casemanager.pk})
    assert r.status_code == 400 and "Kies eerst een of meer dossiers" in r.content.decode()
    r = cm_client.post(url, {"actie": "volgende_actie", "volgende_actie": "x", "dossiers": [a.pk]})
    assert r.status_code == 400 and "Vul een uiterste datum in." in r.content.decode()
    # A dossier id that does not exist is refused, not skipped (the message would count it otherwise).
    r = cm_client.post(
        url, {"actie": "toewijzen", "casemanager": casemanager.pk, "dossiers": [c.pk, 999_999]}
    )
    assert r.status_code == 400
    a.refresh_from_db()
    c.refresh_from_db()
    assert a.volgende_actie == "Bellen" and c.casemanager is None


def test_phone_order_takes_several_children_and_uses_the_date_picker(cm_client):
    html = cm_client.get(reverse("dossiers:telefonisch")).content.decode()
    assert 'type="date" name="ingangsdatum"' in html and 'name="extra-0-kind_naam"' in html
    data = {
        "client_email": "twee@example.nl", "client_naam": "Fatima Bakker", "debiteur_naam": "Rob Bakker",
        "debiteur_straat": "Markt 3", "debiteur_woonplaats": "Gouda", "debiteur_land": "NL",
        "titel_soort": "geen", "voorwaarden": "on",
        "soort": "kinderalimentatie", "kind_naam": "Sam", "kind_geboortedatum": "2015-03-01", "bedrag": "350,00", "vervaldag": "1",
        "vastgesteld_op": "2024-01-01", "ingangsdatum": "2024-02-01",
        "extra-TOTAL_FORMS": "3", "extra-INITIAL_FORMS": "0", "extra-MIN_NUM_FORMS": "0", "extra-MAX_NUM_FORMS": "12",
        "extra-0-soort": "kinderalimentatie", "extra-0-kind_naam": "Noor", "extra-0-kind_geboortedatum": "12-06-2017", "extra-0-bedrag": "325,50",
        "extra-0-vastgesteld_op": "2024-01-01", "extra-0-ingangsdatum": "2024-02-01",
        "extra-1-soort": "partneralimentatie", "extra-1-bedrag": "1.200,00",
        "extra-1-vastgesteld_op": "01-01-2024", "extra-1-ingangsdatum": "01-02-2024",
    }  # fmt: skip
    response = cm_client.post(reverse("dossiers:telefonisch"), data)
    assert response.status_code == 302, re.findall(
        r'invalid-feedback d-block">([^<]*)<', response.content.decode()
    )
    from dossiers.models import Dossier

    d = Dossier.objects.get()
    assert sorted((v.soort, v.kind_naam, str(v.bedrag)) for v in d.verplichtingen.all()) == [
        ("kinderalimentatie", "Noor", "325.50"),
        ("kinderalimentatie", "Sam", "350.00"),
        ("partneralimentatie", "", "1200.00"),
    ]


def test_phone_order_with_a_half_filled_extra_row_keeps_everything_and_says_what_is_missing(cm_client):
    data = {
        "client_email": "x@example.nl", "client_naam": "X", "debiteur_naam": "Y", "debiteur_adres_onbekend": "on",
        "debiteur_land": "NL", "titel_soort": "geen", "voorwaarden": "on",
        "soort": "kinderalimentatie", "bedrag": "350", "vervaldag": "1",
        "vastgesteld_op": "2024-01-01", "ingangsdatum": "2024-02-01",
        "extra-TOTAL_FORMS": "3", "extra-INITIAL_FORMS": "0", "extra-MIN_NUM_FORMS": "0", "extra-MAX_NUM_FORMS": "12",
        "extra-0-kind_naam": "Noor", "extra-0-bedrag": "325,50",
    }  # fmt: skip
    response = cm_client.post(reverse("dossiers:telefonisch"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vul dit in, of laat de hele regel leeg." in html and 'value="Noor"' in html
    from dossiers.models import Dossier

    assert not Dossier.objects.exists()


def test_work_queue_sections_beyond_their_cap_link_to_the_full_list(cm_client, monkeypatch):
    monkeypatch.setattr("dossiers.selectors.WERKVOORRAAD_MAX", 3)
    _maak_dossiers(8)  # five of them active with an overdue action (every third is an intake), three shown
    html = cm_client.get(reverse("dossiers:home")).content.decode()
    assert "Alle 5 in de lijst" in html and "?te_laat=on&amp;sorteer=actie&amp;per_pagina=100" in html
    lijst = cm_client.get(
        reverse("dossiers:lijst"), {"te_laat": "on", "sorteer": "actie", "per_pagina": "100"}
    )
    assert len(lijst.context["pagina"].object_list) == 8  # the list also has the overdue intake orders
