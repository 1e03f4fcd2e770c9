import pytest

from nlai.models import WorkerHeartbeat
from tests.worker import celery_worker, wait_until


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_on_redis_runs_the_heartbeat_and_healthz_sees_it(client, settings):
    with celery_worker(redis_db=1) as worker:
        settings.CELERY_BROKER_URL = worker.broker_url
        assert client.get("/healthz").status_code == 503  # no heartbeat yet
        worker.send("nlai.tasks.heartbeat")
        wait_until(lambda: WorkerHeartbeat.objects.exists(), timeout=60)
        response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["worker"]["ok"] is True
