"""Structured logs: one JSON object a line, with the request id of the request being served.

``configure()`` sets the root logger up once per process (``retrace serve`` calls it; uvicorn's
own loggers then write through it, and uvicorn's access log, which would carry full paths with
their query strings, is off: :class:`api.observability.RequestMetrics` writes one access line
per request with the route template instead). ``RETRACE_LOG_FORMAT=text`` gives plain lines.

What never goes into a log line: query strings, request bodies, headers (so no credentials), and
the personal data of officials; the access line names the route template, not the path.
"""

from __future__ import annotations

import json
import logging
import os
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

__all__ = ["JsonFormatter", "configure", "request_id_var"]

#: the id of the request this task serves ("-" outside a request)
request_id_var: ContextVar[str] = ContextVar("retrace_request_id", default="-")

#: extra fields a log call may attach (``log.info(..., extra={...})``); others are dropped
FIELDS = ("method", "route", "status", "duration_ms", "store", "operation", "count")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": request_id_var.get(),
        }
        for key in FIELDS:
            if key in record.__dict__:
                doc[key] = record.__dict__[key]
        if record.exc_info:
            doc["exc"] = self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False, default=str)


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        record.request_id = request_id_var.get()
        return super().format(record)


def configure(level: int = logging.INFO, fmt: str | None = None) -> None:
    """Route every log record (ours, uvicorn's, the Neo4j driver's) to stderr in ``fmt``
    (``json``, default, or ``text``; else ``$RETRACE_LOG_FORMAT``)."""
    fmt = (fmt or os.environ.get("RETRACE_LOG_FORMAT") or "json").lower()
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else _TextFormatter(
        "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("neo4j").setLevel(max(level, logging.WARNING))  # the driver logs every query at DEBUG
