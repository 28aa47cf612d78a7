"""Impact propagation (惩戒到人): which officials a record on a government, department, project or
contract reaches, with what weight, and why.

For a record with act date D (the decision date when the act date is unknown), the facts of
:meth:`graph.stores.base.GraphStore.attribution_facts` are read with the date rules of the backtracking
(:mod:`graph.responsibility.backtrack`: ``holders_on``, reporting lines valid on D, the principal leader at
the top), and these routes are followed:

* ``responsible`` — the holders on D of every post answering on D for a stage of the project (of
  the subject, of an evidence contract or of what an evidence judgment concerns) or for an evidence
  commitment; an official assigned directly answers in person;
* ``signatory`` — the official who signed the contract, or who made the commitment;
* ``unit_principal`` — the holders on D of the principal post (主要负责人) of a department or
  government that is the subject;
* ``leader`` — from every responsible and unit-principal post, the holders of the posts up the
  reporting line valid on D: ``roles.leader x decay^(hop-1)`` up to ``max_hops``;
* ``principal_leader`` — the government's principal leader on D, at the top of a reporting line
  or directly as the principal of the government owning the project, party to the contract,
  making the commitment or above the subject unit.

A vacant post reaches nobody (the line continues above it); an acting holder gets the role
weight times ``acting_factor``; a tenure whose end is unknown reaches nobody (never guessed) and,
like a vacancy, is reported as a gap. An official reached by several routes gets the heaviest
(the routes are all kept, heaviest first, at most :data:`MAX_ROUTES`). Routes below
``min_weight`` are dropped. ``effective_weight`` is the weight times the record's sanction factor
(1; after a lightened repair ``lighten_factor``; after a waived one 0).

Attributions are ``ATTRIBUTED_TO`` relationships record → official, written with the versioned
upsert (a changed weight, route or policy is a new version with its record time); an attribution
that no longer holds (record revoked, route gone) gets a new version with ``active = false``.
Nothing is deleted, so the attributions known on any date can be read back.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from graph.facts.local import LocalGraph
from graph.facts.rules import governments_of, holders_on, is_principal_of_government, principal_posts, valid_rels
from graph.model import entities as m
from graph.model.enums import AttributionRole, RecordStatus, SanctionEffect
from graph.model.ids import derived_id
from graph.model.policy import Policy, PolicySet, default_policies
from graph.model.schema import REL_KINDS, from_props
from graph.model.temporal import Coverage
from graph.stores.base import ConflictError, GraphStore, RelWrite, StoredRel, utcnow
from graph.stores.writes import node_write, rel_write

__all__ = [
    "BATCH",
    "MAX_ROUTES",
    "Computed",
    "PropagationResult",
    "Route",
    "attribute",
    "explain_routes",
    "propagate",
    "recompute_all",
]

MAX_ROUTES = 5
#: A worker process costs about a second to start (imports, connection): below this many batches
#: each, one process is faster.
MIN_BATCHES_PER_WORKER = 4
MAX_CHAIN = 8
BATCH = 2000
ROLE_ORDER = {r.value: i for i, r in enumerate(AttributionRole)}
RESPONSIBLE, SIGNATORY, UNIT_PRINCIPAL, LEADER, PRINCIPAL_LEADER = (r.value for r in AttributionRole)
_UNITS = ("Government", "Department")

Step = list  # [relationship type, relationship id, node id, node name]


@dataclass
class Route:
    role: str
    hop: int
    weight: float
    acting: bool
    steps: list[Step]

    def key(self) -> tuple:
        return (-self.weight, self.hop, ROLE_ORDER[self.role], [s[:3] for s in self.steps])

    def as_json(self) -> dict[str, Any]:
        return {"role": self.role, "hop": self.hop, "weight": self.weight, "acting": self.acting,
                "steps": self.steps}


@dataclass
class Computed:
    """What one record reaches: routes per official, gaps (vacant/unknown posts), the policy."""

    record_id: str
    day: date | None
    policy: Policy
    routes: dict[str, list[Route]] = field(default_factory=lambda: defaultdict(list))
    gaps: list[dict[str, Any]] = field(default_factory=list)


# --- one record -----------------------------------------------------------------------------------


class _Walker:
    def __init__(self, g: LocalGraph, rid: str, day: date, policy: Policy) -> None:
        self.g, self.rid, self.day, self.policy = g, rid, day, policy
        self.out = Computed(rid, day, policy)
        self.govs: dict[str, list[Step]] = {}

    def step(self, r: StoredRel, node: str) -> Step:
        return [r.type, r.id, node, self.g.nodes[node].props.get("name") if node in self.g.nodes else None]

    def weight(self, role: str, hop: int, acting: bool) -> float:
        prop = self.policy.propagation
        w = prop.roles.of(role)
        if role == LEADER:
            w *= prop.decay ** (hop - 1)
        if acting:
            w *= prop.acting_factor
        return round(w, 6)

    def reach(self, official: str, role: str, hop: int, acting: bool, steps: list[Step]) -> None:
        w = self.weight(role, hop, acting)
        if w < self.policy.propagation.min_weight or w <= 0:
            return
        self.out.routes[official].append(Route(role, hop, w, acting, steps))

    def holders(self, post: str, role: str, hop: int, steps: list[Step]) -> None:
        if role == LEADER and hop > self.policy.propagation.max_hops:
            return
        h = holders_on(self.g, post, self.day)
        if h.status == "vacant":
            self.gap({"post": post, "post_name": self.g.name(post), "role": role, "hop": hop, "status": "vacant"})
        for t, cov in h.holders:
            if cov is Coverage.yes:
                self.reach(t.src, role, hop, bool(t.props.get("acting")), [*steps, self.step(t, t.src)])
            else:
                self.gap({"post": post, "post_name": self.g.name(post), "role": role, "hop": hop,
                          "status": "unknown", "official": t.src, "tenure": t.id})

    def gap(self, entry: dict[str, Any]) -> None:
        """A post that reaches nobody on the day (vacant, or a tenure whose end is unknown)."""
        if entry not in self.out.gaps:
            self.out.gaps.append(entry)

    def post(self, post: str, role: str, steps: list[Step], holders: bool = True) -> None:
        """The holders of a post (unless ``holders`` is false), then the leaders up its reporting
        line valid on the day, to the government's principal leader."""
        if holders:
            self.holders(post, role, 0, steps)
        seen, current = {post}, post
        if is_principal_of_government(self.g, current, self.day):
            return
        for hop in range(1, MAX_CHAIN + 1):
            lines = valid_rels(self.g.outs(current, "REPORTS_TO"), self.day)
            if not lines or lines[0].dst in seen:
                return
            line = lines[0]
            seen.add(line.dst)
            steps = [*steps, self.step(line, line.dst)]
            current = line.dst
            top = is_principal_of_government(self.g, current, self.day)
            self.holders(current, PRINCIPAL_LEADER if top else LEADER,
                         hop, steps)
            if top:
                return

    def government_of(self, unit: str, steps: list[Step]) -> None:
        for gov, link in governments_of(self.g, unit, self.day):
            self.govs.setdefault(gov, steps if link is None else [*steps, self.step(link, gov)])

    def principal_posts(self, unit: str) -> list[StoredRel]:
        return principal_posts(self.g, unit, self.day)

    def responsible(self, duty: str, steps: list[Step]) -> None:
        for rf in valid_rels(self.g.ins(duty, "RESPONSIBLE_FOR"), self.day):
            s = [*steps, self.step(rf, rf.src)]
            if self.g.kind(rf.src) == "Post":
                self.post(rf.src, RESPONSIBLE, s)
            else:  # an official assigned directly answers in person; leaders above the posts held then
                self.reach(rf.src, RESPONSIBLE, 0, False, s)
                for t in valid_rels(self.g.outs(rf.src, "HOLDS"), self.day):
                    self.post(t.dst, RESPONSIBLE, [*s, self.step(t, t.dst)], holders=False)

    def project(self, prj: str, steps: list[Step]) -> None:
        for hs in sorted(self.g.outs(prj, "HAS_STAGE"), key=lambda r: r.id):
            self.responsible(hs.dst, [*steps, self.step(hs, hs.dst)])
        for own in valid_rels(self.g.outs(prj, "OWNED_BY"), self.day):
            self.government_of(own.dst, [*steps, self.step(own, own.dst)])

    def act_object(self, obj: str, steps: list[Step]) -> None:
        kind = self.g.kind(obj)
        if kind == "Contract":
            for sb in sorted(self.g.outs(obj, "SIGNED_BY"), key=lambda r: r.id):
                self.reach(sb.dst, SIGNATORY, 0, False, [*steps, self.step(sb, sb.dst)])
            for hp in sorted(self.g.outs(obj, "HAS_PARTY"), key=lambda r: r.id):
                if hp.props.get("role") == "government" and self.g.kind(hp.dst) in _UNITS:
                    self.government_of(hp.dst, [*steps, self.step(hp, hp.dst)])
            for fp in sorted(self.g.outs(obj, "FOR_PROJECT"), key=lambda r: r.id):
                self.project(fp.dst, [*steps, self.step(fp, fp.dst)])
        elif kind == "Project":
            self.project(obj, steps)
        elif kind == "Commitment":
            self.responsible(obj, steps)
            for cb in sorted(self.g.outs(obj, "COMMITTED_BY"), key=lambda r: r.id):
                if self.g.kind(cb.dst) == "Official":
                    self.reach(cb.dst, SIGNATORY, 0, False, [*steps, self.step(cb, cb.dst)])
                else:
                    self.government_of(cb.dst, [*steps, self.step(cb, cb.dst)])

    def run(self) -> Computed:
        g, rid = self.g, self.rid
        for r in sorted(g.outs(rid, "RECORD_SUBJECT"), key=lambda r: r.id):
            steps = [self.step(r, r.dst)]
            kind = g.kind(r.dst)
            if kind in _UNITS:
                for pi in self.principal_posts(r.dst):
                    self.post(pi.src, UNIT_PRINCIPAL, [*steps, self.step(pi, pi.src)])
                self.government_of(r.dst, steps)
            elif kind in ("Project", "Contract"):
                self.act_object(r.dst, steps)
        for e in sorted(g.outs(rid, "EVIDENCED_BY"), key=lambda r: r.id):
            steps = [self.step(e, e.dst)]
            if g.kind(e.dst) == "Judgment":
                for c in sorted(g.outs(e.dst, "CONCERNS"), key=lambda r: r.id):
                    self.act_object(c.dst, [*steps, self.step(c, c.dst)])
            else:
                self.act_object(e.dst, steps)
        for gov, steps in self.govs.items():
            for pi in self.principal_posts(gov):
                self.holders(pi.src, PRINCIPAL_LEADER, 0, [*steps, self.step(pi, pi.src)])
        return self.out


