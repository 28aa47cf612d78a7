"""Officials and their tenures: each post's timeline of slots, who fills them, and the HOLDS rows."""

from __future__ import annotations

import heapq
from datetime import date
from typing import Any

from graph.access.personal import identity_hash
from loaders.generate.base import _GenBase
from loaders.generate.codes import _fake_id
from loaders.generate.dates import _AS_OF, _d, _iso, _year
from loaders.generate.model import Block, Post, Slot, _holder_on


class _Tenures(_GenBase):
    """Timelines, officials (promotions, transfers, newcomers) and HOLDS rows."""

    def timeline(self, p: Post, vacancies: list[tuple[Post, int, int]]) -> None:
        rng = self.rng
        s = rng.randint(_d(2008, 7, 1), _d(2011, 12, 31))
        first = True
        slots = p.slots
        while True:
            if p.role == "staff":
                dur = rng.randint(2190, 5110)  # 科员 stay 6–14 years
            elif p.role == "subsection":
                dur = rng.randint(1095, 2920)
            else:
                dur = rng.randint(730, 2190)  # leaders: 2–6 years
            if first:
                dur = rng.randint(120, dur)  # the first holder we know of had started earlier
            e = s + dur - 1
            # a new head of government is first acting (代县长) and elected a few months later
            if p.role == "gov_head" and not first and rng.random() < 0.5:
                k = rng.randint(30, 150)
                if s + k - 1 < min(e, _AS_OF):
                    a = Slot(p, s, s + k - 1, acting=True, keep=True)
                    slots.append(a)
                    slots.append(Slot(p, s + k, None if e >= _AS_OF else e, prev_same=a, order=1))
                else:
                    slots.append(Slot(p, s, None if e >= _AS_OF else e, acting=True))
            else:
                sl = Slot(p, s, None if e >= _AS_OF else e)
                if first and s < _d(2010) and rng.random() < 0.3:
                    dt = date.fromordinal(s)
                    if rng.random() < 0.3:
                        sl.start, sl.prec = _d(dt.year), "year"
                    else:
                        sl.start, sl.prec = _d(dt.year, dt.month), "month"
                slots.append(sl)
            if e >= _AS_OF:
                return
            last = slots[-1]
            if not first and rng.random() < 0.02:
                last.end_unknown = True
            first = False
            r = rng.random()
            if r < 0.72:
                s = e + 1
                continue
            gap = rng.randint(3, 30) if r < 0.86 else rng.randint(31, 270)
            nxt = e + gap + 1
            if rng.random() < 0.35 and not last.end_unknown and p.role not in ("staff", "subsection"):
                fill_end = e + gap
                if rng.random() < 0.3:
                    fill_end += rng.randint(1, 10)  # the acting holder stays a few days into the new term
                slots.append(Slot(p, e + 1, None if nxt > _AS_OF else fill_end, acting=True, filler=True, order=2))
            elif not last.end_unknown:
                vacancies.append((p, e + 1, min(e + gap, _AS_OF)))
            if nxt > _AS_OF:
                return
            s = nxt

    def new_official(self, blk: Block, level: int, start: int) -> str:
        rng = self.rng
        ages = ((22, 40), (27, 42), (30, 47), (34, 50), (38, 52), (42, 54), (45, 55))[level]
        female = rng.random() < (0.46, 0.4, 0.34, 0.26, 0.2, 0.18, 0.12)[level]
        by = _year(start) - rng.randint(*ages)
        birth = _d(by) + rng.randint(0, 364)
        key = (birth, female)
        k = blk.id_seq.get(key, 0)
        blk.id_seq[key] = k + 1
        seq = 2 * (k % 499) + (2 if female else 1)
        oid = self.nid("off", 7)
        name = self.person_name(female)
        blk.birth[oid] = by
        blk.names[oid] = name
        seat = blk.top
        self.out.write("Official", {
            "id": oid, "name": name, "gender": "女" if female else "男", "birth_year": by,
            "id_hash": identity_hash(_fake_id(blk.region, birth, seq), self.identity_key),
            "source": {"authority": f"中共{seat.place}委组织部",
                       "document": self.doc(seat.abbr, "组干", max(_year(start), 2005))},
        })
        return oid

    def assign(self, blk: Block) -> None:
        """Give every slot an official: promotions and transfers inside the block, or a newcomer."""
        rng = self.rng
        slots = [s for p in blk.posts for s in p.slots]
        slots.sort(key=lambda s: (s.start, s.order, s.post.seq))
        heaps: list[list[tuple[int, int, str]]] = [[] for _ in range(7)]
        push, pop = heapq.heappush, heapq.heappop
        birth = blk.birth
        last_post: dict[str, Post] = {}
        for s in slots:
            p = s.post
            official: str | None
            if s.prev_same is not None:
                official = s.prev_same.official
            else:
                off: str | None = None
                if s.filler and p.acting_src is not None:
                    h = _holder_on(p.acting_src, s.start, strict=False)
                    if h is not None and h.official is not None:
                        off = h.official
                        s.borrowed = True
                if off is None and rng.random() < 0.93:
                    y = _year(s.start)
                    order = (p.level - 1, p.level, p.level + 1) if rng.random() < 0.55 else \
                        (p.level, p.level - 1, p.level + 1)
                    for lv in order:
                        if lv < 0 or lv > 6:
                            continue
                        heap = heaps[lv]
                        back = None
                        while heap and heap[0][0] <= s.start:
                            item = pop(heap)
                            cand = item[2]
                            if last_post.get(cand) is p:
                                back = item  # not back into the post they just left
                                continue
                            if y - birth[cand] <= 57:
                                off = cand
                                break
                        if back is not None:
                            push(heap, back)
                        if off is not None:
                            break
                if off is None:
                    off = self.new_official(blk, p.level, s.start)
                official = off
            s.official = official
            if official is None:  # a slot continuing one that has no official yet: never generated
                raise AssertionError(f"slot of {p.id} from {s.start} continues a slot without an official")
            if not s.borrowed:
                last_post[official] = p
            if s.end is not None and not s.end_unknown and not s.keep and not s.borrowed:
                free = s.end + 1 + rng.randint(0, 40)
                if _year(free) - birth[official] < 58:
                    self.pool_seq += 1
                    push(heaps[p.level], (free, self.pool_seq, official))

    def write_holds(self, blk: Block) -> None:
        w = self.out.write
        for p in blk.posts:
            g = p.unit.gov
            assert g is not None and g.seat is not None
            # who appoints: the people's congress (standing committee) for members of the government
            # and heads of its departments, the Party organisation department for everyone else
            if p.role in ("gov_head", "gov_deputy") or (p.role == "head" and g.level != "township"):
                if g.level == "township":
                    auth, abbr, word = f"{g.place}人民代表大会", g.abbr, "人大"
                else:
                    auth, abbr, word = f"{g.place}人民代表大会常务委员会", g.abbr, "人常任"
            elif g.level == "township" or p.role in ("head", "deputy"):
                auth, abbr, word = f"中共{g.seat.place}委组织部", g.seat.abbr, "组干"
            else:
                auth, abbr, word = p.unit.name, p.unit.abbr, "人"
            for s in p.slots:
                row: dict[str, Any] = {"id": self.nid("ten", 7), "src": s.official, "dst": p.id,
                                       "valid_from": _iso(s.start)}
                if s.end is not None and not s.end_unknown:
                    row["valid_to"] = _iso(s.end)
                if s.acting:
                    row["acting"] = True
                if s.end_unknown:
                    row["end_unknown"] = True
                if s.prec != "day":
                    row["valid_from_precision"] = s.prec
                row["source"] = {"authority": auth, "document": self.doc(abbr, word, _year(s.start))}
                w("HOLDS", row)
                if blk.top.level == "province":
                    continue  # the demo section points at the prefecture and below
                if s.acting and "acting_tenure" not in self.demo:
                    self.demo["acting_tenure"] = {"tenure": row["id"], "official": s.official, "post": p.id,
                                                  "post_name": p.name, "from": row["valid_from"],
                                                  "to": row.get("valid_to")}
                if s.end_unknown and "end_unknown_tenure" not in self.demo:
                    self.demo["end_unknown_tenure"] = {"tenure": row["id"], "official": s.official,
                                                       "post": p.id, "from": row["valid_from"]}
