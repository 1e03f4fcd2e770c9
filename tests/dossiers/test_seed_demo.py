from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from demo.seed import ALLE_STATUSSEN, db_digest, demo_plan, plan_digest
from dossiers.models import Bericht, Client, Dossier, Taak, TijdlijnGebeurtenis
from dossiers.services import betaalkenmerk_controleer

VANDAAG = date(2026, 4, 9)


def test_same_seed_gives_the_same_plan_and_another_seed_another():
    a = plan_digest(demo_plan(aantal=60, seed=1, vandaag=VANDAAG))
    assert a == plan_digest(demo_plan(aantal=60, seed=1, vandaag=VANDAAG))
    assert a != plan_digest(demo_plan(aantal=60, seed=2, vandaag=VANDAAG))


def test_plan_has_realistic_amounts_and_dates_within_five_years():
    plan = demo_plan(aantal=300, seed=7, vandaag=VANDAAG)
    for d in plan:
        for v in d.verplichtingen:
            if v["soort"] == "kinderalimentatie":
                assert Decimal("150") <= v["bedrag"] <= Decimal("650")
                assert v["kind_naam"] and v["kind_geboortedatum"]
            else:
                assert Decimal("300") <= v["bedrag"] <= Decimal("1500")
            assert v["ingangsdatum"] >= date(2021, 4, 9)
            assert v["bedrag"].as_tuple().exponent >= -2
    assert any(d.titel["soort"] == "geen" for d in plan)
    assert any(d.debiteur["land"] != "NL" for d in plan)
    assert any(d.volgende_actie_datum and d.volgende_actie_datum < VANDAAG for d in plan)
    # Most dossiers are simply active; refused and suspended ones are the exception.
    telling = Counter(d.status for d in plan)
    assert telling.most_common(1)[0][0] == "actief"
    assert telling["geweigerd"] < telling["regeling"] and telling["opgeschort"] < telling["regeling"]


@pytest.mark.django_db
def test_seed_demo_writes_the_plan_covers_every_state_and_links_demo_clients(time_machine):
    time_machine.move_to("2026-04-09 10:00 +02:00", tick=False)
    call_command("seed_demo", dossiers=40, seed=1)
    assert Dossier.objects.count() == 40
    assert db_digest() == plan_digest(demo_plan(aantal=40, seed=1, vandaag=VANDAAG))
    assert set(Dossier.objects.values_list("status", flat=True)) == set(ALLE_STATUSSEN)
    sanne = Client.objects.get(user__email="client@demo.nlai.nl")
    assert sorted(sanne.dossiers.values_list("status", flat=True)) == ["actief", "intake", "regeling"]
    assert Client.objects.get(user__email="client2@demo.nlai.nl").dossiers.count() == 2
    for d in Dossier.objects.all():
        assert betaalkenmerk_controleer(d.betaalkenmerk)
        if d.is_open:
            assert d.volgende_actie and d.volgende_actie_datum
    assert TijdlijnGebeurtenis.objects.filter(soort="opdracht").count() == 40
    assert Taak.objects.exists() and Bericht.objects.exists()
    assert Counter(Dossier.objects.values_list("debiteur__land", flat=True))["NL"] < 40


@pytest.mark.django_db
def test_seed_demo_als_leeg_does_nothing_when_dossiers_exist():
    call_command("seed_demo", dossiers=6, seed=3)
    call_command("seed_demo", dossiers=6, seed=3, als_leeg=True)
    assert Dossier.objects.count() == 6
    call_command("seed_demo", dossiers=6, seed=3)
    assert Dossier.objects.count() == 12
    assert Dossier.objects.values("nummer").distinct().count() == 12


@pytest.mark.django_db
def test_seeding_uses_bulk_inserts_so_queries_do_not_grow_per_dossier():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.management.commands.demo_logins import demo_gebruikers_maak

    demo_gebruikers_maak()
    with CaptureQueriesContext(connection) as klein:
        call_command("seed_demo", dossiers=10, seed=5)
    with CaptureQueriesContext(connection) as groot:
        call_command("seed_demo", dossiers=200, seed=6)
    # 20x the dossiers, yet fewer than 1 extra query per 4 dossiers: inserts are batched (PostgreSQL: one
    # INSERT per model; SQLite splits a batch at its variable limit) plus the per-year number look-ups.
    assert len(groot.captured_queries) - len(klein.captured_queries) < (200 - 10) // 4
