"""Benchmarks of the case work (issue 8, scenarios 3-6): arrears, the daily sweep, the staff pages, letters.

Each scenario is run by ``scripts/bench.py`` in its own child process and returns the contract fields
(``items``, ``seconds``, ``floor_seconds``) plus extras. ``floor_seconds`` is the same data effect done by the
smallest hand-written SQL in the same run (each scenario says what its floor is). No scenario leaves a change
that the next one sees: the sweep runs in a transaction that is rolled back, the page views' audit rows
(DossierInzage) are deleted again and letters are rendered, not stored.

Iterate on one scenario without reloading: ``python scripts/bench.py --child worklist_page`` (with
``DATABASE_URL``), or ``BENCH_ONLY=worklist_page BENCH_REUSE=1 make bench``.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

ARREARS_TARGET_MS = 0.25  # per dossier (issue 18)
SWEEP_TARGET_S_100K = 1.0  # at 100,000 dossiers (issue 18)
WORKLIST_TARGET_P95_MS = 100.0  # issue 18
DOSSIER_TARGET_P95_MS = 60.0
PAGE_REQUESTS = 200
LETTERS = 200


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


class _Teller:
    """Counts the queries of a block (CaptureQueriesContext keeps at most 9,000, too few for a batch)."""

    def __init__(self) -> None:
        self.aantal = 0

    def __call__(self, execute, sql, params, many, context):
        self.aantal += 1
        return execute(sql, params, many, context)

    def __enter__(self) -> _Teller:
        from django.db import connection

        self._ctx = connection.execute_wrapper(self)
        self._ctx.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._ctx.__exit__(*exc)


def _statistieken() -> None:
    """VACUUM ANALYZE before a scenario, outside its clock. The bench loads (and earlier scenarios add) rows in
    bulk and this server runs without autovacuum, so without it the planner guesses from empty tables and
    index-only scans read the heap; in production autovacuum keeps both current."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE)")


def _vandaag() -> date:
    from django.utils import timezone

    return timezone.localdate()


# --- 3. arrears_recompute ---------------------------------------------------------------------------------

# Floor: one SQL aggregate that gives per dossier what is due up to today (monthly termijnen from each
# obligation's start to its end or today, plus the one-off claims) and what was received (live matches minus
# costs). It ignores indexation, limitation and allocation order, so it is a true lower bound: the database
# reading and summing everything the statement is made from.
ARREARS_FLOOR_SQL = """
WITH due AS (
    SELECT v.dossier_id, SUM(v.bedrag) AS bedrag
    FROM dossiers_verplichting v
    CROSS JOIN LATERAL generate_series(
        date_trunc('month', v.ingangsdatum), LEAST(COALESCE(v.einddatum, %(peil)s), %(peil)s), interval '1 month'
    ) AS m
    GROUP BY v.dossier_id
    UNION ALL
    SELECT e.dossier_id, SUM(e.bedrag) FROM dossiers_eenmaligevordering e
    WHERE e.datum <= %(peil)s GROUP BY e.dossier_id
), paid AS (
    SELECT t.dossier_id, SUM(o.bedrag - t.kosten) AS bedrag
    FROM inning_toewijzing t JOIN inning_ontvangst o ON o.id = t.ontvangst_id
    WHERE t.ongedaan_op IS NULL AND o.bedrag > t.kosten
    GROUP BY t.dossier_id
)
SELECT d.id, COALESCE(SUM(due.bedrag), 0) - COALESCE(MAX(paid.bedrag), 0)
FROM dossiers_dossier d
LEFT JOIN due ON due.dossier_id = d.id
LEFT JOIN paid ON paid.dossier_id = d.id
GROUP BY d.id
"""


