"""Popolo importer (``retrace import popolo FILE...``): people, organisations, posts, memberships.

Mapping (details and reasons in ``docs/importers.md``):

* person -> :class:`~graph.model.entities.Official` (``name`` as given; every other name, incl. Chinese
  ones, kept in ``attributes.other_names``; the preferred Chinese one also in ``attributes.name_zh``);
* organization -> Department (legislatures and parties too; ``category`` = classification), or a
  Government when the document gives a GB/T 2260 division code and a level; ``parent_id`` ->
  BELONGS_TO (or SUBORDINATE_TO between governments);
* post -> Post, POST_IN its organization;
* membership -> HOLDS (official -> post), a tenure: its dates, or else the dates of its
  legislative period; ``YYYY`` and ``YYYY-MM`` dates become the first/last day of that period
  with ``valid_from_precision``/``valid_to_precision`` = ``year``/``month``. A membership without
  a post holds the post "<organization> <role>" (one per organization and role), created here.

Ids: an id that is a UUID is globally unique by construction: ``popolo:person:<uuid>``,
``popolo:org:<uuid>``; other ids (``KESK``, ``IND``, ``term/13``...) are only unique inside their
file, so they are scoped by the dataset (the file name without extension unless ``dataset=`` is
given): ``popolo:estonia-riigikogu:org:KESK``.

A Popolo export has no history of its own: everything is written with ``now=`` the import time;
a re-run is a no-op thanks to the stores' content hash.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.access.personal import identity_hash
from graph.config import Settings
from graph.model import entities as m
from graph.model.enums import GovLevel
from graph.stores.base import GraphStore, utcnow
from loaders.importing import (
    ImportReport,
    Item,
    file_labels,
    id_part,
    jpath,
    make_id,
    partial_date,
    read_documents,
    validation_reason,
    write_snapshot,
)

__all__ = ["import_popolo", "popolo_id"]

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_RAW_ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")
_GENDER = {"male": "男", "m": "男", "男": "男", "female": "女", "f": "女", "女": "女"}
_ZH_ORDER = ("zh-hans", "zh-cn", "zh", "zh-sg", "zh-my", "zh-hant", "zh-tw", "zh-hk", "zh-mo")
_LEVELS = {
    "province": GovLevel.province, "省": GovLevel.province,
    "prefecture": GovLevel.prefecture, "市": GovLevel.prefecture,
    "county": GovLevel.county, "县": GovLevel.county, "区": GovLevel.county,
    "township": GovLevel.township, "乡": GovLevel.township, "镇": GovLevel.township,
}


def popolo_id(dataset: str, kind: str, raw: Any) -> str:
    """Graph id of a Popolo object: global for UUIDs, else scoped by the dataset."""
    s = str(raw).strip()
    if _UUID.match(s):
        return make_id("popolo", kind, s.lower())
    return make_id("popolo", dataset, kind, s)


def _text(v: Any) -> str | None:
    if isinstance(v, (str, int, float)) and not isinstance(v, bool):
        s = str(v).strip()
        return s or None
    return None


def _dataset(path: Path) -> str:
    return id_part(re.sub(r"[^A-Za-z0-9_.\-]+", "_", path.stem) or "popolo")


def _name_zh(obj: dict[str, Any]) -> str | None:
    names = [n for n in obj.get("other_names") or [] if isinstance(n, dict) and _text(n.get("name"))]
    for lang in _ZH_ORDER:
        for n in names:
            if str(n.get("lang", "")).lower() == lang:
                return _text(n["name"])
    for n in names:
        if str(n.get("lang", "")).lower().startswith("zh"):
            return _text(n["name"])
    return None


def _first_url(obj: dict[str, Any]) -> str | None:
    for s in obj.get("sources") or []:
        if isinstance(s, dict) and _text(s.get("url")):
            return _text(s["url"])
        if isinstance(s, str) and s.strip():
            return s.strip()
    return None


class _File:
    def __init__(self, doc: dict[str, Any], file: str, dataset: str, report: ImportReport) -> None:
        self.d = doc
        self.file = file
        self.ds = dataset
        self.report = report
        meta = doc.get("meta")
        self.url = _first_url(meta if isinstance(meta, dict) else {})
        self.nodes: list[Item] = []
        self.rels: list[Item] = []
        self.persons: dict[str, str] = {}
        self.orgs: dict[str, tuple[str, str, str]] = {}  # popolo id -> (node id, name, path)
        self.posts: dict[str, str] = {}
        self.org_kinds: dict[str, str] = {}  # node id -> Government | Department
        self.seen: dict[str, str] = {}  # graph id -> path of its first occurrence
        self.areas = {str(a["id"]): a for a in self._list("areas") if isinstance(a, dict) and "id" in a}
        self.events = {str(e["id"]): e for e in self._list("events") if isinstance(e, dict) and "id" in e}

    def _list(self, key: str) -> list[Any]:
        v = self.d.get(key)
        if v is None:
            return []
        if not isinstance(v, list):
            self.report.problem(self.file, jpath("$", key), f"{key} must be an array; ignored")
            return []
        return v

    def _source(self, path: str, obj: dict[str, Any] | None = None) -> m.Source:
        return m.Source(file=self.file, path=path, url=(_first_url(obj) if obj else None) or self.url)

    def _add(self, kind: str, model: type[m.Node] | type[m.Rel], data: dict[str, Any], path: str, rel: bool = False) -> bool:
        if data.get("id") in self.seen:
            self.report.problem(self.file, path, f"{kind} {data['id']} appears twice in the file "
                                f"(first at {self.seen[data['id']]}); the first one was used", level="warning")
            self.report.add_counts(kind, self.file, skipped=1, reason="duplicate id in the file")
            return False
        try:
            obj = model.model_validate(data)
        except ValidationError as exc:
            self.report.problem(self.file, path, f"{kind} not imported: {validation_reason(exc)}")
            self.report.add_counts(kind, self.file, skipped=1, reason="invalid (see problems)")
            return False
        (self.rels if rel else self.nodes).append(Item(kind, obj, self.file, rel))
        self.seen[obj.id] = path
        return True

    def _skip(self, kind: str, path: str, reason: str) -> None:
        self.report.problem(self.file, path, f"{kind} not imported: {reason}")
        self.report.add_counts(kind, self.file, skipped=1, reason=reason)

    # ------------------------------------------------------------------------------------------
    def run(self) -> None:
        self._organizations()
        self._posts()
        self._persons()
        self._memberships()

    def _named(self, obj: Any, kind: str, prefix: str, path: str, problem: str) -> tuple[str, dict[str, Any]] | None:
        """The node id and the kept attributes of a person or organization, or None (skipped)."""
        if not isinstance(obj, dict) or not _text(obj.get("id")) or not _text(obj.get("name")):
            self._skip(kind, path, problem)
            return None
        attrs = {k: v for k, v in obj.items() if k not in ("id", "name")}
        attrs["popolo_id"] = obj["id"]
        zh = _name_zh(obj)
        if zh:
            attrs["name_zh"] = zh
        return popolo_id(self.ds, prefix, obj["id"]), attrs

    def _organizations(self) -> None:
        orgs = self._list("organizations")
        for i, o in enumerate(orgs):
            path = f"$.organizations[{i}]"
            named = self._named(o, "Department", "org", path, "an organization needs an id and a name")
            if named is None:
                continue
            node, attrs = named
            data: dict[str, Any] = {"id": node, "name": _text(o["name"]), "attributes": attrs,
                                    "source": self._source(path, o)}
            data.update(self._extent(o, "founding_date", "dissolution_date", attrs, path))
            gov = _government(o)
            model: type[m.Node]
            if gov:
                kind, model = "Government", m.Government
                data["level"], data["division_code"] = gov
            else:
                kind, model = "Department", m.Department
                data["category"] = _text(o.get("classification"))
            if self._add(kind, model, data, path):
                self.orgs[str(o["id"])] = (node, _text(o["name"]) or "", path)
                self.org_kinds[node] = kind
        kinds = self.org_kinds
        for i, o in enumerate(orgs):
            if not isinstance(o, dict) or not _text(o.get("parent_id")) or str(o.get("id")) not in self.orgs:
                continue
            path = f"$.organizations[{i}].parent_id"
            child = self.orgs[str(o["id"])][0]
            parent = self.orgs.get(str(o["parent_id"]))
            if parent is None:
                self.report.problem(self.file, path, f"parent {o['parent_id']!r} is not an organization of this file; "
                                    "kept in attributes only", level="warning")
                continue
            ck, pk = kinds.get(child), kinds.get(parent[0])
            if ck == "Government" and pk == "Government":
                type_ = "SUBORDINATE_TO"
            elif ck == "Department":
                type_ = "BELONGS_TO"
            else:
                self.report.problem(self.file, path, "a government cannot belong to a department; kept in attributes only",
                                    level="warning")
                continue
            self._add(type_, m.Rel, {"id": make_id(child, "parent"), "src": child, "dst": parent[0],
                                     "source": self._source(path)}, path, rel=True)

    def _date(self, raw: Any, path: str, key: str) -> tuple[date, date, str] | None:
        """A date that may be only a year or a year-month: (first day, last day, precision); None
        when empty, or not a date (then reported as a warning: the field is left empty)."""
        if raw in (None, ""):
            return None
        pd = partial_date(raw)
        if pd is None:
            self.report.problem(self.file, jpath(path, key), f"not a date: {raw!r}; left empty", level="warning")
        return pd

    def _extent(self, obj: dict[str, Any], start: str, end: str, attrs: dict[str, Any], path: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, field_, pick in ((start, "valid_from", 0), (end, "valid_to", 1)):
            pd = self._date(obj.get(key), path, key)
            if pd is None:
                continue
            out[field_] = pd[pick]
            if pd[2] != "day":
                attrs[f"{field_}_precision"] = pd[2]
        if out.get("valid_from") and out.get("valid_to") and out["valid_to"] < out["valid_from"]:
            self.report.problem(self.file, path, f"{end} is before {start}; extent left empty", level="warning")
            return {}
        return out

    def _posts(self) -> None:
        for i, p in enumerate(self._list("posts")):
            path = f"$.posts[{i}]"
            if not isinstance(p, dict) or not _text(p.get("id")):
                self._skip("Post", path, "a post needs an id")
                continue
            node = popolo_id(self.ds, "post", p["id"])
            name = _text(p.get("label")) or _text(p.get("role")) or str(p["id"])
            attrs = {k: v for k, v in p.items() if k not in ("id", "label")}
            attrs["popolo_id"] = p["id"]
            zh = _name_zh(p)
            if zh:
                attrs["name_zh"] = zh
            data = {"id": node, "name": name, "attributes": attrs, "source": self._source(path, p)}
            data.update(self._extent(p, "start_date", "end_date", attrs, path))
            if not self._add("Post", m.Post, data, path):
                continue
            self.posts[str(p["id"])] = node
            org = self.orgs.get(str(p.get("organization_id")))
            if org is None:
                self.report.problem(self.file, jpath(path, "organization_id"),
                                    f"organization {p.get('organization_id')!r} unknown; post kept without POST_IN",
                                    level="warning")
                continue
            self._add("POST_IN", m.Rel, {"id": make_id(node, "post_in"), "src": node, "dst": org[0],
                                         "source": self._source(path, p)}, path, rel=True)

    def _persons(self) -> None:
        for i, p in enumerate(self._list("persons")):
            path = f"$.persons[{i}]"
            named = self._named(p, "Official", "person", path, "a person needs an id and a name")
            if named is None:
                continue
            node, attrs = named
            data: dict[str, Any] = {"id": node, "name": _text(p["name"]), "source": self._source(path, p)}
            g = _GENDER.get(str(p.get("gender", "")).strip().lower())
            if g:
                data["gender"] = g
            born = partial_date(p.get("birth_date")) if p.get("birth_date") else None
            if born and 1900 <= born[0].year <= 2100:
                data["birth_year"] = born[0].year
            # Never store a raw national ID number: keep only its keyed hash (graph.access.personal).
            for j, ident in enumerate(attrs.get("identifiers") or []):
                if isinstance(ident, dict) and _RAW_ID_NUMBER.match(str(ident.get("identifier", ""))):
                    digest = identity_hash(str(ident["identifier"]), Settings().identity_secret)
                    data["id_hash"] = digest
                    attrs["identifiers"] = [dict(x) for x in attrs["identifiers"]]
                    attrs["identifiers"][j]["identifier"] = f"hmac:{digest}"
            data["attributes"] = attrs
            if self._add("Official", m.Official, data, path):
                self.persons[str(p["id"])] = node

    def _memberships(self) -> None:
        synthetic: dict[str, bool] = {}
        for i, ms in enumerate(self._list("memberships")):
            path = f"$.memberships[{i}]"
            if not isinstance(ms, dict):
                self._skip("HOLDS", path, "a membership must be an object")
                continue
            person = self.persons.get(str(ms.get("person_id")))
            if person is None:
                self._skip("HOLDS", jpath(path, "person_id"), f"person {ms.get('person_id')!r} is not a person of this file")
                continue
            org = self.orgs.get(str(ms.get("organization_id"))) if ms.get("organization_id") is not None else None
            role = _text(ms.get("role")) or "member"
            if _text(ms.get("post_id")):
                post = self.posts.get(str(ms["post_id"]))
                if post is None:
                    self._skip("HOLDS", jpath(path, "post_id"), f"post {ms['post_id']!r} is not a post of this file")
                    continue
            elif org is not None:
                post = make_id(org[0], "post", role)
                if post not in synthetic:
                    synthetic[post] = self._synthetic_post(post, org, role)
                if not synthetic[post]:
                    self._skip("HOLDS", path, "its post could not be created")
                    continue
            else:
                why = (f"organization {ms.get('organization_id')!r} is not an organization of this file"
                       if ms.get("organization_id") is not None else "names neither a post nor an organization")
                self._skip("HOLDS", path, why)
                continue
            self._tenure(ms, path, person, post, org, role)

    def _synthetic_post(self, post: str, org: tuple[str, str, str], role: str) -> bool:
        node, name, path = org
        attrs = {"synthetic": True, "organization": name, "role": role,
                 "note": "created by the importer for memberships that name no post"}
        ok = self._add("Post", m.Post, {"id": post, "name": f"{name} {role}", "attributes": attrs,
                                        "source": self._source(path)}, path)
        if ok:
            self._add("POST_IN", m.Rel, {"id": make_id(post, "post_in"), "src": post, "dst": node,
                                         "source": self._source(path)}, path, rel=True)
        return ok

    def _tenure(self, ms: dict[str, Any], path: str, person: str, post: str,
                org: tuple[str, str, str] | None, role: str) -> None:
        attrs: dict[str, Any] = {k: v for k, v in ms.items()}
        data: dict[str, Any] = {"src": person, "dst": post, "source": self._source(path, ms)}
        term = self.events.get(str(ms.get("legislative_period_id"))) if ms.get("legislative_period_id") else None
        if term:
            attrs["legislative_period"] = {k: term.get(k) for k in ("id", "name", "start_date", "end_date") if term.get(k)}
        inferred: set[str] = set()
        term_id = term.get("id") if term else None  # a date is inferred from the term only when there is one
        for key, field_, pick in (("start_date", "valid_from", 0), ("end_date", "valid_to", 1)):
            raw, origin = ms.get(key), key
            if raw in (None, "") and term and term.get(key):
                raw, origin = term.get(key), "legislative_period"
            pd = self._date(raw, path, key)
            if pd is None:
                continue
            data[field_] = pd[pick]
            data[f"{field_}_precision"] = pd[2]
            if origin != key:
                inferred.add(field_)
                attrs[f"{field_}_from"] = f"legislative period {term_id}"
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"] and inferred:
            # The membership's own date wins over the default taken from its legislative period.
            for f in inferred:
                self.report.problem(
                    self.file, path,
                    f"{f} {data[f]} taken from legislative period {term_id} contradicts the membership's "
                    f"own dates; left empty", level="warning",
                )
                data.pop(f)
                data.pop(f"{f}_precision")
                attrs.pop(f"{f}_from", None)
        if org:
            attrs["organization_name"] = org[1]
        for key in ("on_behalf_of_id",):
            other = self.orgs.get(str(ms.get(key))) if ms.get(key) is not None else None
            if other:
                attrs["on_behalf_of"] = {"node": other[0], "name": other[1]}
        area = self.areas.get(str(ms.get("area_id"))) if ms.get("area_id") is not None else None
        if area:
            attrs["area"] = {k: area.get(k) for k in ("id", "name", "type") if area.get(k)}
        data["acting"] = role.lower().startswith("acting") or "代理" in role
        data["attributes"] = attrs
        if _text(ms.get("id")):
            data["id"] = popolo_id(self.ds, "membership", ms["id"])
        else:
            key = "|".join(str(x) for x in (person, post, ms.get("organization_id"), role, ms.get("legislative_period_id"),
                                            ms.get("on_behalf_of_id"), ms.get("area_id"), ms.get("start_date"),
                                            ms.get("end_date")))
            data["id"] = make_id("popolo", "tenure", hashlib.sha1(key.encode("utf-8")).hexdigest()[:24])
        self._add("HOLDS", m.Tenure, data, path, rel=True)


def _government(o: dict[str, Any]) -> tuple[GovLevel, str] | None:
    """(level, division code) when the organization states both (else it is a Department)."""
    level = None
    for key in ("level", "classification", "type"):
        v = _text(o.get(key))
        if v and v.lower() in _LEVELS:
            level = _LEVELS[v.lower()]
            break
    code = None
    for ident in o.get("identifiers") or []:
        if isinstance(ident, dict) and any(s in str(ident.get("scheme", "")).upper() for s in ("2260", "XZQH", "DIVISION")):
            cand = _text(ident.get("identifier"))
            if cand and cand.isdigit() and len(cand) in (6, 9):
                code = cand
    return (level, code) if level and code else None


def import_popolo(store: GraphStore, paths: list[Path], *, encoding: str | None = None,
                  dataset: str | None = None) -> ImportReport:
    """Import Popolo JSON files (one dataset per file); never raises for bad input."""
    report = ImportReport("Popolo")
    paths = [Path(p) for p in paths]
    now = utcnow()
    for path, label in zip(paths, file_labels(paths), strict=True):
        name, docs = read_documents(path, report, stream_ok=False, encoding=encoding, label=label)
        for doc in docs:
            fs = report.file(name)
            d = doc.data
            if not isinstance(d, dict) or not any(k in d for k in ("persons", "organizations", "memberships", "posts")):
                keys = ", ".join(sorted(d)[:8]) if isinstance(d, dict) else type(d).__name__
                report.problem(name, "$", f"not a Popolo document (expected persons/organizations/memberships; got {keys})")
                continue
            fs.formats.append("Popolo (" + ", ".join(f"{len(d[k])} {k}" for k in
                                                      ("persons", "organizations", "posts", "memberships")
                                                      if isinstance(d.get(k), list)) + ")")
            f = _File(d, name, id_part(dataset) if dataset else _dataset(path), report)
            f.run()
            write_snapshot(store, report, now, f.nodes, f.rels)
    return report