def _gov_of(g: LocalGraph, unit: str) -> str | None:
    """The unit's government at any time (the smallest id): what picks the record's policy."""
    return min((gov for gov, _ in governments_of(g, unit)), default=None)


def _record_government(g: LocalGraph, rid: str) -> str | None:
    """The division code that picks the record's policy: the subject unit's government, else the
    government of the project owner, government party or committing unit of the act."""
    objs: list[str] = []
    for r in sorted(g.outs(rid, "RECORD_SUBJECT"), key=lambda r: r.id):
        if g.kind(r.dst) in _UNITS:
            gov = _gov_of(g, r.dst)
            return g.nodes[gov].props.get("division_code") if gov else None
        objs.append(r.dst)
    for e in sorted(g.outs(rid, "EVIDENCED_BY"), key=lambda r: r.id):
        objs += [c.dst for c in g.outs(e.dst, "CONCERNS")] if g.kind(e.dst) == "Judgment" else [e.dst]
    units: list[str] = []
    for o in objs:
        prjs = [o] if g.kind(o) == "Project" else [r.dst for r in g.outs(o, "FOR_PROJECT")]
        units += [r.dst for r in g.outs(o, "HAS_PARTY") if r.props.get("role") == "government"]
        units += [r.dst for r in g.outs(o, "COMMITTED_BY") if g.kind(r.dst) in _UNITS]
        units += [r.dst for p in prjs for r in g.outs(p, "OWNED_BY")]
    for u in units:
        gov = _gov_of(g, u) if g.kind(u) in _UNITS else None
        if gov:
            return g.nodes[gov].props.get("division_code")
    return None


