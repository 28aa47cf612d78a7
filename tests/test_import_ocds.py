"""OCDS importer on the real sample files of tests/data (ocds/ and ocds-ppp/; origin and licence in tests/data/README.md).

Expected values were read from the files themselves (see the comments); the ISO-8859-1 sample
is compared with the same bytes decoded correctly by Python.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from graph.stores.memory.store import MemoryStore
from loaders.importing import EncodingRefused, content_of, decode_document
from loaders.ocds import import_ocds

DATA = Path(__file__).resolve().parent / "data"
OCDS_FILES = sorted((DATA / "ocds").glob("*.json")) + sorted((DATA / "ocds-ppp").glob("*.json"))
ISO_FILE = DATA / "ocds" / "release-package_encoding-iso-8859-1.json"
PPP_FILE = DATA / "ocds-ppp" / "full.json"

PPP = "ocds:ocds-213czf-example-ppp"
PPP_CONTRACT = f"{PPP}:contract:1"
INAH_CONTRACT = "ocds:ocds-07smqs-993235:contract:991324"

EXPECTED_COUNTS = {
    # 5 ocids: OCDS-87SD3T-AD-SF-DRM-063-2015, ...-065-2015, OCDS-87SD3T-SEFIN-DRM-AD-024-2016,
    # ocds-07smqs-993235 and ocds-213czf-example-ppp
    "Project": 5,
    # one contract in each Mexico City process, two in ocds-07smqs-993235, one PPP agreement
    "Contract": 6,
    # SECRETARÍA DE FINANZAS (once per process: party ids are scoped by ocid), INAH buyer and
    # procuring entity, Ministry of Communications, Telecoms Promoter
    "Department": 7,
    # 2 + 1 + 3 tenderers/suppliers in Mexico City, 1 INAH supplier, 12 non-government PPP parties
    "Company": 19,
    "ProjectStage": 41,  # 4 tenders + 37 dated milestones
    "HAS_STAGE": 41,
    "FOR_PROJECT": 6,
    "HAS_PARTY": 16,
    "INVESTS_IN": 9,  # the nine equityInvestor parties of the PPP
}


def _utc(s: str) -> datetime:
    return datetime.fromisoformat(s).astimezone(UTC)


def _attrs(props: dict) -> dict:
    return json.loads(props["attributes_json"]) if props.get("attributes_json") else {}


@pytest.fixture(scope="module")
def imported():
    store = MemoryStore()
    report = import_ocds(store, OCDS_FILES)
    yield store, report
    store.close()


def test_the_data_folder_is_what_the_tests_import():
    on_disk = {p for p in DATA.rglob("*.json") if p.parent.name.startswith("ocds")}
    assert on_disk == set(OCDS_FILES) and len(OCDS_FILES) == 6


def test_every_file_imported_with_counts(imported):
    store, report = imported
    assert report.ok, report.summary_lines()
    assert store.counts() == EXPECTED_COUNTS
    assert {k: c.imported for k, c in report.counts.items()} == EXPECTED_COUNTS
    enc = {name: fs.encoding for name, fs in report.files.items()}
    assert enc == {p.name: ("iso-8859-1" if p == ISO_FILE else "utf-8") for p in OCDS_FILES}
    # the distinct ocids of all files, read independently
    ocids = set()
    for p in OCDS_FILES:
        d = json.loads(p.read_bytes().decode("latin-1" if p == ISO_FILE else "utf-8"))
        for r in d.get("releases", []) + [x for rec in d.get("records", []) for x in rec["releases"]] + [d]:
            if "ocid" in r:
                ocids.add(r["ocid"])
    assert {store.get_node(f"ocds:{o}").props["kind"] for o in ocids} == {"procurement", "ppp"}
    assert len(ocids) == EXPECTED_COUNTS["Project"]
    # per-file summary: the duplicated releases and the compiled release are applied only once
    per_file = {f: sum(c.imported for c in report.file_counts(f).values()) for f in report.files}
    assert per_file["full.json"] == 54 and per_file["record-package-1.json"] == 16
    assert per_file["compiled-release-1.json"] == 0 and per_file["release-package-1-2.json"] == 0
    infos = [p for p in report.problems if p.level == "info"]
    assert any(p.file == "compiled-release-1.json" and "not used" in p.reason for p in infos)
    assert any(p.file == "release-package-1-2.json" and "already read" in p.reason for p in infos)
    lines = report.summary_lines()
    assert any("release-package_encoding-iso-8859-1.json: encoding iso-8859-1" in ln for ln in lines)
    assert any(ln.strip().startswith("Contract: 6 imported") for ln in lines)


def test_ppp_contract_parties_signatories_and_project(imported):
    store, _ = imported
    c = store.get_node(PPP_CONTRACT)
    assert c.kind == "Contract"
    p = c.props
    assert p["name"] == "Public Private Partnership Agreement"
    assert p["signed_on"] == date(2016, 1, 24) and p["valid_from"] == date(2016, 1, 24)
    assert p["valid_to"] == date(2046, 1, 23)  # extended by the amendment of release 7.1.1
    assert p["status"] == "performing"
    parties = {
        nb.node.id.rsplit(":", 1)[1]: (nb.node.kind, nb.node.props["name"], nb.via.props["role"], _attrs(nb.via.props))
        for nb in store.neighbours(PPP_CONTRACT, rel_types=["HAS_PARTY"])
    }
    assert {k: v[:3] for k, v in parties.items()} == {
        "XX-GOV-12345678": ("Department", "Ministry of Communications", "government"),
        "XX-GOV-00000000": ("Department", "Telecoms Promoter", "government"),
        "MEGA": ("Company", "Mega Consortium Ltd", "social_capital"),
        "XX-GOV-99999999": ("Company", "National Fiber Infrastructure", "other"),
    }
    # the public authority (the buyer of a PPP) and every signatory the file names
    flags = {nb.node.id.rsplit(":", 1)[1]: nb.via.props
             for nb in store.neighbours(PPP_CONTRACT, rel_types=["HAS_PARTY"])}
    assert [k for k, v in flags.items() if v.get("public_authority")] == ["XX-GOV-00000000"]
    signatories = json.loads(PPP_FILE.read_text("utf-8"))["releases"][4]["contracts"][0]["signatories"]
    assert {s["name"] for s in signatories} == {parties[k][1] for k, v in flags.items() if v.get("signatory")}
    project = store.neighbours(PPP_CONTRACT, rel_types=["FOR_PROJECT"])
    assert [(n.node.id, n.node.props["name"], n.node.props["kind"]) for n in project] == [(PPP, "Example PPP", "ppp")]
    attrs = _attrs(p)
    assert len(attrs["riskAllocation"]) == 12 and attrs["riskAllocation"][0]["allocation"] == "privateParty"
    assert attrs["amendments"][0]["rationale"] == "The contract was extended in accordance with the provisions in section X."
    assert attrs["amendments"][0]["date"] == "2020-01-24T00:00:00Z"
    assert attrs["implementation"]["performanceFailures"]
    assert attrs["award"]["title"] == "Example PPP contract award"
    assert next(s["node"] for s in attrs["signatories"]) == f"{PPP}:party:XX-GOV-12345678"


def test_release_history_becomes_record_time(imported):
    store, _ = imported
    releases = {r["id"]: r["date"] for r in json.loads(PPP_FILE.read_text("utf-8"))["releases"]}
    hist = store.history(PPP_CONTRACT)
    assert [h["recorded_at"] for h in hist] == [_utc(releases[r]) for r in ("5.1.1", "6.1.1", "6.1.2", "7.1.1")]
    assert [h["valid_to"] for h in hist] == [date(2036, 1, 23)] * 3 + [date(2046, 1, 23)]
    assert [h["source_document"] for h in hist] == ["5.1.1", "6.1.1", "6.1.2", "7.1.1"]
    assert "amendments" not in _attrs(hist[2]) and "amendments" in _attrs(hist[3])
    # the as-of read: before the amendment the contract ended in 2036
    assert store.get_node(PPP_CONTRACT, as_of=_utc("2019-06-01T00:00:00+00:00")).props["valid_to"] == date(2036, 1, 23)
    assert store.get_node(PPP_CONTRACT, as_of=_utc("2016-06-01T00:00:00+00:00")) is None
    tender = store.history(f"{PPP}:tender")
    assert [h["recorded_at"] for h in tender] == [_utc(releases["2.1.1"]), _utc(releases["3.1.1"])]
    assert tender[-1]["valid_from"] == date(2015, 10, 31) and tender[-1]["valid_to"] == date(2015, 11, 30)
    # the PPP milestone "Initial coverage milestone" was met on 2018-03-10 (release 6.1.2)
    ms = store.history(f"{PPP}:milestone:contract:1:implementation:1")
    assert [h["valid_from"] for h in ms] == [date(2018, 3, 31), date(2018, 3, 10)]
    assert ms[-1]["stage"] == "execution" and ms[-1]["name"] == "Initial coverage milestone"
    assert store.get_node(f"{PPP}:milestone:contract:1:1").props["stage"] == "financing"  # financial close
    # the supplier of the award became the private party of the contract in release 5.1.1
    mega = store.history(f"{PPP}:party:MEGA")
    assert [h["name"] for h in mega] == ["Mega Consortium", "Mega Consortium", "Mega Consortium Ltd"]


def test_procurement_contract_parties_and_roles(imported):
    """record-package-1.json, contract 991324 of ocds-07smqs-993235 (an OCDS 1.1 record)."""
    store, _ = imported
    c = store.get_node(INAH_CONTRACT).props
    assert c["status"] == "terminated" and c["signed_on"] == date(2016, 1, 29)
    assert c["value"] == 189654 and c["currency"] == "MXN"
    assert (c["valid_from"], c["valid_to"]) == (date(2016, 2, 1), date(2016, 12, 31))
    parties = {nb.node.props["name"]: (nb.node.kind, nb.via.props["role"], _attrs(nb.via.props)["ocds_roles"])
               for nb in store.neighbours(INAH_CONTRACT, rel_types=["HAS_PARTY"])}
    assert parties == {
        "Instituto Nacional de Antropología e Historia": ("Department", "government", ["buyer"]),
        "INAH-Dirección de Recursos Materiales y Servicios #048D00001": ("Department", "government", ["procuringEntity"]),
        "GLOBAL ASSURANCE BROKERS, AGENTE DE SEGUROS Y DE FIANZAS SA DE C": ("Company", "supplier", ["supplier", "tenderer"]),
    }


def test_iso_8859_1_sample_read_correctly(imported):
    store, report = imported
    raw = ISO_FILE.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    truth = json.loads(raw.decode("iso-8859-1"))["releases"][-1]
    ocid = truth["ocid"]
    assert store.get_node(f"ocds:{ocid}").props["name"] == truth["tender"]["title"] == "MANTENIMIENTO A MÁQUINA CORTADORA"
    buyer = store.get_node(f"ocds:{ocid}:party:{truth['buyer']['identifier']['id']}").props
    assert buyer["name"] == truth["buyer"]["name"] == "SECRETARÍA DE FINANZAS"
    contacts = {g["contactPoint"]["name"] for g in _attrs(buyer)["as_given"]}
    assert contacts == {"MIGUEL ÁNGEL VIDAL FRANCO", "PEDRO JESÚS LARA LASTRA"}
    names = {nb.node.props["name"] for nb in store.neighbours(f"ocds:{ocid}", depth=2, node_kinds=["Company"])}
    names |= {store.get_node(f"ocds:{ocid}:party:{t['identifier']['id']}").props["name"] for t in truth["tender"]["tenderers"]}
    assert "Técnicos Verticales de México," in names and "SERVICIO TÉCNICO A EQUIPOS SOF," in names
    assert not any("Ã" in n or "\ufffd" in n for n in names)
    assert any(p.file == ISO_FILE.name and "ISO-8859-1" in p.reason for p in report.problems)


def test_encoding_refused_or_declared(tmp_path):
    # GBK bytes of 测试 are also valid Latin-1 letters ("²âÊÔ"): ambiguous, refused.
    body = '{"ocid": "ocds-x-1", "id": "1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"], ' \
           '"buyer": {"id": "B", "name": "测试"}}'
    f = tmp_path / "ambiguous.json"
    f.write_bytes(body.encode("gbk"))
    store = MemoryStore()
    report = import_ocds(store, [f])
    assert store.counts() == {} and not report.ok
    refused = report.files["ambiguous.json"].refused
    assert "not UTF-8" in refused and "GB18030" in refused and "declare its encoding" in refused
    report = import_ocds(store, [f], encoding="gb18030")  # declared by the caller: read as such
    assert report.ok and store.get_node("ocds:ocds-x-1:party:B").props["name"] == "测试"
    # Latin-1 accents inside words ("Peña") are not plausible CJK: read as ISO-8859-1
    g = tmp_path / "latin.json"
    g.write_bytes(body.replace("测试", "Peña").replace("ocds-x-1", "ocds-x-2").encode("latin-1"))
    report = import_ocds(store, [g])
    assert report.files["latin.json"].encoding == "iso-8859-1"
    assert store.get_node("ocds:ocds-x-2:party:B").props["name"] == "Peña"
    # text that is already mojibake is refused, never stored
    g = tmp_path / "mojibake.json"
    g.write_text(body.replace("测试", "PeÃ±a"), encoding="utf-8")
    report = import_ocds(MemoryStore(), [g])
    assert "mojibake" in report.files["mojibake.json"].refused
    with pytest.raises(EncodingRefused):
        decode_document(b"\x81\x82\x83")
    assert decode_document("Jürgen".encode("utf-16"))[0] == "Jürgen"


def test_provenance_on_every_fact(imported):
    store, _ = imported
    facts = [d["props"] for _, d in store.g.nodes(data=True)] + [d["props"] for *_, d in store.g.edges(data=True)]
    assert len(facts) == sum(EXPECTED_COUNTS.values())
    for p in facts:
        assert p["source_file"] in {f.name for f in OCDS_FILES}, p["id"]
        assert p["source_path"].startswith("$"), p["id"]
    ppp = store.get_node(PPP_CONTRACT).props
    assert ppp["source_url"] == "https://standard.open-contracting.org/profiles/ppp/latest/en/_static/full.json"
    assert ppp["source_authority"] == "Open Data Services Co-operative Limited"
    assert ppp["source_path"] == "$.releases[7].contracts[0]"  # the amendment release changed it last
    has_party = store.get_rel(f"{INAH_CONTRACT}:party:GAB0709244G5").props
    assert has_party["source_path"] == "$.records[0].releases[0].awards[0].suppliers[0]"
    assert has_party["source_authority"] == "SECRETARÍA DE LA FUNCIÓN PÚBLICA / SECRETARIA DE HACIENDA Y CRÉDITO PÚBLICO"


def test_versioned_release_replays_the_same_history(tmp_path):
    """A record with only a versionedRelease gives the same versions as its individual releases."""
    src = DATA / "ocds" / "record-package_versioned.json"
    doc = json.loads(src.read_text("utf-8"))
    for rec in doc["records"]:
        del rec["releases"], rec["compiledRelease"]
    only = tmp_path / "versioned-only.json"
    only.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    a, b = MemoryStore(), MemoryStore()
    assert import_ocds(a, [src]).ok and import_ocds(b, [only]).ok
    assert a.counts() == b.counts()
    for id_ in a.g.nodes:
        ha, hb = a.history(id_), b.history(id_)
        assert [h["recorded_at"] for h in ha] == [h["recorded_at"] for h in hb], id_
        assert [content_of(h) for h in ha] == [content_of(h) for h in hb], id_
    assert b.get_node("ocds:OCDS-87SD3T-AD-SF-DRM-065-2015:contract:1").props["source_path"] == "$.records[1].versionedRelease.contracts[0]"


def test_a_versioned_release_on_its_own_replays_like_one_in_a_record(tmp_path):
    """A single versioned release (the shape of ocdskit's versioned-release-1.json: the object a record's
    versionedRelease holds, alone in a file, with no release date of its own) is replayed version by
    version, exactly as inside its record package; it was taken for a plain release and skipped."""
    src = DATA / "ocds" / "record-package_versioned.json"
    doc = json.loads(src.read_text("utf-8"))
    singles = []
    for i, rec in enumerate(doc["records"]):
        assert "date" not in rec["versionedRelease"] and rec["versionedRelease"]["ocid"] == rec["ocid"]
        singles.append(tmp_path / f"versioned-release-{i + 1}.json")
        singles[-1].write_text(json.dumps(rec["versionedRelease"], ensure_ascii=False), encoding="utf-8")
        del rec["releases"], rec["compiledRelease"]
    in_record = tmp_path / "versioned-only.json"
    in_record.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    a, b = MemoryStore(), MemoryStore()
    ra, rb = import_ocds(a, [in_record]), import_ocds(b, singles)
    assert ra.ok and rb.ok, rb.summary_lines()
    assert [p for p in rb.problems if "no valid date" in p.reason] == []
    assert [rb.files[f.name].formats for f in singles] == [["versioned release"], ["versioned release"]]
    assert b.counts() == a.counts() and b.counts()["Contract"] == 2
    for id_ in a.g.nodes:
        ha, hb = a.history(id_), b.history(id_)
        assert [h["recorded_at"] for h in hb] == [h["recorded_at"] for h in ha], id_
        assert [content_of(h) for h in hb] == [content_of(h) for h in ha], id_
    contract = b.get_node("ocds:OCDS-87SD3T-AD-SF-DRM-065-2015:contract:1").props
    assert contract["source_path"] == "$.contracts[0]" and contract["source_file"] == "versioned-release-2.json"


def test_bad_documents_reported_with_json_path(tmp_path):
    good = {"ocid": "ocds-t-1", "id": "r1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"],
            "parties": [{"id": "GOV", "name": "财政局", "roles": ["buyer"]}, {"id": "CO", "name": "某公司", "roles": ["supplier"]}],
            "awards": [{"id": "a1", "suppliers": [{"id": "CO", "name": "某公司"}]}],
            "contracts": [{"id": "c1", "awardID": "a1", "title": "合同一", "value": {"amount": -5, "currency": "CNY"},
                           "period": {"startDate": "2021-01-01", "endDate": "2020-01-01"}, "dateSigned": "someday"}]}
    package = {"publisher": {"name": "测试发布者"}, "releases": [good, {"ocid": "ocds-t-1", "id": "r2", "tag": ["award"]},
                                                              {"id": "r3", "date": "2020-02-01T00:00:00Z"}, "oops"]}
    (tmp_path / "package.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "truncated.json").write_text('{"releases": [\n  {"ocid": "ocds-t-2",\n', encoding="utf-8")
    lines = [json.dumps({**good, "ocid": "ocds-t-3"}), '{"ocid": "ocds-t-4", "id": ', json.dumps({**good, "ocid": "ocds-t-5"})]
    (tmp_path / "stream.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "other.json").write_text('{"persons": []}', encoding="utf-8")
    (tmp_path / "array.json").write_text('[1, 2]', encoding="utf-8")
    files = [tmp_path / n for n in ("package.json", "truncated.json", "stream.jsonl", "other.json", "array.json")]
    store = MemoryStore()
    report = import_ocds(store, files)
    by = {(p.file, p.path): p for p in report.problems}
    assert "no valid date" in by[("package.json", "$.releases[1].date")].reason
    assert "no ocid" in by[("package.json", "$.releases[2].ocid")].reason
    assert by[("package.json", "$.releases[3]")].level == "error"
    assert by[("package.json", "$.releases[0].contracts[0].value.amount")].level == "warning"
    assert "before startDate" in by[("package.json", "$.releases[0].contracts[0].period")].reason
    assert "not a date" in by[("package.json", "$.releases[0].contracts[0].dateSigned")].reason
    t = by[("truncated.json", "document 1")]
    assert "line 3 column 1" in t.reason and t.line == 3
    s = by[("stream.jsonl", "document 2")]
    assert s.line == 2 and "invalid JSON" in s.reason and "column" in s.reason
    assert "not an OCDS release" in by[("other.json", "$")].reason
    assert "expected a JSON object" in by[("array.json", "$")].reason
    # the good documents were imported, Chinese intact, the bad values dropped but kept in attributes
    assert {store.get_node(f"ocds:ocds-t-{i}") is not None for i in (1, 3, 5)} == {True}
    assert store.get_node("ocds:ocds-t-4") is None
    c = store.get_node("ocds:ocds-t-1:contract:c1").props
    assert c["name"] == "合同一" and "value" not in c and "valid_from" not in c and c["source_authority"] == "测试发布者"
    assert _attrs(c)["value"] == {"amount": -5, "currency": "CNY"}
    assert store.get_node("ocds:ocds-t-1:party:GOV").props["name"] == "财政局"
    assert store.get_node("ocds:ocds-t-3:contract:c1").props["source_line"] == 1
    text = "\n".join(report.summary_lines())
    assert "package.json: $.releases[1].date: release has no valid date" in text
    assert "stream.jsonl:2: document 2: invalid JSON" in text
    assert report.file("stream.jsonl").documents == 2


def test_concatenated_stream_and_single_record(tmp_path):
    rel = {"ocid": "ocds-c-1", "id": "1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"],
           "tender": {"id": "t", "title": "招标", "tenderPeriod": {"startDate": "2020-01-01", "endDate": "2020-02-01"}}}
    later = {**rel, "id": "2", "date": "2020-03-01T00:00:00+08:00", "tender": {"id": "t", "title": "招标（更正）"}}
    text = (json.dumps(rel, indent=2, ensure_ascii=False) + "\n" + '{\n  "ocid": "broken",\n  "date": \n}\n'
            + json.dumps(later, indent=2, ensure_ascii=False) + "\n")
    (tmp_path / "concat.json").write_text(text, encoding="utf-8")
    record = {"ocid": "ocds-c-2", "releases": [{"url": "http://example.org/r1", "date": "2020-01-01T00:00:00Z"}],
              "compiledRelease": {**rel, "ocid": "ocds-c-2", "tag": ["compiled"]}}
    (tmp_path / "record.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    store = MemoryStore()
    report = import_ocds(store, [tmp_path / "concat.json", tmp_path / "record.json"])
    [bad] = report.errors
    assert (bad.file, bad.path, bad.line) == ("concat.json", "document 2", 20)
    assert "document starts at line 17" in bad.reason and "line 20 column 1" in bad.reason
    assert report.files["concat.json"].documents == 2 and report.files["record.json"].formats == ["record"]
    hist = store.history("ocds:ocds-c-1:tender")
    assert [h["name"] for h in hist] == ["招标", "招标（更正）"]
    assert hist[1]["recorded_at"] == datetime(2020, 2, 29, 16, 0, tzinfo=UTC)  # +08:00 -> UTC
    assert hist[1]["source_line"] == 21 and hist[1]["source_path"] == "$.tender"
    assert store.get_node("ocds:ocds-c-2:tender").props["source_path"] == "$.compiledRelease.tender"


def test_odd_and_long_ids_are_hashed(tmp_path):
    ocid = "ocds-x-" + "y" * 140
    rel = {"ocid": ocid, "id": "1", "date": "2020-01-01T00:00:00Z",
           "parties": [{"id": "A B&C", "name": "Odd", "roles": ["supplier"]}]}
    (tmp_path / "odd.json").write_text(json.dumps(rel), encoding="utf-8")
    store = MemoryStore()
    assert import_ocds(store, [tmp_path / "odd.json"]).ok
    ids = list(store.g.nodes)
    assert len(ids) == 2 and all(len(i) <= 128 and i.startswith("ocds:") for i in ids)
    party = next(store.get_node(i) for i in ids if store.get_node(i).kind == "Company")
    assert _attrs(party.props)["ocds_party_id"] == "A B&C" and _attrs(party.props)["ocid"] == ocid


def test_import_twice_changes_nothing(store):
    first = import_ocds(store, OCDS_FILES)
    assert first.ok
    counts = store.counts()
    assert counts == EXPECTED_COUNTS
    ids = first.entities()
    histories = {i: [h["recorded_at"] for h in store.history(i)] for i in ids}
    assert sum(len(h) for h in histories.values()) == first.totals().versions
    again = import_ocds(store, list(reversed(OCDS_FILES)))  # file order does not matter either
    assert again.ok and again.totals().imported == 0 and again.totals().versions == 0
    assert store.counts() == counts
    assert {i: [h["recorded_at"] for h in store.history(i)] for i in ids} == histories
    # the same answers on both stores
    assert len(store.history(PPP_CONTRACT)) == 4
    parties = {nb.node.props["name"]: nb.via.props["role"] for nb in store.neighbours(PPP_CONTRACT, rel_types=["HAS_PARTY"])}
    assert parties["Telecoms Promoter"] == "government" and parties["Mega Consortium Ltd"] == "social_capital"
    assert store.get_node("ocds:OCDS-87SD3T-SEFIN-DRM-AD-024-2016:party:GDF9712054NA").props["name"] == "SECRETARÍA DE FINANZAS"


def test_responsibility_endpoint_answers_for_the_ppp_contract(imported):
    """Issue 5: after the import, the responsibility endpoint names the public authority and the
    signatories the file gives, and says that no stage has a recorded responsible person."""

    from auth_helpers import authed_client

    from api.app import create_app

    store, _ = imported
    with authed_client(create_app(store=store), store) as client:
        r = client.get(f"/api/v1/contracts/{PPP_CONTRACT}/responsibility")
    assert r.status_code == 200, r.text
    body = r.json()
    release = json.loads(PPP_FILE.read_text("utf-8"))["releases"][4]
    named = {s["name"] for s in release["contracts"][0]["signatories"]}
    assert {p["name"] for p in body["parties"] if p["signatory"]} == named
    assert [p["name"] for p in body["parties"] if p["public_authority"]] == ["Telecoms Promoter"]
    assert [(a["event"], a["date"]) for a in body["answers"]] == [("signing", "2016-01-24")]
    assert body["summary"].startswith("公共部门（实施机构）：Telecoms Promoter。签约方：")
    for name in named:
        assert name in body["summary"]
