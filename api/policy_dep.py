"""The policies in force, as a route dependency: ``app.state.policies`` when set (tests, a server
started with another folder), else the policies of ``RETRACE_POLICY_DIR`` / ``policies/``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.model.policy import PolicySet, default_policies

__all__ = ["PoliciesDep", "get_policies"]


def get_policies(request: Request) -> PolicySet:
    return getattr(request.app.state, "policies", None) or default_policies()


PoliciesDep = Annotated[PolicySet, Depends(get_policies)]
