"""`make loadtest`: Locust against the production stack on the bench seed; one ``BENCH name=load`` line.

    BENCH name=load users=<n> seconds=<s> requests=<n> rps=<x> errors=<n> p50_ms=<ms> p95_ms=<ms> p99_ms=<ms>
    BENCH name=load_kind kind=<page kind> requests=<n> errors=<n> p50_ms=<ms> p95_ms=<ms> p99_ms=<ms>
    BENCH name=load_cpu users=<n> gunicorn_cores=<c> postgres_cores=<c> worker_cores=<c> locust_cores=<c> ...

Design: this script is the whole run. It (1) loads the database as ``make bench`` does (``scripts/bench.py
--prepare``: ``seed_demo --dossiers $SCALE --seed 1``; kept when the same scale is loaded already, unless
LOAD_REUSE=0), (2) prepares the load's own users in a child under the production settings (``--setup``:
case managers with a TOTP device, clients linked to seeded clients, one-time debtor links, a finance user,
their sessions, and a 2,000-entry CAMT.053 file), (3) starts gunicorn exactly as docker-compose does (three
sync workers, timeout 60, ``nlai.settings.production``) but bound to 127.0.0.1, and a Celery worker with
compose's ``--concurrency 2``, (4) runs Locust headless (``scripts/locustfile.py``) for LOAD_SECONDS with
LOAD_USERS users, while sampling the CPU of gunicorn, PostgreSQL, the worker and Locust itself, (5) waits for
the bank import to finish, runs ``grootboek_controle``, prints the lines above and writes
``var/bench/load.json``, and (6) stops everything it started, also on Ctrl-C or a failure.

The production settings are not weakened: TLS ends at a proxy in production, so every request carries the
header that proxy sets (``X-Forwarded-Proto: https``, the one ``SECURE_PROXY_SSL_HEADER`` trusts) and Locust
plays that proxy's part for cookies (``scripts/locustfile.py``). The only production switch turned on is
``BETALEN_TESTPROVIDER`` (debtors pay through the built-in test provider, as in ``make run``). Setup writes
sessions straight into the session table for most users (a real user logs in once a day, not once per two
minutes: 200 password hashes at once would measure a login storm instead); a share of the users
(LOAD_LOGIN_SHARE) logs in through the form, staff with a current TOTP code, as page kind ``login``.

PostgreSQL and Redis must be running (as for ``make bench`` and the tests); the script starts the web and
worker processes. Exit status 1 when a request failed or the ledger is out of balance.

Environment: DATABASE_URL (must contain "bench": the load reloads it; Makefile default nlai_bench_load),
CELERY_BROKER_URL (Redis; also the shared cache), SCALE (10000), SEED (1), LOAD_REUSE (1),
LOAD_USERS (200), LOAD_SECONDS (120), LOAD_SPAWN_RATE (10 users/s), LOAD_STEPS (e.g. "50,100": shorter
runs first at those user counts, to see where it saturates), LOAD_BANK_ENTRIES (2000; 0: no bank import),
LOAD_LOGIN_SHARE (0.1), LOAD_WAIT ("2,6" s between pages), LOAD_PORT (8460), LOAD_TARGET_P95_MS (300),
LOAD_PROFILE=1 (after the load, ``BENCH name=load_profile`` lines: where the CPU of four pages goes).
"""

from __future__ import annotations

import csv
import json
import os
import platform
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
OUT = ROOT / "var" / "bench"


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


# --- setup (child process, production settings) -------------------------------------------------------------