def attribute(g: LocalGraph, rid: str, policies: PolicySet) -> Computed:
    """Routes per official for one record (nothing for a record about an official, or revoked)."""
    p = g.nodes[rid].props
    policy = policies.for_code(_record_government(g, rid)) if len(policies.policies) > 1 else policies.default
    day = p.get("act_date") or p.get("decided_on")
    if day is None or p.get("status") == RecordStatus.revoked.value:
        return Computed(rid, day, policy)
    return _Walker(g, rid, day, policy).run()


def sanction_factor(props: dict[str, Any], policy: Policy) -> float:
    if props.get("status") != RecordStatus.repaired.value:
        return 1.0
    if props.get("sanction_effect") == SanctionEffect.waive.value:
        return 0.0
    return policy.repair.lighten_factor


def _attribution_rows(g: LocalGraph, c: Computed, policies: PolicySet) -> dict[str, m.Attribution]:
    p = g.nodes[c.record_id].props
    factor = sanction_factor(p, policies.default)
    out = {}
    for official, routes in c.routes.items():
        routes = sorted(routes, key=Route.key)
        best = routes[0]
        aid = derived_id("att", c.record_id, official)
        out[aid] = m.Attribution(
            id=aid, src=c.record_id, dst=official, weight=best.weight,
            effective_weight=round(best.weight * factor, 6), role=AttributionRole(best.role), hop=best.hop,
            acting=best.acting, roles=sorted({AttributionRole(r.role) for r in routes}, key=ROLE_ORDER.__getitem__),
            act_date=c.day, routes=json.dumps({"total": len(routes), "routes": [r.as_json() for r in routes[:MAX_ROUTES]]},
                                             ensure_ascii=False, separators=(",", ":")),
            policy_jurisdiction=c.policy.jurisdiction, policy_version=c.policy.version_id,
        )
    return out


