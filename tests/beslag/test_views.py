"""Staff pages of the bailiff track and the public calculator pages."""

from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client as DjangoClient
from django.urls import reverse

from beslag import services
from beslag.models import Beslag, Derde, Deurwaarderskantoor

from .conftest import DerdeFactory, KantoorFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def test_bailiff_register_lists_and_creates_with_iban_check(cm_client):
    KantoorFactory(naam="Deurwaarders Noord")
    r = cm_client.get("/staff/beslag/kantoren/")
    assert r.status_code == 200 and "Deurwaarders Noord" in r.content.decode()
    r = cm_client.post(
        "/staff/beslag/kantoren/",
        {
            "naam": "Deurwaarders Zuid",
            "email": "zuid@example.nl",
            "iban": "NL00BANK0000000000",
            "straat": "Markt 1",
        },
    )
    assert r.status_code == 200
    assert "geen geldig IBAN" in r.content.decode()
    assert 'value="Markt 1"' in r.content.decode()  # nothing typed is lost
    r = cm_client.post(
        "/staff/beslag/kantoren/",
        {"naam": "Deurwaarders Zuid", "email": "zuid@example.nl", "iban": "NL91 ABNA 0417 1643 00"},
    )
    assert r.status_code == 302
    assert Deurwaarderskantoor.objects.get(naam="Deurwaarders Zuid").iban == "NL91ABNA0417164300"


def test_third_party_register_creates_a_benefits_agency(cm_client):
    r = cm_client.post(
        "/staff/beslag/derden/", {"naam": "UWV Utrecht", "soort": "uwv", "email": "uwv@example.nl"}
    )
    assert r.status_code == 302
    assert Derde.objects.get().soort == Derde.Soort.UWV
    assert "UWV Utrecht" in cm_client.get("/staff/beslag/derden/").content.decode()


def test_bailiff_pages_need_staff(portaal_client):
    assert DjangoClient().get("/staff/beslag/kantoren/").status_code == 302
    assert portaal_client.get("/staff/beslag/kantoren/").status_code == 403


def test_dossier_page_refuses_instruction_without_consent_with_the_reason(cm_client, dossier):
    KantoorFactory()
    kantoor = Deurwaarderskantoor.objects.get()
    r = cm_client.post(f"/staff/beslag/dossier/{dossier.pk}/instrueer/", {"instrueer-kantoor": kantoor.pk})
    assert r.status_code == 200
    assert "geen toestemming" in r.content.decode()


def test_dossier_page_shows_proposal_with_proportionality_warning(cm_client, dossier):
    r = cm_client.get(
        f"/staff/beslag/dossier/{dossier.pk}/voorstel/",
        {
            "voorstel-stap": "bankbeslag",
            "voorstel-achterstand": "150.00",
            "voorstel-verwacht_saldo": "5000",
            "voorstel-maanden": "1",
        },
    )
    body = r.content.decode()
    assert r.status_code == 200
    assert "Waarschuwing (proportionaliteit)" in body
    assert "350.79" in body  # 260.68 + 90.11 in 2026 (the date is today)


def test_dossier_track_page_has_a_bounded_number_of_queries(
    cm_client, instemmend_dossier, casemanager, django_assert_max_num_queries
):
    kantoor = KantoorFactory()
    werkgever = DerdeFactory()
    with time_machine.travel(datetime(2026, 5, 20, 10, tzinfo=AMS), tick=False):
        opdracht = services.deurwaarder_instrueer(
            dossier=instemmend_dossier, kantoor=kantoor, door=casemanager
        )
        for i in range(3):
            beslag = services.beslag_leg(
                opdracht=opdracht,
                soort=Beslag.Soort.LOON,
                datum=date(2026, 5, 6 + i),
                kosten_in_rekening=D("10"),
                derde=werkgever,
                door=casemanager,
            )
            services.samenloop_registreer(
                beslag=beslag,
                beslaglegger="CJIB",
                deurwaarder="Jansen",
                datum=date(2026, 1, 1),
                door=casemanager,
            )
        with django_assert_max_num_queries(40):
            r = cm_client.get(f"/staff/beslag/dossier/{instemmend_dossier.pk}/")
    assert r.status_code == 200
    assert r.content.decode().count("CJIB") == 3


