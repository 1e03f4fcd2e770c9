"""The debtor's online payment in `make bench` (issue 18, point 6): ``debtor_payment_webhook``.

N payments with the built-in test provider are started and marked paid at the provider (outside the clock);
then each one's webhook is posted through Django's test client, as the provider would: the view fetches the
status, locks the payment and books the receipt (allocated, commission, journal) on the provider's clearing
account. Timed per webhook: p50/p95 ms. All inside one transaction that is rolled back, so the data stays as
loaded.

``floor_seconds``: per payment one plain single-row ``INSERT`` of a receipt row (``inning_ontvangst``), the
smallest write that records "this payment came in", in the same run and transaction; the ratio says what
fetching, locking, allocating and the double-entry booking cost on top of it.

``BENCH_BETALINGEN`` (default 100) sets N; fewer when there are fewer open dossiers.
"""

# ruff: noqa: S608  (the floor SQL holds only integers, dates and the bench's own keys)
from __future__ import annotations

import os
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

BETALINGEN = int(os.environ.get("BENCH_BETALINGEN", "100"))


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


@contextmanager
def _teruggedraaid() -> Iterator[None]:
    """One transaction around the measurement, rolled back (as ``scripts/bench_werk.py`` does): the services'
    durable entry points run inside it as savepoints, marked the way django.test.TestCase marks its own."""
    from django.db import transaction

    blok = transaction.atomic()
    blok._from_testcase = True
    with blok:
        yield
        transaction.set_rollback(True)


def debtor_payment_webhook() -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from betaling import providers
    from betaling.models import Betaling
    from betaling.services import betaling_start
    from dossiers.models import Dossier
    from inning.models import Ontvangst

    settings.BETALEN_TESTPROVIDER = True
    settings.MOLLIE_API_KEY = ""
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE)")
    dossiers = list(
        Dossier.objects.filter(status__in=Dossier.OPEN_STATUSSEN).order_by("pk").values_list("pk", flat=True)
    )[:BETALINGEN]
    client = Client()
    per_webhook: list[float] = []
    per_floor: list[float] = []
    with _teruggedraaid():
        betalingen = []
        for pk in dossiers:
            b = betaling_start(
                dossier=Dossier.objects.get(pk=pk), bedrag=Decimal("25.00"), basis_url="http://testserver"
            )
            providers.testbetaling_kies(provider_id=b.provider_id, status="paid")
            betalingen.append(b)
        client.post("/betalen/webhook/test/", {"id": "tst_opwarmen"})  # URL conf, view, middleware loaded
        voor = Ontvangst.objects.count()
        queries = [0]

        def tel(execute, sql, params, many, context):
            queries[0] += 1
            return execute(sql, params, many, context)

        t0 = time.perf_counter()
        with connection.execute_wrapper(tel):
            for b in betalingen:
                s = time.perf_counter()
                antwoord = client.post("/betalen/webhook/test/", {"id": b.provider_id})
                per_webhook.append((time.perf_counter() - s) * 1000)
                assert antwoord.status_code == 200, antwoord.status_code
        seconds = time.perf_counter() - t0
        geboekt = Ontvangst.objects.count() - voor
        betaald = Betaling.objects.filter(pk__in=[b.pk for b in betalingen], status="betaald").count()
        assert geboekt == betaald == len(betalingen), (geboekt, betaald, len(betalingen))

        f0 = time.perf_counter()
        with connection.cursor() as cur:
            for i, b in enumerate(betalingen):
                s = time.perf_counter()
                cur.execute(
                    "INSERT INTO inning_ontvangst (bron, bron_type, bron_id, datum, bedrag, omschrijving, status,"
                    " suggestie_reden, sleutel, aangemaakt_op) VALUES ('overig', 'betaling', %s, CURRENT_DATE,"
                    " 25.00, '', 'ongematcht', '', %s, now())",
                    [str(b.pk), f"bench-vloer:{i}"],
                )
                per_floor.append((time.perf_counter() - s) * 1000)
        floor = time.perf_counter() - f0
    return {
        "items": len(betalingen),
        "seconds": round(seconds, 3),
        "floor_seconds": round(floor, 4),
        "p50_ms": round(statistics.median(per_webhook), 1) if per_webhook else 0,
        "p95_ms": round(_pct(per_webhook, 95), 1) if per_webhook else 0,
        "floor_p95_ms": round(_pct(per_floor, 95), 2) if per_floor else 0,
        "queries_per_item": round(queries[0] / len(betalingen), 1) if betalingen else 0,
        "target": "report only (ms per webhook to a booked receipt)",
    }


SCENARIOS = {"debtor_payment_webhook": debtor_payment_webhook}
