"""Publicity (公示) of dishonesty records and the public list.

A record is public on day D when it is active (not revoked, not repaired), marked published, and D
lies in its publicity period: from ``published_on`` (default ``decided_on``) for
``publicity_months`` (default by severity: light up to 3 months, general 3 months to 1 year,
serious 1 to 3 years; policies/default.yaml) — the last day is ``publicity_until``. After that
the record has expired from publicity: it stays, with its history, visible to inspectors. A credit
repair ends publicity on the day it is approved; a revocation ends it at once.

The public list shows only what the public may see (000 §3: personal privacy is protected): the
record's title, kind, severity, dates and deciding authority and document; for a government,
department, project or contract subject its name; for an official only the name and the posts held
on the decision date — never an id, ID-number hash, gender, birth year or free attributes. Any
ID-number or mobile-number pattern left in a text is masked.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from graph.errors import InvalidRequest
from graph.facts.rules import today_cst
from graph.model.enums import RecordSourceKind, RecordStatus, Severity
from graph.model.policy import Policy, PolicySet, default_policies
from graph.model.schema import NODE_KINDS
from graph.model.temporal import period_end
from graph.stores.base import GraphStore, decode_cursor, encode_cursor

__all__ = ["MAX_PAGE", "public_list", "publicity_state", "redact", "window"]

MAX_PAGE = 200
_ID_NUMBER = re.compile(r"(?<![\dA-Za-z])\d{6}(\d{8})\d{3}[\dXx](?![\dA-Za-z])")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def window(props: dict[str, Any], policy: Policy) -> tuple[date | None, date | None]:
    """First and last day of the record's publicity period (None when it has no decision date)."""
    start = props.get("published_on") or props.get("decided_on")
    if start is None:
        return None, None
    until = props.get("publicity_until")
    if until is None:
        months = props.get("publicity_months") or policy.publicity.of(props["severity"]).default_months
        until = period_end(start, months)
    return start, until


def publicity_state(props: dict[str, Any], policy: Policy, day: date) -> dict[str, Any]:
    """Whether the record is public on ``day``, its period, and why not when it is not."""
    start, until = window(props, policy)
    status = props.get("status")
    reason = None
    if status == RecordStatus.revoked.value:
        reason = "revoked"
    elif status == RecordStatus.repaired.value:
        reason = "repaired"
    elif props.get("published") is False:
        reason = "not_published"
    elif start is None or day < start:
        reason = "not_started"
    elif until is not None and day > until:  # (a start always comes with an end: see window())
        reason = "expired"
    ended = None
    if status == RecordStatus.repaired.value and props.get("repaired_on"):
        ended = props["repaired_on"]
    elif status == RecordStatus.revoked.value and props.get("revoked_on"):
        ended = props["revoked_on"]
    return {
        "published": props.get("published", True) is not False,
        "from": start, "until": until, "ended_early_on": ended,
        "public": reason is None, "not_public_because": reason, "on": day,
    }


def redact(text: str | None) -> str | None:
    """Mask ID-number and mobile-number patterns in a text shown to the public."""
    if not text:
        return text
    text = _ID_NUMBER.sub(lambda mt: mt.group(0)[:6] + "********" + mt.group(0)[14:], text)
    return _MOBILE.sub(lambda mt: mt.group(0)[:3] + "****" + mt.group(0)[7:], text)


def _public_view(row: dict[str, Any], policy: Policy) -> dict[str, Any]:
    p = row["record"]
    s = row["subject"]
    start, until = window(p, policy)
    subject = None
    if s is not None:
        subject = {"kind": s["kind"], "kind_label": NODE_KINDS[s["kind"]].label_zh, "name": redact(s["name"])}
        if s["kind"] == "Official":
            subject["posts"] = row["posts"]
        else:
            subject["id"] = s["id"]
    return {
        "id": p["id"],
        "title": redact(p.get("name")),
        "source_kind": p.get("source_kind"),
        "source_kind_label": RecordSourceKind(p["source_kind"]).label,
        "severity": p.get("severity"),
        "severity_label": Severity(p["severity"]).label,
        "decided_on": p.get("decided_on"),
        "publicity_from": start,
        "publicity_until": until,
        "decision": {"authority": p.get("source_authority"), "document": p.get("source_document")},
        "subject": subject,
    }


def public_list(
    store: GraphStore, day: date | None = None, limit: int = 50, cursor: str | None = None,
    policies: PolicySet | None = None,
) -> dict[str, Any]:
    """A page of the public list on ``day`` (default today, CST), redacted, ordered by id."""
    policy = (policies or default_policies()).default
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidRequest(f"limit must be between 1 and {MAX_PAGE}")
    after = None
    if cursor:
        try:
            key = decode_cursor(cursor)
        except ValueError:
            key = None
        if not key or len(key) != 1 or not isinstance(key[0], str):
            raise InvalidRequest("cursor is not valid; use the next_cursor of the previous page")
        after = key[0]
    day = day or today_cst()
    months = {s.value: policy.publicity.of(s).default_months for s in Severity}
    rows = store.public_records(day=day, default_months=months, limit=limit + 1, after=after)
    page = rows[:limit]
    nxt = encode_cursor(page[-1]["record"]["id"]) if len(rows) > limit else None
    return {"on": day, "items": [_public_view(r, policy) for r in page], "next_cursor": nxt}
