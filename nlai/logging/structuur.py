"""Logging configuration: JSON lines in production (LOG_FORMAT=json), readable lines otherwise.

Every record, from our code or from Django, Celery and gunicorn through the standard library, goes through
structlog's ProcessorFormatter, which adds the time (UTC, ISO 8601), the level, the logger and what is bound
in the context: ``request_id`` (``RequestIdMiddleware``), ``task_id`` and ``task_name`` (``celery_context``).
"""

from __future__ import annotations

from typing import Any

import structlog

GEDEELD: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def logging_config(*, formaat: str, niveau: str) -> dict:
    """The ``LOGGING`` dict for Django; call :func:`structlog_configureer` with the same format as well."""
    renderer = (
        structlog.processors.JSONRenderer()
        if formaat == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structlog": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info,
                    renderer,
                ],
                "foreign_pre_chain": [*GEDEELD, structlog.stdlib.ExtraAdder()],
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structlog"}},
        "root": {"handlers": ["console"], "level": niveau},
        # WeasyPrint logs each step of every PDF at INFO ("Step 5 - Creating layout - Page 3"): eight lines a letter.
        "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
    }


def structlog_configureer() -> None:
    """structlog's own loggers hand their events to the standard library, so one formatter renders all."""
    structlog.configure(
        processors=[
            *GEDEELD,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
