"""`make bench`: one line per scenario (contract in ARCHITECTURE.md) and var/bench/latest.json.

    BENCH name=<scenario> items=<n> seconds=<s> floor_seconds=<f> ratio=<s/f> peak_mb=<m>

Design: the parent process prepares the database once (``seed_demo --dossiers $SCALE --seed $SEED`` on a
fresh schema; with BENCH_REUSE=1 the load is skipped when the same scale and seed are already loaded), then runs every scenario in a
fresh child process, in order, so that ``peak_mb`` (peak resident memory, ``ru_maxrss``) belongs to that
scenario alone and one scenario's caches do not flatter the next. Scenarios run in a fixed order because
some build on the previous one's data effect (the bank import books the receipts that the payout batch
pays out and the journal export streams).

A scenario is a function ``fn() -> dict`` registered in a module's ``SCENARIOS`` (name → function) listed
in ``MODULES``. It returns at least ``items``, ``seconds`` and ``floor_seconds``; any other keys (p50_ms,
queries, per_item_ms, target, ...) are printed after the contract fields and kept in the JSON.
``floor_seconds`` is the same data effect done by the smallest hand-written SQL in the same run.

Environment: ``DATABASE_URL`` (PostgreSQL; the bench refuses SQLite and, because it wipes the schema, any
database without "bench" in its name unless ``BENCH_WIPE=1``), ``SCALE`` (default 10000),
``SEED`` (default 1), ``BENCH_REUSE=1`` (keep the loaded data), ``BENCH_ONLY`` (comma-separated scenario names, to run a subset).
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Modules with a SCENARIOS dict; the order of the modules and of each dict is the run order.
MODULES = ["scripts.bench_geld", "scripts.bench_werk", "scripts.bench_incasso", "scripts.bench_betaling"]
CONTRACT = ("items", "seconds", "floor_seconds", "ratio", "peak_mb")


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nlai.settings.local")
    import django

    django.setup()


def scenarios() -> dict:
    found: dict = {}
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        found.update(module.SCENARIOS)
    return found


def peak_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_child(name: str) -> int:
    """Run one scenario in this (child) process and print its result as one JSON line."""
    django_setup()
    result = dict(scenarios()[name]())
    result["peak_mb"] = peak_mb()
    print("RESULT " + json.dumps(result, default=str), flush=True)
    return 0


def database_ensure(url: str) -> None:
    """Create the bench database when it does not exist yet (via the server's maintenance database)."""
    import psycopg
    from psycopg import sql

    base, name = url.split("?")[0].rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def analyze() -> None:
    """Fresh planner statistics after a bulk load: autovacuum may be off or not have run yet, and a planner
    that thinks the tables are empty picks plans no production database would."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE)")


def prepare(scale: int, seed: int) -> float:
    """Load SCALE dossiers unless exactly this scale and seed are loaded already; returns seconds spent."""
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    from dossiers.models import Dossier

    # One marker per database: engineers (and CI) load different databases at the same time.
    marker = ROOT / "var" / "bench" / f"dataset-{connection.settings_dict['NAME']}.json"
    wanted = {"scale": scale, "seed": seed, "db": connection.settings_dict["NAME"]}
    # Scenarios change the data (receipts, payouts), so a run starts from a fresh load; BENCH_REUSE=1 keeps
    # the loaded data while working on one scenario.
    reuse = os.environ.get("BENCH_REUSE") == "1"
    if (
        reuse
        and marker.exists()
        and json.loads(marker.read_text()) == wanted
        and Dossier.objects.count() >= scale
    ):
        call_command("migrate", "--noinput", verbosity=0)
        analyze()
        return 0.0
    t0 = time.perf_counter()
    # A clean schema and the migrations (which also load the legal tables), not `flush`: flush would empty
    # the reference tables that data migrations fill.
    with connection.cursor() as cur:
        cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", "--noinput", verbosity=0)
    call_command("seed_demo", "--dossiers", str(scale), "--seed", str(seed))
    analyze()
    marker.write_text(json.dumps(wanted))
    return time.perf_counter() - t0


def line(name: str, r: dict) -> str:
    seconds = float(r["seconds"])
    floor = float(r["floor_seconds"])
    r["ratio"] = round(seconds / floor, 2) if floor > 0 else None
    extra = " ".join(f"{k}={v}" for k, v in r.items() if k not in CONTRACT and k != "name")
    head = (
        f"BENCH name={name} items={r['items']} seconds={seconds:.3f} floor_seconds={floor:.3f} "
        f"ratio={r['ratio']} peak_mb={r['peak_mb']}"
    )
    return f"{head} {extra}".rstrip()


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        return run_child(sys.argv[2])
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("make bench needs PostgreSQL: set DATABASE_URL=postgres://... (see README, Scale)")
        return 2
    name = os.environ["DATABASE_URL"].rsplit("/", 1)[-1].split("?")[0]
    if "bench" not in name and os.environ.get("BENCH_WIPE") != "1":
        # The bench drops and recreates the schema: never on a database that may hold real data.
        print(
            f"make bench wipes its database; '{name}' has no 'bench' in its name (set BENCH_WIPE=1 to insist)"
        )
        return 2
    database_ensure(os.environ["DATABASE_URL"])
    scale = int(os.environ.get("SCALE", "10000"))
    seed = int(os.environ.get("SEED", "1"))
    only = {s for s in os.environ.get("BENCH_ONLY", "").split(",") if s}

    # The seed runs in a child as well, so its memory does not count against the scenarios.
    t0 = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--prepare", str(scale), str(seed)], check=True, cwd=ROOT)
    seed_seconds = time.perf_counter() - t0
    print(
        f"dataset: {scale} dossiers, seed {seed} ({seed_seconds:.1f} s incl. a possible reload)", flush=True
    )

    django_setup()
    names = [n for n in scenarios() if not only or n in only]
    results = []
    failed = 0
    for name in names:
        proc = subprocess.run(
            [sys.executable, __file__, "--child", name], cwd=ROOT, capture_output=True, text=True
        )
        payload = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
        if proc.returncode != 0 or not payload:
            failed += 1
            print(f"BENCH name={name} failed (exit {proc.returncode})", flush=True)
            sys.stderr.write(proc.stderr[-4000:])
            continue
        r = json.loads(payload[-1][len("RESULT ") :])
        print(line(name, r), flush=True)
        results.append({"name": name, **r})
    if not names:
        print("no scenarios yet" if not only else f"no scenario named {sorted(only)}")
    meta = {
        "scale": scale,
        "seed": seed,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    (out / "latest.json").write_text(json.dumps({**meta, "scenarios": results}, indent=2, default=str))
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--prepare":
        prepare(int(sys.argv[2]), int(sys.argv[3]))
        sys.exit(0)
    sys.exit(main())
