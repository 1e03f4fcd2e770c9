"""The payout batch at scale (issue 8): clients are prepared in rounds and paid in SEPA files of at most
``SEPA_MAX`` payouts, with the same payouts as one round and one file, and a number of queries that does not
grow with the number of clients."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from uitbetaling import services, voorbereiden
from uitbetaling.models import Factuur, SepaBestand, Uitbetaling
from uitbetaling.sepa import sepa_lees_totalen

from .conftest import DossierFactory, directe_betaling_boek, ontvangst_boek

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _geen_taken(monkeypatch):
    # The booking and the PDFs run after commit in workers; these tests look at preparing and approving.
    for taak in ("uitbetaling_batch_boek", "specificatie_pdf_maak", "factuur_pdf_maak"):
        monkeypatch.setattr(f"uitbetaling.tasks.{taak}.delay", lambda *args: None)


def _clients(n: int) -> list:
    dossiers = [DossierFactory() for _ in range(n)]
    for i, d in enumerate(dossiers):
        ontvangst_boek(d, D("100.00") + i)
    directe_betaling_boek(dossiers[0], D("5000.00"))  # commission 600 > 100 owed: set off, rest invoiced
    return dossiers


def _uitkomst(batch) -> list:
    return list(
        Uitbetaling.objects.filter(batch=batch)
        .order_by("client_id")
        .values_list("client_id", "bruto", "provisie_verrekend", "netto", "tot_regel_id")
    )


def test_rounds_and_split_files_pay_the_same_as_one_round_and_one_file(
    financieel, tweede_financieel, provisie_tarief, monkeypatch
):
    dossiers = _clients(7)
    monkeypatch.setattr(voorbereiden, "RONDE", 3)
    monkeypatch.setattr(services, "SEPA_MAX", 2)
    batch = services.uitbetaling_batch_maak(week="2026-W47", door=financieel)
    services.uitbetaling_batch_keur_goed(batch=batch, door=tweede_financieel)

    payouts = _uitkomst(batch)
    assert len(payouts) == 7
    eerste = next(p for p in payouts if p[0] == dossiers[0].client_id)
    # 100.00 → 88.00 owed; commission 600.00 on the direct payment: 88.00 set off, 512.00 invoiced
    assert eerste[1:4] == (D("88.00"), D("88.00"), D("0.00"))
    assert Factuur.objects.get().bedrag == D("512.00")

    bestanden = list(SepaBestand.objects.filter(batch=batch).order_by("id"))
    assert [b.aantal for b in bestanden] == [2, 2, 2]  # six payouts with money, two per file
    assert [b.msg_id for b in bestanden] == ["NLAI-2026W47-1", "NLAI-2026W47-2", "NLAI-2026W47-3"]
    in_bestanden = []
    for b in bestanden:
        aantal, som, regels = sepa_lees_totalen(b.xml.encode())
        assert (aantal, som) == (b.aantal, b.totaal)
        in_bestanden += [e2e for e2e, _ in regels]
    betaalbaar = Uitbetaling.objects.filter(batch=batch, netto__gt=0)
    assert sorted(in_bestanden) == sorted(betaalbaar.values_list("end_to_end_id", flat=True))  # each once
    assert not betaalbaar.filter(sepa_bestand__isnull=True).exists()

    # The same clients in one round and one file: the same payouts.
    monkeypatch.setattr(voorbereiden, "RONDE", 2000)
    monkeypatch.setattr(services, "SEPA_MAX", 5000)
    Factuur.objects.all().delete()
    Uitbetaling.objects.filter(batch=batch).update(status="geboekt")  # free the reserved amounts
    tweede = services.uitbetaling_batch_maak(week="2026-W48", door=financieel)
    services.uitbetaling_batch_keur_goed(batch=tweede, door=tweede_financieel)
    assert [p[1:] for p in _uitkomst(tweede)] == [p[1:] for p in payouts]
    assert SepaBestand.objects.get(batch=tweede).aantal == 6


def _tel(n: int, week: str, financieel, tweede_financieel) -> int:
    for i in range(n):
        ontvangst_boek(DossierFactory(), D("50.00") + i)
    with CaptureQueriesContext(connection) as q:
        batch = services.uitbetaling_batch_maak(week=week, door=financieel)
        services.uitbetaling_batch_keur_goed(batch=batch, door=tweede_financieel)
    # the unbooked payouts of the earlier batch stay reserved: only the new clients are paid
    assert Uitbetaling.objects.filter(batch=batch).count() == n
    return len(q.captured_queries)


def test_queries_of_a_batch_do_not_grow_with_the_clients(financieel, tweede_financieel, provisie_tarief):
    weinig = _tel(3, "2026-W47", financieel, tweede_financieel)
    veel = _tel(60, "2026-W48", financieel, tweede_financieel)
    # (SQLite splits a bulk insert of 60 rows in a few statements: at most 999 variables each.)
    assert veel <= weinig + 3, (weinig, veel)


def _kolommen(qs) -> list[dict]:
    """Every column of the payouts as stored (no id: the rows compared are different rows)."""
    namen = [f.attname for f in Uitbetaling._meta.concrete_fields if f.attname != "id"]
    return list(qs.order_by("client_id").values(*namen))


def test_payouts_written_by_copy_are_the_rows_the_orm_writes(financieel, provisie_tarief):
    """The batch writes its payouts with COPY from tuples (``inning.bulk.rijen_invoegen``): the columns it
    leaves out must hold what a model instance saved by the ORM holds (defaults, NULLs, the empty file)."""
    gewoon = DossierFactory()
    spaties = DossierFactory(
        client__uitbetaal_iban="nl02 rabo 0123 4567 89", client__uitbetaal_tenaamstelling=""
    )
    wacht = DossierFactory(client__iban_gewijzigd_op=timezone.now() - timedelta(days=2))
    factuur = DossierFactory()
    for d in (gewoon, spaties, wacht, factuur):
        ontvangst_boek(d, D("100.00"))
    directe_betaling_boek(factuur, D("5000.00"))  # set off in full, the rest invoiced
    batch = services.uitbetaling_batch_maak(week="2026-W47", door=financieel)

    geschreven = _kolommen(Uitbetaling.objects.filter(batch=batch))
    assert len(geschreven) == 4
    s = next(r for r in geschreven if r["client_id"] == spaties.client_id)
    assert (s["iban"], s["naam"]) == ("NL02RABO0123456789", spaties.client.naam)
    assert next(r for r in geschreven if r["client_id"] == wacht.client_id)["wacht_op_iban_goedkeuring"]
    assert Factuur.objects.get().uitbetaling.client_id == factuur.client_id

    # The same payouts one by one through the ORM, in their place (rolled back after the comparison).
    with transaction.atomic():
        Factuur.objects.all().delete()
        Uitbetaling.objects.filter(batch=batch).delete()
        for r in geschreven:
            Uitbetaling.objects.create(
                batch_id=r["batch_id"],
                client_id=r["client_id"],
                iban=r["iban"],
                naam=r["naam"],
                bruto=r["bruto"],
                provisie_verrekend=r["provisie_verrekend"],
                netto=r["netto"],
                end_to_end_id=r["end_to_end_id"],
                wacht_op_iban_goedkeuring=r["wacht_op_iban_goedkeuring"],
                tot_regel_id=r["tot_regel_id"],
            )
        assert _kolommen(Uitbetaling.objects.filter(batch=batch)) == geschreven
        transaction.set_rollback(True)
