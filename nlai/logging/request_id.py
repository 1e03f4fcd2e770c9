"""X-Request-ID: take the proxy's id (or make one), bind it to every log line of the request, send it back.

The id is passed on to Celery tasks queued during the request (see ``celery_context``), so the log lines of a
letter rendered in the worker carry the id of the click that queued it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import structlog
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# An id from outside is accepted only when it is short and harmless in a log line or a header.
GELDIG = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def request_id_uit(waarde: str | None) -> str:
    if waarde and GELDIG.match(waarde):
        return waarde
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_uit(request.headers.get(HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            import sentry_sdk

            sentry_sdk.set_tag("request_id", request_id)
            response = self.get_response(request)
        finally:
            structlog.contextvars.clear_contextvars()
        response[HEADER] = request_id
        return response
