"""The generator's state and shared helpers: ids, document numbers, relationship rows, names."""

from __future__ import annotations

from random import Random
from typing import Any

from graph.config import Settings
from loaders.generate.dates import _iso
from loaders.generate.model import Unit
from loaders.generate.scales import SCALES
from loaders.generate.vocab_names import _GIVEN_F, _GIVEN_FIRST, _GIVEN_M, _PLACE_A, _PLACE_B, _SURNAME_CUM, _SURNAMES
from loaders.generate.vocab_records import _RECORD_KINDS
from loaders.generate.writer import _Out

_REL_PREFIX = {
    "SUBORDINATE_TO": "sub", "BELONGS_TO": "bel", "POST_IN": "pin", "REPORTS_TO": "rpt", "HOLDS": "ten",
    "OWNED_BY": "own", "HAS_STAGE": "hst", "RESPONSIBLE_FOR": "rsp", "FOR_PROJECT": "fpj",
    "HAS_PARTY": "pty", "SIGNED_BY": "sby", "SIGNED_AS": "sas", "COMMITTED_BY": "cby",
    "PROMISED_TO": "pto", "AGAINST": "agt", "CONCERNS": "cnc", "RECORD_SUBJECT": "rsj",
    "EVIDENCED_BY": "evd", "INVESTS_IN": "inv",
}


class _GenBase:
    """The generator's state (random generator, counters, demo pointers) and its shared helpers."""

    province: Unit  # the province government (set by ``run``)

    def __init__(self, out: _Out, scale: str, seed: int) -> None:
        self.out = out
        self.scale_name = scale
        self.sc = SCALES[scale]
        self.seed = seed
        # identity hashes are keyed like the importers' (RETRACE_IDENTITY_KEY; docs/security.md)
        self.identity_key = Settings().identity_secret
        self.rng = Random(seed)
        self.ctr: dict[str, int] = {}
        self.used_names: set[str] = set()  # membership only, never iterated
        self.company_names: set[str] = set()
        self.demo: dict[str, Any] = {}
        self.kinds_seen: dict[str, int] = {k: 0 for k in _RECORD_KINDS}
        self.official_records: dict[str, int] = {}
        self.big: dict[str, list[tuple[str, str]]] = {}
        self.local: dict[str, list[tuple[str, str]]] = {}
        self.pool_seq = 0
        self.contract_subject = False  # a record on a contract / a project was written
        self.project_subject = False

    def nid(self, prefix: str, width: int = 6) -> str:
        n = self.ctr.get(prefix, 0) + 1
        self.ctr[prefix] = n
        return f"{prefix}:{n:0{width}d}"

    def doc(self, abbr: str, word: str, year: int) -> str:
        return f"{abbr}{word}〔{year}〕{self.rng.randint(1, 320)}号"

    def rel(self, type_: str, src: str, dst: str, source: dict[str, str], vf: int | None = None,
            vt: int | None = None, extra: dict[str, Any] | None = None) -> None:
        row: dict[str, Any] = {"id": self.nid(_REL_PREFIX[type_], 7), "src": src, "dst": dst}
        if vf is not None:
            row["valid_from"] = _iso(vf)
        if vt is not None:
            row["valid_to"] = _iso(vt)
        if extra:
            row.update(extra)
        row["source"] = source
        self.out.write(type_, row)

    def between(self, a: int, b: int) -> int:
        return a if b <= a else self.rng.randint(a, b)

    def weighted(self, pairs: tuple[tuple[str, int], ...]) -> str:
        total = sum(w for _, w in pairs)
        x = self.rng.random() * total
        for v, w in pairs:
            x -= w
            if x < 0:
                return v
        return pairs[-1][0]

    def place_name(self, suffix: str, taken: set[str]) -> str:
        rng = self.rng
        for _ in range(200):
            a, b = rng.choice(_PLACE_A), rng.choice(_PLACE_B)
            if a == b:
                continue
            name = a + b + suffix
            if name not in taken:
                taken.add(name)
                return name
        raise RuntimeError("ran out of place names")  # pragma: no cover

    def person_name(self, female: bool) -> str:
        rng = self.rng
        sur = rng.choices(_SURNAMES, cum_weights=_SURNAME_CUM)[0]
        last = rng.choice(_GIVEN_F if female else _GIVEN_M)
        if rng.random() < 0.72:
            first = rng.choice(_GIVEN_FIRST if rng.random() < 0.5 else (_GIVEN_F if female else _GIVEN_M))
            return sur + first + last
        return sur + last
