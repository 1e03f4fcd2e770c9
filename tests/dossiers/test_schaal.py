"""Issue 8: the staff pages do the same number of queries however many dossiers there are."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dossiers.models import Bericht, Dossier, Taak, TijdlijnGebeurtenis
from dossiers.selectors import WERKVOORRAAD_MAX, werkvoorraad

from .factories import DossierFactory

pytestmark = pytest.mark.django_db

VANDAAG = date(2026, 4, 9)  # Thursday
NU = "2026-04-09 10:00 +02:00"
STIL = timezone.make_aware(timezone.datetime(2026, 3, 2, 12))  # > 10 working days before 9 April


def _dossiers(aantal: int, client_user) -> list[Dossier]:
    """`aantal` dossiers spread over every section of the work queue, each with a task and a message."""
    gemaakt = []
    for i in range(aantal):
        soort = i % 3
        if soort == 0:
            d = DossierFactory(status="intake", met__ontvangen_op=timezone.now() - timedelta(days=i % 5))
        elif soort == 1:
            d = DossierFactory(volgende_actie_datum=VANDAAG - timedelta(days=i % 7))
        else:
            d = DossierFactory(laatste_gebeurtenis_op=STIL - timedelta(days=i))
        Taak.objects.create(dossier=d, omschrijving=f"Taak {i}", deadline=VANDAAG - timedelta(days=i % 4))
        Bericht.objects.create(dossier=d, afzender=client_user, tekst=f"Vraag {i}", van_client=True)
        TijdlijnGebeurtenis.objects.create(dossier=d, soort="notitie", op=STIL, tekst=f"Notitie {i}")
        gemaakt.append(d)
    return gemaakt


def _queries(client, url: str) -> int:
    client.get(url)  # first request warms caches (content types, session) that are not the page's
    with CaptureQueriesContext(connection) as q:
        response = client.get(url)
    assert response.status_code == 200
    return len(q.captured_queries)


@time_machine.travel(NU, tick=False)
def test_work_queue_query_count_does_not_grow_with_the_number_of_dossiers(
    cm_client, client_user, django_assert_max_num_queries, monkeypatch
):
    # both sizes beyond the cap of a section, where a full section also counts its rows
    monkeypatch.setattr("dossiers.selectors.WERKVOORRAAD_MAX", 3)
    url = reverse("dossiers:home")
    _dossiers(10, client_user)
    weinig = _queries(cm_client, url)
    weinig_eigen = _queries(cm_client, url + "?mijn=1")
    _dossiers(35, client_user)
    assert _queries(cm_client, url) == weinig
    assert _queries(cm_client, url + "?mijn=1") == weinig_eigen
    with django_assert_max_num_queries(30):
        cm_client.get(url)


@time_machine.travel(NU, tick=False)
def test_dossier_page_query_count_does_not_grow_with_the_number_of_dossiers_or_events(
    cm_client, client_user, django_assert_max_num_queries
):
    eerste = _dossiers(5, client_user)[1]
    url = reverse("dossiers:dossier", args=[eerste.pk])
    weinig = _queries(cm_client, url)
    andere = _dossiers(35, client_user)
    for i in range(20):  # a long timeline on the page's own dossier
        TijdlijnGebeurtenis.objects.create(dossier=eerste, soort="notitie", op=timezone.now(), tekst=f"n{i}")
    assert _queries(cm_client, url) == weinig
    assert _queries(cm_client, reverse("dossiers:dossier", args=[andere[4].pk])) == weinig
    with django_assert_max_num_queries(30):
        cm_client.get(url)


@time_machine.travel(NU, tick=False)
def test_work_queue_sections_are_the_oldest_first_and_capped_with_the_full_count():
    # More than a section holds: the first 50 in order, the total counted.
    ids = [
        DossierFactory(volgende_actie_datum=VANDAAG - timedelta(days=i % 30)).pk
        for i in range(WERKVOORRAAD_MAX + 5)
    ]
    DossierFactory(status="gesloten", volgende_actie_datum=VANDAAG - timedelta(days=90))
    DossierFactory(volgende_actie_datum=VANDAAG + timedelta(days=1))
    ctx = werkvoorraad()
    acties = ctx["acties"]
    assert len(acties) == WERKVOORRAAD_MAX and ctx["acties_aantal"] == len(ids)
    sleutels = [(d.volgende_actie_datum, d.pk) for d in acties]
    assert sleutels == sorted(sleutels)
    verwacht = sorted(Dossier.objects.filter(pk__in=ids).values_list("volgende_actie_datum", "pk"))
    assert sleutels == verwacht[:WERKVOORRAAD_MAX]
    # the rows carry what the page shows without further queries
    with CaptureQueriesContext(connection) as q:
        [(d.client.naam, d.debiteur.naam, d.casemanager, d.opdracht.kanaal, d.heeft_titel) for d in acties]
    assert len(q.captured_queries) == 0


@time_machine.travel(NU, tick=False)
def test_new_orders_oldest_first_and_stagnant_by_last_event():
    nieuw = [
        DossierFactory(status="intake", met__ontvangen_op=timezone.now() - timedelta(hours=h))
        for h in (5, 50, 20)
    ]
    stil = [DossierFactory(laatste_gebeurtenis_op=STIL - timedelta(days=d)) for d in (3, 9, 1)]
    ctx = werkvoorraad()
    assert [d.pk for d in ctx["nieuw"]] == [nieuw[1].pk, nieuw[2].pk, nieuw[0].pk]
    assert [d.pk for d in ctx["stagnant"]] == [stil[1].pk, stil[0].pk, stil[2].pk]


def test_status_badge_and_list_links_render_as_before():
    from django.template import Context, Template

    d = DossierFactory(status="regeling")
    html = Template(
        "{% load dossier_weergave %}{% status_badge d %}|{{ d.pk|dossier_url }}|{{ d.pk|dossier_url:'taken' }}"
    ).render(Context({"d": d}))
    badge, dossier, taken = html.split("|")
    assert badge == '<span class="badge status-badge status-regeling">betalingsregeling</span>'
    assert dossier == reverse("dossiers:dossier", args=[d.pk])
    assert taken == reverse("dossiers:taken", args=[d.pk])


@time_machine.travel(NU, tick=False)
def test_open_tasks_of_closed_and_refused_dossiers_are_neither_listed_nor_counted():
    """The task section counts with an anti-join on the closed dossiers (issue 18): same rows as the join on
    the open ones — a full section of open dossiers' tasks, plus tasks of a closed and a refused dossier
    and a finished task, which are left out of list and count alike."""
    open_ = [DossierFactory(status=s) for s in ("intake", "actief", "regeling", "opgeschort")]
    for i in range(WERKVOORRAAD_MAX + 3):
        Taak.objects.create(dossier=open_[i % 4], omschrijving=f"open {i}", deadline=VANDAAG)
    for status in ("gesloten", "geweigerd"):
        Taak.objects.create(dossier=DossierFactory(status=status), omschrijving=status, deadline=VANDAAG)
    Taak.objects.create(dossier=open_[1], omschrijving="klaar", deadline=VANDAAG, afgerond_op=timezone.now())
    ctx = werkvoorraad()
    assert ctx["taken_aantal"] == WERKVOORRAAD_MAX + 3
    assert len(ctx["taken"]) == WERKVOORRAAD_MAX
    assert {t.omschrijving for t in ctx["taken"]}.isdisjoint({"gesloten", "geweigerd", "klaar"})
