"""Responsibility backtracking (项目责任回溯): who answered for each stage of a contract's project
on a date, who held those posts, and the chain of leaders up to the government's principal leader.

The store returns every relevant fact across all dates in one read
(:meth:`graph.stores.base.GraphStore.responsibility_facts`); this module decides, with the rules of
:mod:`graph.model.temporal`, what held on each asked date. Hard cases are answered, never guessed:

* a vacancy is an answer (``status = "vacant"``), with the acting holder when one is recorded
  (``status = "acting"``) and the neighbouring tenures;
* overlapping tenures (acting and substantive) are all listed, each flagged;
* a tenure whose end is unknown yields ``status = "unknown"`` after its start, never a holder;
* several responsible posts for a stage are all answered; a responsibility assigned to an
  official directly names that official and the posts they held then;
* the unit of a post is the one it belonged to on that date (posts move);
* a date before the project existed (its ``start_date``, else the earliest start of its stages) or,
  for a contract, before it was signed is refused (:class:`graph.errors.InvalidRequest`): on such
  a day nobody answered for it, and the holder of the signatory's post is no answer.

Every answer carries its evidence: the relationships it used, each with its valid dates and
source, so an inspector can cite it; and a plain-language summary in Chinese.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.errors import InvalidRequest, NotFoundError
from graph.facts.local import LocalGraph
from graph.facts.rules import (
    Holding,
    governments_of,
    holders_on,
    is_principal_of_government,
    principal_posts,
    today_cst,
    unit_and_government,
    valid_rels,
)
from graph.model.enums import PartyRole, Stage
from graph.model.schema import NODE_KINDS, REL_KINDS
from graph.model.temporal import Coverage, coverage
from graph.stores.base import GraphStore, StoredNode, StoredRel

__all__ = ["EVENTS", "backtrack"]

EVENTS = {"signing": "签约时", "breach": "毁约时", "date": "指定日期"}
MAX_CHAIN = 8




def _source(props: dict[str, Any]) -> dict[str, Any]:
    return {k[7:]: v for k, v in props.items() if k.startswith("source_") and v is not None}


def ref(g: LocalGraph, id_: str) -> dict[str, Any]:
    n = g.nodes[id_]
    return {"id": id_, "kind": n.kind, "kind_label": NODE_KINDS[n.kind].label_zh, "name": n.props.get("name")}


def fact(r: StoredRel) -> dict[str, Any]:
    """A relationship as evidence: what it says, when it held, where it comes from."""
    out = {
        "id": r.id, "kind": r.type, "kind_label": REL_KINDS[r.type].label_zh, "src": r.src, "dst": r.dst,
        "valid_from": r.props.get("valid_from"), "valid_to": r.props.get("valid_to"),
        "source": _source(r.props),
    }
    for k in ("acting", "end_unknown", "role", "signatory", "public_authority"):
        if k in r.props:
            out[k] = r.props[k]
    return out


# --- holders of a post on a day ------------------------------------------------------------------


def _holding_view(g: LocalGraph, h: Holding) -> dict[str, Any]:
    return {
        "status": h.status,
        "status_label": Holding.STATUS_ZH[h.status],
        "holders": [
            {"official": ref(g, t.src), "acting": bool(t.props.get("acting")),
             "certain": c is Coverage.yes, "tenure": fact(t)}
            for t, c in h.holders
        ],
        "previous_tenure": fact(h.before) if h.before else None,
        "next_tenure": fact(h.after) if h.after else None,
    }



def _post_view(g: LocalGraph, post_id: str, day: date, evidence: dict[str, StoredRel]) -> dict[str, Any]:
    pin, belongs, gov = unit_and_government(g, post_id, day)
    h = holders_on(g, post_id, day)
    for r in (pin, belongs, h.before, h.after, *(t for t, _ in h.holders)):
        if r is not None:
            evidence[r.id] = r
    return {
        "post": ref(g, post_id),
        "is_principal": bool(g.nodes[post_id].props.get("is_principal")),
        "unit": ref(g, pin.dst) if pin else None,
        "government": ref(g, gov) if gov else None,
        **_holding_view(g, h),
    }


def _chain(g: LocalGraph, post_id: str, day: date, evidence: dict[str, StoredRel]) -> tuple[list[dict], str]:
    """Leaders above a post on the day, following reporting lines valid then."""
    chain: list[dict[str, Any]] = []
    seen = {post_id}
    current = post_id
    if is_principal_of_government(g, current, day):
        return chain, "principal_leader"
    for _ in range(MAX_CHAIN):
        lines = valid_rels(g.outs(current, "REPORTS_TO"), day)
        if not lines:
            return chain, "no_reporting_line"
        line = lines[0]
        evidence[line.id] = line
        if line.dst in seen:
            return chain, "cycle"
        seen.add(line.dst)
        entry = _post_view(g, line.dst, day, evidence)
        entry["via"] = fact(line)
        if len(lines) > 1:
            entry["other_lines"] = [fact(x) for x in lines[1:]]
        chain.append(entry)
        current = line.dst
        if is_principal_of_government(g, current, day):
            return chain, "principal_leader"
    return chain, "too_long"


CHAIN_END_ZH = {
    "principal_leader": "至政府主要负责人",
    "no_reporting_line": "该日无有效的上级分管关系",
    "cycle": "分管关系出现循环",
    "too_long": "分管链过长",
}


# --- the answer ----------------------------------------------------------------------------------


def _resolve_dates(root: StoredNode, at: str | None) -> list[tuple[str, date]]:
    p = root.props
    if at in (None, ""):
        if root.kind == "Contract":
            events = []
            if p.get("signed_on"):
                events.append(("signing", p["signed_on"]))
            if p.get("breached_on"):
                events.append(("breach", p["breached_on"]))
            return events or [("date", today_cst())]
        return [("date", today_cst())]
    if at in ("signing", "breach"):
        if root.kind != "Contract":
            raise InvalidRequest(f"at={at} applies to contracts; give a date (YYYY-MM-DD) for a project")
        key = "signed_on" if at == "signing" else "breached_on"
        if not p.get(key):
            what = "signing date" if at == "signing" else f"breach date (status: {p.get('status')})"
            raise InvalidRequest(f"contract {root.id!r} has no {what}")
        return [(at, p[key])]
    try:
        return [("date", date.fromisoformat(at))]
    except ValueError:
        raise InvalidRequest(f"at must be signing, breach or a date YYYY-MM-DD, got {at!r}") from None


def _project_began(g: LocalGraph, project: StoredNode) -> tuple[date, str, str] | None:
    """The first day the project is known to exist, with where that comes from (English, Chinese):
    its ``start_date``, else the earliest start (``valid_from``) of its stages."""
    start = project.props.get("start_date")
    if start:
        return start, f"start_date {start.isoformat()}", f"项目开始日期{start.isoformat()}"
    starts = sorted((g.nodes[hs.dst].props["valid_from"], hs.dst) for hs in g.outs(project.id, "HAS_STAGE")
                    if g.nodes[hs.dst].props.get("valid_from"))
    if not starts:
        return None
    first, stage = starts[0]
    return (first, f"its first recorded stage {stage!r} begins {first.isoformat()}",
            f"最早登记的阶段始于{first.isoformat()}")


def _refuse_before_existence(g: LocalGraph, root: StoredNode, project: StoredNode | None, day: date) -> None:
    """Before the project existed, or before the contract was signed, nobody answered for it: 422,
    never the holders of its posts on a day it did not exist."""
    began = _project_began(g, project) if project else None
    if project is not None and began and day < began[0]:
        raise InvalidRequest(
            f"{day.isoformat()} is before project {project.id!r} existed ({began[1]}); "
            f"该日项目尚未存在（{began[2]}）"
        )
    signed = root.props.get("signed_on") if root.kind == "Contract" else None
    if signed and day < signed:
        ask = f"; ask about project {project.id!r} for the stages before signing" if project else ""
        raise InvalidRequest(
            f"{day.isoformat()} is before contract {root.id!r} was signed (signed_on {signed.isoformat()}): "
            f"no contract existed then{ask}; 该日合同尚未签订（签订日期{signed.isoformat()}），合同不存在"
            + (f"，签约前各阶段的责任人请查询项目 {project.id}" if project else "")
        )


def backtrack(store: GraphStore, root_id: str, at: str | None = None, kind: str | None = None) -> dict[str, Any]:
    """The responsibility answer(s) for a contract or project (``kind`` restricts which)."""
    facts = store.responsibility_facts(root_id)
    if facts is None or (kind is not None and not any(n.id == root_id and n.kind == kind for n in facts[0])):
        raise NotFoundError(f"no {(kind or 'contract or project').lower()} with id {root_id!r}")
    g = LocalGraph(*facts)
    root = g.nodes[root_id]
    projects = [r.dst for r in g.outs(root_id, "FOR_PROJECT")] if root.kind == "Contract" else [root_id]
    project = g.nodes[projects[0]] if projects else None
    answers = []
    for event, day in _resolve_dates(root, at):
        _refuse_before_existence(g, root, project, day)
        answers.append(_answer(g, root, project, event, day))
    out: dict[str, Any] = {
        "subject": _subject(g, root, project),
        "parties": [
            {**ref(g, r.dst), "role": r.props.get("role"),
             "role_label": PartyRole(r.props["role"]).label if r.props.get("role") else None,
             "signatory": bool(r.props.get("signatory")), "public_authority": bool(r.props.get("public_authority")),
             "fact": fact(r)}
            for r in sorted(g.outs(root_id, "HAS_PARTY"), key=lambda r: r.id)
        ],
        "answers": answers,
    }
    signers = [p["name"] for p in out["parties"] if p["signatory"]]
    authority = [p["name"] for p in out["parties"] if p["public_authority"]]
    head = (f"公共部门（实施机构）：{'、'.join(authority)}。" if authority else "") + \
           (f"签约方：{'、'.join(signers)}。" if signers else "")
    out["summary"] = head + ("\n" if head else "") + "\n".join(a["summary"] for a in answers)
    return out


def _subject(g: LocalGraph, root: StoredNode, project: StoredNode | None) -> dict[str, Any]:
    keep = ("status", "signed_on", "breached_on", "start_date", "value")
    return {
        **ref(g, root.id),
        **{k: root.props[k] for k in keep if k in root.props},
        **({"project_kind": root.props.get("kind")} if root.kind == "Project" else {}),
        "source": _source(root.props),
        "project": (
            {**ref(g, project.id), "project_kind": project.props.get("kind"),
             "start_date": project.props.get("start_date")} if project and project.id != root.id else None
        ),
    }


def _answer(g: LocalGraph, root: StoredNode, project: StoredNode | None, event: str, day: date) -> dict[str, Any]:
    evidence: dict[str, StoredRel] = {}
    stages = []
    governments: dict[str, None] = {}
    if project is not None:
        for hs in sorted(g.outs(project.id, "HAS_STAGE"), key=lambda r: _stage_order(g, r)):
            evidence[hs.id] = hs
            stages.append(_stage(g, hs.dst, day, evidence, governments))
        for own in valid_rels(g.outs(project.id, "OWNED_BY"), day):
            evidence[own.id] = own
            for gov, link in governments_of(g, own.dst, day)[:1]:  # the owner's government that day
                if link is not None:
                    evidence[link.id] = link
                governments.setdefault(gov)
    signatory = _signatory(g, root, day, evidence) if root.kind == "Contract" else None
    principals = [_government_principal(g, gov, day, evidence) for gov in governments]
    answer = {
        "event": event,
        "event_label": EVENTS[event],
        "date": day,
        "stages": stages,
        "signatory": signatory,
        "government_principals": principals,
        "evidence": [fact(r) for r in sorted(evidence.values(), key=lambda r: r.id)],
    }
    answer["summary"] = _summary(answer)
    return answer


_STAGE_ORDER = {s.value: i for i, s in enumerate(Stage)}


def _stage_order(g: LocalGraph, has_stage: StoredRel) -> tuple:
    """Stages in their natural order (识别, 准备, 采购, 执行, 移交 …), then by start date and id."""
    props = g.nodes[has_stage.dst].props
    return (_STAGE_ORDER.get(props.get("stage") or "", 99), props.get("valid_from") or date.min, has_stage.dst)


def _stage(g: LocalGraph, stage_id: str, day: date, evidence: dict, governments: dict) -> dict[str, Any]:
    st = g.nodes[stage_id]
    stage_code = st.props.get("stage")
    resp = []
    for rf in valid_rels(g.ins(stage_id, "RESPONSIBLE_FOR"), day):
        evidence[rf.id] = rf
        if g.kind(rf.src) == "Post":
            view = _post_view(g, rf.src, day, evidence)
            chain, end = _chain(g, rf.src, day, evidence)
            entry = {"assigned_to": "post", **view, "chain": chain, "chain_end": end,
                     "chain_end_label": CHAIN_END_ZH[end], "responsibility": fact(rf)}
            if view["government"]:
                governments.setdefault(view["government"]["id"])
        else:
            entry = {"assigned_to": "official", "official": ref(g, rf.src), "responsibility": fact(rf),
                     "posts_held": []}
            for t in valid_rels(g.outs(rf.src, "HOLDS"), day):
                evidence[t.id] = t
                pv = _post_view(g, t.dst, day, evidence)
                chain, end = _chain(g, t.dst, day, evidence)
                entry["posts_held"].append({**pv, "tenure": fact(t), "chain": chain, "chain_end": end,
                                            "chain_end_label": CHAIN_END_ZH[end]})
                if pv["government"]:
                    governments.setdefault(pv["government"]["id"])
        resp.append(entry)
    vf, vt = st.props.get("valid_from"), st.props.get("valid_to")
    return {
        "stage": {**ref(g, stage_id), "stage": stage_code,
                  "stage_label": Stage(stage_code).label if stage_code else None,
                  "valid_from": vf, "valid_to": vt,
                  "in_progress": (vf is None or vf <= day) and (vt is None or day <= vt)},
        "responsibilities": resp,
    }


def _signatory(g: LocalGraph, root: StoredNode, day: date, evidence: dict) -> dict[str, Any] | None:
    by = sorted(g.outs(root.id, "SIGNED_BY"), key=lambda r: r.id)
    as_ = sorted(g.outs(root.id, "SIGNED_AS"), key=lambda r: r.id)
    if not by and not as_:
        return None
    for r in by + as_:
        evidence[r.id] = r
    out: dict[str, Any] = {
        "officials": [ref(g, r.dst) for r in by],
        "post": None,
    }
    if as_:
        post = as_[0].dst
        view = _post_view(g, post, day, evidence)
        chain, end = _chain(g, post, day, evidence)
        signed_on = root.props.get("signed_on")
        held = None
        if signed_on and by:
            held = any(t.src == by[0].dst and coverage(t.props, signed_on) is Coverage.yes for t in g.ins(post, "HOLDS"))
        out.update(post=view, chain=chain, chain_end=end, chain_end_label=CHAIN_END_ZH[end],
                   signatory_held_post_when_signing=held)
    return out


def _government_principal(g: LocalGraph, gov: str, day: date, evidence: dict) -> dict[str, Any]:
    posts = principal_posts(g, gov, day)
    views = []
    for r in posts:
        evidence[r.id] = r
        views.append(_post_view(g, r.src, day, evidence))
    return {"government": ref(g, gov), "principal_posts": views}


# --- summary in Chinese --------------------------------------------------------------------------


def _names(view: dict[str, Any]) -> str:
    hs = view["holders"]
    if view["status"] == "vacant":
        return "（空缺，无任职记录）"
    parts = []
    for h in hs:
        t = h["tenure"]
        span = f"{_d(t['valid_from'])}至{_d(t['valid_to']) if t['valid_to'] else ('结束日期不详' if t.get('end_unknown') else '今')}"
        tag = "（代理）" if h["acting"] else ""
        unsure = "（可能在任，任职结束日期不详）" if not h["certain"] else ""
        parts.append(f"{h['official']['name']}{tag}{unsure}（任期{span}）")
    prefix = "空缺，" if view["status"] == "acting" else ""
    return prefix + "、".join(parts)


def _d(v: Any) -> str:
    return v.isoformat() if isinstance(v, date) else ("?" if v is None else str(v))


def _summary(a: dict[str, Any]) -> str:
    head = f"{a['event_label']}（{_d(a['date'])}）"
    parts = []
    empty = list(dict.fromkeys(st["stage"]["stage_label"] or st["stage"]["name"]
                               for st in a["stages"] if not st["responsibilities"]))
    if empty:
        parts.append(f"{'、'.join(empty)}阶段在该日无登记的政府方责任人")
    for st in a["stages"]:
        label = st["stage"]["stage_label"] or st["stage"]["name"]
        if not st["responsibilities"]:
            continue
        who = []
        for r in st["responsibilities"]:
            if r["assigned_to"] == "post":
                s = f"{r['post']['name']}{_names(r)}"
                leaders = [f"{c['post']['name']}{_names(c)}" for c in r["chain"]]
                if leaders:
                    s += "，上级依次为" + "、".join(leaders)
                if r["chain_end"] != "principal_leader":
                    s += f"（{r['chain_end_label']}）"
                who.append(s)
            else:
                held = "、".join(p["post"]["name"] for p in r["posts_held"]) or "该日无任职"
                who.append(f"{r['official']['name']}（直接指定；时任{held}）")
        parts.append(f"{label}阶段责任人为" + "；".join(who))
    sig = a.get("signatory")
    if sig and sig.get("post"):
        names = "、".join(o["name"] for o in sig["officials"]) or "未登记"
        parts.append(f"签约人为{names}（{sig['post']['post']['name']}），该岗位此时{_names(sig['post'])}")
    for gp in a["government_principals"]:
        for pv in gp["principal_posts"]:
            parts.append(f"{gp['government']['name']}主要负责人为{pv['post']['name']}{_names(pv)}")
    return head + "；".join(parts) + "。"
