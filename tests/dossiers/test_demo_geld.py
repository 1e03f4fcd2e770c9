"""The history ``seed_demo`` writes with it (issue 8): money booked exactly as the services book it, a
balanced ledger, arrangements, bailiff tracks and letters, the same for the same seed."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse

from bank.controle import grootboek_controleer
from beslag.models import Beslag, BeslagOntvangst, BeslagStap, DeurwaarderOpdracht
from dossiers.models import Dossier, EenmaligeVordering, Stuiting, Verplichting
from incasso.models import Betalingsregeling, Brief, Regeltermijn
from inning.models import Journaalregel, Kostenpost, Ontvangst, Rekening, Toewijzing
from inning.selectors import client_saldo
from inning.services import kosten_registreer, ontvangst_registreer

NU = "2026-04-09 10:00 +02:00"


@pytest.fixture
def vandaag(time_machine):
    time_machine.move_to(NU, tick=False)


def _seed(n: int, seed: int, *, pdf: bool = False) -> None:
    call_command("seed_demo", dossiers=n, seed=seed, zonder_pdf=not pdf)


def _geschiedenis(dossiers) -> str:
    """A digest of the written history without database ids or numbers, so two runs can be compared."""
    h = hashlib.sha256()
    for d in dossiers:
        ontvangsten = [
            (o.datum, o.bedrag, o.bron, t.provisie, t.btw, t.naar_client, t.kosten)
            for o in Ontvangst.objects.filter(dossier=d).order_by("datum", "id")
            for t in o.toewijzingen.all()
        ]
        brieven = list(
            Brief.objects.filter(dossier=d).order_by("datum", "id").values_list("soort", "datum", "bedrag")
        )
        termijnen = list(
            Regeltermijn.objects.filter(regeling__dossier=d)
            .order_by("regeling_id", "volgnummer")
            .values_list("vervaldatum", "bedrag", "status")
        )
        stappen = list(
            BeslagStap.objects.filter(dossier=d)
            .order_by("datum", "id")
            .values_list("soort", "datum", "kosten_in_rekening")
        )
        h.update(repr((d.status, ontvangsten, brieven, termijnen, stappen)).encode())
    return h.hexdigest()


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_history_and_another_seed_another(vandaag):
    _seed(30, 1)
    eerste = list(Dossier.objects.order_by("pk"))
    _seed(30, 1)
    tweede = list(Dossier.objects.order_by("pk"))[30:]
    _seed(30, 2)
    derde = list(Dossier.objects.order_by("pk"))[60:]
    assert Ontvangst.objects.filter(dossier__in=eerste).count() > 30  # there is history to compare
    assert _geschiedenis(eerste) == _geschiedenis(tweede)
    assert _geschiedenis(eerste) != _geschiedenis(derde)


@pytest.mark.django_db
def test_after_seeding_the_ledger_balances_entry_by_entry_and_as_a_whole(vandaag):
    _seed(60, 3)
    uitkomst = grootboek_controleer()
    assert uitkomst == {"in_balans": True, "verschil": "0.00", "fouten": []}
    # Summed in Python: SQLite sums decimals as floats.
    per_post: dict[int, list[Decimal]] = defaultdict(list)
    per_rekening: dict[int, Decimal] = defaultdict(Decimal)
    for post, rekening, bedrag in Journaalregel.objects.values_list("post_id", "rekening_id", "bedrag"):
        per_post[post].append(bedrag)
        per_rekening[rekening] += bedrag
    assert len(per_post) > 300
    assert all(len(b) >= 2 and sum(b) == 0 for b in per_post.values())
    # Money is waiting for the weekly payout: clients are owed what was collected minus commission.
    owed = Toewijzing.objects.aggregate(s=Sum("naar_client"))["s"]
    assert owed > 0
    klantrekeningen = Rekening.objects.filter(code="verschuldigd_aan_client").values_list("id", flat=True)
    assert -sum((per_rekening[pk] for pk in klantrekeningen), Decimal(0)) == owed


@pytest.mark.django_db
def test_receipts_are_allocated_and_charged_exactly_as_the_services_do(vandaag):
    """Replay every receipt and bailiff cost of the seeded dossiers through ``inning.services`` on a copy of
    each dossier (same obligations, same order of events) and compare allocation and commission."""
    _seed(40, 1)
    vergeleken = Counter()
    for x in Dossier.objects.filter(ontvangsten__isnull=False).distinct().order_by("pk"):
        with transaction.atomic():
            y = Dossier.objects.get(pk=x.pk)
            y.pk, y.nummer, y.betaalkenmerk = None, f"T{x.nummer}", f"T{x.betaalkenmerk}"
            y.save()
            for v in Verplichting.objects.filter(dossier=x).order_by("id"):
                v.pk, v.dossier = None, y
                v.save()
            for e in EenmaligeVordering.objects.filter(dossier=x).order_by("id"):
                e.pk, e.dossier = None, y
                e.save()
            gebeurtenissen = sorted(
                [(k.datum, 0, k.pk, "kosten", k.bedrag) for k in Kostenpost.objects.filter(dossier=x)]
                + [(o.datum, 1, o.pk, "ontvangst", o.bedrag) for o in Ontvangst.objects.filter(dossier=x)]
            )
            for datum, _volg, pk, soort, bedrag in gebeurtenissen:
                if soort == "kosten":
                    kosten_registreer(
                        dossier=y, bedrag=bedrag, datum=datum, omschrijving="t", sleutel=f"t{pk}"
                    )
                    continue
                nagedaan = ontvangst_registreer(
                    dossier=y,
                    bedrag=bedrag,
                    datum=datum,
                    bron_type="test",
                    bron_id=pk,
                    omschrijving="t",
                    sleutel=f"t{pk}",
                )
                zo = [
                    _verdeling(Toewijzing.objects.get(ontvangst_id=pk)),
                    _verdeling(nagedaan.toewijzingen.get()),
                ]
                assert zo[0] == zo[1], (x.nummer, datum, bedrag)
                vergeleken["ontvangsten"] += 1
                vergeleken["met kosten"] += zo[0][3] > 0
                vergeleken["vooruit"] += any(t[0] == "vooruit" for t in zo[0][4])
            transaction.set_rollback(True)
    assert vergeleken["ontvangsten"] > 100
    assert vergeleken["met kosten"] > 0  # bailiff costs were recovered first (art. 6:44 BW)
    assert vergeleken["vooruit"] > 0  # and some money came in before it was due


def _verdeling(t: Toewijzing):
    return (
        t.provisie,
        t.btw,
        t.naar_client,
        t.kosten,
        sorted((r.soort, r.vervaldatum, r.omschrijving, r.bedrag) for r in t.toerekeningen.all()),
    )


@pytest.mark.django_db
def test_at_200_dossiers_every_kind_of_history_exists_where_the_state_calls_for_it(vandaag):
    _seed(200, 9)
    per_status = {
        s: set(Dossier.objects.filter(status=s).values_list("pk", flat=True)) for s in Dossier.Status.values
    }
    met_betaling = set(Ontvangst.objects.values_list("dossier_id", flat=True))
    assert len(met_betaling) > 60
    assert not met_betaling & (per_status["intake"] | per_status["geweigerd"])
    # Every running arrangement belongs to a dossier in 'regeling'; each of those has one, paid up so far.
    lopend = Betalingsregeling.objects.filter(status="loopt")
    assert set(lopend.values_list("dossier_id", flat=True)) == per_status["regeling"]
    assert Regeltermijn.objects.filter(regeling__status="loopt", status="betaald").exists()
    assert not Regeltermijn.objects.filter(status="gemist").exists()
    assert (
        set(Betalingsregeling.objects.filter(status="nagekomen").values_list("dossier_id", flat=True))
        == (per_status["gesloten"])
    )
    # Bailiff tracks on 'deurwaarder' and 'beslag' dossiers, garnishments (with their yield) on 'beslag'.
    assert set(DeurwaarderOpdracht.objects.values_list("dossier_id", flat=True)) == (
        per_status["deurwaarder"] | per_status["beslag"]
    )
    assert set(Beslag.objects.values_list("dossier_id", flat=True)) == per_status["beslag"]
    assert BeslagOntvangst.objects.exists() and Kostenpost.objects.exists()
    assert Ontvangst.objects.filter(bron="deurwaarder").exists()
    assert Stuiting.objects.filter(soort="executie").exists()
    # A first reminder on every accepted dossier, a second notice on many, each one that went out a
    # stuiting (not those for a debtor whose address is unknown: issue 13 item 4).
    geaccepteerd = set(
        Dossier.objects.exclude(status__in=["intake", "geweigerd"]).values_list("pk", flat=True)
    )
    assert set(Brief.objects.filter(soort="aanmaning").values_list("dossier_id", flat=True)) == geaccepteerd
    assert Brief.objects.filter(soort="sommatie").count() > 20
    assert (
        Stuiting.objects.filter(soort="aanmaning").count()
        == Brief.objects.filter(soort__in=["aanmaning", "sommatie"]).exclude(verzonden_via="").count()
    )
    # Payment behaviour varies: whole months, partial amounts, and dossiers without any payment.
    bedragen = Counter(Ontvangst.objects.values_list("dossier_id", flat=True))
    assert len(per_status["actief"] - set(bedragen)) > 3
    assert Ontvangst.objects.filter(bedrag__lt=Decimal("100")).exists()
    assert any(
        client_saldo(client_id=c) > 0 for c in Dossier.objects.values_list("client_id", flat=True)[:50]
    )


@pytest.mark.django_db
def test_the_demo_client_sees_payments_and_a_letter_in_the_portal(vandaag, client):
    from tests.conftest import login_als

    _seed(8, 1, pdf=True)
    dossier = Dossier.objects.get(client__user__email="client@demo.nlai.nl", status="regeling")
    login_als(client, dossier.client.user)
    html = client.get(reverse("portaal:dossier", kwargs={"dossier_id": dossier.pk})).content.decode()
    brief = Brief.objects.filter(dossier=dossier, document__isnull=False).first()
    assert brief is not None
    assert brief.document.naam in html
    assert "Betaling van" in html


@pytest.mark.django_db(transaction=True)
def test_with_row_triggers_off_the_block_check_still_refuses_an_unbalanced_entry_or_a_dangling_key():
    """On PostgreSQL a superuser's seed switches the per-row triggers off for a block; ``controleer`` must
    then refuse what they would have refused, before the commit."""
    from demo.seed import Bulk
    from inning import ledger
    from inning.models import Journaalpost

    w = Bulk()
    if not w.snel:
        pytest.skip("only PostgreSQL with a superuser switches the row triggers off")
    bank = ledger.rekening("bank_derdengelden").pk
    for regels, fout in (
        (
            [(bank, Decimal("10.00")), (ledger.rekening("ongealloceerd").pk, Decimal("-5.00"))],
            "niet in balans",
        ),
        ([(bank, Decimal("10.00")), (987654321, Decimal("-10.00"))], "inning_journaalregel.rekening_id"),
    ):
        with pytest.raises(RuntimeError, match=fout):
            _blok_zonder_triggers(w, regels, sleutel=fout)
    assert not Journaalpost.objects.filter(bron_type="test").exists()


def _blok_zonder_triggers(w, regels, *, sleutel: str) -> None:
    from datetime import date

    from inning.models import Journaalpost

    with transaction.atomic():
        with w.connection.cursor() as c:
            c.execute("SET LOCAL session_replication_role = replica")
        post = w.rij(
            Journaalpost, datum=date(2026, 4, 9), omschrijving="x", bron_type="test", sleutel=sleutel
        )
        for rekening, bedrag in regels:
            w.rij(Journaalregel, post_id=post, rekening_id=rekening, bedrag=bedrag)
        w.schrijf()
        w.controleer()