def setup(plan_path: Path, users: int, bank_entries: int) -> None:
    """Users, devices, sessions, debtor links and the CAMT file for one run; written to ``plan_path``.

    Every account gets the same freshly hashed password (one hash, not hundreds: the load measures pages,
    setup is not timed). Accounts are named ``load-…@load.invalid`` and reused by the next run."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.models import User
    from accounts.services import gebruiker_maak, totp_koppel
    from dossiers.debiteur_toegang import ALFABET, LINK_GEHEIM, LINK_KENMERK
    from dossiers.models import Client, DebiteurToegang, Document, Dossier

    wachtwoord = secrets.token_urlsafe(18)
    wachtwoord_hash = make_password(wachtwoord)
    backend = "accounts.backends.EmailBackend"

    def gebruiker(email: str, rol: str) -> User:
        user = User.objects.filter(email=email).first() or gebruiker_maak(email=email, password=None, rol=rol)
        User.objects.filter(pk=user.pk).update(password=wachtwoord_hash)
        user.password = wachtwoord_hash
        return user

    def sessie(user: User, device=None) -> str:
        s = SessionStore()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = backend
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        if device is not None:
            s[DEVICE_ID_SESSION_KEY] = device.persistent_id
        s.create()
        return s.session_key

    def staf(email: str, rol: str) -> dict:
        user = gebruiker(email, rol)
        key = secrets.token_hex(20)
        device = totp_koppel(user=user, key_hex=key)
        return {"email": email, "session": sessie(user, device), "totp_key": key}

    with transaction.atomic():
        casemanagers = [staf(f"load-cm-{i}@load.invalid", "casemanager") for i in range(users)]
        financieel = staf("load-fin@load.invalid", "financieel")

        # Clients: seeded clients (with an open dossier), given a login; those whose documents exist on disk
        # first, so the "document" page kind serves real files.
        met_bestand: dict[int, list[list[int]]] = {}
        for doc_id, dossier_id, client_id, naam in Document.objects.filter(
            zichtbaar_voor_client=True, dossier__client__isnull=False
        ).values_list("id", "dossier_id", "dossier__client_id", "bestand")[:20000]:
            if naam and (Path(settings.PRIVATE_MEDIA_ROOT) / naam).exists():
                met_bestand.setdefault(client_id, []).append([dossier_id, doc_id])
        eigen = list(
            Client.objects.filter(user__email__startswith="load-client-").values_list("id", flat=True)
        )
        vrij = list(
            Client.objects.filter(user__isnull=True, dossiers__status__in=Dossier.OPEN_STATUSSEN)
            .distinct()
            .order_by("id")
            .values_list("id", flat=True)[: users * 2]
        )
        kandidaten = sorted(set(eigen) | set(vrij), key=lambda c: (c not in met_bestand, c))[:users]
        clients = []
        for i, client_id in enumerate(kandidaten):
            client = Client.objects.get(pk=client_id)
            user = (
                client.user
                if client.user_id
                else gebruiker(f"load-client-{client_id}@load.invalid", "client")
            )
            if not client.user_id:
                Client.objects.filter(pk=client_id).update(user=user)
            elif client.user.email.startswith("load-client-"):
                User.objects.filter(pk=user.pk).update(password=wachtwoord_hash)
                user.password = wachtwoord_hash
            dossiers = list(Dossier.objects.filter(client_id=client_id).values_list("id", flat=True)[:20])
            clients.append(
                {
                    "email": user.email,
                    "session": sessie(user),
                    "dossiers": dossiers,
                    "documents": met_bestand.get(client_id, [])[:20],
                    "n": i,
                }
            )

        # Debtors: one-time links (the path /debiteur/link/<token>/) for dossiers being collected; one shared
        # secret with one hash, each link its own kenmerk (what link_maak stores, without a hash per link).
        geheim = "".join(secrets.choice(ALFABET) for _ in range(LINK_GEHEIM))
        code_hash = make_password(geheim)
        te_innen = list(
            Dossier.objects.filter(status__in=[Dossier.Status.ACTIEF, Dossier.Status.REGELING])
            .order_by("?")
            .values_list("id", flat=True)[: users * 2]
        )
        rijen = []
        for dossier_id in te_innen:
            kenmerk = "".join(secrets.choice(ALFABET) for _ in range(LINK_KENMERK))
            rijen.append(
                DebiteurToegang(
                    dossier_id=dossier_id,
                    soort=DebiteurToegang.Soort.LINK,
                    kenmerk=kenmerk,
                    code_hash=code_hash,
                    geldig_tot=timezone.now() + timezone.timedelta(days=1),
                )
            )
        DebiteurToegang.objects.bulk_create(rijen)
        debiteuren = [r.kenmerk + geheim for r in rijen]

    werk = list(
        Dossier.objects.filter(status__in=Dossier.OPEN_STATUSSEN)
        .order_by("?")
        .values_list("id", flat=True)[:2000]
    )
    camt = ""
    if bank_entries:
        camt = str(plan_path.parent / f"load-camt-{secrets.token_hex(4)}.xml")
        Path(camt).write_bytes(_camt_bestand(bank_entries))
    plan = {
        "password": wachtwoord,
        "casemanagers": casemanagers,
        "financieel": financieel,
        "clients": clients,
        "debtors": debiteuren,
        "dossiers": werk,
        "camt": camt,
        "bank_entries": bank_entries,
    }
    plan_path.write_text(json.dumps(plan))
    plan_path.chmod(0o600)

    from nlai.tasks import heartbeat

    # Waits in the broker for the worker about to start: /healthz says ok once a worker really consumes.
    heartbeat.delay()


def _camt_bestand(aantal: int) -> bytes:
    """A CAMT.053 statement of ``aantal`` credits for seeded dossiers (the bench's file shape and mix: most
    with the structured reference, 1 in 20 in free text, 1 in 20 unknown), new references every run."""
    from django.utils import timezone

    from scripts.bench_geld import _camt, _posten

    run = secrets.token_hex(4).upper()
    vandaag = timezone.localdate()
    posten = list(_posten(run, vandaag, aantal=aantal, voorvoegsel="LOAD"))
    with _camt(lambda: posten, msg_id=f"LOAD-{run}") as bestand:  # an open temporary file
        return bestand.read()


PROFIEL_PAGINAS = ("/staff/", "/staff/dossiers/<id>/", "/portaal/", "/portaal/geld/")


def profiel(plan_path: Path, aantal: int = 20) -> None:
    """LOAD_PROFILE=1: where a page's CPU goes. cProfile (CPU time, so waiting on PostgreSQL does not count)
    of ``aantal`` requests per page through Django's test client under the production settings, as a case
    manager and a client of the plan; one line per page with the share of the CPU per package."""
    import cProfile
    import pstats

    import django

    django.setup()
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.models import User

    plan = json.loads(plan_path.read_text())

    def ingelogd(email: str) -> Client:
        c = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
        user = User.objects.get(email=email)
        c.force_login(user, backend="accounts.backends.EmailBackend")
        device = user.totpdevice_set.first()
        if device is not None:
            sessie = c.session
            sessie[DEVICE_ID_SESSION_KEY] = device.persistent_id
            sessie.save()
        return c

    staf, klant = ingelogd(plan["casemanagers"][0]["email"]), ingelogd(plan["clients"][0]["email"])
    dossiers = plan["dossiers"]
    for pagina in PROFIEL_PAGINAS:
        c = klant if pagina.startswith("/portaal/") else staf
        paden = [pagina.replace("<id>", str(dossiers[i % len(dossiers)])) for i in range(aantal + 1)]
        assert c.get(paden[-1]).status_code == 200, pagina  # warm, and the page must work
        prof = cProfile.Profile(time.process_time)
        c0 = time.process_time()
        prof.enable()
        for pad in paden[:aantal]:
            c.get(pad)
        prof.disable()
        ms = (time.process_time() - c0) * 1000 / aantal
        delen: dict[str, float] = {}
        for (bestand, _regel, _f), (_cc, _nc, eigen, _cum, _door) in pstats.Stats(prof).stats.items():
            if "site-packages/" in bestand:
                deel = "/".join(bestand.split("site-packages/")[-1].split("/")[:2]).removesuffix(".py")
            elif str(ROOT) in bestand:
                deel = "app"
            else:
                deel = "stdlib"
            delen[deel] = delen.get(deel, 0.0) + eigen
        totaal = sum(delen.values()) or 1.0
        top = sorted(delen.items(), key=lambda kv: -kv[1])[:6]
        print(
            f"BENCH name=load_profile page={pagina} requests={aantal} cpu_ms_profiled={ms:.0f} "
            + " ".join(f"{k.replace('/', '.')}_pct={100 * v / totaal:.0f}" for k, v in top),
            flush=True,
        )


def afschrift_stand(bestandsnaam: str) -> dict:
    """The status of the uploaded statement (child process, production settings)."""
    import django

    django.setup()
    from inning.models import Bankafschrift

    a = Bankafschrift.objects.filter(bestandsnaam=bestandsnaam).order_by("-id").defer("inhoud").first()
    if a is None:
        return {"status": "ontbreekt"}
    return {"status": a.status, "resultaat": a.resultaat, "fout": a.fout, "totaal": a.regels_totaal}


# --- processes ---------------------------------------------------------------------------------------------


class Stack:
    """The processes this run started, each in its own process group; ``stop`` ends them all."""

    def __init__(self) -> None:
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str, args: list[str], env: dict, log: Path) -> subprocess.Popen:
        fh = log.open("wb")
        proc = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs[name] = proc
        return proc

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


class CpuMeter:
    """CPU seconds of process trees over an interval, counted from the kernel's per-process times: live
    processes plus the children their parent already reaped. ``postgres`` is the whole server (shared with
    anything else on the machine); ``postgres_db`` only the backends connected to the load's database, read
    ten times a second. With CONN_MAX_AGE 0 a backend lives for one request, so ``postgres_db`` misses the
    last tenth of a second of each and any backend that lived less: a lower bound (exact with
    ``?conn_max_age=60`` on DATABASE_URL, where the backends stay)."""

    def __init__(self, roots: dict[str, int], database: str = "") -> None:
        import psutil

        self.psutil = psutil
        self.roots = roots
        self.database = f" {database} " if database else ""
        self.ons: dict[int, float] = {}  # backend pid -> CPU seconds at its first sighting within the run
        self.ons_nu: dict[int, float] = {}  # backend pid -> CPU seconds at the last sighting
        self.niet_ons: set[int] = set()
        self._pm: int | None = None
        self.samples: list[dict] = []
        self.laatste: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _postmaster(self) -> int | None:
        """The PostgreSQL server's root process: a ``postgres`` whose parent is not one."""
        namen = ("postgres", "postmaster")
        for p in self.psutil.process_iter(["name", "ppid"]):
            if p.info["name"] in namen:
                try:
                    if self.psutil.Process(p.info["ppid"]).name() not in namen:
                        return p.pid
                except self.psutil.Error:
                    return p.pid
        return None

    def _backends(self, *, eerste: bool = False) -> None:
        """Record the CPU of the backends serving the load's database (title ``postgres: user db host ...``)."""
        if not self.database or self._pm is None:
            return
        try:
            kinderen = self.psutil.Process(self._pm).children()
        except self.psutil.Error:
            return
        for child in kinderen:
            pid = child.pid
            if pid in self.niet_ons:
                continue
            try:
                if pid not in self.ons:
                    titel = " ".join(child.cmdline()) + " "
                    if self.database not in titel:
                        if "(" in titel or "process" in titel or "writer" in titel or "launcher" in titel:
                            self.niet_ons.add(pid)  # another database, or a server process
                        continue  # else: not named yet (just forked); look again
                t = child.cpu_times()
                self.ons.setdefault(pid, t.user + t.system if eerste else 0.0)
                self.ons_nu[pid] = t.user + t.system
            except self.psutil.Error:
                continue

    def _backend_loop(self) -> None:
        while not self._stop.wait(0.1):
            self._backends()

    def totals(self) -> dict[str, float]:
        psutil = self.psutil
        uit: dict[str, float] = {}
        roots = dict(self.roots)
        pm = self._pm = self._pm or self._postmaster()
        if pm:
            roots["postgres"] = pm
        for name, pid in roots.items():
            try:
                root = psutil.Process(pid)
                t = root.cpu_times()
                total = t.user + t.system + t.children_user + t.children_system
                for child in root.children(recursive=True):
                    with_c = child.cpu_times()
                    total += with_c.user + with_c.system
            except psutil.Error:
                # Gone (Locust at the end of its run): its last reading stands.
                total = self.laatste.get(name, 0.0)
            uit[name] = total
        self.laatste = uit
        if self.database:
            uit["postgres_db"] = sum(self.ons_nu[p] - self.ons[p] for p in self.ons_nu)
        c = psutil.cpu_times()
        uit["machine"] = c.user + c.system + c.nice + getattr(c, "irq", 0) + getattr(c, "softirq", 0)
        return uit

    def _loop(self) -> None:
        vorige, t_vorige = self.totals(), time.monotonic()
        while not self._stop.wait(2.0):
            nu, t_nu = self.totals(), time.monotonic()
            dt = t_nu - t_vorige
            self.samples.append({k: round(max(0.0, nu[k] - vorige.get(k, 0.0)) / dt, 2) for k in nu})
            vorige, t_vorige = nu, t_nu

    def start(self) -> None:
        self._pm = self._postmaster()
        self._backends(eerste=True)
        self.begin, self.t0 = self.totals(), time.monotonic()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        self._thread_b = threading.Thread(target=self._backend_loop, daemon=True)
        self._thread_b.start()

    def stop(self) -> dict:
        self._backends()
        eind, t1 = self.totals(), time.monotonic()
        self._stop.set()
        if self._thread:
            self._thread.join()
            self._thread_b.join()
        dt = t1 - self.t0
        seconden = {k: round(max(0.0, eind[k] - self.begin.get(k, 0.0)), 2) for k in eind}
        gemiddeld = {k: round(v / dt, 2) for k, v in seconden.items()}
        piek = {k: max((s.get(k, 0.0) for s in self.samples), default=0.0) for k in eind}
        return {"mean_cores": gemiddeld, "peak_cores": piek, "cpu_seconds": seconden, "seconds": round(dt, 1)}


