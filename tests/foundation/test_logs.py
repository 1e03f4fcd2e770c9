"""JSON logs with the request id and the Celery task id (issue 19 item 2)."""

import io
import json
import logging
import logging.config
from types import SimpleNamespace

import pytest
import structlog
from django.http import HttpResponse
from django.test import RequestFactory

from nlai.logging import celery_context
from nlai.logging.request_id import RequestIdMiddleware
from nlai.logging.structuur import logging_config, structlog_configureer


@pytest.fixture
def json_log():
    """The production LOGGING (LOG_FORMAT=json) with its handler writing into a buffer."""
    config = logging_config(formaat="json", niveau="INFO")
    buffer = io.StringIO()
    config["handlers"]["console"]["stream"] = buffer
    oud = logging.root.handlers[:], logging.root.level
    logging.config.dictConfig(config)
    structlog_configureer()
    try:
        yield lambda: [json.loads(r) for r in buffer.getvalue().splitlines()]
    finally:
        logging.root.handlers[:] = oud[0]
        logging.root.setLevel(oud[1])
        structlog.reset_defaults()
        structlog.contextvars.clear_contextvars()


def _view(request):
    logging.getLogger("nlai.test").info("brief %s verstuurd", 17)
    structlog.get_logger("nlai.test").info("betaling_geboekt", bedrag="12.50")
    return HttpResponse("ok")


def test_every_log_line_of_a_request_is_json_with_the_request_id_and_it_is_echoed(json_log):
    request = RequestFactory().get("/dossiers/", HTTP_X_REQUEST_ID="proxy-7f3a")
    response = RequestIdMiddleware(_view)(request)

    assert response["X-Request-ID"] == "proxy-7f3a"
    regels = json_log()
    assert [(r["event"], r["request_id"], r["level"], r["logger"]) for r in regels] == [
        ("brief 17 verstuurd", "proxy-7f3a", "info", "nlai.test"),
        ("betaling_geboekt", "proxy-7f3a", "info", "nlai.test"),
    ]
    assert regels[1]["bedrag"] == "12.50"
    assert regels[0]["timestamp"].endswith("Z")
    # Bound for the request only: nothing leaks into the next log line outside it.
    assert structlog.contextvars.get_contextvars() == {}


def test_a_missing_or_unsafe_request_id_is_replaced_by_a_fresh_one(json_log):
    for kop in ({}, {"HTTP_X_REQUEST_ID": "a b\nINJECTED"}, {"HTTP_X_REQUEST_ID": "x" * 200}):
        response = RequestIdMiddleware(_view)(RequestFactory().get("/", **kop))
        assert len(response["X-Request-ID"]) == 32
        int(response["X-Request-ID"], 16)
    ids = {r["request_id"] for r in json_log()}
    assert len(ids) == 3


def test_a_task_logs_its_task_id_and_the_request_id_of_whoever_queued_it(json_log):
    # Web side: queued during a request, the message carries the request id.
    structlog.contextvars.bind_contextvars(request_id="req-1")
    headers: dict = {}
    celery_context.request_id_meegeven(headers=headers)
    assert headers == {celery_context.HEADER: "req-1"}
    structlog.contextvars.clear_contextvars()

    # Worker side: Celery puts the custom header on task.request.
    taak = SimpleNamespace(name="incasso.brief_maak", request=SimpleNamespace(nlai_request_id="req-1"))
    celery_context.taak_context_zet(task_id="task-9", task=taak)
    logging.getLogger("incasso").warning("pdf traag")
    celery_context.taak_context_wis()
    logging.getLogger("incasso").warning("na de taak")

    binnen, na = json_log()
    assert (binnen["task_id"], binnen["task_name"], binnen["request_id"]) == (
        "task-9",
        "incasso.brief_maak",
        "req-1",
    )
    assert "task_id" not in na and "request_id" not in na


@pytest.mark.django_db
def test_an_eager_task_runs_with_its_task_id_bound(json_log):
    """The signal handlers are connected for real (NlaiConfig.ready), not only callable."""
    from celery import shared_task

    gezien: dict = {}

    @shared_task(name="tests.logs.kijk")
    def kijk():
        gezien.update(structlog.contextvars.get_contextvars())

    resultaat = kijk.apply()
    assert gezien["task_id"] == resultaat.id
    assert gezien["task_name"] == "tests.logs.kijk"


def test_the_request_id_travels_in_the_message_to_a_real_worker():
    """Through a broker and a worker thread (in memory), not only by calling the handlers."""
    from celery import Celery
    from celery.contrib.testing.worker import start_worker

    app = Celery("logs_test", broker="memory://", backend="cache+memory://")
    gezien: dict = {}

    @app.task(name="tests.logs.kijk_echt")
    def kijk():
        gezien.update(structlog.contextvars.get_contextvars())

    with start_worker(app, perform_ping_check=False, pool="solo"):
        structlog.contextvars.bind_contextvars(request_id="req-echt")
        resultaat = kijk.delay()
        structlog.contextvars.clear_contextvars()
        resultaat.get(timeout=30)
    assert gezien == {"request_id": "req-echt", "task_id": resultaat.id, "task_name": "tests.logs.kijk_echt"}
