"""The division tree: the province, its prefectures, their counties and townships (codes and names)."""

from __future__ import annotations

from loaders.generate.base import _GenBase
from loaders.generate.model import GovSpec
from loaders.generate.vocab_names import _PROVINCE_CODES, _STREET_FIXED, _SURNAMES, _TOWN_MID


class _Geography(_GenBase):
    """The skeleton of governments (GovSpec), made before their blocks."""

    def skeleton(self) -> GovSpec:
        rng, sc = self.rng, self.sc
        pcode = rng.choice(_PROVINCE_CODES)
        prov = GovSpec(f"{pcode}0000", "province", self.place_name("省", self.used_names), "省")
        n_pref = sc.prefectures
        for i in range(n_pref):
            autonomous = sc.prefectures >= 10 and i == n_pref - 1
            if autonomous:
                short = self.place_name("州", self.used_names)
                code = f"{pcode}3100"
                spec = GovSpec(code, "prefecture", short, "州")
            else:
                spec = GovSpec(f"{pcode}{i + 1:02d}00", "prefecture", self.place_name("市", self.used_names), "市")
            prov.children.append(spec)
        return prov

    def counties_of(self, pref: GovSpec) -> None:
        rng, sc = self.rng, self.sc
        n = rng.randint(*sc.counties)
        base = pref.code[:4]
        kinds: list[str] = []
        if pref.kind == "州":
            kinds = ["市"] + ["县"] * (n - 1)
        else:
            n_dist = min(n - 1, rng.randint(1, 3))
            n_city = 1 if n - n_dist >= 3 and rng.random() < 0.7 else 0
            kinds = ["区"] * n_dist + ["县"] * (n - n_dist - n_city) + ["市"] * n_city
        nd = nc = ncity = 0
        for k in kinds:
            if k == "区":
                nd += 1
                code = f"{base}{nd + 1:02d}"
            elif k == "县":
                nc += 1
                code = f"{base}{nc + 21:02d}"
            elif pref.kind == "州":
                ncity += 1
                code = f"{base}{ncity:02d}"
            else:
                ncity += 1
                code = f"{base}{ncity + 80:02d}"
            spec = GovSpec(code, "county", self.place_name(k, self.used_names), k)
            pref.children.append(spec)

    def townships_of(self, county: GovSpec) -> None:
        rng = self.rng
        n = rng.randint(*self.sc.townships)
        if county.kind == "区":
            n_street = max(1, round(n * rng.uniform(0.5, 0.9)))
        elif county.kind == "市":
            n_street = rng.randint(1, 3)
        else:
            n_street = rng.randint(0, 2)
        n_street = min(n_street, n)
        n_xiang = 0 if county.kind == "区" else round((n - n_street) * rng.uniform(0.1, 0.4))
        n_zhen = n - n_street - n_xiang
        taken: set[str] = set()
        fixed = list(_STREET_FIXED)
        for i in range(n_street):
            name = fixed[i] + "街道" if i < 4 else self.place_name("街道", taken)
            taken.add(name)
            county.children.append(GovSpec(f"{county.code}{i + 1:03d}", "township", name, "街道"))
        for i in range(n_zhen):
            if i == 0 and n_street == 0:
                name = "城关镇"
                taken.add(name)
            elif rng.random() < 0.25:
                name = ""
                for _ in range(50):
                    cand = rng.choice(_SURNAMES[:40]) + rng.choice(_TOWN_MID) + "镇"
                    if cand not in taken:
                        name = cand
                        break
                if not name:
                    name = self.place_name("镇", taken)
                taken.add(name)
            else:
                name = self.place_name("镇", taken)
            county.children.append(GovSpec(f"{county.code}{i + 100:03d}", "township", name, "镇"))
        for i in range(n_xiang):
            name = self.place_name("乡", taken)
            county.children.append(GovSpec(f"{county.code}{i + 200:03d}", "township", name, "乡"))