def test_public_bvv_page_computes_with_articles(client):
    cache.clear()
    r = client.post(
        "/rekenhulp/beslag/beslagvrije-voet/",
        {
            "datum": "2026-01-01",
            "huishouden": "alleenstaande_ouder",
            "netto_inkomen": "1250",
            "vakantiegeld_inbegrepen": "on",
            "adres": "nl",
        },
    )
    body = r.content.decode()
    assert r.status_code == 200, body
    assert "1.187,50" in body and "475dc lid 1" in body


def test_public_btag_page_computes_and_rejects_a_year_without_tariff(client):
    cache.clear()
    r = client.post("/rekenhulp/beslag/btag/", {"handeling": "betekening_titel", "datum": "2025-06-01"})
    assert r.status_code == 200 and "130,00" in r.content.decode()
    r = client.post("/rekenhulp/beslag/btag/", {"handeling": "betekening_titel", "datum": "2023-06-01"})
    assert r.status_code == 400 and "2023" in r.content.decode()


def test_dossier_page_for_a_debtor_abroad_explains_why_domestic_steps_do_not_apply(cm_client, casemanager):
    from .conftest import DossierFactory

    d = DossierFactory(casemanager=casemanager, debiteur__land="BE")
    body = cm_client.get(f"/staff/beslag/dossier/{d.pk}/").content.decode()
    assert "De debiteur woont in het buitenland (BE)" in body


def test_panel_tag_for_the_dossier_page_renders_the_track(dossier):
    from django.template import Context, Template

    html = Template("{% load beslag_tags %}{% beslag_paneel dossier %}").render(Context({"dossier": dossier}))
    assert "Er is nog geen deurwaarder ingeschakeld." in html
    assert f"/staff/beslag/dossier/{dossier.pk}/" in html


def test_work_queue_home_shows_the_bailiff_deadlines_block(cm_client, instemmend_dossier, casemanager):
    kantoor = KantoorFactory()
    with time_machine.travel(datetime(2026, 5, 20, 10, tzinfo=AMS), tick=False):
        opdracht = services.deurwaarder_instrueer(
            dossier=instemmend_dossier, kantoor=kantoor, door=casemanager
        )
        services.stap_registreer(
            opdracht=opdracht,
            soort="betekening_titel",
            datum=date(2026, 5, 19),
            kosten_in_rekening=D("0"),
            door=casemanager,
        )
        body = cm_client.get("/staff/").content.decode()
    assert "Termijnen deurwaarder" in body
    assert instemmend_dossier.nummer in body and "21-05-2026" in body  # Tue 19 May + 2 days


def test_dossier_overview_shows_the_bailiff_track_and_a_tab_to_it(cm_client, dossier):
    body = cm_client.get(f"/staff/dossiers/{dossier.pk}/").content.decode()
    assert "Deurwaarder en beslag" in body
    assert f'href="/staff/beslag/dossier/{dossier.pk}/"' in body


def test_dossier_page_lists_expected_costs_and_flags_steps_costing_more_than_the_arrears(cm_client, dossier):
    # arrears on 20 May 2026: 17 × 350.00 = 5950.00 (Jan 2025 – May 2026, nothing paid): no step costs more
    with time_machine.travel(datetime(2026, 5, 20, 10, tzinfo=AMS), tick=False):
        body = cm_client.get(f"/staff/beslag/dossier/{dossier.pk}/").content.decode()
    assert "€ 5.950,00" in body
    assert "€ 439,42" in body  # loonbeslag 159.71 (Btag 2(1)(k)) + 90.11 + 12 × 15.80
    assert "kosten hoger dan de achterstand" not in body
    # a dossier only one month in arrears (350.00): loonbeslag (439.42) costs more than it could ever yield
    dossier.verplichtingen.update(ingangsdatum=date(2026, 5, 1))
    with time_machine.travel(datetime(2026, 5, 20, 10, tzinfo=AMS), tick=False):
        body = cm_client.get(f"/staff/beslag/dossier/{dossier.pk}/").content.decode()
    assert (
        body.count("kosten hoger dan de achterstand") == 2
    )  # loonbeslag 464.62 and bankbeslag 350.79 > 350.00


