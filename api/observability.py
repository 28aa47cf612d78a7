"""Prometheus metrics and the request id, for operators.

* :class:`RequestMetrics`, an ASGI middleware: takes the caller's ``X-Request-ID`` (or makes one),
  returns it on the response, keeps it for the log lines of the request (:mod:`api.logs`), counts
  requests and observes their latency per method, route template (``/api/v1/entities/{id:path}``,
  never the concrete path: ids and queries stay out of the labels) and status, and writes one
  access log line (route template, status, duration; no query string, no header).
* :func:`instrument_store`: times every call of the :class:`GraphStore` interface on a store
  instance (``retrace_store_call_seconds{store, method}``) and counts the failures by kind.
* :class:`Neo4jPoolCollector`: the Neo4j driver's connection pool (in use, idle, maximum) when the
  store is Neo4j; read at scrape time.
* :func:`timed`: the duration of an operation (``retrace_operation_seconds{operation}``):
  propagation in the API; bundle loads and propagation in the CLI, which can write them to a
  file for node_exporter's textfile collector (``RETRACE_METRICS_FILE``).
* :func:`schema_version`: a fingerprint of the graph schema the code applies (constraints and
  indexes, node and relationship kinds), reported by ``/readyz``.

Everything lives in one registry (:data:`REGISTRY`), served by ``GET /metrics``.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
    write_to_textfile,
)
from prometheus_client.core import GaugeMetricFamily
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.logs import request_id_var
from graph.stores.base import GraphStore

__all__ = [
    "CONTENT_TYPE",
    "REGISTRY",
    "Neo4jPoolCollector",
    "RequestMetrics",
    "instrument_store",
    "render",
    "schema_version",
    "timed",
    "wrap",
    "write_textfile",
]

log = logging.getLogger("retrace.access")

REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)
GCCollector(registry=REGISTRY)
CONTENT_TYPE = CONTENT_TYPE_LATEST

# latency buckets from 5 ms (a cached read) to 2 min (a full propagation of a province)
_FAST = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
_SLOW = (0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800)

HTTP_REQUESTS = Counter(
    "retrace_http_requests", "HTTP requests answered, by method, route template and status",
    ["method", "route", "status"], registry=REGISTRY)
HTTP_LATENCY = Histogram(
    "retrace_http_request_duration_seconds", "HTTP request latency, by method, route template and status",
    ["method", "route", "status"], buckets=_FAST, registry=REGISTRY)
STORE_LATENCY = Histogram(
    "retrace_store_call_duration_seconds", "Latency of graph store calls, by store and method",
    ["store", "method"], buckets=_FAST, registry=REGISTRY)
STORE_ERRORS = Counter(
    "retrace_store_call_errors", "Graph store calls that raised, by store, method and error class",
    ["store", "method", "error"], registry=REGISTRY)
OPERATION_LATENCY = Histogram(
    "retrace_operation_duration_seconds", "Duration of long operations: propagation, bundle load",
    ["operation"], buckets=_SLOW, registry=REGISTRY)

UNMATCHED = "<unmatched>"  # the route label of a request no route matched (404)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def _request_id(scope: Scope) -> str:
    """The caller's ``X-Request-ID`` when it is a plain token (kept to 128 safe characters, so
    nothing a client sends can forge log lines), else a new one."""
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1").strip()
            if _REQUEST_ID.match(text):
                return text
            break
    return uuid.uuid4().hex


class RequestMetrics:
    """ASGI middleware: request id in and out, request metrics, one access log line a request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = _request_id(scope)
        scope.setdefault("state", {})["request_id"] = rid  # request.state.request_id
        token = request_id_var.set(rid)
        status = 500  # unless a response starts: an exception escaped every handler
        start = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = rid
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - start
            route = getattr(scope.get("route"), "path", None) or UNMATCHED
            labels = (scope["method"], route, str(status))
            HTTP_REQUESTS.labels(*labels).inc()
            HTTP_LATENCY.labels(*labels).observe(elapsed)
            log.info("%s %s %s %.1f ms", scope["method"], route, status, elapsed * 1000,
                     extra={"method": scope["method"], "route": route, "status": status,
                            "duration_ms": round(elapsed * 1000, 2)})
            request_id_var.reset(token)


def wrap(app: Any) -> None:
    """Put :class:`RequestMetrics` around the whole application, outside Starlette's
    ``ServerErrorMiddleware`` (``add_middleware`` would put it inside): so an unexpected error's
    500 answer is counted, carries ``X-Request-ID``, and its log line has the request id."""
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: RequestMetrics(build())