def wait_http(url: str, seconds: float, stack: Stack) -> None:
    req = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310 (http://127.0.0.1 built here)
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(req, timeout=5) as r:  # noqa: S310 (loopback URL built here)
                if r.status == 200:
                    return
        except OSError as fout:
            dood = [n for n, p in stack.procs.items() if p.poll() is not None]
            if dood:
                raise RuntimeError(f"{', '.join(dood)} stopped at start; see var/bench/load-*.log") from fout
            if time.monotonic() > deadline:
                body = fout.read().decode() if isinstance(fout, urllib.error.HTTPError) else ""
                raise RuntimeError(f"{url} not healthy: {fout} {body}") from fout
        time.sleep(0.5)


def locust_stats(prefix: Path) -> dict:
    """Per name (page kind) and the aggregate from Locust's ``<prefix>_stats.csv``."""
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as f:
        for row in csv.DictReader(f):
            naam = "total" if row["Name"] == "Aggregated" else row["Name"]

            def n(key: str, row=row) -> float:
                v = row.get(key) or "0"
                return 0.0 if v == "N/A" else float(v)

            rows[naam] = {
                "requests": int(n("Request Count")),
                "errors": int(n("Failure Count")),
                "rps": round(n("Requests/s"), 1),
                "p50_ms": round(n("50%")),
                "p95_ms": round(n("95%")),
                "p99_ms": round(n("99%")),
                "max_ms": round(n("Max Response Time")),
            }
    return rows


def failures(prefix: Path) -> list[str]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with path.open(newline="") as f:
        return [f"{r['Occurrences']}x {r['Name']}: {r['Error'][:200]}" for r in csv.DictReader(f)]


def run_locust(
    *,
    env: dict,
    users: int,
    offset: int,
    seconds: int,
    spawn_rate: float,
    host: str,
    plan: Path,
    bank: bool,
    stack: Stack,
) -> tuple[dict, dict, list[str]]:
    prefix = OUT / f"load-{users}"
    leer = {
        **env,
        "LOAD_PLAN": str(plan),
        "LOAD_OFFSET": str(offset),
        "LOAD_BANK": "1" if bank else "0",
        "LOAD_SECONDS": str(seconds),
    }
    args = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "scripts" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{seconds}s",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    proc = stack.start(f"locust-{users}", args, leer, OUT / f"load-locust-{users}.log")
    meter = CpuMeter(
        {k: p.pid for k, p in stack.procs.items() if k in ("gunicorn", "worker")} | {"locust": proc.pid},
        database=env["DATABASE_URL"].split("?")[0].rsplit("/", 1)[-1],
    )
    meter.start()
    proc.wait(timeout=seconds + 120)
    cpu = meter.stop()
    return locust_stats(prefix), cpu, failures(prefix)


def kern(name: str, r: dict) -> str:
    return " ".join(f"{k}={r[k]}" for k in ("requests", "errors", "p50_ms", "p95_ms", "p99_ms"))


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--setup":
        setup(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == "--profile":
        profiel(Path(sys.argv[2]))
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == "--afschrift":
        print(json.dumps(afschrift_stand(sys.argv[2])))
        return 0

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("make loadtest needs PostgreSQL: set DATABASE_URL=postgres://... (see README, Scale)")
        return 2
    if "bench" not in url.rsplit("/", 1)[-1] and os.environ.get("BENCH_WIPE") != "1":
        print("make loadtest loads (and may wipe) its database; its name must contain 'bench'")
        return 2
    broker = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/12")
    if not broker.startswith("redis://"):
        print("make loadtest needs Redis: set CELERY_BROKER_URL=redis://127.0.0.1:6379/<db>")
        return 2
    scale, seed = _env_int("SCALE", 10000), _env_int("SEED", 1)
    users, seconds = _env_int("LOAD_USERS", 200), _env_int("LOAD_SECONDS", 120)
    spawn_rate = float(os.environ.get("LOAD_SPAWN_RATE") or 10)
    steps = [int(s) for s in os.environ.get("LOAD_STEPS", "").split(",") if s.strip() and int(s) < users]
    bank_entries = _env_int("LOAD_BANK_ENTRIES", 2000)
    port = _env_int("LOAD_PORT", 8460)
    target = _env_int("LOAD_TARGET_P95_MS", 300)
    OUT.mkdir(parents=True, exist_ok=True)

    from scripts.bench import database_ensure

    database_ensure(url)
    t0 = time.perf_counter()
    prep_env = {**os.environ, "BENCH_REUSE": "0" if os.environ.get("LOAD_REUSE") == "0" else "1"}
    prep_env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--prepare", str(scale), str(seed)],
        check=True,
        cwd=ROOT,
        env=prep_env,
    )
    print(
        f"dataset: {scale} dossiers, seed {seed} ({time.perf_counter() - t0:.1f} s incl. a possible reload)"
    )

    static_root = tempfile.mkdtemp(prefix="nlai-load-static-")
    host = f"127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nlai.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://{host}",
        "CELERY_BROKER_URL": broker,
        "CACHE_URL": broker,  # one Redis database: Celery's keys and the cache's (":1:" prefix) do not meet
        "STATIC_ROOT": static_root,
        "BETALEN_TESTPROVIDER": "1",
        "PYTHONUNBUFFERED": "1",
    }
    stack = Stack()

    def stop_signal(signum, frame):
        raise KeyboardInterrupt

    # Ctrl-C and a plain kill both stop everything (also where SIGINT came in ignored, e.g. from `cmd &`).
    signal.signal(signal.SIGTERM, stop_signal)
    signal.signal(signal.SIGINT, stop_signal)
    try:
        return _run(
            env,
            stack,
            static_root=static_root,
            host=host,
            users=users,
            steps=steps,
            seconds=seconds,
            spawn_rate=spawn_rate,
            bank_entries=bank_entries,
            scale=scale,
            seed=seed,
            target=target,
        )
    finally:
        stack.stop()
        subprocess.run(["rm", "-rf", static_root], check=False)