def test_bailiff_and_arrangement_pages_keep_the_dossier_tabs(cm_client, dossier):
    for url, actief in (
        (reverse("beslag:dossier", args=[dossier.pk]), "Deurwaarder"),
        (reverse("incasso:regeling_nieuw", args=[dossier.pk]), "Incasso"),
    ):
        html = cm_client.get(url).content.decode()
        assert 'aria-label="Onderdelen van het dossier"' in html, url
        for tab in ("Overzicht", "Achterstand", "Tijdlijn", "Geld", "Incasso", "Deurwaarder"):
            assert f">{tab}</a>" in html, (url, tab)
        assert f'aria-current="page">{actief}</a>' in html, url


def _stap(dossier, kantoor, uiterste: date):
    from beslag.models import BeslagStap, DeurwaarderOpdracht

    opdracht = DeurwaarderOpdracht.objects.filter(
        dossier=dossier
    ).first() or DeurwaarderOpdracht.objects.create(
        dossier=dossier,
        kantoor=kantoor,
        geinstrueerd_op=uiterste,
        antwoord_uiterlijk=uiterste,
        rappel_op=uiterste,
    )
    return BeslagStap.objects.create(
        dossier=dossier, opdracht=opdracht, soort="betekening_titel", datum=uiterste,
        uiterste_datum=uiterste, termijn="Betalen binnen 2 dagen na betekening",
    )  # fmt: skip


def test_a_bailiff_deadline_is_dealt_with_from_the_work_queue(cm_client, dossier):
    from django.utils import timezone

    stap = _stap(dossier, KantoorFactory(), timezone.localdate() - timezone.timedelta(days=2))
    html = cm_client.get(reverse("dossiers:home")).content.decode()
    knop = reverse("beslag:termijn_afhandel", args=[stap.pk])
    assert knop in html and "csrfmiddlewaretoken" in html[html.index(knop) :][:400]
    r = cm_client.post(knop, {"volgende": reverse("dossiers:home")})
    assert r.status_code == 302 and r.url == reverse("dossiers:home")
    stap.refresh_from_db()
    assert stap.afgerond_op is not None
    assert dossier.tijdlijn.filter(tekst__startswith="Termijn deurwaarder afgehandeld").exists()
    assert knop not in cm_client.get(reverse("dossiers:home")).content.decode()
    # Twice is refused with a message, nothing breaks.
    assert cm_client.post(knop).status_code == 302


def test_a_deadline_passed_more_than_30_days_ago_leaves_the_list_and_is_closed_once(cm_client, dossier):
    from beslag.services import beslag_termijnen_opruimen

    vandaag = date(2026, 12, 2)
    oud = _stap(dossier, KantoorFactory(), date(2026, 10, 31))  # 32 days before
    recent = _stap(dossier, KantoorFactory(), date(2026, 11, 2))  # 30 days before: stays
    with time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        html = cm_client.get(reverse("dossiers:home")).content.decode()
        assert reverse("beslag:termijn_afhandel", args=[oud.pk]) not in html
        assert reverse("beslag:termijn_afhandel", args=[recent.pk]) in html
        assert beslag_termijnen_opruimen(vandaag=vandaag) == 1
        assert beslag_termijnen_opruimen(vandaag=vandaag) == 0
    oud.refresh_from_db()
    recent.refresh_from_db()
    assert oud.afgerond_op is not None and recent.afgerond_op is None
    assert (
        dossier.tijdlijn.filter(tekst__startswith="Termijn deurwaarder verlopen op 31-10-2026").count() == 1
    )


def test_the_work_queues_bailiff_deadlines_cost_the_same_queries_for_2_and_12_deadlines(
    cm_client, casemanager, django_assert_max_num_queries
):
    """Issue 14 item 8: the bailiff-deadline section with its "Afgehandeld" buttons reads its rows in a fixed
    number of queries, however many deadlines (and dossiers, offices) are listed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from tests.dossiers.factories import DossierFactory

    def _deadlines(n: int) -> None:
        for i in range(n):
            d = DossierFactory(casemanager=casemanager)
            _stap(d, KantoorFactory(), timezone.localdate() + timezone.timedelta(days=i % 5))

    def _tel() -> int:
        cm_client.get(reverse("dossiers:home"))  # warm the per-request caches
        with CaptureQueriesContext(connection) as q:
            html = cm_client.get(reverse("dossiers:home")).content.decode()
        assert "beslag/termijn/" in html
        return len(q.captured_queries)

    _deadlines(2)
    weinig = _tel()
    _deadlines(10)
    assert _tel() == weinig
    with django_assert_max_num_queries(weinig):
        cm_client.get(reverse("dossiers:home"))
