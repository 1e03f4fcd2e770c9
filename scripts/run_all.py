"""`make run`: web server, Celery worker and beat in the foreground; Ctrl-C stops all three."""

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


def main() -> int:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "nlai.settings.local"),
    }
    (ROOT / "var").mkdir(exist_ok=True)
    procs = {name: subprocess.Popen(cmd, cwd=ROOT, env=env) for name, cmd in PROCESSES.items()}
    print("NLAI Inning draait op http://127.0.0.1:8000 (Ctrl-C stopt web, worker en beat).", flush=True)
    try:
        while True:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    print(
                        f"{name} is gestopt (code {proc.returncode}); alles wordt gestopt.", file=sys.stderr
                    )
                    return proc.returncode or 1
            time.sleep(1)
    except KeyboardInterrupt:
        return 0
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    sys.exit(main())