def _interface_methods() -> list[str]:
    return sorted(name for name, fn in inspect.getmembers(GraphStore, inspect.isfunction)
                  if not name.startswith("_") and name not in {"close", "worker_config"})


def instrument_store(store: GraphStore) -> GraphStore:
    """Time every :class:`GraphStore` interface call on ``store`` (this instance only; its class,
    and so ``isinstance`` and the workers that reopen a store by its class, are unchanged).
    Instrumenting twice changes nothing."""
    if getattr(store, "_retrace_instrumented", False):
        return store
    name = getattr(store, "name", type(store).__name__)
    for method in _interface_methods():
        bound = getattr(store, method, None)
        if bound is None or not callable(bound):
            continue
        setattr(store, method, _timed_call(bound, STORE_LATENCY.labels(name, method), name, method))
    store._retrace_instrumented = True  # type: ignore[attr-defined]
    return store


def _timed_call(fn: Callable[..., Any], hist: Any, store: str, method: str) -> Callable[..., Any]:
    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            STORE_ERRORS.labels(store, method, type(exc).__name__).inc()
            raise
        finally:
            hist.observe(time.perf_counter() - start)

    return call


class Neo4jPoolCollector:
    """The connection pool of a Neo4j store's driver, read when Prometheus scrapes.

    The driver has no public pool statistics; this reads its pool's connection lists (driver 6.x)
    and reports nothing when their shape is not the expected one, rather than failing a scrape.
    """

    def __init__(self, stores: Callable[[], list[GraphStore]]) -> None:
        self._stores = stores

    def collect(self) -> Iterator[GaugeMetricFamily]:
        in_use = GaugeMetricFamily("retrace_neo4j_pool_connections_in_use",
                                   "Neo4j driver connections lent to a session", labels=["address"])
        idle = GaugeMetricFamily("retrace_neo4j_pool_connections_idle",
                                 "Neo4j driver connections open and free", labels=["address"])
        size = GaugeMetricFamily("retrace_neo4j_pool_max_size", "Neo4j driver pool size limit per address")
        seen = False
        for store in self._stores():
            pool = getattr(getattr(store, "driver", None), "_pool", None)
            if pool is None:
                continue
            try:
                for address, conns in list(pool.connections.items()):
                    conns = list(conns)
                    busy = sum(1 for c in conns if c.in_use)
                    in_use.add_metric([str(address)], busy)
                    idle.add_metric([str(address)], len(conns) - busy)
                size.add_metric([], pool.pool_config.max_connection_pool_size)
                seen = True
            except (AttributeError, TypeError, RuntimeError):  # another driver version; skip
                continue
        if seen:
            yield from (in_use, idle, size)

    def describe(self) -> list[GaugeMetricFamily]:
        return []  # collected lazily: no description at registration


class _Stores:
    """The stores whose pools ``/metrics`` reports: the apps' stores, registered as they open."""

    def __init__(self) -> None:
        self.items: list[GraphStore] = []

    def add(self, store: GraphStore) -> None:
        if all(s is not store for s in self.items):
            self.items.append(store)

    def discard(self, store: GraphStore) -> None:
        self.items = [s for s in self.items if s is not store]


OPEN_STORES = _Stores()
REGISTRY.register(Neo4jPoolCollector(lambda: list(OPEN_STORES.items)))


@contextmanager
def timed(operation: str) -> Iterator[None]:
    """Observe the duration of ``operation`` (``propagation``, ``load``) in
    ``retrace_operation_duration_seconds``, also when it fails."""
    start = time.perf_counter()
    try:
        yield
    finally:
        OPERATION_LATENCY.labels(operation).observe(time.perf_counter() - start)


def render() -> bytes:
    """The registry in the Prometheus text format."""
    return generate_latest(REGISTRY)


def write_textfile() -> str | None:
    """For one-shot commands (``retrace load``): write the registry to ``$RETRACE_METRICS_FILE``
    (node_exporter's textfile collector reads such files) when it is set; the path or None."""
    path = os.environ.get("RETRACE_METRICS_FILE")
    if path:
        write_to_textfile(path, REGISTRY)
    return path or None


@functools.lru_cache(maxsize=1)
def schema_version() -> str:
    """12 hex digits naming the schema the code applies: the constraints and indexes
    (``queries/schema.cypher``) and the node and relationship kinds. Changes when they change."""
    from graph.model.schema import NODE_KINDS, REL_KINDS
    from queries import catalog

    doc = {
        "statements": catalog.statements("schema"),
        "nodes": sorted(NODE_KINDS),
        "rels": sorted([k.type, sorted(k.sources), sorted(k.targets), k.temporal] for k in REL_KINDS.values()),
    }
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode("utf-8")).hexdigest()[:12]
