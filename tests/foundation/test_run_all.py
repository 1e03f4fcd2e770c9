"""Ctrl-C on ``make run`` (issue 14 item 10): ``scripts/run_all.py`` stops web, worker and beat and exits 0, so
make prints no ``*** Error 1``; a second Ctrl-C while they stop is ignored, and nothing is left running."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

KIND = (
    "import os, signal, sys, time; open(sys.argv[1], 'w').write(str(os.getpid()));"
    "signal.signal(signal.SIGINT, lambda *a: sys.exit(0)); time.sleep(60)"
)


def _leeft(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_ctrl_c_stops_all_three_and_exits_0(tmp_path):
    namen = ("web", "worker", "beat")
    processen = {n: [sys.executable, "-c", KIND, str(tmp_path / n)] for n in namen}
    start = (
        f"import sys; sys.path.insert(0, 'scripts'); import run_all; sys.exit(run_all.main({processen!r}))"
    )
    # Its own session, like a terminal's foreground job: Ctrl-C is SIGINT to the whole process group.
    proc = subprocess.Popen(
        [sys.executable, "-c", start], cwd=ROOT, start_new_session=True, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    einde = time.monotonic() + 20
    while not all((tmp_path / n).exists() and (tmp_path / n).read_text() for n in namen):
        assert time.monotonic() < einde, "the three did not start"
        time.sleep(0.1)
    pids = [int((tmp_path / n).read_text()) for n in namen]
    os.killpg(proc.pid, signal.SIGINT)
    time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # impatient: a second Ctrl-C
    uit, fout = proc.communicate(timeout=30)
    assert proc.returncode == 0, fout
    assert "Traceback" not in fout
    assert "gestopt" in uit
    assert not any(_leeft(pid) for pid in pids)
