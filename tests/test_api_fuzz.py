"""A brief property-based run of schemathesis against the app in-process (embedded store, the
hand-built city): every answer has a documented status, the documented content type
(problem+json for errors) and a body its schema accepts; nothing answers 500.

Two checks are left out, on purpose: ``positive_data_acceptance`` (a schema-valid cursor or id is
still an opaque token the service may refuse with 422) and ``negative_data_rejection`` (query dates
are parsed leniently: ``on=0`` is read as 1970-01-01). A fuller fuzzing run lives elsewhere.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from cities import city  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance  # noqa: E402

from api.app import create_app  # noqa: E402
from graph.model.policy import load_policies  # noqa: E402
from graph.stores.memory.store import MemoryStore  # noqa: E402


def _app():
    store = MemoryStore()
    city().write(store)
    app = create_app(store=store)
    app.state.store = store  # schemathesis calls the app without running its lifespan
    app.state.policies = load_policies()
    return app


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_as_documented(case):
    case.call_and_validate(excluded_checks=[positive_data_acceptance, negative_data_rejection])
