"""Search: case-insensitive, over the name and the other names, by kind, paged; on both stores."""

from __future__ import annotations

import json

from scenario import Scenario

from graph.model import entities as m
from graph.stores.search_keys import search_key
from graph.stores.writes import node_write
from loaders.popolo import import_popolo, popolo_id

# A small Popolo export shaped like the Hong Kong Legislative Council's: the person's name is the
# English one; the Chinese name is only among the other names.
LEGCO = {
    "persons": [
        {"id": "tien", "name": "James Tien Pei-chun",
         "other_names": [{"name": "田北俊", "lang": "zh-hk", "note": "multilingual"},
                         {"name": "Tien Pei Chun James", "lang": "en"}]},
        {"id": "leong", "name": "Alan Leong Kah-kit",
         "other_names": [{"name": "梁家傑", "lang": "zh-hk"}]},
        {"id": "tien-m", "name": "Michael Tien Puk-sun",
         "other_names": [{"name": "田北辰", "lang": "zh-hk"}]},
    ],
    "organizations": [
        {"id": "legco", "name": "Legislative Council", "classification": "legislature",
         "other_names": [{"name": "立法會", "lang": "zh-hk"}]},
    ],
}


def people(store, tmp_path) -> dict[str, str]:
    path = tmp_path / "hk-legco.json"
    path.write_text(json.dumps(LEGCO, ensure_ascii=False), encoding="utf-8")
    assert import_popolo(store, [path]).ok
    return {p["id"]: popolo_id("hk-legco", "person", p["id"]) for p in LEGCO["persons"]}


def ids(found) -> list[str]:
    return [n.id for n in found]


def test_chinese_other_names_find_the_person(store, tmp_path):
    pid = people(store, tmp_path)
    assert ids(store.search(None, "田北俊", 10)) == [pid["tien"]]
    assert ids(store.search("Official", "梁家傑", 10)) == [pid["leong"]]
    assert ids(store.search("Official", "田北", 10)) == sorted([pid["tien"], pid["tien-m"]])
    # organisations' other names too
    assert ids(store.search("Department", "立法會", 10)) == ["popolo:hk-legco:org:legco"]
    # the answer is the node as stored: the name stays the given one, the key stays private
    hit = store.search(None, "田北俊", 10)[0]
    assert hit.props["name"] == "James Tien Pei-chun" and "_search" not in hit.public_props()


def test_latin_names_in_any_case(store, tmp_path):
    pid = people(store, tmp_path)
    for text in ("Tien Pei-chun", "TIEN PEI-CHUN", "tien pei-chun", "tIEN pEI"):
        assert ids(store.search("Official", text, 10)) == [pid["tien"]], text
    # an other name in Latin letters: only James Tien's lists "Pei Chun James"
    assert ids(store.search(None, "pei chun JAMES", 10)) == [pid["tien"]]
    # full-width letters, as typed with a Chinese input method, fold to ASCII
    assert ids(store.search(None, "ＬＥＯＮＧ", 10)) == [pid["leong"]]
    # both Tiens and nobody else
    assert ids(store.search("Official", "TIEN", 10)) == sorted([pid["tien"], pid["tien-m"]])
    # a match never spans two names: the end of one and the start of the next
    assert store.search(None, "chun 田北", 10) == []


def test_kind_filter_and_paging_with_after(store):
    s = Scenario()
    s.node("Department", "d-1", "Qingshan Finance Bureau")
    s.node("Department", "d-2", "QINGSHAN Housing Bureau")
    s.node("Post", "p-1", "Director, Qingshan Finance Bureau")
    s.node("Post", "p-2", "director, qingshan housing bureau")
    s.node("Post", "p-3", "Deputy Director, Qingshan Housing Bureau")
    s.node("Official", "o-1", "Zhou Ting", attributes={"other_names": [{"name": "周婷"}]})
    s.write(store)
    assert ids(store.search(None, "qingshan", 10)) == ["d-1", "d-2", "p-1", "p-2", "p-3"]
    assert ids(store.search("Department", "Qingshan", 10)) == ["d-1", "d-2"]
    assert ids(store.search("Post", "HOUSING BUREAU", 10)) == ["p-2", "p-3"]
    pages, after = [], None
    while True:
        page = store.search("Post", "director", 2, after=after)
        pages.append(ids(page))
        if len(page) < 2:
            break
        after = page[-1].id
    assert pages == [["p-1", "p-2"], ["p-3"]]
    assert ids(store.search(None, "Qingshan", 2, after="p-1")) == ["p-2", "p-3"]
    assert ids(store.search("Official", "周婷", 10)) == ["o-1"]
    assert store.search("Department", "周婷", 10) == []
    assert store.search("Official", "Qingshan", 10) == []


def test_a_rename_moves_the_key_and_nothing_else_changes(store):
    Scenario().node("Official", "o-1", "Zhou Ting").write(store)
    Scenario().node("Official", "o-1", "Li Ming", attributes={"other_names": [{"name": "李明"}]}).write(store)
    assert store.search(None, "zhou", 10) == []
    assert ids(store.search(None, "LI MING", 10)) == ["o-1"]
    assert ids(store.search(None, "李明", 10)) == ["o-1"]
    # the key is not part of the content hash: the same node written again is unchanged
    again = store.upsert_nodes("Official", [node_write(m.Official(
        id="o-1", name="Li Ming", attributes={"other_names": [{"name": "李明"}]}))])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert [h["name"] for h in store.history("o-1")] == ["Zhou Ting", "Li Ming"]


def test_search_key_folds_and_separates_names():
    props = {"name": "James  Tien", "attributes_json": json.dumps(
        {"name_zh": "田北俊", "other_names": [{"name": "田北俊"}, {"name": "ＴＩＥＮ Pei-chun"}, "Jim\nTien"]},
        ensure_ascii=False)}
    assert search_key(props) == "james tien\n田北俊\ntien pei-chun\njim tien"
    assert search_key({"name": "周婷"}) == "周婷"
    assert search_key({"name": "周婷", "attributes_json": "not json"}) == "周婷"


def _forget_search_key(store, id_: str) -> None:
    """Make ``id_`` look like a node stored before search keys were written."""
    if store.name == "memory":
        store.g.nodes[id_]["props"].pop("_search")
    else:
        with store.driver.session(database=store.database) as s:
            s.run("MATCH (n:Entity {id: $id}) REMOVE n._search", id=id_).consume()


def test_nodes_stored_before_search_keys_are_found(store):
    Scenario().node("Official", "o-1", "Zhou Ting", attributes={"other_names": [{"name": "周婷"}]}).write(store)
    Scenario().node("Official", "o-2", "Li Ming").write(store)
    before = store.get_node("o-1").props
    _forget_search_key(store, "o-1")
    store.init_schema()  # Neo4j writes the missing keys here; the embedded store computes them on read
    assert ids(store.search(None, "ZHOU", 10)) == ["o-1"]
    assert ids(store.search(None, "周婷", 10)) == ["o-1"]
    assert ids(store.search(None, "ming", 10)) == ["o-2"]
    after = store.get_node("o-1").props
    # derived data only: neither the content hash, the record time nor the history changes
    assert (after["_hash"], after["recorded_at"]) == (before["_hash"], before["recorded_at"])
    assert len(store.history("o-1")) == 1