# --- writing --------------------------------------------------------------------------------------


@dataclass
class PropagationResult:
    records: int = 0
    reached: int = 0  # active attributions after the run
    created: int = 0
    updated: int = 0
    superseded: int = 0
    unchanged: int = 0
    gaps: int = 0
    policies: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    details: list[dict[str, Any]] = field(default_factory=list)  # per record, for small runs
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase, summed over batches

    COUNTS = ("records", "reached", "created", "updated", "superseded", "unchanged", "gaps")

    def add(self, other: PropagationResult) -> None:
        """Add the counts, timings and details of another part of the same run."""
        for k in self.COUNTS:
            setattr(self, k, getattr(self, k) + getattr(other, k))
        for k, v in other.timings.items():
            self.timings[k] = self.timings.get(k, 0.0) + v
        self.details.extend(other.details)

    def summary(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in (*self.COUNTS, "policies")}
        out["seconds"] = round(self.seconds, 3)
        out["timings"] = {k: round(v, 3) for k, v in self.timings.items()}
        if self.details:
            out["details"] = self.details
        return out


def _policy_rows(policies: Iterable[Policy]) -> list[tuple[str, Any]]:
    """The policies used, as versioned Policy nodes (which content produced which version); written
    in the same transaction as the attributions that name them (unchanged ones are no-ops)."""
    return [("Policy", node_write(m.Policy(
        id=p.node_id, name=p.title, jurisdiction=p.jurisdiction, version=p.version_id,
        content=json.dumps(p.model_dump(mode="json"), ensure_ascii=False, sort_keys=True),
        source=m.Source(document=f"policies/{'default' if p.jurisdiction == '*' else p.jurisdiction}.yaml"),
    ))) for p in policies]


def _superseded(old: StoredRel, reason: str) -> RelWrite:
    model = from_props(m.Attribution, old.props, src=old.src, dst=old.dst)
    return rel_write(model.model_copy(update={"active": False, "ended_reason": reason}))


