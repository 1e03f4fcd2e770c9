"""Start a real Celery worker (a subprocess) against Redis and the pytest test database.

Use with `transactional_db` so that the worker sees committed rows:

    with celery_worker(redis_db=3) as worker:
        worker.send("nlai.tasks.heartbeat")
        wait_until(lambda: WorkerHeartbeat.objects.exists())
"""

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from kombu import Connection

ROOT = Path(settings.BASE_DIR)
REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")


def test_database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test database), for a subprocess."""
    d = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{d['NAME']}"
    user = d.get("USER") or "postgres"
    auth = f"{user}:{d['PASSWORD']}" if d.get("PASSWORD") else user
    return f"postgres://{auth}@{d.get('HOST') or '127.0.0.1'}:{d.get('PORT') or 5432}/{d['NAME']}"


@dataclass
class Worker:
    broker_url: str
    process: subprocess.Popen

    def send(self, task_name: str, args: tuple = (), kwargs: dict | None = None) -> None:
        from nlai.celery import app

        with Connection(self.broker_url) as conn:
            app.send_task(task_name, args=args, kwargs=kwargs or {}, connection=conn)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@contextmanager
def celery_worker(*, redis_db: int, extra_env: dict | None = None) -> Iterator[Worker]:
    broker_url = f"{REDIS}/{redis_db}"
    with Connection(broker_url) as conn:  # start from an empty queue: stale messages would confuse the test
        conn.default_channel.client.flushdb()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nlai.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": broker_url,
        **(extra_env or {}),
    }
    log = open(ROOT / "var" / f"test-worker-{redis_db}.log", "w")  # noqa: SIM115
    cmd = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "nlai",
        "worker",
        "--pool",
        "solo",
        "-l",
        "info",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "-n",
        f"test{redis_db}@%h",
    ]
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    worker = Worker(broker_url=broker_url, process=process)
    try:
        yield worker
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


def wait_until(check: Callable[[], bool], *, timeout: float = 60, interval: float = 0.25) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