def arrears_recompute() -> dict:
    from django.db import connection

    from dossiers.models import Dossier
    from inning import achterstand

    _statistieken()
    peil = _vandaag()
    ids = list(Dossier.objects.order_by("id").values_list("id", flat=True))
    batch = getattr(achterstand, "dossiers_achterstand", None)
    aantal = 0
    totaal_open = 0
    t0 = time.perf_counter()
    with _Teller() as q:
        if batch is not None:
            for _pk, overzicht in batch(dossier_ids=ids, peildatum=peil):
                aantal += 1
                totaal_open += overzicht.totaal.open
        else:  # the per-dossier adapter (before the batch existed)
            for d in Dossier.objects.order_by("id").iterator(chunk_size=2000):
                totaal_open += achterstand.dossier_achterstand(dossier=d, peildatum=peil).totaal.open
                aantal += 1
    seconds = time.perf_counter() - t0
    queries = q.aantal

    seconds_2 = None
    if batch is not None:  # the same run split over 2 worker processes (a nightly job may use both cores)
        import multiprocessing

        from django.db import connections

        for c in connections.all():
            c.close()
        helften = [ids[: len(ids) // 2], ids[len(ids) // 2 :]]
        with multiprocessing.get_context("fork").Pool(2, initializer=_pool_init) as pool:
            t0 = time.perf_counter()
            pool.starmap(_achterstand_deel, [(h, peil) for h in helften])
            seconds_2 = time.perf_counter() - t0

    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(ARREARS_FLOOR_SQL, {"peil": peil})
        cur.fetchall()
    floor = time.perf_counter() - t0
    per_item = seconds / max(aantal, 1) * 1000
    return {
        "items": aantal,
        "seconds": round(seconds, 3),
        "floor_seconds": round(floor, 3),
        "per_item_ms": round(per_item, 3),
        "queries": queries,
        "per_item_ms_2workers": round(seconds_2 / max(aantal, 1) * 1000, 3) if seconds_2 else None,
        "totaal_open": str(totaal_open),
        "target": f"<= {ARREARS_TARGET_MS} ms/dossier",
        "met": per_item <= ARREARS_TARGET_MS,
    }


def _achterstand_deel(ids: list[int], peil: date) -> int:
    from inning.achterstand import dossiers_achterstand

    return sum(1 for _ in dossiers_achterstand(dossier_ids=ids, peildatum=peil))


# --- 4. stagnation_sweep ----------------------------------------------------------------------------------

# Floor: one SELECT that finds, per kind of finding, the open dossiers that match it (the data effect of the
# sweep is "these dossiers get a finding"); the bulk INSERT of the findings is not counted.
SWEEP_FLOOR_SQL = """
SELECT d.id,
       d.volgende_actie_datum < %(vandaag)s,
       COALESCE(d.laatste_gebeurtenis_op, d.aangemaakt_op) < %(stil)s,
       EXISTS (SELECT 1 FROM incasso_verzoekaanderde v WHERE v.dossier_id = d.id
               AND v.beantwoord_op IS NULL AND v.antwoord_uiterlijk < %(vandaag)s),
       EXISTS (SELECT 1 FROM incasso_toestemmingsverzoek t WHERE t.dossier_id = d.id
               AND t.status = 'gevraagd' AND t.gevraagd_op < %(stil)s)
FROM dossiers_dossier d
WHERE d.status IN ('intake', 'actief', 'regeling', 'deurwaarder', 'beslag', 'opgeschort')
"""


@contextmanager
def _teruggedraaid() -> Iterator[None]:
    """One transaction around a measurement, rolled back at the end so the next scenario sees the data as
    loaded. The services' durable entry points run inside it as savepoints: the block is marked the way
    django.test.TestCase marks its own wrapping transaction (the one case Django allows this)."""
    from django.db import transaction

    blok = transaction.atomic()
    blok._from_testcase = True
    with blok:
        yield
        transaction.set_rollback(True)


def _sweeps(vandaag: date) -> dict:
    """What the beat runs over all open dossiers, as services (the tasks only wrap these)."""
    from incasso import services  # noqa: I001 - imported before the clock by stagnation_sweep

    uit: dict = {"seconden": {}}  # and each check's share of the sweep, printed with the scenario
    for naam, controle in (
        ("stagnatie", services.stagnatie_controle),
        ("toestemming", services.toestemming_controle),
        ("regeling", services.regeling_controle),
        ("termijn", services.termijn_controle),
    ):
        t0 = time.perf_counter()
        uitkomst = controle(vandaag=vandaag)
        uit["seconden"][naam] = round(time.perf_counter() - t0, 3)
        uit[naam] = len(uitkomst) if naam == "termijn" else uitkomst
    return uit


def stagnation_sweep() -> dict:
    from django.db import connection

    from dossiers.models import Dossier
    from dossiers.selectors import stagnatie_grens
    from incasso import services  # noqa: F401 - import cost outside the clock
    from tarieven.selectors import kalender

    _statistieken()
    vandaag = _vandaag()
    # Outside the clock, as in a running worker: importing the services (schwifty, holidays) and building the
    # holiday table take ~2 s in a fresh process, which is not the sweep's cost.
    kalender().werkdagen_na(vandaag, 1)
    # Likewise the template engine and the letter and task modules the arrangement check uses: loaded once
    # per worker (~1.3 s in a fresh process on the first e-mail rendered), not per sweep.
    from django.template.loader import get_template

    from incasso import letters, tasks  # noqa: F401

    get_template("emails/statusupdate.txt")
    open_n = Dossier.objects.filter(status__in=Dossier.OPEN_STATUSSEN).count()
    # Rolled back: the sweep's findings must not be seen by the next scenario (nor by a second run).
    with _teruggedraaid():
        t0 = time.perf_counter()
        with _Teller() as q:
            uitkomst = _sweeps(vandaag)
        seconds = time.perf_counter() - t0
        # A second run finds everything already signalled: the steady-state cost of the hourly beat.
        t1 = time.perf_counter()
        with _Teller() as q2:
            _sweeps(vandaag)
        seconds_herhaling = time.perf_counter() - t1

    stil = stagnatie_grens(vandaag)
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(SWEEP_FLOOR_SQL, {"vandaag": vandaag, "stil": stil})
        cur.fetchall()
    floor = time.perf_counter() - t0
    schaal = Dossier.objects.count()
    # The target is for 100,000 dossiers; at a smaller scale the time it allows scales linearly.
    toegestaan = SWEEP_TARGET_S_100K * max(schaal, 1) / 100_000
    return {
        "items": open_n,
        "seconds": round(seconds, 3),
        "floor_seconds": round(floor, 3),
        "queries": q.aantal,
        "seconds_rerun": round(seconds_herhaling, 3),
        "queries_rerun": q2.aantal,
        "nieuw": {k: v for k, v in uitkomst["stagnatie"].items() if not k.endswith("_opgelost")},
        "toestemming": uitkomst["toestemming"],
        "regeling": uitkomst["regeling"],
        "termijn": uitkomst["termijn"],
        "seconds_per_check": uitkomst["seconden"],
        "target": f"<= {SWEEP_TARGET_S_100K} s at 100k (scaled: {toegestaan:.2f} s), queries independent of N",
        "met": seconds <= toegestaan,
    }


# --- 5. worklist_page and dossier_page --------------------------------------------------------------------


def _staff_client():
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.models import User

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user = User.objects.get(email="casemanager@demo.nlai.nl")
    client = Client()
    client.force_login(user, backend="accounts.backends.EmailBackend")
    device = user.totpdevice_set.first()
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _replay(statements: list[str]) -> float:
    """Run the page's own SELECTs raw (no ORM, no template): what the database alone needs for the page."""
    from django.db import connection

    t0 = time.perf_counter()
    with connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)
            cur.fetchall()
    return time.perf_counter() - t0


def _page_bench(urls: list[str], doel_ms: float) -> dict:
    from django.db import connection

    _statistieken()
    with _teruggedraaid():
        # The pages are measured with today's findings of the sweep in place (the work queue lists them), and
        # the whole run is rolled back: the findings and the views' audit rows (DossierInzage) are the bench's.
        from incasso.services import stagnatie_controle

        stagnatie_controle(vandaag=_vandaag())
        with connection.cursor() as cur:  # statistics that include them, as autovacuum would have by now
            cur.execute("ANALYZE incasso_signalering")
        uitkomst = _page_meet(urls, connection, doel_ms)
    return uitkomst


def _page_meet(urls: list[str], connection, doel_ms: float) -> dict:
    from django.test.utils import CaptureQueriesContext

    client = _staff_client()
    for url in urls[:5]:  # warm-up: template loading, first connection, caches
        assert client.get(url).status_code == 200, url
    tijden: list[float] = []
    cpu: list[float] = []  # this process's CPU per request: Python's share, whatever else the machine runs
    queries: list[int] = []
    floor = 0.0
    for url in urls:
        with CaptureQueriesContext(connection) as q:
            t0, c0 = time.perf_counter(), time.process_time()
            r = client.get(url)
            tijden.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        assert r.status_code == 200, (url, r.status_code)
        queries.append(len(q.captured_queries))
        # Floor: the page's SELECTs without session, user and OTP lookups (the middleware's, not the page's).
        selects = [
            c["sql"]
            for c in q.captured_queries
            if c["sql"].lstrip().upper().startswith("SELECT")
            and not any(t in c["sql"] for t in ('"django_session"', '"otp_', 'FROM "accounts_user" WHERE'))
        ]
        floor += _replay(selects)
    p95 = _pct(tijden, 95)
    return {
        "items": len(urls),
        "seconds": round(sum(tijden) / 1000, 3),
        "floor_seconds": round(floor, 3),
        "p50_ms": round(statistics.median(tijden), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(max(tijden), 1),
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "floor_ms_per_request": round(floor / len(urls) * 1000, 1),
        "queries": max(queries),
        "queries_min": min(queries),
        "target": f"p95 <= {doel_ms} ms",
        "met": p95 <= doel_ms,
    }


def worklist_page() -> dict:
    # The staff home; every other request the case manager's own queue ("Alleen mijn dossiers").
    urls = ["/staff/" if i % 2 == 0 else "/staff/?mijn=1" for i in range(PAGE_REQUESTS)]
    return _page_bench(urls, WORKLIST_TARGET_P95_MS)


def dossier_page() -> dict:
    from dossiers.models import Dossier

    ids = list(Dossier.objects.values_list("id", flat=True))
    gekozen = random.Random(8).sample(ids, min(PAGE_REQUESTS, len(ids)))
    urls = [f"/staff/dossiers/{pk}/" for pk in gekozen]
    while len(urls) < PAGE_REQUESTS:
        urls.append(urls[len(urls) % len(gekozen)])
    return _page_bench(urls, DOSSIER_TARGET_P95_MS)


# --- 6. letters -------------------------------------------------------------------------------------------

# Floor: reading by SQL what a letter is made from (dossier with client and debtor, obligations, one-off
# claims, stuitingen, payments) for the same 200 dossiers, one statement per table for the whole set.
LETTER_FLOOR_SQL = [
    """SELECT d.*, c.*, b.* FROM dossiers_dossier d JOIN dossiers_client c ON c.id = d.client_id
       JOIN dossiers_debiteur b ON b.id = d.debiteur_id WHERE d.id = ANY(%(ids)s)""",
    "SELECT * FROM dossiers_verplichting WHERE dossier_id = ANY(%(ids)s)",
    "SELECT * FROM dossiers_eenmaligevordering WHERE dossier_id = ANY(%(ids)s)",
    "SELECT * FROM dossiers_stuiting WHERE dossier_id = ANY(%(ids)s)",
    """SELECT t.dossier_id, o.datum, o.bedrag, t.kosten FROM inning_toewijzing t
       JOIN inning_ontvangst o ON o.id = t.ontvangst_id WHERE t.ongedaan_op IS NULL AND t.dossier_id = ANY(%(ids)s)""",
]


def _letter_ids() -> list[int]:
    from dossiers.models import Dossier

    ids = list(
        Dossier.objects.filter(status__in=[Dossier.Status.ACTIEF, Dossier.Status.REGELING])
        .order_by("id")
        .values_list("id", flat=True)
    )
    return random.Random(6).sample(ids, min(LETTERS, len(ids)))


def _letter_render(dossier_id: int) -> int:
    """The work of `brief_maak` up to the PDF (context from the arrears + WeasyPrint), without storing it.
    Returns the letter's number of pages."""
    from dossiers.models import Dossier
    from incasso.letters import brief_context
    from incasso.models import BriefSoort
    from nlai.pdf import pdf_document, pdf_schrijf

    dossier = Dossier.objects.select_related("client", "debiteur").get(pk=dossier_id)
    ctx = brief_context(dossier=dossier, soort=BriefSoort.AANMANING, datum=_vandaag())
    document = pdf_document(template_name=f"letters/{BriefSoort.AANMANING}.html", context=ctx)
    pdf_schrijf(document)
    return len(document.pages)


def _letter_render_cpu(dossier_id: int) -> float:
    """CPU seconds of this worker for one letter (the machine is shared: wall time alone says little)."""
    c0 = time.process_time()
    _letter_render(dossier_id)
    return time.process_time() - c0


def _pool_init() -> None:
    import django
    from django.db import connections

    django.setup()
    for c in connections.all():
        c.close()  # never share the parent's socket


def letters() -> dict:
    import multiprocessing

    from django.db import connection, connections

    _statistieken()
    ids = _letter_ids()
    _letter_render(ids[0])  # warm-up: fonts, templates, WeasyPrint's import
    t0 = time.perf_counter()
    c0 = time.process_time()
    per_brief: list[float] = []
    paginas = 0
    for pk in ids:
        t1 = time.perf_counter()
        paginas += _letter_render(pk)
        per_brief.append((time.perf_counter() - t1) * 1000)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0

    for c in connections.all():
        c.close()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2, initializer=_pool_init) as pool:
        pool.map(_letter_render, ids[:4], chunksize=1)  # warm-up of both workers
        t0 = time.perf_counter()
        cpu_2 = sum(pool.map(_letter_render_cpu, ids, chunksize=4))
        seconds_2 = time.perf_counter() - t0

    t0 = time.perf_counter()
    with connection.cursor() as cur:
        for sql in LETTER_FLOOR_SQL:
            cur.execute(sql, {"ids": ids})
            cur.fetchall()
    floor = time.perf_counter() - t0
    return {
        "items": len(ids),
        "seconds": round(seconds, 3),
        "floor_seconds": round(floor, 3),
        "per_item_ms": round(seconds / len(ids) * 1000, 1),
        "pages": paginas,
        "ms_per_page": round(seconds / paginas * 1000, 1),
        "p50_ms": round(statistics.median(per_brief), 1),
        "p95_ms": round(_pct(per_brief, 95), 1),
        "letters_per_s": round(len(ids) / seconds, 1),
        "letters_per_s_2workers": round(len(ids) / seconds_2, 1),
        "cpu_seconds": round(cpu, 2),
        "cpu_ms_per_letter": round(cpu / len(ids) * 1000, 1),
        "cpu_ms_per_page": round(cpu / paginas * 1000, 1),
        "cpu_seconds_2workers": round(cpu_2, 2),
        "cores": os.cpu_count(),
        "target": ">= 10 letters/s with 2 workers",
        "met": len(ids) / seconds_2 >= 10,
    }


SCENARIOS = {
    "arrears_recompute": arrears_recompute,
    "stagnation_sweep": stagnation_sweep,
    "worklist_page": worklist_page,
    "dossier_page": dossier_page,
    "letters": letters,
}