def _read_batch(store: GraphStore, ids: list[str]) -> tuple[LocalGraph, dict[str, StoredRel], float, float]:
    """The facts of a batch and its stored attributions (id, hash, active), with the read times."""
    t0 = time.perf_counter()
    g = LocalGraph(*store.attribution_facts(ids))
    t1 = time.perf_counter()
    existing = {r.id: r for r in store.attributions_of(ids, full=False)}
    return g, existing, t1 - t0, time.perf_counter() - t1


def _run_batch(store: GraphStore, ids: list[str], read: tuple, policies: PolicySet, now: datetime,
               res: PropagationResult, keep_details: bool, retry: bool = True) -> None:
    """Compute, compare and write one batch; its counts reach ``res`` only once it is written."""
    g, existing, read_facts, read_existing = read
    part = PropagationResult()
    t2 = time.perf_counter()
    writes: list[RelWrite] = []  # changed or superseded: versioned upserts
    creates: list[RelWrite] = []  # read as absent: created without the version check
    desired_all: set[str] = set()
    used: dict[str, Policy] = {}
    for rid in ids:
        if rid not in g.nodes:
            continue
        part.records += 1
        c = attribute(g, rid, policies)
        used[c.policy.jurisdiction] = c.policy
        part.gaps += len(c.gaps)
        desired = _attribution_rows(g, c, policies)
        desired_all.update(desired)
        for aid, model in desired.items():
            w = rel_write(model)
            old = existing.get(aid)
            if old is None:
                creates.append(w)
                part.created += 1
            elif old.props.get("_hash") == w.hash:
                part.unchanged += 1
            else:
                writes.append(w)
                part.updated += 1
        part.reached += len(desired)
        if keep_details:
            part.details.append({
                "record": rid, "date": c.day, "policy": {"jurisdiction": c.policy.jurisdiction,
                                                         "version": c.policy.version_id},
                "reached": [{"official": mdl.dst, "weight": mdl.weight, "role": mdl.role, "hop": mdl.hop}
                            for mdl in sorted(desired.values(), key=lambda a: (-a.weight, a.dst))],
                "gaps": c.gaps,
            })
    revoked = {rid for rid in ids if rid in g.nodes and g.nodes[rid].props.get("status") == RecordStatus.revoked.value}
    stale = [old for aid, old in existing.items() if aid not in desired_all and old.props.get("active")]
    if stale:  # the full versions, to write them again as superseded
        full = {r.id: r for r in store.attributions_of(sorted({r.src for r in stale}))}
        for old in stale:
            reason = "record revoked" if old.src in revoked else "no longer reached on the act date"
            writes.append(_superseded(full[old.id], reason))
            part.superseded += 1
    t3 = time.perf_counter()
    if writes or creates:
        policy_rows = _policy_rows(used.values())
        try:
            store.write_changes(policy_rows, [("ATTRIBUTED_TO", w) for w in writes], now=now,
                                new_rels=[("ATTRIBUTED_TO", w) for w in creates])
        except ConflictError:
            if not retry:
                raise
            # another writer (a concurrent propagation of the same record) created some of them
            # after they were read, and nothing of this batch was written: read it again (the
            # other writer's attributions included) and do it once more
            _run_batch(store, ids, _read_batch(store, ids), policies, now, res, keep_details, retry=False)
            return
    for k, v in (("read_facts", read_facts), ("read_existing", read_existing), ("compute", t3 - t2),
                 ("write", time.perf_counter() - t3)):
        part.timings[k] = part.timings.get(k, 0.0) + v
    res.add(part)


def _run_batches(store: GraphStore, batches: list[list[str]], policies: PolicySet, now: datetime,
                 res: PropagationResult, keep_details: bool = False) -> PropagationResult:
    """The batches one after the other, the next one read while this one is computed and written
    (records of different batches are disjoint)."""
    if len(batches) <= 1:
        for b in batches:
            _run_batch(store, b, _read_batch(store, b), policies, now, res, keep_details)
        return res
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="propagation-read") as pool:
        ahead = pool.submit(_read_batch, store, batches[0])
        for k, b in enumerate(batches):
            read = ahead.result()
            if k + 1 < len(batches):
                ahead = pool.submit(_read_batch, store, batches[k + 1])
            _run_batch(store, b, read, policies, now, res, keep_details=False)
    return res


