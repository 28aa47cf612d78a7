"""The synthetic bundle generator (demo scale only: fast)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from graph.model.enums import RecordSourceKind
from graph.model.schema import NODE_KINDS, REL_KINDS
from graph.stores.memory.store import MemoryStore
from loaders.bundle import load_bundle
from loaders.generate import AS_OF, generate

# The kinds that come from source systems (and so from the generator); workflow kinds such as
# objections, repairs and attributions are made by the product itself, never loaded.
SOURCE_DATA_KINDS = {"Government", "Department", "Official", "Post", "Company", "Project", "ProjectStage",
                     "Contract", "Commitment", "Judgment", "DishonestyRecord"}
SOURCE_DATA_RELS = {"SUBORDINATE_TO", "BELONGS_TO", "POST_IN", "REPORTS_TO", "HOLDS", "OWNED_BY", "HAS_STAGE",
                    "RESPONSIBLE_FOR", "FOR_PROJECT", "HAS_PARTY", "SIGNED_BY", "SIGNED_AS", "COMMITTED_BY",
                    "PROMISED_TO", "AGAINST", "CONCERNS", "RECORD_SUBJECT", "EVIDENCED_BY", "INVESTS_IN"}

D = date.fromisoformat
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    root = tmp_path_factory.mktemp("gen") / "demo"
    return root, generate(root, scale="demo", seed=0)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _rows(root: Path, sub: str, kind: str) -> list[dict[str, Any]]:
    with open(root / sub / f"{kind}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def nodes(root: Path, kind: str) -> list[dict[str, Any]]:
    return _rows(root, "nodes", kind)


def rels(root: Path, type_: str) -> list[dict[str, Any]]:
    return _rows(root, "rels", type_)


def _tenures_by_post(root: Path) -> dict[str, list[dict[str, Any]]]:
    by_post: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in rels(root, "HOLDS"):
        by_post[t["dst"]].append(t)
    for ts in by_post.values():
        ts.sort(key=lambda t: t["valid_from"])
    return by_post


def _holder_changes(tenures: list[dict[str, Any]]) -> list[date]:
    out, prev = [], None
    for t in tenures:
        if prev is not None and t["src"] != prev:
            out.append(D(t["valid_from"]))
        prev = t["src"]
    return out


# --- determinism ------------------------------------------------------------------------------------


def test_same_seed_gives_identical_bytes(demo, tmp_path):
    root, counts = demo
    again = generate(tmp_path / "again", scale="demo", seed=0)
    assert again == counts
    assert _files(root) == _files(tmp_path / "again")


def test_another_seed_differs(demo, tmp_path):
    root, _ = demo
    generate(tmp_path / "other", scale="demo", seed=1)
    a, b = _files(root), _files(tmp_path / "other")
    assert a.keys() == b.keys()
    assert a["nodes/Official.jsonl"] != b["nodes/Official.jsonl"]
    assert a["rels/HOLDS.jsonl"] != b["rels/HOLDS.jsonl"]


def test_rerun_into_the_same_folder_replaces_the_bundle(tmp_path):
    root = tmp_path / "b"
    generate(root, scale="demo", seed=3)
    (root / "nodes" / "Official.csv").write_text("id,name\nx,y\n", encoding="utf-8")  # stale file
    first = _files(root)
    generate(root, scale="demo", seed=3)
    second = _files(root)
    assert "nodes/Official.csv" not in second
    assert {k: v for k, v in first.items() if k != "nodes/Official.csv"} == second


# --- shape and validity -----------------------------------------------------------------------------


def test_counts_match_the_files_and_the_demo_size(demo):
    root, counts = demo
    assert set(counts) == set(NODE_KINDS) | set(REL_KINDS)
    for kind in NODE_KINDS:
        expected_rows = kind in SOURCE_DATA_KINDS
        assert counts[kind] == len(nodes(root, kind)) and (counts[kind] > 0) == expected_rows, kind
    for type_ in REL_KINDS:
        expected_rows = type_ in SOURCE_DATA_RELS
        assert counts[type_] == len(rels(root, type_)) and (counts[type_] > 0) == expected_rows, type_
    total_nodes = sum(counts[k] for k in NODE_KINDS)
    assert 2000 <= total_nodes <= 5000
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["generator"] and manifest["scale"] == "demo"
    assert manifest["counts"] == counts


def test_every_row_loads_without_rejects(demo):
    root, counts = demo
    store = MemoryStore()
    report = load_bundle(store, root, progress=False)
    assert report.rejects == [], [str(r) for r in report.rejects[:10]]
    totals = report.totals()
    assert totals["read"] == totals["created"] == sum(counts.values())


def test_ids_are_unique_and_well_formed(demo):
    root, _ = demo
    pattern = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-/]{0,127}$")
    seen: set[str] = set()
    for kind in NODE_KINDS:
        for r in nodes(root, kind):
            assert pattern.match(r["id"]) and r["id"] not in seen
            seen.add(r["id"])
            assert r["source"].get("authority") and r["source"].get("document"), r["id"]
    for type_ in REL_KINDS:
        for r in rels(root, type_):
            assert pattern.match(r["id"]) and r["id"] not in seen
            seen.add(r["id"])
            assert r["source"].get("authority") and r["source"].get("document"), r["id"]


def test_government_tree_and_division_codes(demo):
    root, _ = demo
    govs = {g["id"]: g for g in nodes(root, "Government")}
    levels = [g["level"] for g in govs.values()]
    assert levels.count("province") == 1 and levels.count("prefecture") == 1
    assert levels.count("county") >= 3 and levels.count("township") >= 6
    for g in govs.values():
        code = g["division_code"]
        if g["level"] == "province":
            assert re.fullmatch(r"\d{2}0000", code)
        elif g["level"] == "prefecture":
            assert re.fullmatch(r"\d{4}00", code) and not code.endswith("0000")
        elif g["level"] == "county":
            assert re.fullmatch(r"\d{6}", code) and not code.endswith("00")
        else:
            assert re.fullmatch(r"\d{9}", code)
    order = ["province", "prefecture", "county", "township"]
    subs = rels(root, "SUBORDINATE_TO")
    assert len(subs) == len(govs) - 1
    for r in subs:
        child, parent = govs[r["src"]], govs[r["dst"]]
        assert order.index(child["level"]) == order.index(parent["level"]) + 1
        prefix = {"province": 2, "prefecture": 4, "county": 6}[parent["level"]]
        assert child["division_code"][:prefix] == parent["division_code"][:prefix]
    # names unique among siblings
    siblings: dict[str, list[str]] = defaultdict(list)
    for r in subs:
        siblings[r["dst"]].append(govs[r["src"]]["name"])
    for names in siblings.values():
        assert len(names) == len(set(names))


def test_names_are_chinese(demo):
    root, _ = demo
    for kind in ("Government", "Department", "Post", "Official", "Company", "Project", "ProjectStage", "Contract",
                 "Commitment", "Judgment", "DishonestyRecord"):
        for r in nodes(root, kind):
            assert CJK.search(r["name"]), (kind, r["name"])
    for o in nodes(root, "Official"):
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", o["name"]), o["name"]
        assert o["gender"] in ("男", "女")
        assert re.fullmatch(r"[0-9a-f]{64}", o["id_hash"])
        assert 1940 <= o["birth_year"] <= AS_OF.year - 22
    depts = {d["id"]: d for d in nodes(root, "Department")}
    govs = {g["id"]: g for g in nodes(root, "Government")}
    for r in rels(root, "BELONGS_TO"):
        gov_name = govs[r["dst"]]["name"]
        place = gov_name.removesuffix("人民政府").removesuffix("办事处")
        assert depts[r["src"]]["name"].startswith(place), (depts[r["src"]]["name"], gov_name)
    assert any(d["name"].endswith("财政局") for d in depts.values())


def test_credit_codes_have_valid_check_characters(demo):
    root, _ = demo
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for c in nodes(root, "Company"):
        code = c["credit_code"]
        assert len(code) == 18
        total = sum(chars.index(ch) * pow(3, i, 31) for i, ch in enumerate(code[:17]))
        assert chars[(31 - total % 31) % 31] == code[17], code


# --- posts, reporting lines and tenures -------------------------------------------------------------


def test_posts_and_reporting_chain_reach_the_principal(demo):
    root, _ = demo
    posts = {p["id"]: p for p in nodes(root, "Post")}
    unit_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rels(root, "POST_IN"):
        unit_of[r["src"]].append(r)
    assert set(unit_of) == set(posts)
    moved = [p for p, rs in unit_of.items() if len(rs) > 1]
    assert moved, "a post moves to another department"
    for p in moved:
        a, b = sorted(unit_of[p], key=lambda r: r.get("valid_from", ""))
        assert D(a["valid_to"]) + timedelta(days=1) == D(b["valid_from"])
    reports: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rels(root, "REPORTS_TO"):
        reports[r["src"]].append(r)
    changed = [rs for rs in reports.values() if len(rs) > 1]
    assert changed, "some reporting lines change"
    for rs in changed:
        rs.sort(key=lambda r: r.get("valid_from", ""))
        for a, b in pairwise(rs):
            assert D(a["valid_to"]) + timedelta(days=1) == D(b["valid_from"])
    govs = {g["id"] for g in nodes(root, "Government")}
    gov_of_principal = {r["src"]: r["dst"] for r in rels(root, "POST_IN")
                        if r["dst"] in govs and posts[r["src"]]["is_principal"]}
    day = AS_OF.isoformat()

    def up(pid: str) -> str | None:
        for r in reports.get(pid, []):
            if r.get("valid_from", "") <= day and ("valid_to" not in r or day <= r["valid_to"]):
                return r["dst"]
        return None

    chiefs = [p for p in posts.values() if p["name"].endswith("科长") and not p["name"].endswith("副科长")]
    assert chiefs
    for chief in chiefs:
        chain = [chief["id"]]
        while (nxt := up(chain[-1])) is not None:
            chain.append(nxt)
            assert len(chain) < 8
        assert chain[-1] in gov_of_principal, [posts[p]["name"] for p in chain]
        assert len(chain) == 4  # 科长 → 局长 → 分管副职 → 正职
        assert posts[chain[1]]["is_principal"] and not posts[chain[2]]["is_principal"]


def test_tenure_patterns_exist(demo):
    root, _ = demo
    holds = rels(root, "HOLDS")
    assert any(t.get("acting") for t in holds)
    assert any(t.get("end_unknown") and "valid_to" not in t for t in holds)
    assert {t.get("valid_from_precision", "day") for t in holds} >= {"day", "month", "year"}
    assert min(t["valid_from"] for t in holds) < "2010-01-01"
    # a vacancy: a gap between two tenures of a post that no tenure covers
    vacancies = []
    for post, ts in _tenures_by_post(root).items():
        for a, b in pairwise(ts):
            if "valid_to" not in a:
                continue
            gap_from, gap_to = D(a["valid_to"]) + timedelta(days=1), D(b["valid_from"]) - timedelta(days=1)
            if gap_from > gap_to:
                continue
            covered = any(D(t["valid_from"]) <= gap_from and "valid_to" in t and D(t["valid_to"]) >= gap_to
                          for t in ts if t is not a and t is not b)
            if not covered:
                vacancies.append((post, gap_from, gap_to))
    assert vacancies
    # officials move: some hold several posts over the years
    posts_of: dict[str, set[str]] = defaultdict(set)
    for t in holds:
        posts_of[t["src"]].add(t["dst"])
    assert sum(1 for ps in posts_of.values() if len(ps) >= 3) >= 10
    # the current holders: open tenures end at AS_OF at the latest
    assert all(t["valid_from"] <= AS_OF.isoformat() for t in holds)
    # a formal holder does not hold two posts at once except while acting
    formal: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for t in holds:
        if not t.get("acting") and not t.get("end_unknown"):
            formal[t["src"]].append((t["valid_from"], t.get("valid_to", "9999-12-31")))
    for spans in formal.values():
        spans.sort()
        for (_a0, a1), (b0, _b1) in pairwise(spans):
            assert b0 > a1, spans


def test_signatory_holds_the_post_on_the_signing_day(demo):
    root, _ = demo
    contracts = {c["id"]: c for c in nodes(root, "Contract")}
    by = {r["src"]: r["dst"] for r in rels(root, "SIGNED_BY")}
    as_ = {r["src"]: r["dst"] for r in rels(root, "SIGNED_AS")}
    assert set(by) == set(as_) == set(contracts)
    tenures = _tenures_by_post(root)
    for cid, c in contracts.items():
        day = c["signed_on"]
        ok = any(t["src"] == by[cid] and t["valid_from"] <= day and
                 (("valid_to" in t and day <= t["valid_to"]) or ("valid_to" not in t and not t.get("end_unknown")))
                 for t in tenures[as_[cid]])
        assert ok, (cid, day, as_[cid], by[cid])


def test_breaches_follow_holder_changes(demo):
    root, _ = demo
    contracts = {c["id"]: c for c in nodes(root, "Contract")}
    breached = [c for c in contracts.values() if c["status"] == "breached"]
    assert 0.05 <= len(breached) / len(contracts) <= 0.2
    assert all(c["signed_on"] < c["breached_on"] <= AS_OF.isoformat() for c in breached)
    tenures = _tenures_by_post(root)
    sign_post = {r["src"]: r["dst"] for r in rels(root, "SIGNED_AS")}
    project_of = {r["src"]: r["dst"] for r in rels(root, "FOR_PROJECT") if r["src"].startswith("ctr:")}
    stages: dict[str, list[str]] = defaultdict(list)
    for r in rels(root, "HAS_STAGE"):
        stages[r["src"]].append(r["dst"])
    resp: dict[str, list[str]] = defaultdict(list)
    for r in rels(root, "RESPONSIBLE_FOR"):
        resp[r["dst"]].append(r["src"])
    hits = 0
    for c in breached:
        posts = {sign_post[c["id"]]}
        posts |= {p for s in stages[project_of[c["id"]]] for p in resp[s] if p.startswith("post:")}
        b = D(c["breached_on"])
        s = D(c["signed_on"])
        if any(s < ch and 30 <= (b - ch).days <= 365 for p in posts for ch in _holder_changes(tenures[p])):
            hits += 1
    assert hits >= 1
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    example = manifest["demo"]["breach_after_leader_change"]
    assert example["contract"] in contracts
    assert 30 <= example["days_after_change"] <= 365
    assert example["signed_on"] < example["changed_on"] < example["breached_on"]
    changes = _holder_changes(tenures[example["post"]])
    assert D(example["changed_on"]) in changes


def test_projects_stages_and_responsibility(demo):
    root, _ = demo
    projects = nodes(root, "Project")
    assert {p["kind"] for p in projects} == {"ppp", "investment_promotion", "procurement", "bidding",
                                             "government_debt"}
    stage_rows = {s["id"]: s for s in nodes(root, "ProjectStage")}
    assert {"identification", "preparation", "procurement", "execution", "planning", "bidding",
            "implementation", "financing"} <= {s["stage"] for s in stage_rows.values()}
    resp = rels(root, "RESPONSIBLE_FOR")
    assert any(r["src"].startswith("off:") for r in resp), "sometimes an official answers directly"
    per_stage: dict[str, int] = defaultdict(int)
    for r in resp:
        if r["dst"].startswith("stg:"):
            per_stage[r["dst"]] += 1
    assert set(per_stage) == set(stage_rows)  # every stage has a responsible post
    assert max(per_stage.values()) >= 2
    for s in stage_rows.values():
        if "valid_to" in s:
            assert s["valid_from"] <= s["valid_to"]


def test_commitments_judgments_and_records(demo):
    root, _ = demo
    cm = nodes(root, "Commitment")
    assert {c["kind"] for c in cm} == {"policy", "quality", "deadline", "guarantee", "public_pledge"}
    assert any(c["status"] == "broken" and c["broken_on"] for c in cm)
    js = nodes(root, "Judgment")
    assert any(not j["performed"] for j in js) and any(j.get("debtor_listed_on") for j in js)
    assert all(re.fullmatch(r"（20\d\d）[\u4e00-\u9fff]\d{0,4}[民行][初终]\d+号", j["case_number"]) for j in js)
    recs = nodes(root, "DishonestyRecord")
    assert {r["source_kind"] for r in recs} == {k.value for k in RecordSourceKind}
    assert {r["severity"] for r in recs} == {"light", "general", "serious"}
    subj = {r["src"]: r["dst"] for r in rels(root, "RECORD_SUBJECT")}
    assert len(subj) == len(recs)
    for r in recs:
        assert r["act_date"] <= r["decided_on"] <= AS_OF.isoformat()
        if subj[r["id"]].startswith("off:"):
            assert r.get("dimension"), r
    prefixes = {s.split(":")[0] for s in subj.values()}
    assert {"gov", "dep", "off", "prj", "ctr"} <= prefixes
    evid = {r["dst"].split(":")[0] for r in rels(root, "EVIDENCED_BY")}
    assert {"jdg", "ctr", "cmt", "prj"} <= evid


def test_manifest_demo_section_names_existing_things(demo):
    root, _ = demo
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    d = manifest["demo"]
    ids = {r["id"] for k in NODE_KINDS for r in nodes(root, k)}
    assert d["breach_after_leader_change"]["contract"] in ids
    assert d["official_with_records"]["official"] in ids
    vac = d["vacancy"]
    assert vac["post"] in ids and vac["from"] <= vac["to"]
    for t in _tenures_by_post(root)[vac["post"]]:  # nobody holds the post during the vacancy
        if t.get("end_unknown"):
            continue  # ended at an unknown date before the next holder came
        assert not (t["valid_from"] <= vac["to"] and ("valid_to" not in t or t["valid_to"] >= vac["from"]))
    subjects = {r["dst"] for r in rels(root, "RECORD_SUBJECT")}
    assert d["official_with_records"]["official"] in subjects
