"""`make run`: web server, Celery worker and beat in the foreground; Ctrl-C stops all three, cleanly.

The three run in a session of their own, so the terminal's Ctrl-C reaches only this script (and make): the
script then stops them itself, one signal each, waits for them, and exits 0, so make reports no error. A
second Ctrl-C while they stop is ignored instead of ending in a traceback. SIGTERM and SIGHUP (a closed
terminal) stop them the same way, so they are never left running on their own.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"

PROCESSES = {
    "web": [str(BIN / "python"), "manage.py", "runserver", "127.0.0.1:8000", "--noreload"],
    "worker": [
        str(BIN / "celery"),
        "-A",
        "nlai",
        "worker",
        "-l",
        "warning",
        "--concurrency",
        "2",
        "--pool",
        "threads",
    ],
    "beat": [str(BIN / "celery"), "-A", "nlai", "beat", "-l", "warning"],
}


class Stoppen(Exception):
    """Raised by the signal handler: SIGINT (Ctrl-C), SIGTERM or SIGHUP."""


def _stop_signaal(signum, frame):  # noqa: ARG001
    raise Stoppen(signal.Signals(signum).name)


def stop_alles(procs: dict[str, subprocess.Popen]) -> None:
    """SIGINT (Celery's warm shutdown, runserver's own stop), then SIGTERM, then SIGKILL; each waits."""
    for sig, wachttijd in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        levend = [p for p in procs.values() if p.poll() is None]
        for proc in levend:
            proc.send_signal(sig)
        einde = time.monotonic() + wachttijd
        for proc in levend:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, einde - time.monotonic()))
        if all(p.poll() is not None for p in procs.values()):
            return


def main(processes: dict[str, list[str]] | None = None) -> int:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "nlai.settings.local"),
    }
    (ROOT / "var").mkdir(exist_ok=True)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _stop_signaal)
    procs: dict[str, subprocess.Popen] = {}
    code = 0
    try:
        for name, cmd in (processes or PROCESSES).items():
            procs[name] = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
        print("NLAI Inning draait op http://127.0.0.1:8000 (Ctrl-C stopt web, worker en beat).", flush=True)
        while True:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    print(
                        f"{name} is gestopt (code {proc.returncode}); alles wordt gestopt.", file=sys.stderr
                    )
                    code = proc.returncode or 1
                    raise Stoppen(name)
            time.sleep(0.5)
    except Stoppen:
        pass
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C while stopping changes nothing
        stop_alles(procs)
    if code == 0:
        print("Web, worker en beat zijn gestopt.", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