def _worker(opener: tuple[type[GraphStore], dict[str, Any]], batches: list[list[str]], policies: PolicySet,
            now: datetime) -> PropagationResult:
    """One worker process's share of a recompute, on its own connection to the same store (the
    store's class and the keyword arguments it gave in ``worker_config``)."""
    cls, config = opener
    store = cls(**config)
    try:
        return _run_batches(store, batches, policies, now, PropagationResult(policies=policies.versions()))
    finally:
        store.close()


def propagate(
    store: GraphStore, record_ids: list[str], policies: PolicySet | None = None, now: datetime | None = None,
    batch: int = BATCH, workers: int = 1,
) -> PropagationResult:
    """Incremental update: (re)attribute these records (after a create, correction, revocation or
    repair), writing only what changed. With ``workers`` > 1 and a store other processes can open
    (Neo4j), the batches are shared out among that many worker processes: the Python date logic
    then uses several cores (the batches are independent: disjoint records, read-only facts)."""
    policies = policies or default_policies()
    now = now or utcnow()
    t0 = time.perf_counter()
    res = PropagationResult(policies=policies.versions())
    ids = list(dict.fromkeys(record_ids))
    batches = [ids[i:i + batch] for i in range(0, len(ids), batch)]
    n = min(workers, len(batches) // MIN_BATCHES_PER_WORKER)
    config = store.worker_config() if n > 1 else None
    if config is None:
        _run_batches(store, batches, policies, now, res, keep_details=len(ids) <= 20)
    else:
        import multiprocessing

        shares = [batches[i::n] for i in range(n)]
        # spawn, not fork: the parent may hold driver connections and threads (an API worker)
        with ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn")) as pool:
            for part in pool.map(_worker, [(type(store), config)] * n, shares, [policies] * n, [now] * n):
                res.add(part)
    res.seconds = time.perf_counter() - t0
    return res


def recompute_all(
    store: GraphStore, policies: PolicySet | None = None, now: datetime | None = None, batch: int = BATCH,
    workers: int = 1,
) -> PropagationResult:
    """Full recompute: every record that propagates (after a load or a policy change)."""
    ids = store.propagation_record_ids()
    return propagate(store, ids, policies, now, batch, workers)


# --- explanation ----------------------------------------------------------------------------------

_STEP_ZH = {
    "RECORD_SUBJECT": "失信主体", "EVIDENCED_BY": "失信依据", "CONCERNS": "判决涉及", "FOR_PROJECT": "所属项目",
    "HAS_STAGE": "项目阶段", "RESPONSIBLE_FOR": "责任岗位/责任人", "HOLDS": "任职人员", "REPORTS_TO": "上级分管领导岗位",
    "POST_IN": "主要负责人岗位", "BELONGS_TO": "所属政府", "OWNED_BY": "项目实施单位", "HAS_PARTY": "合同政府方",
    "SIGNED_BY": "签约人", "COMMITTED_BY": "承诺主体",
}


def explain_routes(routes_json: str | None) -> list[dict[str, Any]]:
    """Stored routes with a plain-language path (Chinese) for each."""
    if not routes_json:
        return []
    data = json.loads(routes_json)
    out = []
    for r in data.get("routes", []):
        steps = r["steps"]
        parts = [f"{'时任' if t == 'HOLDS' and i < len(steps) - 1 else _STEP_ZH.get(t, REL_KINDS[t].label_zh if t in REL_KINDS else t)}"
                 f"{name or node}" for i, (t, _rid, node, name) in enumerate(steps)]
        role = AttributionRole(r["role"]).label
        hop = f"（第{r['hop']}级）" if r["hop"] else ""
        acting = "（代理，按代理系数计）" if r.get("acting") else ""
        out.append({**r, "role_label": AttributionRole(r["role"]).label,
                    "text": " → ".join(parts) + f"：{role}{hop}{acting}，权重{r['weight']:g}"})
    if data.get("total", 0) > len(out):
        out.append({"more": data["total"] - len(out)})
    return out