def _run(
    env: dict,
    stack: Stack,
    *,
    static_root: str,
    host: str,
    users: int,
    steps: list[int],
    seconds: int,
    spawn_rate: float,
    bank_entries: int,
    scale: int,
    seed: int,
    target: int,
) -> int:
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], check=True, cwd=ROOT, env=env)
    plan = OUT / "load-plan.json"
    # Enough accounts and links for every step: each step takes the next ones (LOAD_OFFSET).
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--setup", str(plan), str(sum([*steps, users])), str(bank_entries)],
        check=True,
        cwd=ROOT,
        env=env,
    )
    print(
        f"setup: accounts, sessions, links and the statement ({time.perf_counter() - t0:.1f} s)", flush=True
    )

    stack.start(
        "gunicorn",
        # docker-compose's command (workers, timeout), on loopback.
        [
            str(BIN / "gunicorn"),
            "nlai.wsgi:application",
            "--bind",
            host,
            "--workers",
            "3",
            "--timeout",
            "60",
        ],
        env,
        OUT / "load-gunicorn.log",
    )
    stack.start(
        "worker",
        [str(BIN / "celery"), "-A", "nlai", "worker", "-l", "warning", "--concurrency", "2"],
        env,
        OUT / "load-worker.log",
    )
    stack.start(
        "beat",
        [
            str(BIN / "celery"),
            *("-A", "nlai", "beat", "-l", "warning", "--schedule", f"{static_root}/celerybeat-schedule"),
        ],
        env,
        OUT / "load-beat.log",
    )
    t0 = time.perf_counter()
    wait_http(f"http://{host}/healthz", 90, stack)
    print(f"stack: gunicorn, worker and beat up, /healthz ok ({time.perf_counter() - t0:.1f} s)", flush=True)

    resultaten = []
    offset = 0
    for n in [*steps, users]:
        hoofd = n == users
        stats, cpu, fouten = run_locust(
            env=env,
            users=n,
            offset=offset,
            seconds=seconds if hoofd else max(30, seconds // 2),
            spawn_rate=spawn_rate,
            host=f"http://{host}",
            plan=plan,
            bank=hoofd and bank_entries > 0,
            stack=stack,
        )
        totaal = stats.get(
            "total", {"requests": 0, "errors": 0, "rps": 0, "p50_ms": 0, "p95_ms": 0, "p99_ms": 0}
        )
        offset += n
        resultaten.append({"users": n, "stats": stats, "cpu": cpu, "failures": fouten, "main": hoofd})
        if not hoofd:
            print(
                f"BENCH name=load_step users={n} seconds={cpu['seconds']} rps={totaal['rps']} "
                f"{kern('total', totaal)} " + _cpu_kv(cpu, totaal["requests"]),
                flush=True,
            )

    # The bank import runs on the worker: wait for it (bounded) before the ledger is checked.
    bank = {}
    camt = json.loads(plan.read_text())["camt"]
    if camt:
        deadline = time.monotonic() + 600
        while True:
            out = subprocess.run(
                [sys.executable, __file__, "--afschrift", Path(camt).name],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            bank = json.loads(out.stdout.strip().splitlines()[-1])
            if bank["status"] not in ("wachtend", "bezig") or time.monotonic() > deadline:
                break
            time.sleep(2)
    print(f"bank import: {bank.get('status', '-')}; checking the ledger", flush=True)
    controle = subprocess.run(
        [*manage, "grootboek_controle"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    try:
        ledger = json.loads(controle.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        ledger = {"in_balans": False, "fouten": [controle.stderr[-2000:]]}

    if os.environ.get("LOAD_PROFILE") == "1":
        profiel_run = subprocess.run([sys.executable, __file__, "--profile", str(plan)], cwd=ROOT, env=env)
        if profiel_run.returncode:
            print(
                f"LOAD_PROFILE: the profile failed (exit {profiel_run.returncode}); the load's figures stand"
            )

    hoofd = resultaten[-1]
    stats, cpu = hoofd["stats"], hoofd["cpu"]
    totaal = stats["total"]
    bank_ok = not bank_entries or (
        bank.get("status") == "klaar" and bank.get("resultaat", {}).get("regels") == bank_entries
    )
    fouten = totaal["errors"] + (0 if bank_ok else 1)
    print(
        f"BENCH name=load users={users} seconds={cpu['seconds']} requests={totaal['requests']} rps={totaal['rps']} "
        f"errors={fouten} p50_ms={totaal['p50_ms']} p95_ms={totaal['p95_ms']} p99_ms={totaal['p99_ms']} "
        f"target_p95_ms={target} met={'yes' if totaal['p95_ms'] <= target and fouten == 0 else 'no'}"
    )
    for naam in sorted(k for k in stats if k != "total"):
        print(f"BENCH name=load_kind kind={naam} {kern(naam, stats[naam])}")
    print(f"BENCH name=load_cpu users={users} {_cpu_kv(cpu, totaal['requests'])}")
    print(
        f"BENCH name=load_bank entries={bank_entries} status={bank.get('status')} result={json.dumps(bank.get('resultaat'))}"
    )
    print(
        f"ledger in_balans={str(ledger.get('in_balans')).lower()} {json.dumps(ledger, ensure_ascii=False)[:500]}"
    )
    for r in resultaten:
        for regel in r["failures"][:10]:
            print(f"  failure ({r['users']} users): {regel}")
    (OUT / "load.json").write_text(
        json.dumps(
            {
                "scale": scale,
                "seed": seed,
                "users": users,
                "seconds": seconds,
                "spawn_rate": spawn_rate,
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "runs": resultaten,
                "bank": bank,
                "ledger": ledger,
                "errors": fouten,
            },
            indent=2,
            default=str,
        )
    )
    return 1 if fouten or not ledger.get("in_balans") else 0


def _cpu_kv(cpu: dict, requests: int) -> str:
    """Cores used per part (mean and the busiest 2-second sample), the web CPU per request, and what that
    means for the most requests per second the machine could serve (CPU-bound: cores / CPU per request).
    CPU time, unlike response time, holds on a shared machine: it is what this stack used, not what it
    waited for. ``other_cores`` is what the rest of the machine used meanwhile."""
    m, p, sec = cpu["mean_cores"], cpu["peak_cores"], cpu["cpu_seconds"]
    delen = ("gunicorn", "postgres_db", "postgres", "worker", "locust")
    kv = " ".join(f"{d}_cores={m.get(d, 0)}" for d in delen)
    kv += " " + " ".join(f"{d}_peak={p.get(d, 0)}" for d in delen)
    ons = ("gunicorn", "postgres", "worker", "locust")  # postgres_db is part of postgres
    andere = max(0.0, m.get("machine", 0) - sum(m.get(d, 0) for d in ons))
    per = {d: round(1000 * sec.get(d, 0) / max(requests, 1), 1) for d in ("gunicorn", "postgres_db")}
    web = per["gunicorn"] + per["postgres_db"]
    cores = os.cpu_count() or 1
    server = {d: m.get(d, 0) for d in ("gunicorn", "postgres_db", "worker")}
    return (
        f"{kv} other_cores={andere:.2f} machine_cores={m.get('machine', 0)} cores={cores} "
        f"gunicorn_cpu_ms_per_request={per['gunicorn']} postgres_cpu_ms_per_request={per['postgres_db']} "
        f"cpu_bound_rps={cores * 1000 / web if web else 0:.0f} busiest={max(server, key=server.get)}"
    )


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted; everything started was stopped", file=sys.stderr)
        sys.exit(130)
