"""``retrace`` commands for dishonesty records, objections, credit repair, propagation and files.

    retrace records add --subject ID --kind K --severity S --act D --decided D --name N --document DOC
                        [--authority A] [--evidence ID ...] [--id ID] [--months N] [--unpublished]
    retrace records add --file RECORD.json          (the body of POST /api/v1/records)
    retrace records get ID [--as-of D]  |  history ID  |  public [--on D] [--limit N]
    retrace records correct ID --reason R [--name N] [--kind K] [--severity S] [--act D] [--decided D] [--months N]
    retrace records revoke ID --reason R [--on D]
    retrace objection file RECORD --by WHO --on D --reasons TEXT
    retrace objection review OBJECTION --reviewer WHO --on D
    retrace objection decide OBJECTION --decision upheld|rejected [--outcome corrected|revoked]
                        [--severity S ...] --reviewer WHO --reasons TEXT --on D
    retrace repair apply RECORD --applicant WHO --on D --measure M [--measure M] --statement TEXT
    retrace repair decide REPAIR --decision approved|rejected [--effect lighten|waive] --reviewer WHO --reasons TEXT --on D
    retrace integrity OFFICIAL [--as-of D] [--on D]    |    retrace integrity --unit ID
    retrace coverage [--on D] [--government ID]
    retrace propagate [--record ID ...] [--workers N] (no --record: full recompute)

Every command takes ``--json``. Exit codes: 0 done, 1 not found or invalid, 4 conflict (a refused
transition or a concurrent change), 2/3 as the other commands (store errors, store unavailable).
Hook into ``cli/main.py`` (in ``build_parser`` before ``return p``)::

    from cli.records_cmd import register; register(sub, COMMANDS)
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from cli.common import run
from graph.config import Settings
from graph.model.enums import ObjectionOutcome, RecordSourceKind, RepairMeasure, SanctionEffect, Severity

__all__ = ["register"]

Command = Callable[[argparse.Namespace, Settings], int]


# --- records --------------------------------------------------------------------------------------


def cmd_records(args: argparse.Namespace, settings: Settings) -> int:
    from graph.linked.browse import entity_history
    from graph.records import publicity
    from graph.records import register as records

    if args.action == "add":
        body = _record_in(args)
        args._writes = True
        return run(args, settings, lambda st: records.create_record(st, body), _show_created)
    if args.action == "get":
        return run(args, settings, lambda st: records.record_view(st, args.id, args.as_of), _show_record)
    if args.action == "history":
        return run(args, settings, lambda st: {"id": args.id, "versions": entity_history(st, args.id)})
    if args.action == "public":
        return run(args, settings, lambda st: publicity.public_list(st, args.on, args.limit, args.cursor), _show_public)
    if args.action == "correct":
        fix = records.RecordCorrection(**_fields(args))
        args._writes = True
        return run(args, settings, lambda st: records.correct_record(st, args.id, fix, args.reason, args.on))
    if args.action == "revoke":
        args._writes = True
        return run(args, settings, lambda st: records.revoke_record(st, args.id, args.reason, args.on))
    raise AssertionError(args.action)  # pragma: no cover


def _fields(args: argparse.Namespace) -> dict[str, Any]:
    pairs = {"name": args.name, "source_kind": args.kind, "severity": args.severity, "act_date": args.act,
             "decided_on": args.decided, "publicity_months": args.months}
    return {k: v for k, v in pairs.items() if v is not None}


def _record_in(args: argparse.Namespace):
    from graph.model.entities import Source
    from graph.records.register import RecordIn

    if args.file:
        return RecordIn.model_validate_json(Path(args.file).read_text(encoding="utf-8"))
    missing = [f for f in ("subject", "kind", "severity", "act", "decided", "name", "document")
               if getattr(args, f) is None]
    if missing:
        raise ValueError("records add needs --file, or: " + ", ".join(f"--{f}" for f in missing))
    return RecordIn(id=args.id, subject=args.subject, evidence=args.evidence or [], published=not args.unpublished,
                    source=Source(document=args.document, authority=args.authority), **_fields(args))


def _show_created(res: dict[str, Any]) -> None:
    p = res["propagation"] or {}
    print(f"record {res['id']} created; reaches {p.get('reached', 0)} officials "
          f"({p.get('gaps', 0)} vacant or unknown posts)")
    for d in p.get("details", []):
        for r in d["reached"]:
            print(f"  {r['official']}: {r['role']} hop {r['hop']} weight {r['weight']:g}")


def _show_record(v: dict[str, Any]) -> None:
    print(f"{v['id']} {v['name']}")
    print(f"  {v['source_kind_label']} | {v['severity_label']} | {v['status_label']} | 行为日 {v['act_date']} "
          f"| 认定日 {v['decided_on']}")
    if v["subject"]:
        print(f"  失信主体: {v['subject']['kind_label']} {v['subject']['name']} ({v['subject']['id']})")
    for e in v["evidence"]:
        print(f"  失信依据: {e['kind_label']} {e['name']} ({e['id']})")
    pub = v["publicity"]
    state = "公示中" if pub["public"] else f"不公示（{pub['not_public_because']}）"
    print(f"  公示期 {pub['from']} 至 {pub['until']}：{state}")
    for o in v["objections"]:
        print(f"  异议 {o['id']}: {o['status_label']} {o.get('outcome_label') or ''}")
    for r in v["repairs"]:
        print(f"  信用修复 {r['id']}: {r['status_label']} {r.get('effect_label') or ''}")
    for a in v["attributions"]:
        print(f"  惩戒到人: {a['official']['name']} {a['role_label']} 权重 {a['weight']:g}"
              f"（有效 {a['effective_weight']:g}，规则 {a['policy']['jurisdiction']}@{a['policy']['version']}）")
        for r in a["routes"][:1]:
            print(f"    {r.get('text', '')}")


def _show_public(res: dict[str, Any]) -> None:
    print(f"{res['on']} 公示中的政务失信记录:")
    for i in res["items"]:
        s = i["subject"] or {}
        who = s.get("name", "") + (f"（{'、'.join(s['posts'])}）" if s.get("posts") else "")
        print(f"- {i['id']} {i['title']} | {i['severity_label']} | {who} | 至 {i['publicity_until']}")
    if res["next_cursor"]:
        print(f"(more: --cursor {res['next_cursor']})")


# --- objections and repairs -----------------------------------------------------------------------


def cmd_objection(args: argparse.Namespace, settings: Settings) -> int:
    from graph.integrity import workflow
    from graph.records.register import RecordCorrection

    args._writes = True
    if args.action == "file":
        filed = workflow.ObjectionIn(filed_by=args.by, filed_on=args.on, reasons=args.reasons)
        return run(args, settings, lambda st: workflow.file_objection(st, args.id, filed))
    if args.action == "review":
        review = workflow.ReviewIn(reviewer=args.reviewer, started_on=args.on)
        return run(args, settings, lambda st: workflow.start_review(st, args.id, review))
    fix = _fields(args)
    decision = workflow.ObjectionDecision(
        decision=args.decision, outcome=args.outcome, correction=RecordCorrection(**fix) if fix else None,
        reviewer=args.reviewer, reasons=args.reasons, decided_on=args.on)
    return run(args, settings, lambda st: workflow.decide_objection(st, args.id, decision))


def cmd_repair(args: argparse.Namespace, settings: Settings) -> int:
    from graph.integrity import workflow

    args._writes = True
    if args.action == "apply":
        applied = workflow.RepairIn(applicant=args.applicant, applied_on=args.on, measures=args.measure or [],
                                    statement=args.statement)
        return run(args, settings, lambda st: workflow.apply_repair(st, args.id, applied))
    decision = workflow.RepairDecision(decision=args.decision, effect=args.effect, reviewer=args.reviewer,
                                       reasons=args.reasons, decided_on=args.on)
    return run(args, settings, lambda st: workflow.decide_repair(st, args.id, decision))


# --- files, coverage, propagation -----------------------------------------------------------------


def cmd_integrity(args: argparse.Namespace, settings: Settings) -> int:
    from graph.integrity import files as integrity

    if args.unit:
        return run(args, settings, lambda st: integrity.unit_file(st, args.unit, args.as_of, on=args.on), _show_unit)
    if not args.official:
        raise ValueError("integrity needs an OFFICIAL id or --unit ID")
    return run(args, settings, lambda st: integrity.official_file(st, args.official, args.as_of, on=args.on),
                _show_file)


def _show_file(f: dict[str, Any]) -> None:
    o = f["official"]
    print(f"{o['name']}（{o['id']}）诚信档案，{f['on']}" + ("" if o["identity_linked"] else "（未关联身份）"))
    for p in f["posts"]:
        print(f"  现任: {p['name']}" + (f"（{p['unit']['name']}）" if p["unit"] else ""))
    print("  " + "  ".join(f"{d['label']} {d['score']:g}" for d in f["dimensions"].values())
          + f"  综合 {f['overall_score']:g}")
    for e in f["records"]:
        r = e["record"]
        how = e["arrival_label"] + (f"·{e['role_label']} 权重{e['weight']:g}" if e["arrival"] == "attributed" else "")
        print(f"  - {r['id']} {r['name']} | {r['severity_label']} | {r['status_label']} | {how}")
        for route in e["routes"][:1]:
            print(f"      {route.get('text', '')}")
    for key, label in (("excellent_rating", "年度考核优秀"), ("honours", "评优评先"), ("promotion", "晋升提拔")):
        el = f["eligibility"][key]
        print(f"  {f['eligibility']['year']}年{label}: {'可以' if el['allowed'] else '受限'}"
              + ("" if el["allowed"] else f"（{', '.join(b['record'] for b in el['blocked_by'])}）"))
    print(f["summary"])


def _show_unit(u: dict[str, Any]) -> None:
    c = u["consequences"]
    print(f"{u['unit']['name']}（{u['unit']['id']}）{u['year']}年政务诚信")
    print(f"  书面说明并限期整改: {'是' if c['written_explanation_required'] else '否'} "
          f"{', '.join(str(d) for d in c['rectification_deadlines'])}")
    print(f"  荣誉评选资格: {'有' if c['honours_eligible'] else '取消'}；公开通报批评: {'是' if c['public_criticism'] else '否'}"
          f"；优先考虑: {'是' if c['honours_priority'] else '否'}")
    for a in c["accountable_principal_leaders"]:
        print(f"  追究责任: {a['official']['name']}（{a['role_label']}，权重{a['weight']:g}）")
    for e in u["records"]:
        print(f"  - {e['record']['id']} {e['record']['name']} | {e['record']['severity_label']} | {e['record']['status_label']}")


def cmd_coverage(args: argparse.Namespace, settings: Settings) -> int:
    from graph.integrity import files as integrity

    def show(r: dict[str, Any]) -> None:
        share = "-" if r["share"] is None else f"{r['share']:.1%}"
        print(f"{r['on']} 在任公务员 {r['officials']}，已建档 {r['with_file']}，覆盖率 {share}（目标 100%）")
        for g in r["by_government"]:
            if g["missing"]:
                print(f"  {g['name'] or '（单位不详）'}: 缺 {g['missing']} / {g['officials']}")

    return run(args, settings, lambda st: integrity.coverage(st, args.on, args.government), show)


def cmd_propagate(args: argparse.Namespace, settings: Settings) -> int:
    from graph.model.policy import default_policies, load_policies
    from graph.records import propagation

    policies = load_policies(args.policy_dir) if args.policy_dir else default_policies()
    args._writes = True

    def work(st):
        workers = max(1, args.workers)
        res = (propagation.propagate(st, args.record, policies, workers=workers) if args.record
               else propagation.recompute_all(st, policies, workers=workers))
        return res.summary()

    def show(s: dict[str, Any]) -> None:
        print(f"{s['records']} records: {s['reached']} attributions ({s['created']} new, {s['updated']} changed, "
              f"{s['superseded']} superseded, {s['unchanged']} unchanged), {s['gaps']} vacant/unknown posts, "
              f"{s['seconds']:.1f} s; policies {', '.join(f'{j}@{v}' for j, v in s['policies'].items())}")

    return run(args, settings, work, show)


# --- parser ---------------------------------------------------------------------------------------


def register(sub: argparse._SubParsersAction, commands: dict[str, Command]) -> None:
    """Add the commands of this module to the ``retrace`` parser and the command table."""
    d = date.fromisoformat

    def common(s: argparse.ArgumentParser) -> argparse.ArgumentParser:
        s.add_argument("--json", action="store_true", help="print JSON")
        return s

    def fields(s: argparse.ArgumentParser) -> None:
        s.add_argument("--name", help="the record's name (title)")
        s.add_argument("--kind", choices=[k.value for k in RecordSourceKind], help="where the record comes from")
        s.add_argument("--severity", choices=[k.value for k in Severity], help="how serious it is")
        s.add_argument("--act", type=d, metavar="DATE", help="the day of the dishonest act (YYYY-MM-DD)")
        s.add_argument("--decided", type=d, metavar="DATE", help="the day it was decided (YYYY-MM-DD)")
        s.add_argument("--months", type=int, help="publicity period in months")

    rec = sub.add_parser("records", help="dishonesty records (政务失信记录)")
    rs = rec.add_subparsers(dest="action", required=True)
    s = common(rs.add_parser("add", help="create a record (and attribute it)"))
    s.add_argument("--file", help="a JSON body as for POST /api/v1/records")
    s.add_argument("--id", help="the new record's id (default: derived)")
    s.add_argument("--subject", help="id of the dishonest party (government, department, project, official)")
    s.add_argument("--evidence", action="append", help="id of a judgment, contract or commitment it rests on "
                   "(repeatable)")
    s.add_argument("--document", help="the source document (文号)")
    s.add_argument("--authority", help="the deciding authority")
    s.add_argument("--unpublished", action="store_true", help="keep it off the public list")
    fields(s)
    s = common(rs.add_parser("get", help="a record, as known on a date"))
    s.add_argument("id", help="the record's id")
    s.add_argument("--as-of", type=d, metavar="DATE", help="as known on this date (default: now)")
    s = common(rs.add_parser("history", help="every version of a record"))
    s.add_argument("id", help="the record's id")
    s = common(rs.add_parser("public", help="the public list (redacted)"))
    s.add_argument("--on", type=d, metavar="DATE", help="the day (YYYY-MM-DD; default: today)")
    s.add_argument("--limit", type=int, default=50, help="at most this many (default %(default)s)")
    s.add_argument("--cursor", help="the next page: the cursor the previous page printed")
    s = common(rs.add_parser("correct", help="correct a record (a new version)"))
    s.add_argument("id", help="the record's id")
    s.add_argument("--reason", required=True, help="why (kept with the new version)")
    s.add_argument("--on", type=d, metavar="DATE", help="the day (YYYY-MM-DD; default: today)")
    fields(s)
    s = common(rs.add_parser("revoke", help="revoke a record (kept with its history)"))
    s.add_argument("id", help="the record's id")
    s.add_argument("--reason", required=True, help="why (kept with the new version)")
    s.add_argument("--on", type=d, metavar="DATE", help="the day (YYYY-MM-DD; default: today)")
    commands["records"] = cmd_records

    ob = sub.add_parser("objection", help="objections (异议) to records")
    os_ = ob.add_subparsers(dest="action", required=True)
    s = common(os_.add_parser("file", help="file an objection to a record"))
    s.add_argument("id", help="record id")
    s.add_argument("--by", required=True, help="who files the objection")
    s.add_argument("--on", type=d, required=True, metavar="DATE", help="the day it happens (YYYY-MM-DD)")
    s.add_argument("--reasons", required=True, help="the reasons, in words")
    s = common(os_.add_parser("review", help="start reviewing an objection"))
    s.add_argument("id", help="objection id")
    s.add_argument("--reviewer", required=True, help="who reviews or decides")
    s.add_argument("--on", type=d, required=True, metavar="DATE", help="the day it happens (YYYY-MM-DD)")
    s = common(os_.add_parser("decide", help="decide an objection"))
    s.add_argument("id", help="objection id")
    s.add_argument("--decision", choices=["upheld", "rejected"], required=True, help="the objection's outcome")
    s.add_argument("--outcome", choices=[o.value for o in ObjectionOutcome],
                   help="when upheld: what happens to the record")
    s.add_argument("--reviewer", required=True, help="who reviews or decides")
    s.add_argument("--reasons", required=True, help="the reasons, in words")
    s.add_argument("--on", type=d, required=True, metavar="DATE", help="the day it happens (YYYY-MM-DD)")
    fields(s)
    commands["objection"] = cmd_objection

    rp = sub.add_parser("repair", help="credit repair (信用修复)")
    rps = rp.add_subparsers(dest="action", required=True)
    s = common(rps.add_parser("apply", help="apply for credit repair of a record"))
    s.add_argument("id", help="record id")
    s.add_argument("--applicant", required=True, help="who applies for credit repair")
    s.add_argument("--on", type=d, required=True, metavar="DATE", help="the day it happens (YYYY-MM-DD)")
    s.add_argument("--measure", action="append", choices=[x.value for x in RepairMeasure],
                   help="a repair measure taken (repeatable)")
    s.add_argument("--statement", required=True, help="the applicant's statement")
    s = common(rps.add_parser("decide", help="decide a credit repair application"))
    s.add_argument("id", help="repair id")
    s.add_argument("--decision", choices=["approved", "rejected"], required=True, help="the repair decision")
    s.add_argument("--effect", choices=[x.value for x in SanctionEffect],
                   help="when approved: lighten or waive the sanctions")
    s.add_argument("--reviewer", required=True, help="who reviews or decides")
    s.add_argument("--reasons", required=True, help="the reasons, in words")
    s.add_argument("--on", type=d, required=True, metavar="DATE", help="the day it happens (YYYY-MM-DD)")
    commands["repair"] = cmd_repair

    s = common(sub.add_parser("integrity", help="an official's integrity file (一人一档), or a unit's"))
    s.add_argument("official", nargs="?", help="the official's id")
    s.add_argument("--unit", help="a government or department id instead")
    s.add_argument("--as-of", type=d, help="as known on this date")
    s.add_argument("--on", type=d, help="the day the rules look at")
    commands["integrity"] = cmd_integrity

    s = common(sub.add_parser("coverage", help="integrity-file coverage of officials in office"))
    s.add_argument("--on", type=d, metavar="DATE", help="the day (YYYY-MM-DD; default: today)")
    s.add_argument("--government", help="only this government (id) and its subordinates")
    commands["coverage"] = cmd_coverage

    s = common(sub.add_parser("propagate", help="attribute records to officials (惩戒到人)"))
    s.add_argument("--record", action="append", help="only these records (default: full recompute)")
    s.add_argument("--policy-dir", help="policy folder (default RETRACE_POLICY_DIR or policies/)")
    s.add_argument("--workers", type=int, default=min(os.cpu_count() or 1, 8),
                   help="worker processes sharing the batches, on Neo4j (default: the cores, at most 8; "
                        "the embedded store uses one)")
    commands["propagate"] = cmd_propagate
