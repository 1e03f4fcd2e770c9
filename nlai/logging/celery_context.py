"""The Celery task id (and the request id of whoever queued the task) on every log line of a task.

Connected in ``NlaiConfig.ready`` so that both the web process (publishing) and the worker (running) have it.
"""

from __future__ import annotations

from typing import Any

import structlog
from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "nlai_request_id"


@before_task_publish.connect(weak=False)
def request_id_meegeven(headers: dict | None = None, **_: Any) -> None:
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    if request_id and headers is not None:
        headers[HEADER] = request_id


@task_prerun.connect(weak=False)
def taak_context_zet(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    structlog.contextvars.clear_contextvars()
    context: dict[str, str] = {"task_id": task_id or "", "task_name": getattr(task, "name", "")}
    verzoek = getattr(task, "request", None)
    # Celery puts custom message headers on the request itself, or (newer protocol paths) under .headers.
    request_id = getattr(verzoek, HEADER, None) or (getattr(verzoek, "headers", None) or {}).get(HEADER)
    if request_id:
        context["request_id"] = request_id
    structlog.contextvars.bind_contextvars(**context)


@task_postrun.connect(weak=False)
def taak_context_wis(**_: Any) -> None:
    structlog.contextvars.clear_contextvars()
