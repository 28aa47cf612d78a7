"""Popolo importer on the real EveryPolitician exports of tests/data/popolo
(origin and licence in tests/data/README.md).

Expected values were read from the files: Juhan Parts (Riigikogu) has three memberships,
two in term/12 (the first without a start date, the second without an end date) and one in
term/13 (no dates at all); his zh-hans name is 尤汉·帕茨. Willy Mtengo (Kenya) has a
membership that starts in "2016" (year only).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from graph.errors import StoreUnavailable
from graph.stores.memory.store import MemoryStore
from loaders.popolo import import_popolo, popolo_id

DATA = Path(__file__).resolve().parent / "data"
POPOLO_FILES = sorted((DATA / "popolo").glob("*.json"))
ESTONIA = DATA / "popolo" / "estonia-riigikogu.json"
KENYA = DATA / "popolo" / "kenya-national-assembly.json"

RIIGIKOGU = "popolo:org:1ba661a9-22ad-4d0f-8a60-fe8e28f2488c"
RIIGIKOGU_MEMBER = f"{RIIGIKOGU}:post:member"
JUHAN_PARTS = "popolo:person:8288a3ee-f554-42a8-b98d-8f0f1e11bd86"
ANDRUS_ANSIP = "popolo:person:062854b4-591c-4c47-83e4-bf0c20c64ef3"
WILLY_MTENGO = "popolo:person:62e81225-3185-4bbf-b81e-e4ff52502cd9"

EXPECTED_COUNTS = {
    "Official": 193 + 355,
    "Department": 8 + 23,  # the two legislatures and their parties
    "Post": 2 + 2,  # Kenya's two posts + "Riigikogu member" and "National Assembly member"
    "POST_IN": 4,
    "HOLDS": 299 + 355,  # one tenure per membership
}


def _attrs(props: dict) -> dict:
    return json.loads(props["attributes_json"]) if props.get("attributes_json") else {}


def _tenures(store: MemoryStore, person: str) -> list[dict]:
    out = [d["props"] for _, _, d in store.g.out_edges(person, data=True) if d["type"] == "HOLDS"]
    return sorted(out, key=lambda p: (p.get("valid_from") or date.min))


@pytest.fixture(scope="module")
def imported():
    store = MemoryStore()
    report = import_popolo(store, POPOLO_FILES)
    yield store, report
    store.close()


def test_the_data_folder_is_what_the_tests_import():
    assert set((DATA / "popolo").rglob("*.json")) == set(POPOLO_FILES) == {ESTONIA, KENYA}


def test_every_file_imported_with_counts(imported):
    store, report = imported
    assert report.ok, report.summary_lines()
    assert store.counts() == EXPECTED_COUNTS
    est = json.loads(ESTONIA.read_text("utf-8"))
    ken = json.loads(KENYA.read_text("utf-8"))
    assert EXPECTED_COUNTS["Official"] == len(est["persons"]) + len(ken["persons"])
    assert EXPECTED_COUNTS["HOLDS"] == len(est["memberships"]) + len(ken["memberships"])
    assert {k: c.created for k, c in report.counts.items()} == EXPECTED_COUNTS
    assert {f: fs.encoding for f, fs in report.files.items()} == {ESTONIA.name: "utf-8", KENYA.name: "utf-8"}
    # four Estonian memberships end (2015-03-27) before their legislative period starts (2015-03-30):
    # the period's start is not used for them, and the report says so with the JSON path
    warned = sorted(p.path for p in report.problems if p.level == "warning")
    assert warned == ["$.memberships[139]", "$.memberships[42]", "$.memberships[53]", "$.memberships[9]"]
    for p in warned:
        ms = est["memberships"][int(p.split("[")[1].rstrip("]"))]
        assert ms["end_date"] == "2015-03-27" and ms["legislative_period_id"] == "term/13" and "start_date" not in ms
    assert any("problems: 0 error(s), 4 warning(s)" in ln for ln in report.summary_lines())


def test_tenure_dates_of_a_named_person(imported):
    store, _ = imported
    assert store.get_node(JUHAN_PARTS).props["name"] == "Juhan Parts"
    tenures = _tenures(store, JUHAN_PARTS)
    assert [(t["valid_from"], t.get("valid_to")) for t in tenures] == [
        (date(2011, 3, 27), date(2011, 4, 5)),  # start = start of term/12 (12th Riigikogu)
        (date(2014, 3, 26), date(2015, 3, 23)),  # end = end of term/12
        (date(2015, 3, 30), None),  # term/13, still open
    ]
    assert {store.get_rel(t["id"]).dst for t in tenures} == {RIIGIKOGU_MEMBER}
    first = _attrs(tenures[0])
    assert first["valid_from_from"] == "legislative period term/12" and "valid_to_from" not in first
    assert first["on_behalf_of"]["name"] == "Isamaa ja Res Publica Liidu fraktsioon"
    assert _attrs(tenures[2])["area"]["name"] == "Tallinna Kesklinna, Lasnamäe ja Pirita linnaosa"
    ansip = _tenures(store, ANDRUS_ANSIP)
    assert [(t["valid_from"], t["valid_to"]) for t in ansip] == [(date(2011, 3, 27), date(2011, 4, 5)),
                                                                (date(2014, 3, 26), date(2014, 6, 18))]
    post = store.get_node(RIIGIKOGU_MEMBER)
    assert post.kind == "Post" and post.props["name"] == "Riigikogu member"
    assert store.get_rel(f"{RIIGIKOGU_MEMBER}:post_in").dst == RIIGIKOGU
    assert store.get_node(RIIGIKOGU).props["category"] == "legislature"


def test_imprecise_dates(imported, tmp_path):
    store, _ = imported
    [t] = _tenures(store, WILLY_MTENGO)
    assert t["valid_from"] == date(2016, 1, 1) and t["valid_from_precision"] == "year" and "valid_to" not in t
    assert _attrs(t)["start_date"] == "2016"
    nyokabi = store.get_node("popolo:person:037a05a5-bee2-44f1-bfaa-d864ac35196f").props
    assert nyokabi["name"] == "Priscilla Nyokabi Kanyua" and nyokabi["birth_year"] == 1979
    doc = {"persons": [{"id": "p1", "name": "Test"}], "organizations": [{"id": "o1", "name": "财政局"}],
           "memberships": [{"person_id": "p1", "organization_id": "o1", "role": "局长", "start_date": "2014-02",
                            "end_date": "2015"}]}
    (tmp_path / "partial.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    s = MemoryStore()
    assert import_popolo(s, [tmp_path / "partial.json"]).ok
    [t] = _tenures(s, popolo_id("partial", "person", "p1"))
    assert (t["valid_from"], t["valid_from_precision"]) == (date(2014, 2, 1), "month")
    assert (t["valid_to"], t["valid_to_precision"]) == (date(2015, 12, 31), "year")
    assert s.get_node(s.get_rel(t["id"]).dst).props["name"] == "财政局 局长"  # the post made for (org, role)


def test_posts_and_scoped_ids(imported):
    store, _ = imported
    ken = json.loads(KENYA.read_text("utf-8"))
    women = popolo_id("kenya-national-assembly", "post", "women's_representative")
    assert women.startswith("popolo:kenya-national-assembly:post:sha1-")  # the apostrophe is not an id character
    node = store.get_node(women)
    assert node.props["name"] == "Women's Representative" and _attrs(node.props)["popolo_id"] == "women's_representative"
    holders = [d for _, v, d in store.g.in_edges(women, data=True) if d["type"] == "HOLDS"]
    assert len(holders) == sum(1 for m in ken["memberships"] if m.get("post_id") == "women's_representative") == 47
    # "IND" is a party id in both files: two different organisations, scoped by dataset
    est_ind = store.get_node("popolo:estonia-riigikogu:org:IND").props["name"]
    ken_ind = store.get_node("popolo:kenya-national-assembly:org:IND").props["name"]
    assert (est_ind, ken_ind) == ("Fraktsiooni mittekuuluvad Riigikogu liikmed", "Independent")


def test_provenance(imported):
    store, _ = imported
    est = json.loads(ESTONIA.read_text("utf-8"))
    idx = next(i for i, p in enumerate(est["persons"]) if p["name"] == "Juhan Parts")
    p = store.get_node(JUHAN_PARTS).props
    assert (p["source_file"], p["source_path"]) == (ESTONIA.name, f"$.persons[{idx}]")
    assert p["source_url"]
    [t] = _tenures(store, WILLY_MTENGO)
    assert t["source_file"] == KENYA.name and t["source_path"].startswith("$.memberships[")
    assert t["source_url"] == "http://info.mzalendo.com/person/willy-mtengo/"
    for _, d in store.g.nodes(data=True):
        assert d["props"]["source_file"] in (ESTONIA.name, KENYA.name) and d["props"]["source_path"].startswith("$.")
    for *_, d in store.g.edges(data=True):
        assert d["props"]["source_file"] in (ESTONIA.name, KENYA.name) and d["props"]["source_path"].startswith("$.")


def test_bad_documents_reported_with_json_path(tmp_path):
    doc = {"persons": [{"id": "p1", "name": "Jüri Tamm"}, {"id": "p2"}],
           "organizations": [{"id": "o1", "name": "Riigikogu"}],
           "memberships": [{"person_id": "p1", "organization_id": "o1", "start_date": "2015-05-01", "end_date": "2014-01-01"},
                           {"person_id": "nobody", "organization_id": "o1"},
                           {"person_id": "p1", "organization_id": "o1", "start_date": "not a date"},
                           {"person_id": "p1", "post_id": "missing"}]}
    (tmp_path / "bad.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "latin1.json").write_bytes(json.dumps(doc, ensure_ascii=False).encode("iso-8859-1"))
    (tmp_path / "broken.json").write_text('{"persons": [\n {"id": "x", "name": "X"}\n', encoding="utf-8")
    (tmp_path / "ocds.json").write_text('{"releases": []}', encoding="utf-8")
    store = MemoryStore()
    report = import_popolo(store, [tmp_path / n for n in ("bad.json", "latin1.json", "broken.json", "ocds.json")])
    by = {(p.file, p.path): p for p in report.problems}
    assert "before valid_from" in by[("bad.json", "$.memberships[0]")].reason
    assert "nobody" in by[("bad.json", "$.memberships[1].person_id")].reason
    assert by[("bad.json", "$.memberships[2].start_date")].level == "warning"
    assert "missing" in by[("bad.json", "$.memberships[3].post_id")].reason
    assert "needs an id and a name" in by[("bad.json", "$.persons[1]")].reason
    broken = by[("broken.json", "$")]
    assert "line 3 column 1" in broken.reason and broken.line == 3
    assert "not a Popolo document" in by[("ocds.json", "$")].reason
    # the good parts of each file were imported; the ISO-8859-1 copy is read as such, no mojibake
    assert report.files["latin1.json"].encoding == "iso-8859-1"
    assert store.get_node(popolo_id("bad", "person", "p1")).props["name"] == "Jüri Tamm"
    assert store.get_node(popolo_id("latin1", "person", "p1")).props["name"] == "Jüri Tamm"
    assert len(_tenures(store, popolo_id("bad", "person", "p1"))) == 1
    assert report.counts["HOLDS"].skipped == 2 * 3
    text = "\n".join(report.summary_lines())
    assert "bad.json: $.memberships[1].person_id: HOLDS not imported" in text
    assert "skipped 2 HOLDS: person 'nobody' is not a person of this file" in text


def test_import_twice_changes_nothing_and_chinese_round_trips(store):
    first = import_popolo(store, POPOLO_FILES)
    assert first.ok and store.counts() == EXPECTED_COUNTS
    before = {i: len(store.history(i)) for i in (JUHAN_PARTS, RIIGIKOGU, RIIGIKOGU_MEMBER, WILLY_MTENGO)}
    again = import_popolo(store, POPOLO_FILES)
    assert again.totals().imported == 0 and again.totals().unchanged == sum(EXPECTED_COUNTS.values())
    assert store.counts() == EXPECTED_COUNTS
    assert {i: len(store.history(i)) for i in before} == before == {i: 1 for i in before}
    # Chinese text intact after the store round trip
    parts = _attrs(store.get_node(JUHAN_PARTS).props)
    assert parts["name_zh"] == "尤汉·帕茨"
    assert {"尤汉·帕茨", "尤漢·帕茨"} <= {n["name"] for n in parts["other_names"]}
    kesk = store.get_node("popolo:estonia-riigikogu:org:KESK").props
    assert _attrs(kesk)["name_zh"] == "爱沙尼亚中间党"
    truth = json.loads(ESTONIA.read_text("utf-8"))
    zh = {n["name"] for p in truth["persons"] for n in p.get("other_names", []) if n.get("lang", "").startswith("zh")}
    assert "安德鲁斯·安西普" in zh and _attrs(store.get_node(ANDRUS_ANSIP).props)["name_zh"] == "安德鲁斯·安西普"
    hit = store.search("Official", "Juhan", 5)
    assert [n.id for n in hit] == [JUHAN_PARTS]
    tenure = [nb for nb in store.neighbours(JUHAN_PARTS, rel_types=["HOLDS"], at=date(2014, 5, 1))]
    assert [(nb.node.props["name"], nb.via.props["valid_from"], nb.via.props["valid_to"]) for nb in tenure] == [
        ("Riigikogu member", date(2014, 3, 26), date(2015, 3, 23))
    ]
    assert store.neighbours(JUHAN_PARTS, rel_types=["HOLDS"], at=date(2012, 1, 1)) == []  # a gap: not a member


class _DownStore(MemoryStore):
    """A store that goes away during the import: every node write is refused as unavailable."""

    def upsert_nodes(self, kind, rows, now=None):
        raise StoreUnavailable("Neo4j is unavailable: connection refused")


def test_a_store_outage_stops_the_import_instead_of_rejecting_rows():
    """Only a write the store refuses (InvalidWrite) becomes a rejected row; an outage is not the
    rows' fault: it stops the import with the store's error (503 / exit 3)."""
    with pytest.raises(StoreUnavailable):
        import_popolo(_DownStore(), [ESTONIA])
