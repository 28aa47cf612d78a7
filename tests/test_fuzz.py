"""Property-based fuzzing of the whole API with schemathesis (in-process, embedded store), once
per role with that role's credentials and anonymously, every check on.

``RETRACE_FUZZ_EXAMPLES`` sets the examples per operation (default 5 in the test command; the
longer target in docs/security.md uses 200).

Known failures (issue 10, item 5, not finished), hence ``xfail`` per case: run with
``--runxfail`` to see them. On 2026-12-06 64 cases failed two checks: ST201 "schema-violating
request accepted" (34; mostly lenient dates: ``?on=0`` is read as 1970-01-01) and ST202
"schema-valid request rejected" (30; opaque cursors the schema cannot describe, ``to`` before
``from``, ids that do not exist). Everything the access layer adds (401/403/413/429, problem
documents on every error, ``Allow`` on every 405) passes.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from auth_helpers import api_key
from cities import city
from hypothesis import HealthCheck, settings

from api.app import create_app
from graph.config import Settings
from graph.model.enums import Role
from graph.model.policy import load_policies
from graph.stores.memory.store import MemoryStore

EXAMPLES = int(os.environ.get("RETRACE_FUZZ_EXAMPLES", "5"))

_store = MemoryStore(None)
city().write(_store)
KEYS = {r.value: api_key(_store, r.value, name=f"fuzz-{r.value}") for r in Role if r is not Role.public}
_app = create_app(store=_store, settings=Settings(token_rate_per_minute=10**6, public_rate_per_minute=10**6))
_app.state.store = _store
_app.state.policies = load_policies()
schema = schemathesis.openapi.from_asgi("/openapi.json", _app)


@pytest.mark.slow
@pytest.mark.xfail(reason="lenient dates and schema-valid values the routes refuse (see module doc)",
                   strict=False)
@pytest.mark.parametrize("who", ["anonymous", *KEYS])
@schema.parametrize()
@settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None, derandomize=True)
def test_api_fuzz(case, who):
    headers = {"X-API-Key": KEYS[who]} if who in KEYS else {}
    case.call_and_validate(headers=headers)
