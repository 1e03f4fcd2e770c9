"""`make loadtest`'s pieces, for real and small: the setup of ``scripts/loadtest.py`` on a 30-dossier seed,
then Locust with ``scripts/locustfile.py`` (every user kind, the bank import, logins through the form with
TOTP) for a few seconds against the test server with production's HTTPS settings behind the proxy header.

A flow that breaks (a page that fails, a form that changed, a lapsed session) shows up as a failure in
Locust's statistics, which this test reads with the script's own parser. The full stack (gunicorn, worker,
10,000 dossiers) is ``make loadtest`` itself: about two minutes, too slow for the suite.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from bank.controle import grootboek_controleer
from betaling.models import Betaling
from inning.models import Bankafschrift

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts import loadtest  # noqa: E402

SECONDS = 20
KINDS = {
    "client_home",
    "client_dossier",
    "client_geld",
    "staff_queue",
    "staff_dossier",
    "staff_dossier_tab",
    "debtor_link",
    "debtor_overview",
    "debtor_pay_start",
    "provider_pay",
    "debtor_payment",
    "webhook",
    "login",
    "bank_upload",
    "bank_progress",
}


@pytest.fixture
def productie_https(settings):
    """What nlai.settings.production sets for HTTPS behind the proxy (the rest of production needs Redis)."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.BETALEN_TESTPROVIDER = True


def test_locust_users_walk_every_flow_without_an_error(
    transactional_db, live_server, productie_https, tmp_path
):
    call_command("seed_demo", "--dossiers", "30", "--seed", "1", "--zonder-pdf", verbosity=0)
    plan = tmp_path / "plan.json"
    loadtest.setup(plan, users=6, bank_entries=100)
    inhoud = json.loads(plan.read_text())
    assert len(inhoud["casemanagers"]) == 6 and inhoud["clients"] and inhoud["debtors"]
    betaald_voor = Betaling.objects.filter(status=Betaling.Status.BETAALD).count()

    prefix = tmp_path / "load"
    env = {
        **os.environ,
        "LOAD_PLAN": str(plan),
        "LOAD_SECONDS": str(SECONDS),
        "LOAD_BANK": "1",
        "LOAD_BANK_AT": "0.25",  # early, so that a slow (shared) machine still sees it booked
        "LOAD_WAIT": "0.1,0.3",
        "LOAD_LOGIN_SHARE": "1",  # every client and case manager through the login form (staff: TOTP)
    }
    proc = subprocess.run(
        [
            str(Path(sys.executable).parent / "locust"),
            *("-f", str(ROOT / "scripts" / "locustfile.py"), "--headless", "--users", "6"),
            *("--spawn-rate", "6", "--run-time", f"{SECONDS}s", "--host", live_server.url),
            *("--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=SECONDS + 60,
    )
    stats = loadtest.locust_stats(prefix)
    assert loadtest.failures(prefix) == [], proc.stderr[-3000:]
    assert stats["total"]["errors"] == 0
    assert set(stats) >= KINDS, (sorted(KINDS - set(stats)), stats, proc.stderr[-3000:])
    assert all(stats[k]["requests"] > 0 for k in KINDS)

    # What the users did is in the database: paid through the test provider, the statement booked.
    assert Betaling.objects.filter(status=Betaling.Status.BETAALD).count() > betaald_voor
    afschrift = Bankafschrift.objects.get(bestandsnaam=Path(inhoud["camt"]).name)
    assert afschrift.status == Bankafschrift.Status.KLAAR
    assert afschrift.resultaat["regels"] == 100
    assert grootboek_controleer(opslaan=False)["in_balans"]


def test_the_locust_users_compute_totp_codes_as_rfc_6238_says():
    """The staff login above proves the codes match django-otp's; this pins the algorithm to the RFC's own
    vectors (SHA1 key "12345678901234567890", the last six of its eight digits). In a subprocess: importing
    Locust patches the standard library (gevent), which the test process must not get."""
    code = (
        "from scripts.locustfile import totp; k = b'12345678901234567890'.hex(); "
        "print(totp(k, at=59), totp(k, at=1111111109), totp(k, at=2000000000))"
    )
    env = {k: v for k, v in os.environ.items() if k != "LOAD_PLAN"}
    uit = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert uit.stdout.split() == ["287082", "081804", "279037"]
