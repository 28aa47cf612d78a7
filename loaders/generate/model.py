"""The generator's in-memory tree: tenure slots, posts, sections, units, specs and blocks, and queries on them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True, eq=False)
class Slot:
    """One stint of one official in one post (becomes a HOLDS row)."""

    post: Post
    start: int
    end: int | None
    acting: bool = False
    end_unknown: bool = False
    prec: str = "day"
    keep: bool = False  # the same official continues in the next slot (代 → 正)
    prev_same: Slot | None = None
    filler: bool = False  # acting during a vacancy
    order: int = 0
    official: str | None = None
    borrowed: bool = False  # the filler keeps their own post: not returned to the pool


@dataclass(slots=True, eq=False)
class Post:
    id: str
    name: str
    unit: Unit
    role: str  # gov_head gov_deputy head deputy section subsection staff
    level: int  # block-relative rank, 0 (科员) … 6 (head of the block's top government)
    rank: str | None
    seq: int
    slots: list[Slot] = field(default_factory=list)
    acting_src: Post | None = None
    units: list[tuple[int | None, int | None, Unit]] = field(default_factory=list)
    reports: list[tuple[int | None, int | None, Post]] = field(default_factory=list)
    chg: list[int] | None = None


@dataclass(eq=False)
class Section:
    name: str
    chief: Post
    posts: list[Post]
    moved_to: Unit | None = None
    moved_on: int = 0


@dataclass(eq=False)
class Unit:
    id: str
    name: str
    place: str  # prefix for names of departments and posts (青山市, 临江县城关镇)
    abbr: str  # prefix of document numbers (青, 青财)
    level: str  # level of the government (of the unit's government for a department)
    is_gov: bool
    code: str  # division code of the government
    src: dict[str, str]  # source of the unit's own row and of its BELONGS_TO/SUBORDINATE_TO
    psrc: dict[str, str] = field(default_factory=dict)  # source of its posts and their POST_IN rows
    category: str | None = None
    gov: Unit | None = None
    parent: Unit | None = None  # government above
    seat: Unit | None = None  # county-or-higher government whose court/纪委 serves this one
    principal: Post | None = None
    deputies: list[Post] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    depts: list[Unit] = field(default_factory=list)
    by_cat: dict[str, Unit] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    head_title: str = ""
    deputy_title: str = ""
    kind: str = ""  # 市 州 区 县 市(县级) 街道 镇 乡 省


@dataclass(eq=False)
class GovSpec:
    code: str
    level: str
    short: str  # 青山市 / 临江县 / 城关镇
    kind: str
    children: list[GovSpec] = field(default_factory=list)


@dataclass(eq=False)
class Block:
    region: str  # division code used in fake ID numbers
    top: Unit
    govs: list[Unit] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    birth: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    id_seq: dict[tuple[int, bool], int] = field(default_factory=dict)
    projects: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)  # owner -> (id, name, start)


def _holder_on(p: Post, day: int, strict: bool) -> Slot | None:
    """The slot holding post ``p`` on ``day`` (a formal one first); strict: exact dates only."""
    best = None
    for s in p.slots:
        if s.start > day:
            break
        if s.end_unknown or (s.end is not None and s.end < day):
            continue  # an unknown end is never taken as covering the day
        if strict and s.prec != "day":
            continue
        if not s.acting:
            return s
        if best is None:
            best = s
    return best


def _changes(p: Post) -> list[int]:
    """Days on which a different official took the post over."""
    if p.chg is None:
        out: list[int] = []
        prev = None
        for s in p.slots:
            if prev is not None and s.official != prev:
                out.append(s.start)
            prev = s.official
        p.chg = out
    return p.chg


def _min_end(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)
