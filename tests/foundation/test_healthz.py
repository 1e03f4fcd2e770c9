import pytest
from django.utils import timezone

from nlai.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_with_database_broker_and_a_fresh_heartbeat(client, settings):
    WorkerHeartbeat.objects.create(worker="w1", gezien_op=timezone.now())
    response = client.get("/healthz")
    data = response.json()
    assert response.status_code == 200, data
    assert data["status"] == "ok"
    assert data["database"]["ok"] and data["broker"]["ok"] and data["worker"]["ok"]
    assert 0 <= data["worker"]["laatste_hartslag_seconden_geleden"] < settings.HEARTBEAT_MAX_AGE_SECONDS


def test_healthz_is_503_when_the_broker_is_down(client, settings):
    WorkerHeartbeat.objects.create(worker="w1", gezien_op=timezone.now())
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False
    assert response.json()["database"]["ok"] is True


def test_healthz_is_503_without_a_worker_heartbeat(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == {
        "ok": False,
        "laatste_hartslag_seconden_geleden": None,
        "max_seconden": 120,
    }


def test_healthz_is_503_when_the_last_heartbeat_is_too_old(client, settings):
    WorkerHeartbeat.objects.create(worker="w1", gezien_op=timezone.now() - timezone.timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"]["laatste_hartslag_seconden_geleden"] >= 600
