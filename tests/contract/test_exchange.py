"""Exchange with credit platforms: increments by record time, a manifest the receiver can verify,
a correction or revocation after an export sent as such in the next increment (both stores)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, datetime

import pytest
from cities import city
from scenario import D

from graph.errors import InvalidRequest
from graph.exchange.credit import FIELDS, increment, verify
from graph.model import entities as m
from graph.records.register import RecordCorrection, RecordIn, correct_record, create_record, revoke_record
from graph.stores.writes import node_write, rel_write

UTC = UTC
T_CITY = datetime(2017, 12, 1, tzinfo=UTC)
T1 = datetime(2018, 1, 20, 2, tzinfo=UTC)
T2 = datetime(2018, 2, 1, 2, tzinfo=UTC)
T3 = datetime(2018, 3, 1, 2, tzinfo=UTC)
SRC = {"document": "青信用〔2018〕3号", "authority": "青山市社会信用体系建设领导小组办公室"}


@pytest.fixture
def world(store):
    city().write(store, now=T_CITY)
    store.upsert_nodes("Judgment", [node_write(m.Judgment(id="j1", name="判决", effective_on=D("2017-05-01")))],
                       now=T_CITY)
    store.upsert_rels("AGAINST", [rel_write(m.Rel(id="ag-j1", src="j1", dst="d-cz"))], now=T_CITY)
    base = dict(name="青山市财政局未履行生效判决", source_kind="unperformed_judgment", severity="serious",
                act_date=D("2017-06-01"), decided_on=D("2018-01-15"), subject="d-cz", evidence=["j1"], source=SRC)
    create_record(store, RecordIn(id="r-j", **base), now=T1)
    create_record(store, RecordIn(id="r-2", **{**base, "name": "拖欠工程款", "source_kind": "arrears",
                                               "evidence": []}), now=T1)
    create_record(store, RecordIn(id="r-hidden", published=False, **base), now=T1)
    return store


def receive(inc):
    doc = json.loads("".join(inc.json_chunks()))
    assert verify(doc["records"], doc["manifest"]) == []
    return doc


def test_first_increment_and_its_manifest(world):
    doc = receive(increment(world, None, T1))
    recs = doc["records"]
    assert [(r["record_id"], r["operation"], r["version"]) for r in recs] == [("r-2", "new", 1), ("r-j", "new", 1)]
    r = recs[1]
    assert r["subject_id"] == "d-cz" and r["subject_kind_zh"] == "部门/单位" and r["subject_name"] == "青山市财政局"
    assert r["severity_zh"] == "严重" and r["evidence_ids"] == ["j1"] and r["recorded_at"] == "2018-01-20T02:00:00Z"
    assert r["source_document"] == "青信用〔2018〕3号" and set(r) == set(FIELDS)
    man = doc["manifest"]
    assert man["count"] == 2 and man["counts"] == {"new": 2, "corrected": 0, "revoked": 0, "updated": 0}
    assert man["since"] is None and man["next_since"] == man["until"] == "2018-01-20T02:00:00Z"
    lines = "".join(json.dumps(x, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n" for x in recs)
    assert man["sha256_records_jsonl"] == hashlib.sha256(lines.encode("utf-8")).hexdigest()
    tampered = [dict(recs[0], severity="light"), recs[1]]
    assert verify(tampered, man) == ["content hash differs"]
    assert verify(recs[:1], man)[0].startswith("count 1")


def test_correction_and_revocation_arrive_in_the_next_increment(world):
    first = receive(increment(world, None, T1))
    correct_record(world, "r-j", RecordCorrection(severity="general"), "复核更正", now=T2)
    revoke_record(world, "r-2", "撤销", now=T3)
    since = datetime.fromisoformat(first["manifest"]["next_since"].replace("Z", "+00:00"))
    doc = receive(increment(world, since, T3))
    assert [(r["record_id"], r["operation"], r["version"], r["severity"], r["status"]) for r in doc["records"]] == [
        ("r-j", "corrected", 2, "general", "active"), ("r-2", "revoked", 2, "serious", "revoked")]
    assert doc["records"][0]["corrected_on"] is not None and doc["records"][1]["revoked_on"] is not None
    assert doc["manifest"]["counts"] == {"new": 0, "corrected": 1, "revoked": 1, "updated": 0}
    assert receive(increment(world, T3, datetime(2018, 4, 1, tzinfo=UTC)))["records"] == []


def test_csv_rendering_and_its_hash(world):
    inc = increment(world, None, T1)
    body = "".join(inc.csv_chunks())
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["record_id"] for r in rows] == ["r-2", "r-j"] and rows[1]["evidence_ids"] == "j1"
    assert inc.manifest()["sha256_records_csv"] == hashlib.sha256(body.encode("utf-8")).hexdigest()


def test_bad_windows(world):
    with pytest.raises(InvalidRequest):
        increment(world, T2, T1)
    with pytest.raises(InvalidRequest):
        increment(world, datetime(2018, 1, 1), T1)
