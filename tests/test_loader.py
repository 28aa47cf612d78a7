"""Bundle loader: good bundle, bad rows (exact reject report), reload idempotency, encoding,
truncated files, unknown columns, relationships to missing or rejected nodes. Both stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.bundle import BundleError, load_bundle
from loaders.reader import Reject


def write(root: Path, rel: str, text: str | bytes) -> None:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")


def jsonl(*rows: dict) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    root = tmp_path / "good"
    write(root, "manifest.json", json.dumps({"source": {"authority": "青山市人民政府"}}))
    write(root, "nodes/Government.csv",
          "id,name,level,division_code,source_document\n"
          "g1,青山市人民政府,prefecture,431000,青政发〔2016〕1号\n")
    write(root, "nodes/Post.jsonl", jsonl(
        {"id": "p1", "name": "青山市财政局局长", "is_principal": True},
        {"id": "p2", "name": "青山市市长", "is_principal": True}))
    write(root, "nodes/Official.csv", "id,name,gender\no1,周婷,女\no2,李明,男\n")
    write(root, "rels/HOLDS.csv",
          "id,src,dst,valid_from,valid_to,acting\n"
          "t1,o1,p1,2015-03-01,2016-11-20,false\n"
          "t2,o2,p1,2016-11-21,,true\n")
    write(root, "rels/REPORTS_TO.jsonl", jsonl({"id": "r1", "src": "p1", "dst": "p2"}))
    return root


def test_good_bundle(store, good):
    report = load_bundle(store, good)
    assert report.rejects == []
    assert report.totals() == {"read": 8, "created": 8, "updated": 0, "unchanged": 0, "rejected": 0}
    g = store.get_node("g1").props
    assert g["name"] == "青山市人民政府"
    assert g["source_document"] == "青政发〔2016〕1号"
    assert g["source_authority"] == "青山市人民政府"  # manifest default
    assert (g["source_file"], g["source_line"]) == ("nodes/Government.csv", 2)
    t2 = store.get_rel("t2")
    assert t2.props["acting"] is True and "valid_to" not in t2.props
    assert store.get_node("p2").props["source_line"] == 2  # JSON Lines: line number


def test_reload_changes_nothing(store, good):
    load_bundle(store, good)
    before = {i: store.get_node(i).props for i in ("g1", "p1", "o1")}
    report = load_bundle(store, good)
    assert report.totals() == {"read": 8, "created": 0, "updated": 0, "unchanged": 8, "rejected": 0}
    assert {i: store.get_node(i).props for i in ("g1", "p1", "o1")} == before
    assert len(store.history("o1")) == 1


def test_bad_rows_exact_report(store, tmp_path):
    root = tmp_path / "bad"
    write(root, "nodes/Government.csv",
          "id,name,level,division_code\n"
          "g1,青山市人民政府,prefecture,431000\n"
          "g2,临江县人民政府,county,4310\n"          # bad division code
          "g3,,county,431021\n"                      # empty name
          "g1,重复,county,431022\n")                 # duplicate id
    write(root, "nodes/Official.jsonl", jsonl(
        {"id": "o1", "name": "周婷"},
        {"id": "o2", "name": "李明", "gender": "未知"},
        {"id": "o3", "name": "王强", "shoe_size": 42}))
    write(root, "rels/HOLDS.jsonl", jsonl(
        {"id": "t1", "src": "o1", "dst": "g1"},                               # wrong target kind
        {"id": "t2", "src": "o2", "dst": "p-missing"},                        # src was rejected
        {"id": "t3", "src": "o1", "dst": "p-missing"},                        # dst missing
        {"id": "t4", "src": "o1", "dst": "g1", "valid_from": "2020-02-30"}))  # bad date
    report = load_bundle(store, root)
    assert report.rejects == [
        Reject("nodes/Government.csv", 3, "division_code",
               "String should match pattern '^\\d{6}(\\d{3})?$' (got '4310')"),
        Reject("nodes/Government.csv", 4, "name", "Field required"),
        Reject("nodes/Government.csv", 5, "id", "duplicate id 'g1', first at nodes/Government.csv line 2"),
        Reject("nodes/Official.jsonl", 2, "gender", "Input should be '男' or '女' (got '未知')"),
        Reject("nodes/Official.jsonl", 3, "shoe_size", "unknown field"),
        Reject("rels/HOLDS.jsonl", 1, "dst", "dst 'g1' is a Government; HOLDS needs Post"),
        Reject("rels/HOLDS.jsonl", 2, "src", "src 'o2' was rejected (nodes/Official.jsonl line 2)"),
        Reject("rels/HOLDS.jsonl", 3, "dst", "dst 'p-missing' does not exist"),
        Reject("rels/HOLDS.jsonl", 4, "valid_from",
               "Input should be a valid date or datetime, day value is outside expected range "
               "(got '2020-02-30')"),
    ]
    # good rows are loaded all the same, and nothing half-written
    assert store.get_node("g1").props["name"] == "青山市人民政府"
    assert store.get_node("o1") is not None and store.get_node("o2") is None
    assert store.counts().get("HOLDS", 0) == 0


def test_relationship_to_node_already_stored(store, good, tmp_path):
    load_bundle(store, good)
    more = tmp_path / "more"
    write(more, "nodes/Official.csv", "id,name\no3,王强\n")
    write(more, "rels/HOLDS.csv", "id,src,dst,valid_from\nt3,o3,p2,2021-01-01\n")
    report = load_bundle(store, more)
    assert report.rejects == []
    assert store.get_rel("t3").dst == "p2"


def test_id_of_another_kind_is_rejected(store, good, tmp_path):
    load_bundle(store, good)
    other = tmp_path / "other"
    write(other, "nodes/Post.csv", "id,name\no1,冲突岗位\n")
    report = load_bundle(store, other)
    assert report.rejects == [Reject("nodes/Post.csv", 2, "id", "id 'o1' already exists as a Official")]
    assert store.get_node("o1").kind == "Official"


def test_wrong_encoding(store, tmp_path):
    root = tmp_path / "gbk"
    write(root, "nodes/Official.csv", "id,name\no1,周婷\no2,李明\n".encode("gbk"))
    write(root, "nodes/Post.csv", "id,name\np1,局长\n")
    report = load_bundle(store, root)
    assert len(report.rejects) == 1
    r = report.rejects[0]
    assert (r.file, r.line, r.field) == ("nodes/Official.csv", 2, "-")
    assert r.reason.startswith("whole file rejected: not UTF-8: byte 0xd6 at offset 11")
    assert "GB18030" in r.reason
    assert store.get_node("o1") is None
    assert store.get_node("p1") is not None  # other files still load


def test_truncated_files(store, tmp_path):
    root = tmp_path / "trunc"
    write(root, "nodes/Official.jsonl", '{"id": "o1", "name": "周婷"}\n{"id": "o2", "na')
    write(root, "nodes/Post.csv", "id,name,is_principal\np1,局长,true\np2,副局")
    report = load_bundle(store, root)
    assert [str(r) for r in report.rejects] == [
        "nodes/Official.jsonl:2: -: truncated JSON at end of file: Unterminated string starting at (column 14)",
        "nodes/Post.csv:3: -: expected 3 fields, found 2 (truncated line?)",
    ]
    assert store.get_node("o1") is not None and store.get_node("p1") is not None


def test_unknown_column_and_unknown_file(store, tmp_path):
    root = tmp_path / "cols"
    write(root, "nodes/Official.csv", "id,name,favourite_colour\no1,周婷,red\n")
    write(root, "nodes/Minister.csv", "id,name\nm1,部长\n")
    report = load_bundle(store, root)
    msgs = [str(r) for r in report.rejects]
    assert msgs[0].startswith("nodes/Minister.csv:0: -: unknown kind 'Minister'")
    assert msgs[1].startswith(
        "nodes/Official.csv:1: favourite_colour: whole file rejected: unknown column 'favourite_colour'; known columns:")
    assert store.counts() == {}


def test_not_a_bundle(store, tmp_path):
    with pytest.raises(BundleError, match="no nodes/"):
        load_bundle(store, tmp_path)
    with pytest.raises(BundleError, match="not a folder"):
        load_bundle(store, tmp_path / "missing")


def test_fields_named_source_something_are_not_the_source(store, tmp_path):
    root = tmp_path / "rec"
    write(root, "nodes/DishonestyRecord.csv",
          "id,name,source_kind,severity,source_document\n"
          "r1,拖欠工程款,arrears,general,青信〔2020〕1号\n")
    report = load_bundle(store, root)
    assert report.rejects == []
    props = store.get_node("r1").props
    assert props["source_kind"] == "arrears" and props["source_document"] == "青信〔2020〕1号"


def _valid_id(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


def test_personal_data_in_any_free_text_is_rejected(store, tmp_path):
    """ID numbers (with or without separators) and mobile numbers in names, source fields and
    attributes are rejected with file, line and field; the clean row is loaded."""
    pid = _valid_id("43100019800101123")
    root = tmp_path / "pii"
    write(root, "nodes/Official.jsonl", jsonl(
        {"id": "o1", "name": "周婷"},
        {"id": "o2", "name": "李明", "source": {"document": f"身份证 {pid}"}},
        {"id": "o3", "name": "王强", "attributes": {"联系": "手机 138-1234-5678"}},
        {"id": "o4", "name": f"赵刚 {pid[:6]}-{pid[6:14]}-{pid[14:]}"}))
    write(root, "nodes/Government.csv",
          "id,name,level,division_code,source_authority\n"
          "g1,青山市人民政府,prefecture,431000,联系人 13912345678\n")
    report = load_bundle(store, root)
    assert report.rejects == [
        Reject("nodes/Government.csv", 2, "source_authority",
               "contains a mobile number (手机号); personal data may not be stored in free text"),
        Reject("nodes/Official.jsonl", 2, "source_document",
               "contains an ID number (身份证号); personal data may not be stored in free text"),
        Reject("nodes/Official.jsonl", 3, "attributes.联系",
               "contains a mobile number (手机号); personal data may not be stored in free text"),
        Reject("nodes/Official.jsonl", 4, "name",
               "contains an ID number (身份证号); personal data may not be stored in free text"),
    ]
    assert store.get_node("o1") is not None and store.get_node("o2") is None and store.get_node("g1") is None


def test_deep_json_is_a_reject_not_a_crash(store, tmp_path):
    root = tmp_path / "deep"
    deep = '{"id": "o2", "name": "李明", "attributes": ' + '{"a": ' * 2000 + "1" + "}" * 2000 + "}\n"
    write(root, "nodes/Official.jsonl", jsonl({"id": "o1", "name": "周婷"}) + deep)
    report = load_bundle(store, root)
    assert report.rejects == [Reject("nodes/Official.jsonl", 2, "-", "JSON nested deeper than 64 levels")]
    assert store.get_node("o1") is not None
