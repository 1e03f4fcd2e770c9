"""Health of the parts the site depends on: database, broker and the worker's last heartbeat."""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils import timezone


@dataclass(frozen=True)
class Onderdeel:
    ok: bool
    detail: str


def database_check() -> Onderdeel:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Onderdeel(True, connection.vendor)
    except Exception as exc:  # any driver error means "down"
        return Onderdeel(False, str(exc)[:200])


def broker_check(*, broker_url: str | None = None) -> Onderdeel:
    from kombu import Connection

    url = broker_url or settings.CELERY_BROKER_URL
    try:
        with Connection(url, connect_timeout=2, transport_options={"max_retries": 0}) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return Onderdeel(True, url.split("://", 1)[0])
    except Exception as exc:
        return Onderdeel(False, str(exc)[:200])


def heartbeat_age_seconds() -> float | None:
    from .models import WorkerHeartbeat

    newest = WorkerHeartbeat.objects.aggregate(newest=Max("gezien_op"))["newest"]
    if newest is None:
        return None
    return round((timezone.now() - newest).total_seconds(), 1)


def health_report() -> tuple[bool, dict]:
    db = database_check()
    broker = broker_check()
    age = heartbeat_age_seconds() if db.ok else None
    worker_ok = age is not None and age <= settings.HEARTBEAT_MAX_AGE_SECONDS
    healthy = db.ok and broker.ok and worker_ok
    return healthy, {
        "status": "ok" if healthy else "fout",
        "database": {"ok": db.ok, "detail": db.detail},
        "broker": {"ok": broker.ok, "detail": broker.detail},
        "worker": {
            "ok": worker_ok,
            "laatste_hartslag_seconden_geleden": age,
            "max_seconden": settings.HEARTBEAT_MAX_AGE_SECONDS,
        },
    }
