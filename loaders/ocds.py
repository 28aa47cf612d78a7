"""OCDS importer (``retrace import ocds FILE...``): contracting processes to the graph.

Reads release packages, record packages (with individual releases, a compiled release and/or a
versioned release), single releases, single versioned releases, single records, and
concatenated-JSON / JSON Lines streams of any of these. The mapping is documented in ``docs/importers.md``; in short:

* ``ocid`` -> :class:`~graph.model.entities.Project` ``ocds:<ocid>`` (kind ``ppp`` when the package
  declares the OCDS for PPPs extension or the process has ``planning.project``, else
  ``procurement``); everything of the process the graph does not model stays in its attributes.
* parties (``parties`` in OCDS 1.1, the embedded organisations of OCDS 1.0) ->
  Department (government-side roles) or Company, ``ocds:<ocid>:party:<party id>``: party ids are
  only unique within a contracting process, so they are scoped by ocid.
* tender -> ProjectStage (procurement) with the tender period; dated milestones (planning,
  tender, contract, implementation) -> ProjectStage nodes; contracts -> Contract, with their
  award, amendments, implementation, risk allocation, finance... in attributes; HAS_PARTY with a
  PartyRole, FOR_PROJECT, HAS_STAGE, INVESTS_IN (equity investors of a PPP).

Record time: the releases of one ocid are compiled in date order (OCDS merge rules) and the
graph is written after each release with ``now=`` the release date, so ``store.history(id)``
holds one version per release that changed the record. A versioned release is replayed the same
way; a compiled release alone gives one version. A re-run adds nothing (see
:class:`loaders.importing.HistoryWriter`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeGuard

from pydantic import ValidationError

from graph.model import entities as m
from graph.model.enums import ContractStatus, GovLevel, PartyRole, ProjectKind, Stage
from graph.stores.base import GraphStore
from loaders.importing import (
    HistoryWriter,
    ImportReport,
    Item,
    calendar_date,
    dedupe,
    file_labels,
    jpath,
    make_id,
    parse_instant,
    read_documents,
    validation_reason,
)

__all__ = ["GOVERNMENT_ROLES", "import_ocds", "merge_release"]

#: Party roles that make an organisation government-side (a Department, or a Government).
GOVERNMENT_ROLES = frozenset({"buyer", "procuringEntity", "publicAuthority", "reviewBody", "centralPurchasingBody"})
#: Government-side roles whose holder is a party of every contract of the process.
_CONTRACT_GOV_ROLES = frozenset({"buyer", "procuringEntity", "publicAuthority"})
_PPP_MARKERS = ("public-private-partnership", "/ppp/", "ppp_", "_ppp")
_CONTRACT_STATUS = {
    "pending": ContractStatus.performing,
    "active": ContractStatus.performing,
    "cancelled": ContractStatus.terminated,
    "terminated": ContractStatus.terminated,
}
_LEVELS = {
    "province": GovLevel.province, "省": GovLevel.province,
    "prefecture": GovLevel.prefecture, "市": GovLevel.prefecture, "州": GovLevel.prefecture,
    "county": GovLevel.county, "县": GovLevel.county, "区": GovLevel.county,
    "township": GovLevel.township, "乡": GovLevel.township, "镇": GovLevel.township, "街道": GovLevel.township,
}
_DIVISION_SCHEMES = ("2260", "XZQH", "DIVISION")


# --- reading --------------------------------------------------------------------------------------


@dataclass
class _Meta:
    file: str
    line: int | None
    uri: str | None
    publisher: str | None
    ppp: bool


@dataclass
class _Unit:
    kind: str  # release | compiled | versioned
    ocid: str
    data: dict[str, Any]
    path: str
    meta: _Meta
    date: datetime | None
    release_id: str | None
    order: int
    paths: dict[str, str] | None = None  # id -> JSON path inside this release (provenance cache)


def _text(v: Any) -> str | None:
    if isinstance(v, (str, int, float)) and not isinstance(v, bool):
        s = str(v).strip()
        return s or None
    return None


def _is_ppp_extension(exts: Any) -> bool:
    if not isinstance(exts, list):
        return False
    return any(isinstance(e, str) and any(k in e.lower() for k in _PPP_MARKERS) for e in exts)


class _Collector:
    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.units: dict[str, list[_Unit]] = {}
        self.order = 0

    def _add(self, unit: _Unit) -> None:
        self.units.setdefault(unit.ocid, []).append(unit)
        self.order += 1

    def document(self, file: str, doc: Any, line: int | None) -> None:
        """One JSON document (``line``: where it starts in a stream, else None)."""
        d = doc
        fs = self.report.file(file)
        if not isinstance(d, dict):
            self.report.problem(file, "$", "not an OCDS document: expected a JSON object", line=line)
            return
        publisher = d.get("publisher")
        meta = _Meta(
            file, line, _text(d.get("uri")),
            _text(publisher.get("name")) if isinstance(publisher, dict) else _text(publisher),
            _is_ppp_extension(d.get("extensions")),
        )
        if "ocid" in d and any(k in d for k in ("releases", "compiledRelease", "versionedRelease")):
            fs.formats.append("record")
            self.record(d, "$", meta)
        elif isinstance(d.get("records"), list):
            fs.formats.append(f"record package ({len(d['records'])} records)")
            for i, rec in enumerate(d["records"]):
                self.record(rec, f"$.records[{i}]", meta)
        elif isinstance(d.get("releases"), list):
            fs.formats.append(f"release package ({len(d['releases'])} releases)")
            for i, rel in enumerate(d["releases"]):
                self.release(rel, f"$.releases[{i}]", meta)
        elif "ocid" in d and _is_versioned_release(d):
            fs.formats.append("versioned release")
            self.versioned(d, "$", meta)
        elif "ocid" in d:
            tag = _list_at(d, "tag")
            fs.formats.append("compiled release" if "compiled" in tag else "release")
            self.release(d, "$", meta)
        elif "releases" in d or "records" in d:
            key = "releases" if "releases" in d else "records"
            self.report.problem(file, jpath("$", key), f"{key} must be an array", line=line)
        else:
            keys = ", ".join(sorted(d)[:8]) or "none"
            self.report.problem(
                file, "$", f"not an OCDS release, record or package (top-level keys: {keys})", line=line
            )

    def release(self, r: Any, path: str, meta: _Meta, ocid: str | None = None, kind: str | None = None) -> None:
        if not isinstance(r, dict):
            self.report.problem(meta.file, path, "a release must be a JSON object", line=meta.line)
            return
        oc = _text(r.get("ocid")) or ocid
        if not oc:
            self.report.problem(meta.file, jpath(path, "ocid"), "release has no ocid; skipped", line=meta.line)
            return
        when = parse_instant(r.get("date"))
        if when is None:
            self.report.problem(
                meta.file, jpath(path, "date"),
                f"release has no valid date ({r.get('date')!r}), so it cannot be placed in record time; skipped",
                line=meta.line,
            )
            return
        tag = _list_at(r, "tag")
        k = kind or ("compiled" if "compiled" in tag else "release")
        self._add(_Unit(k, oc, r, path, meta, when, _text(r.get("id")), self.order))

    def record(self, rec: Any, path: str, meta: _Meta) -> None:
        if not isinstance(rec, dict):
            self.report.problem(meta.file, path, "a record must be a JSON object", line=meta.line)
            return
        ocid = _text(rec.get("ocid"))
        if not ocid:
            self.report.problem(meta.file, jpath(path, "ocid"), "record has no ocid; skipped", line=meta.line)
            return
        rels = rec.get("releases")
        if rels is not None and not isinstance(rels, list):
            self.report.problem(meta.file, jpath(path, "releases"), "releases must be an array", line=meta.line)
            rels = None
        for j, r in enumerate(rels or []):
            if isinstance(r, dict) and set(r) <= {"url", "date", "tag"}:
                continue  # a linked release: its content is in the compiled/versioned release
            self.release(r, jpath(path, "releases", j), meta, ocid=ocid, kind="release")
        if isinstance(rec.get("compiledRelease"), dict):
            self.release(rec["compiledRelease"], jpath(path, "compiledRelease"), meta, ocid=ocid, kind="compiled")
        if isinstance(rec.get("versionedRelease"), dict):
            self.versioned(rec["versionedRelease"], jpath(path, "versionedRelease"), meta, ocid)

    def versioned(self, v: dict[str, Any], path: str, meta: _Meta, ocid: str | None = None) -> None:
        """A versioned release: its versions carry their own dates (``releaseDate``), it has none."""
        oc = _text(v.get("ocid")) or ocid
        if not oc:
            self.report.problem(meta.file, jpath(path, "ocid"), "versioned release has no ocid; skipped",
                                line=meta.line)
            return
        self._add(_Unit("versioned", oc, v, path, meta, None, None, self.order))


# --- compiling ------------------------------------------------------------------------------------


def _clean(x: Any) -> Any:
    """Drop nulls and containers that end up empty (so null, {} and absent compare equal)."""
    if isinstance(x, dict):
        out = {}
        for k, v in x.items():
            c = _clean(v)
            if c is not None and c != {} and c != []:
                out[k] = c
        return out
    if isinstance(x, list):
        out_l = [c for c in (_clean(v) for v in x) if c is not None and c != {} and c != []]
        return out_l
    return x


def _dict_at(d: dict[str, Any], key: str) -> dict[str, Any]:
    """``d[key]`` when it is an object, else an empty one."""
    v = d.get(key)
    return v if isinstance(v, dict) else {}


def _list_at(d: dict[str, Any], key: str) -> list[Any]:
    """``d[key]`` when it is an array, else an empty one."""
    v = d.get(key)
    return v if isinstance(v, list) else []


def _identified(v: Any) -> TypeGuard[list[dict[str, Any]]]:
    return isinstance(v, list) and bool(v) and all(isinstance(i, dict) and "id" in i for i in v)


def merge_release(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """OCDS merge: objects merge key by key, arrays of objects with ``id`` merge by id, other
    arrays and values replace, ``null`` removes."""
    out = dict(base)
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        elif isinstance(v, dict):
            prev = out.get(k)
            out[k] = merge_release(prev if isinstance(prev, dict) else {}, v)
        elif _identified(v):
            prev = out.get(k)
            items: list[dict[str, Any]] = [dict(i) for i in prev] if _identified(prev) else []
            index = {str(i["id"]): n for n, i in enumerate(items)}
            for new in v:
                key = str(new["id"])
                if key in index:
                    items[index[key]] = merge_release(items[index[key]], new)
                else:
                    index[key] = len(items)
                    items.append(merge_release({}, new))
            out[k] = items
        else:
            out[k] = copy.deepcopy(v)
    return out


_MISSING = object()


def _is_versions(x: Any) -> bool:
    return isinstance(x, list) and bool(x) and all(
        isinstance(v, dict) and "releaseDate" in v and "value" in v for v in x
    )


def _is_versioned_release(d: dict[str, Any]) -> bool:
    """A versioned release on its own (no record around it): no release ``date`` of its own, and
    its fields hold lists of versions (``releaseDate``, ``value``…), not values."""
    if parse_instant(d.get("date")) is not None:
        return False

    def has_versions(x: Any) -> bool:
        if _is_versions(x):
            return True
        if isinstance(x, dict):
            return any(has_versions(v) for v in x.values())
        if isinstance(x, list):
            return any(has_versions(v) for v in x)
        return False

    return any(has_versions(v) for k, v in d.items() if k != "ocid")


def _version_points(x: Any, out: dict[datetime, set[str]], bad: list[str]) -> None:
    if _is_versions(x):
        for v in x:
            t = parse_instant(v.get("releaseDate"))
            if t is None:
                bad.append(str(v.get("releaseDate")))
                continue
            out.setdefault(t, set())
            if v.get("releaseID") is not None:
                out[t].add(str(v["releaseID"]))
    elif isinstance(x, dict):
        for v in x.values():
            _version_points(v, out, bad)
    elif isinstance(x, list):
        for v in x:
            _version_points(v, out, bad)


def _at(x: Any, t: datetime) -> Any:
    """The value a versioned release gives at record time ``t``."""
    if _is_versions(x):
        chosen = _MISSING
        for v in sorted(x, key=lambda v: parse_instant(v.get("releaseDate")) or t):
            vt = parse_instant(v.get("releaseDate"))
            if vt is not None and vt <= t:
                chosen = v.get("value")
        return chosen
    if isinstance(x, dict):
        out = {}
        for k, v in x.items():
            r = _at(v, t)
            if r is not _MISSING and r is not None:
                out[k] = r
        return out
    if isinstance(x, list):
        items = []
        for v in x:
            r = _at(v, t)
            if r is _MISSING or r is None or (isinstance(r, dict) and set(r) <= {"id"}):
                continue
            items.append(r)
        return items
    return x


@dataclass
class _Step:
    date: datetime
    state: dict[str, Any]
    sources: list[_Unit]
    paths_from_state: bool = False  # compiled/versioned: paths are those of the state itself


def _steps(ocid: str, units: list[_Unit], report: ImportReport) -> list[_Step]:
    releases = [u for u in units if u.kind == "release"]
    if releases:
        seen: dict[tuple[str | None, datetime | None], _Unit] = {}
        kept: list[_Unit] = []
        again: dict[tuple[str, str], int] = {}
        for u in sorted(releases, key=lambda u: u.order):
            key = (u.release_id, u.date)
            if key in seen:
                first = seen[key]
                if first.meta.file != u.meta.file:
                    again[(u.meta.file, first.meta.file)] = again.get((u.meta.file, first.meta.file), 0) + 1
                if _clean(first.data) != _clean(u.data):
                    report.problem(
                        u.meta.file, u.path,
                        f"release {u.release_id!r} of {ocid} ({u.data.get('date')}) was already read from "
                        f"{first.meta.file} {first.path} with different content; the first one was used",
                        line=u.meta.line, level="warning",
                    )
                continue
            seen[key] = u
            kept.append(u)
        for (file, first_file), n in again.items():
            report.problem(file, "$", f"{n} release(s) of {ocid} were already read from {first_file}; "
                           f"each release is applied once", level="info")
        release_files = {u.meta.file for u in kept}
        for u in units:
            if u.kind != "release" and u.meta.file not in release_files:
                report.problem(
                    u.meta.file, u.path,
                    f"{u.kind} release of {ocid} not used: its {len(kept)} individual release(s) "
                    f"(from {', '.join(sorted(release_files))}) were imported instead",
                    line=u.meta.line, level="info",
                )
        kept.sort(key=lambda u: (u.date, u.order))
        steps: list[_Step] = []
        state: dict[str, Any] = {}
        for u in kept:
            state = merge_release(state, u.data)
            if steps and steps[-1].date == u.date:
                steps[-1].state = _clean(state)
                steps[-1].sources.append(u)
            else:
                steps.append(_Step(u.date, _clean(state), [u]))  # type: ignore[arg-type]
        return steps
    versioned = [u for u in units if u.kind == "versioned"]
    if versioned:
        u = versioned[-1]
        points: dict[datetime, set[str]] = {}
        bad: list[str] = []
        _version_points(u.data, points, bad)
        if bad:
            report.problem(u.meta.file, u.path, f"versions with invalid releaseDate ignored: {sorted(set(bad))[:3]}",
                           line=u.meta.line, level="warning")
        steps = []
        for t in sorted(points):
            state = _clean(_at(u.data, t))
            ids = ",".join(sorted(points[t])) or None
            unit = _Unit("versioned", ocid, state, u.path, u.meta, t, ids, u.order)
            steps.append(_Step(t, state, [unit], paths_from_state=True))
        if not steps:
            report.problem(u.meta.file, u.path, "versioned release without any dated version; skipped",
                           line=u.meta.line)
        return steps
    compiled = sorted((u for u in units if u.kind == "compiled"), key=lambda u: (u.date, u.order))
    if compiled:
        u = compiled[-1]
        return [_Step(u.date, _clean(u.data), [u], paths_from_state=True)]  # type: ignore[arg-type]
    return []


# --- extracting the graph from one state of a process ---------------------------------------------


@dataclass
class _Party:
    key: str
    path: str
    name: str | None = None
    names: list[str] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    given: list[dict[str, Any]] = field(default_factory=list)
    listed: bool = False  # has an entry in ``parties``


def _org_key(o: dict[str, Any]) -> str | None:
    if _text(o.get("id")):
        return str(o["id"]).strip()
    ident = o.get("identifier")
    if isinstance(ident, dict) and _text(ident.get("id")):
        scheme = _text(ident.get("scheme"))
        return f"{scheme}-{_text(ident['id'])}" if scheme else _text(ident["id"])
    name = _text(o.get("name"))
    return f"name:{name}" if name else None


@dataclass
class _Spec:
    """A node or relationship to build: kind, fields, JSON path relative to its release."""

    kind: str
    fields: dict[str, Any]
    path: str
    is_rel: bool = False


class _Extract:
    """The graph one state (a compiled release, or a single partial release for paths) describes."""

    def __init__(self, ocid: str, state: dict[str, Any], ppp: bool, kinds: dict[str, str] | None = None,
                 problems: list[tuple[str, str, str]] | None = None,
                 gov: dict[str, tuple[GovLevel, str]] | None = None) -> None:
        self.ocid = ocid
        self.s = state
        self.ppp = ppp
        self.kinds = kinds or {}
        self.gov = gov or {}
        self.problems = problems if problems is not None else []
        self.parties: dict[str, _Party] = {}
        self.specs: dict[str, _Spec] = {}
        self.project_id = make_id("ocds", ocid)
        self._collect_parties()

    # parties ------------------------------------------------------------------------------------
    def party_id(self, key: str) -> str:
        return make_id("ocds", self.ocid, "party", key)

    def _org(self, o: Any, path: str, role: str | None = None, listed: bool = False) -> str | None:
        if not isinstance(o, dict):
            return None
        key = _org_key(o)
        if key is None:
            self.problems.append((path, "organisation without id, identifier or name; ignored", "warning"))
            return None
        p = self.parties.get(key)
        if p is None:
            p = self.parties[key] = _Party(key, path)
        if listed and not p.listed:
            p.listed, p.path = True, path
        name = _text(o.get("name"))
        if name:
            if listed or p.name is None:
                p.name = name
            if name not in p.names:
                p.names.append(name)
        if listed and isinstance(o.get("roles"), list):
            p.roles.update(r for r in o["roles"] if isinstance(r, str))
        if role:
            p.roles.add(role)
        extra = {k: v for k, v in o.items() if k not in ("id", "name", "roles")}
        if extra or listed:
            given = {k: v for k, v in o.items() if k != "roles"}
            if given not in p.given:
                p.given.append(given)
        return key

    def _collect_parties(self) -> None:
        s = self.s
        for i, p in enumerate(s.get("parties") or []):
            self._org(p, f"$.parties[{i}]", listed=True)
        self._org(s.get("buyer"), "$.buyer", "buyer")
        t = _dict_at(s, "tender")
        self._org(t.get("procuringEntity"), "$.tender.procuringEntity", "procuringEntity")
        for i, o in enumerate(t.get("tenderers") or []):
            self._org(o, f"$.tender.tenderers[{i}]", "tenderer")
        bids = _dict_at(s, "bids")
        for i, b in enumerate(bids.get("details") or []):
            if isinstance(b, dict):
                for j, o in enumerate(b.get("tenderers") or []):
                    self._org(o, f"$.bids.details[{i}].tenderers[{j}]", "tenderer")
        for i, a in enumerate(s.get("awards") or []):
            if isinstance(a, dict):
                for j, o in enumerate(a.get("suppliers") or []):
                    self._org(o, f"$.awards[{i}].suppliers[{j}]", "supplier")
        for i, c in enumerate(s.get("contracts") or []):
            if not isinstance(c, dict):
                continue
            self._org(c.get("buyer"), f"$.contracts[{i}].buyer", "buyer")
            for j, o in enumerate(c.get("suppliers") or []):
                self._org(o, f"$.contracts[{i}].suppliers[{j}]", "supplier")
            for j, o in enumerate(c.get("signatories") or []):
                key = self._org(o, f"$.contracts[{i}].signatories[{j}]")
                if key and not self.parties[key].listed and s.get("parties"):
                    self.problems.append((f"$.contracts[{i}].signatories[{j}]",
                                          f"signatory {key!r} has no entry in parties", "warning"))

    def public_authority(self, p: _Party) -> bool:
        return "publicAuthority" in p.roles or (self.ppp and "buyer" in p.roles)

    def ref_ids(self, refs: Any) -> Any:
        """Organisation references replaced by the graph ids of their party nodes."""
        if isinstance(refs, list):
            return [self.ref_ids(r) for r in refs]
        if isinstance(refs, dict):
            key = _org_key(refs)
            if key is not None:
                return {"node": self.party_id(key), "name": _text(refs.get("name"))}
        return refs

    # building -----------------------------------------------------------------------------------
    def _add(self, id_: str, kind: str, fields: dict[str, Any], path: str, is_rel: bool = False) -> None:
        if id_ not in self.specs:
            self.specs[id_] = _Spec(kind, {"id": id_, **fields}, path, is_rel)

    def build(self) -> dict[str, _Spec]:
        self._party_nodes()
        self._project()
        self._tender()
        self._contracts()
        return self.specs

    def _party_nodes(self) -> None:
        for key, p in self.parties.items():
            kind = self.kinds.get(key) or ("Department" if p.roles & GOVERNMENT_ROLES else "Company")
            attrs: dict[str, Any] = {
                "ocid": self.ocid,
                "ocds_party_id": key,
                "ocds_roles": sorted(p.roles),
            }
            if self.public_authority(p):
                attrs["public_authority"] = True
            if len(p.names) > 1:
                attrs["names_seen"] = p.names
            if p.given:
                attrs["as_given"] = p.given
            fields: dict[str, Any] = {"name": _name(p.name or key), "attributes": attrs}
            if kind == "Government":
                gov = self.gov.get(key) or _government(p)
                if gov:
                    fields["level"], fields["division_code"] = gov
                else:
                    kind = "Department"
            if kind == "Company":
                code = _credit_code(p)
                if code:
                    fields["credit_code"] = code
            self._add(self.party_id(key), kind, fields, p.path)

    def _project(self) -> None:
        s = self.s
        planning = _dict_at(s, "planning")
        project = _dict_at(planning, "project")
        tender = _dict_at(s, "tender")
        name = _text(project.get("title")) or _text(tender.get("title"))
        for key in ("contracts", "awards"):
            for x in s.get(key) or []:
                if not name and isinstance(x, dict):
                    name = _text(x.get("title"))
        fields: dict[str, Any] = {
            "name": _name(name or self.ocid),
            "kind": ProjectKind.ppp if self.ppp else ProjectKind.procurement,
        }
        total = _dict_at(project, "totalValue")
        if total.get("currency") == "CNY" and isinstance(total.get("amount"), (int, float)) and total["amount"] >= 0:
            fields["investment"] = float(total["amount"])
        attrs = {k: v for k, v in s.items() if k not in ("id", "date", "tag", "parties", "buyer", "tender", "awards", "contracts")}
        attrs["ocid"] = self.ocid
        if planning:
            kept = self._milestones(planning, "$.planning", ("planning",), Stage.preparation)
            attrs["planning"] = {**planning, "milestones": kept} if kept else {k: v for k, v in planning.items() if k != "milestones"}
        if isinstance(s.get("buyer"), dict):
            attrs["buyer"] = self.ref_ids(s["buyer"])
        contracted = {str(c.get("awardID")) for c in s.get("contracts") or [] if isinstance(c, dict)}
        loose = [a for a in s.get("awards") or [] if isinstance(a, dict) and str(a.get("id")) not in contracted]
        if loose:
            attrs["awards_without_contract"] = [self._award_attrs(a) for a in loose]
        fields["attributes"] = attrs
        self._add(self.project_id, "Project", fields, "$")

    def _award_attrs(self, a: dict[str, Any]) -> dict[str, Any]:
        out = dict(a)
        if "suppliers" in out:
            out["suppliers"] = self.ref_ids(out["suppliers"])
        return out

    def _stage_rel(self, stage_id: str, path: str) -> None:
        self._add(make_id(stage_id, "has_stage"), "HAS_STAGE",
                  {"src": self.project_id, "dst": stage_id}, path, is_rel=True)

    def _milestones(self, container: dict[str, Any], path: str, context: tuple[str, ...], default: Stage) -> list[Any]:
        """Dated milestones become ProjectStage nodes; the others are returned (kept in attributes)."""
        kept = []
        for i, ms in enumerate(container.get("milestones") or []):
            if not isinstance(ms, dict):
                kept.append(ms)
                continue
            met = ms.get("status") == "met" and ms.get("dateMet")
            when = calendar_date(ms.get("dateMet") if met else (ms.get("dueDate") or ms.get("dateMet") or ms.get("date")))
            if when is None:
                kept.append(ms)
                continue
            mid = _text(ms.get("id")) or str(i)
            stage = default
            if context[0] == "contract" and (ms.get("type") in ("financing", "financial") or ms.get("code") == "financialClose"):
                stage = Stage.financing
            sid = make_id("ocds", self.ocid, "milestone", *context, mid)
            name = _text(ms.get("title")) or _text(ms.get("description")) or _text(ms.get("type")) or f"milestone {mid}"
            attrs = {k: v for k, v in ms.items() if k != "title"}
            attrs.update(ocid=self.ocid, milestone_of=".".join(context), ocds_milestone_id=mid)
            mpath = jpath(path, "milestones", i)
            self._add(sid, "ProjectStage", {"name": _name(name), "stage": stage, "valid_from": when,
                                             "valid_to": when, "attributes": attrs}, mpath)
            self._stage_rel(sid, mpath)
        return kept

    def _tender(self) -> None:
        t = self.s.get("tender")
        if not isinstance(t, dict) or not t:
            return
        sid = make_id("ocds", self.ocid, "tender")
        attrs = {k: v for k, v in t.items() if k not in ("title", "milestones", "procuringEntity", "tenderers")}
        kept = self._milestones(t, "$.tender", ("tender",), Stage.procurement)
        if kept:
            attrs["milestones"] = kept
        for k in ("procuringEntity", "tenderers"):
            if k in t:
                attrs[k] = self.ref_ids(t[k])
        attrs["ocid"] = self.ocid
        period = _dict_at(t, "tenderPeriod")
        vf, vt = self._extent(period, "$.tender.tenderPeriod")
        name = _text(t.get("title")) or f"tender {_text(t.get('id')) or self.ocid}"
        self._add(sid, "ProjectStage", {"name": _name(name), "stage": Stage.procurement, "valid_from": vf,
                                         "valid_to": vt, "attributes": attrs}, "$.tender")
        self._stage_rel(sid, "$.tender")

    def _extent(self, period: dict[str, Any], path: str) -> tuple[Any, Any]:
        vf, vt = calendar_date(period.get("startDate")), calendar_date(period.get("endDate"))
        for k, v, d in (("startDate", period.get("startDate"), vf), ("endDate", period.get("endDate"), vt)):
            if v is not None and d is None:
                self.problems.append((jpath(path, k), f"not a date: {v!r}; left empty", "warning"))
        if vf and vt and vt < vf:
            self.problems.append((path, f"endDate {vt} is before startDate {vf}; period left empty (kept in attributes)", "warning"))
            return None, None
        return vf, vt

    def _contracts(self) -> None:
        s = self.s
        awards = {str(a.get("id")): (i, a) for i, a in enumerate(s.get("awards") or []) if isinstance(a, dict)}
        for ci, c in enumerate(s.get("contracts") or []):
            path = f"$.contracts[{ci}]"
            if not isinstance(c, dict) or not _text(c.get("id")):
                self.problems.append((path, "contract without id; kept only in the project's attributes", "warning"))
                continue
            cid = str(c["id"]).strip()
            node = make_id("ocds", self.ocid, "contract", cid)
            ai, award = awards.get(str(c.get("awardID")), (None, None))
            name = _text(c.get("title")) or (award and _text(award.get("title"))) or f"contract {cid}"
            status = _CONTRACT_STATUS.get(str(c.get("status")), ContractStatus.performing)
            if c.get("termination"):
                status = ContractStatus.terminated
            fields: dict[str, Any] = {"name": _name(name), "status": status, "currency": None}
            signed = c.get("dateSigned")
            fields["signed_on"] = calendar_date(signed)
            if signed is not None and fields["signed_on"] is None:
                self.problems.append((jpath(path, "dateSigned"), f"not a date: {signed!r}; left empty", "warning"))
            value = _dict_at(c, "value")
            amount = value.get("amount")
            if isinstance(amount, (int, float)) and not isinstance(amount, bool):
                if amount >= 0:
                    fields["value"] = float(amount)
                    fields["currency"] = _text(value.get("currency"))
                else:
                    self.problems.append((jpath(path, "value", "amount"),
                                          f"negative amount {amount}; value left empty (kept in attributes)", "warning"))
            period = _dict_at(c, "period")
            fields["valid_from"], fields["valid_to"] = self._extent(period, jpath(path, "period"))
            attrs = {k: v for k, v in c.items() if k not in ("id", "title", "milestones")}
            attrs.update(ocid=self.ocid, ocds_contract_id=cid)
            if "status" in c:
                attrs["ocds_status"] = attrs.pop("status")
            for k in ("signatories", "suppliers", "buyer"):
                if k in attrs:
                    attrs[k] = self.ref_ids(attrs[k])
            if award is not None:
                attrs["award"] = self._award_attrs(award)
            kept = self._milestones(c, path, ("contract", cid), Stage.execution)
            if kept:
                attrs["milestones"] = kept
            impl = c.get("implementation")
            if isinstance(impl, dict):
                kept_i = self._milestones(impl, jpath(path, "implementation"), ("contract", cid, "implementation"),
                                          Stage.execution)
                rest = {k: v for k, v in impl.items() if k != "milestones"}
                if kept_i:
                    rest["milestones"] = kept_i
                attrs["implementation"] = rest
            fields["attributes"] = attrs
            self._add(node, "Contract", fields, path)
            self._add(make_id(node, "project"), "FOR_PROJECT", {"src": node, "dst": self.project_id}, path, is_rel=True)
            self._contract_parties(node, ci, c, ai, award)
        self._investors()

    def _contract_parties(self, node: str, ci: int, c: dict[str, Any], ai: int | None, award: Any) -> None:
        links: dict[str, dict[str, Any]] = {}

        def link(key: str | None, path: str, signatory: bool = False) -> None:
            if key is None or key not in self.parties:
                return
            ln = links.setdefault(key, {"path": path, "signatory": False})
            ln["signatory"] = ln["signatory"] or signatory

        for key, p in self.parties.items():
            if p.roles & _CONTRACT_GOV_ROLES or (self.ppp and "privateParty" in p.roles):
                link(key, p.path)
        if isinstance(c.get("buyer"), dict):
            link(_org_key(c["buyer"]), f"$.contracts[{ci}].buyer")
        if isinstance(award, dict):
            for j, o in enumerate(award.get("suppliers") or []):
                if isinstance(o, dict):
                    link(_org_key(o), f"$.awards[{ai}].suppliers[{j}]")
        for j, o in enumerate(c.get("suppliers") or []):
            if isinstance(o, dict):
                link(_org_key(o), f"$.contracts[{ci}].suppliers[{j}]")
        for j, o in enumerate(c.get("signatories") or []):
            if isinstance(o, dict):
                link(_org_key(o), f"$.contracts[{ci}].signatories[{j}]", signatory=True)
        for key, ln in links.items():
            p = self.parties[key]
            attrs: dict[str, Any] = {"ocds_roles": sorted(p.roles)}
            self._add(make_id(node, "party", key), "HAS_PARTY",
                      {"src": node, "dst": self.party_id(key), "role": _party_role(p.roles, self.ppp),
                       "signatory": bool(ln["signatory"]), "public_authority": bool(self.public_authority(p)),
                       "attributes": attrs}, ln["path"], is_rel=True)

    def _investors(self) -> None:
        finance: dict[str, list[Any]] = {}
        for c in self.s.get("contracts") or []:
            if isinstance(c, dict):
                for f in c.get("finance") or []:
                    if isinstance(f, dict) and isinstance(f.get("financingParty"), dict):
                        key = _org_key(f["financingParty"])
                        if key:
                            finance.setdefault(key, []).append(f)
        for key, p in self.parties.items():
            if "equityInvestor" not in p.roles or (self.kinds.get(key) or "Company") != "Company":
                continue
            attrs: dict[str, Any] = {"ocds_roles": sorted(p.roles)}
            fields: dict[str, Any] = {"src": self.party_id(key), "dst": self.project_id}
            if finance.get(key):
                attrs["finance"] = finance[key]
                cny = [f["value"]["amount"] for f in finance[key]
                       if isinstance(f.get("value"), dict) and f["value"].get("currency") == "CNY"
                       and isinstance(f["value"].get("amount"), (int, float))]
                if cny:
                    fields["amount"] = float(sum(cny))
            fields["attributes"] = attrs
            self._add(make_id(self.party_id(key), "invests_in"), "INVESTS_IN", fields, p.path, is_rel=True)


def _name(s: str) -> str:
    s = s.strip()
    return s if len(s) <= 500 else s[:499] + "…"


def _party_role(roles: set[str], ppp: bool) -> PartyRole:
    if roles & _CONTRACT_GOV_ROLES:
        return PartyRole.government
    if "privateParty" in roles or (ppp and "supplier" in roles):
        return PartyRole.social_capital
    if "supplier" in roles:
        return PartyRole.supplier
    if "equityInvestor" in roles:
        return PartyRole.investor
    return PartyRole.other


def _government(p: _Party) -> tuple[GovLevel, str] | None:
    """(level, GB/T 2260 code) when the document states both; else None (-> Department)."""
    level = code = None
    for g in p.given:
        details = _dict_at(g, "details")
        lv = details.get("level") or details.get("govLevel")
        if isinstance(lv, str) and lv.strip() in _LEVELS:
            level = _LEVELS[lv.strip()]
        idents = [g.get("identifier"), *list(g.get("additionalIdentifiers") or [])]
        for ident in idents:
            if isinstance(ident, dict) and any(s in str(ident.get("scheme", "")).upper() for s in _DIVISION_SCHEMES):
                cand = _text(ident.get("id"))
                if cand and cand.isdigit() and len(cand) in (6, 9):
                    code = cand
    return (level, code) if level and code else None


def _credit_code(p: _Party) -> str | None:
    for g in p.given:
        ident = g.get("identifier")
        if isinstance(ident, dict) and str(ident.get("scheme", "")).upper() == "CN-USCC":
            return _text(ident.get("id"))
    return None


def _kind_of(p: _Party) -> str:
    if p.roles & GOVERNMENT_ROLES:
        return "Government" if _government(p) else "Department"
    return "Company"


# --- the import -----------------------------------------------------------------------------------


def import_ocds(store: GraphStore, paths: list[Path], *, encoding: str | None = None) -> ImportReport:
    """Import OCDS files into the store; never raises for bad input (see the report)."""
    report = ImportReport("OCDS")
    col = _Collector(report)
    paths = [Path(p) for p in paths]
    for path, label in zip(paths, file_labels(paths), strict=True):
        name, docs = read_documents(path, report, stream_ok=True, encoding=encoding, label=label)
        for doc in docs:
            col.document(name, doc.data, doc.line)
    writer = HistoryWriter(store, report)
    for ocid, units in col.units.items():
        _import_process(ocid, units, writer, report)
    return report


def _import_process(ocid: str, units: list[_Unit], writer: HistoryWriter, report: ImportReport) -> None:
    steps = _steps(ocid, units, report)
    if not steps:
        return
    ppp = any(u.meta.ppp for u in units) or any(
        isinstance((s.state.get("planning") or {}).get("project"), dict) for s in steps
    )
    # One kind per party over the whole history (a party's roles may grow from release to release).
    roles: dict[str, _Party] = {}
    for s in steps:
        for key, p in _Extract(ocid, s.state, ppp).parties.items():
            acc = roles.setdefault(key, _Party(key, p.path))
            acc.roles |= p.roles
            acc.given += [g for g in p.given if g not in acc.given]
    kinds = {key: _kind_of(p) for key, p in roles.items()}
    gov = {key: g for key, p in roles.items() if (g := _government(p))}
    reported: set[tuple[str, str]] = set()
    for s in steps:
        problems: list[tuple[str, str, str]] = []
        specs = _Extract(ocid, s.state, ppp, kinds, problems, gov).build()
        # Problems are found on the compiled state: report each once, at the first release having it.
        for path, reason, level in problems:
            if (path, reason) in reported:
                continue
            reported.add((path, reason))
            unit, where = _locate_release(s, path)
            report.problem(unit.meta.file, where, reason, line=unit.meta.line, level=level)
        nodes: list[Item] = []
        rels: list[Item] = []
        for id_, spec in specs.items():
            unit, path = _source_of(s, id_, spec, ppp)
            source = m.Source(
                file=unit.meta.file, line=unit.meta.line, path=path, url=unit.meta.uri,
                authority=unit.meta.publisher, document=unit.release_id,
            )
            model = _model_of(spec)
            try:
                obj = model.model_validate({**spec.fields, "source": source})
            except ValidationError as exc:
                report.problem(unit.meta.file, path, f"{spec.kind} {id_} not imported: {validation_reason(exc)}",
                               line=unit.meta.line)
                report.outcome(spec.kind, id_, "failed", unit.meta.file, reason="invalid")
                continue
            (rels if spec.is_rel else nodes).append(Item(spec.kind, obj, unit.meta.file, spec.is_rel))
        node_ids = {it.obj.id for it in nodes}
        ok_rels = []
        for it in rels:
            missing = [e for e in (it.rel.src, it.rel.dst) if e not in node_ids]
            if missing:
                report.outcome(it.kind, it.obj.id, "failed", it.file,
                               reason=f"endpoint {missing[0]} was not imported")
                continue
            ok_rels.append(it)
        writer.write_step(s.date, dedupe(nodes), dedupe(ok_rels))


def _model_of(spec: _Spec) -> type[m.Node] | type[m.Rel]:
    from graph.model.schema import NODE_KINDS, REL_KINDS

    return REL_KINDS[spec.kind].model if spec.is_rel else NODE_KINDS[spec.kind].model


def _source_of(step: _Step, id_: str, spec: _Spec, ppp: bool) -> tuple[_Unit, str]:
    """The release of the step that names the item, and the item's JSON path inside the file."""
    if step.paths_from_state:
        u = step.sources[-1]
        return u, _join(u.path, spec.path)
    for u in reversed(step.sources):
        if u.paths is None:  # the same extraction on the (partial) release alone gives its paths
            u.paths = {i: sp.path for i, sp in _Extract(u.ocid, _clean(u.data), ppp).build().items()}
        if id_ in u.paths:
            return u, _join(u.path, u.paths[id_])
    u = step.sources[-1]
    return u, u.path


def _locate_release(step: _Step, rel_path: str) -> tuple[_Unit, str]:
    """Where a problem found on the compiled state is, in the releases of this step."""
    if step.paths_from_state:
        return step.sources[-1], _join(step.sources[-1].path, rel_path)
    for u in reversed(step.sources):
        if _has_path(u.data, rel_path):
            return u, _join(u.path, rel_path)
    return step.sources[-1], _join(step.sources[-1].path, rel_path)


def _has_path(data: Any, rel_path: str) -> bool:
    cur = data
    for key, idx in re.findall(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]", rel_path):
        if key:
            if not isinstance(cur, dict) or key not in cur:
                return False
            cur = cur[key]
        else:
            i = int(idx)
            if not isinstance(cur, list) or i >= len(cur):
                return False
            cur = cur[i]
    return True


def _join(base: str, rel: str) -> str:
    """``$.releases[3]`` + ``$.contracts[0]`` -> ``$.releases[3].contracts[0]``."""
    return base + rel[1:] if rel.startswith("$") else base
