"""Companies (with valid credit codes): the province's big ones, each prefecture's local ones."""

from __future__ import annotations

from loaders.generate.base import _GenBase
from loaders.generate.codes import _uscc
from loaders.generate.dates import _d, _iso
from loaders.generate.vocab_projects import _BRAND, _GROUP_WEIGHTS, _INDUSTRIES


class _Companies(_GenBase):
    """Making companies and picking one for a project or commitment."""

    def company(self, region: str, place: str, big: bool) -> tuple[str, str, str]:
        rng = self.rng
        grp = self.weighted(_GROUP_WEIGHTS)
        ind = rng.choice(_INDUSTRIES[grp])
        for _ in range(100):
            brand = rng.choice(_BRAND) + rng.choice(_BRAND)
            if brand[0] == brand[1]:
                continue
            if grp == "finance" and ind == "证券":
                suffix = "股份有限公司"
            elif grp == "investment" or big:
                suffix = "集团有限公司"
            else:
                suffix = self.weighted((("有限公司", 75), ("股份有限公司", 12), ("集团有限公司", 13)))
            name = f"{place}{brand}{ind}{suffix}"
            if name not in self.company_names:
                self.company_names.add(name)
                break
        cid = self.nid("co", 6)
        code = _uscc(region, rng)
        est = rng.randint(_d(1995), _d(2020, 12, 31))
        self.out.write("Company", {"id": cid, "name": name, "credit_code": code, "valid_from": _iso(est),
                                   "source": {"authority": f"{place}市场监督管理局",
                                              "document": f"营业执照（{code}）"}})
        return grp, cid, name

    def companies(self, n: int, places: list[tuple[str, str]], big: bool) -> dict[str, list[tuple[str, str]]]:
        pools: dict[str, list[tuple[str, str]]] = {g: [] for g, _ in _GROUP_WEIGHTS}
        for i in range(n):
            region, place = places[i % len(places)] if i < len(places) else self.rng.choice(places)
            grp, cid, name = self.company(region, place, big)
            pools[grp].append((cid, name))
        return pools

    def pick_company(self, groups: tuple[str, ...]) -> tuple[str, str]:
        rng = self.rng
        grp = rng.choice(groups)
        pool = self.big.get(grp) if rng.random() < 0.15 else self.local.get(grp)
        if not pool:
            pool = self.local.get(grp) or self.big.get(grp)
        if not pool:
            pool = [c for g in sorted(self.local) for c in self.local[g]] or \
                   [c for g in sorted(self.big) for c in self.big[g]]
        return rng.choice(pool)
