"""``retrace`` commands of issue 11: derived records (derive, proposals), rectification, evaluation,
red list, warnings and record statistics."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from cli.common import run
from graph.config import Settings
from graph.model.enums import ProposalStatus, RecordSourceKind, RecordStatus, Severity, WarningKind

__all__ = ["register"]

Command = Callable[[argparse.Namespace, Settings], int]


def cmd_derive(args: argparse.Namespace, settings: Settings) -> int:
    from graph.records import derivation

    args._writes = True

    def show(r: dict[str, Any]) -> None:
        print(f"{r['day']}：新提出{r['proposed']}条，更新{r['updated']}条，撤回{r['withdrawn']}条，未变{r['unchanged']}条，"
              f"已有记录{r['already_recorded']}条")

    return run(args, settings, lambda st: derivation.derive(st, args.day), show)


def cmd_proposals(args: argparse.Namespace, settings: Settings) -> int:
    from graph.records import derivation

    if args.action == "list":
        def show(r: dict[str, Any]) -> None:
            for p in r["items"]:
                print(f"{p['id']}  [{p['status_label']}] {p['rule_label']} {p['severity_label']}  {p['reason']}")
            print(f"共{r['total']}条")

        return run(args, settings, lambda st: derivation.proposals(st, args.status), show)
    args._writes = True
    if args.action == "confirm":
        return run(args, settings, lambda st: derivation.confirm(
            st, args.id, inspector=args.inspector, document=args.document, authority=args.authority,
            decided_on=args.decided))
    return run(args, settings, lambda st: derivation.dismiss(st, args.id, inspector=args.inspector, reason=args.reason,
                                                            decided_on=args.decided))


def cmd_rectify(args: argparse.Namespace, settings: Settings) -> int:
    from graph.integrity.rectification import record_rectification

    args._writes = True
    return run(args, settings, lambda st: record_rectification(
        st, args.record, explained_on=args.explained, explanation_document=args.explanation_doc,
        completed_on=args.completed, completion_document=args.completion_doc))


def cmd_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from graph.evaluation import scoring

    def show(r: dict[str, Any]) -> None:
        rows = r.get("items", [r])
        for x in rows:
            roll = f"  汇总{x['rollup']['score']}({x['rollup']['grade']})" if "rollup" in x else ""
            chg = "" if x["change"] is None else f"  较上期{x['change']:+}"
            print(f"{x['unit']['name']}（{x['unit']['id']}）{x['period']}：{x['score']}分 {x['grade']}级 "
                  f"同级第{x['rank']}/{x['peers']}{chg}{roll}")

    if args.unit:
        return run(args, settings, lambda st: scoring.unit_evaluation(st, args.unit, args.period, as_of=args.as_of), show)
    return run(args, settings, lambda st: scoring.evaluate(st, args.period, as_of=args.as_of, government=args.government,
                                                           kind=args.kind), show)


def cmd_redlist(args: argparse.Namespace, settings: Settings) -> int:
    from graph.evaluation.redlist import red_list

    def show(r: dict[str, Any]) -> None:
        print("守信激励单位：" + "、".join(u["name"] for u in r["units"]))
        print("守信激励个人：" + "、".join(o["name"] for o in r["officials"]))

    return run(args, settings, lambda st: red_list(st, args.period, as_of=args.as_of), show)


def cmd_warnings(args: argparse.Namespace, settings: Settings) -> int:
    from graph.warnings import rules

    def show(r: dict[str, Any]) -> None:
        for w in r["items"]:
            print(f"[{w['kind_label']}] {w['since']}  {w['summary']}")
        if "next_cursor" in r:
            print(f"next cursor: {r['next_cursor']}")

    if args.feed:
        return run(args, settings, lambda st: rules.feed(st, args.on, cursor=args.cursor, limit=args.limit), show)
    return run(args, settings, lambda st: rules.warnings_on(st, args.on, as_of=args.as_of, kind=args.kind,
                                                            post=args.post, government=args.government), show)


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from graph.evaluation import statistics

    filters = dict(government=args.government, department=args.department, kind=args.kind, severity=args.severity,
                   status=args.status, date_from=args.date_from, date_to=args.date_to, as_of=args.as_of)
    if args.csv:
        from cli.common import open_store

        store = open_store(settings)
        try:
            sys.stdout.write(statistics.records_csv(store, **filters))
        finally:
            store.close()
        return 0

    def show(r: dict[str, Any]) -> None:
        for x in r["items"]:
            print(f"{x['id']}  {x['decided_on']}  {x['severity_label']}  {x['source_kind_label']}  {x['unit_name']}  {x['name']}")
        c = r["counts"]
        print(f"共{c['total']}条；按严重程度 {c['by_severity']}；按类型 {c['by_kind']}")

    return run(args, settings, lambda st: statistics.list_records(st, **filters, limit=args.limit, cursor=args.cursor), show)


def register(sub: argparse._SubParsersAction, commands: dict[str, Command]) -> None:
    d = date.fromisoformat

    def common(s: argparse.ArgumentParser) -> argparse.ArgumentParser:
        s.add_argument("--json", action="store_true", help="print JSON")
        return s

    s = common(sub.add_parser("derive", help="propose records from judgments, contracts, commitments (归集)"))
    s.add_argument("--day", type=d, help="the day the rules look at (default today)")
    p = sub.add_parser("proposals", help="records proposed from facts: list, confirm, dismiss")
    ps = p.add_subparsers(dest="action", required=True)
    s = common(ps.add_parser("list", help="list proposals"))
    s.add_argument("--status", choices=[x.value for x in ProposalStatus], help="only proposals in this state")
    for name, what in (("confirm", "confirm a proposal: it becomes a record and propagates"),
                       ("dismiss", "dismiss a proposal with a reason")):
        s = common(ps.add_parser(name, help=what))
        s.add_argument("id", help="the proposal's id")
        s.add_argument("--inspector", required=True, help="who decides (the inspector's name or id)")
        s.add_argument("--decided", type=d, help="decision date YYYY-MM-DD (default today)")
        if name == "confirm":
            s.add_argument("--document", required=True, help="文号 of the decision")
            s.add_argument("--authority", help="the deciding authority")
        else:
            s.add_argument("--reason", required=True, help="why the proposal is dismissed")
    s = common(sub.add_parser("rectify", help="record a unit's explanation / completed rectification (整改)"))
    s.add_argument("record", help="the record's id")
    s.add_argument("--explained", type=d, help="date of the written explanation YYYY-MM-DD")
    s.add_argument("--explanation-doc", help="document number of the written explanation")
    s.add_argument("--completed", type=d, help="date the rectification was completed YYYY-MM-DD")
    s.add_argument("--completion-doc", help="document number of the completion")
    s = common(sub.add_parser("evaluate", help="evaluation of governments and departments (政务诚信评价)"))
    s.add_argument("period", help="2026 or 2026-Q1")
    s.add_argument("--unit", help="one unit, with the drill-down")
    s.add_argument("--government", help="only this government and its subordinates")
    s.add_argument("--kind", choices=["Government", "Department"], help="only governments or only departments")
    s.add_argument("--as-of", type=d, help="use only what was known by this date YYYY-MM-DD")
    s = common(sub.add_parser("redlist", help="守信激励: clean units and officials"))
    s.add_argument("period", help="2026 or 2026-Q1")
    s.add_argument("--as-of", type=d, help="use only what was known by this date YYYY-MM-DD")
    s = common(sub.add_parser("warnings", help="early warnings (监测预警); --feed: new since a cursor"))
    s.add_argument("--on", type=d, help="the day the warnings are for YYYY-MM-DD (default today)")
    s.add_argument("--kind", choices=[x.value for x in WarningKind], help="only warnings of this kind")
    s.add_argument("--post", help="turnover watch of this post only")
    s.add_argument("--government", help="only this government and its subordinates")
    s.add_argument("--as-of", type=d, help="use only what was known by this date YYYY-MM-DD")
    s.add_argument("--feed", action="store_true", help="warnings new since --cursor")
    s.add_argument("--cursor", help="the cursor the last feed page returned")
    s.add_argument("--limit", type=int, default=100, help="page size")
    s = common(sub.add_parser("stats", help="records listed and counted (统计)"))
    s.add_argument("--government", help="records of this government and its subordinates")
    s.add_argument("--department", help="records of this department")
    s.add_argument("--kind", choices=[x.value for x in RecordSourceKind], help="record source kind")
    s.add_argument("--severity", choices=[x.value for x in Severity], help="severity")
    s.add_argument("--status", choices=[x.value for x in RecordStatus], help="record status")
    s.add_argument("--from", dest="date_from", type=d, help="decided on or after YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", type=d, help="decided on or before YYYY-MM-DD")
    s.add_argument("--as-of", type=d, help="use only what was known by this date YYYY-MM-DD")
    s.add_argument("--limit", type=int, default=50, help="page size")
    s.add_argument("--cursor", help="the cursor the last page returned")
    s.add_argument("--csv", action="store_true", help="print CSV")
    commands.update(derive=cmd_derive, proposals=cmd_proposals, rectify=cmd_rectify, evaluate=cmd_evaluate,
                    redlist=cmd_redlist, warnings=cmd_warnings, stats=cmd_stats)
