"""Which post answers: a unit's responsible post, a department's 分管 deputy, a contract's signatory."""

from __future__ import annotations

from loaders.generate.base import _GenBase
from loaders.generate.dates import _AS_OF
from loaders.generate.model import Post, Slot, Unit, _holder_on


class _Responsible(_GenBase):
    """Posts chosen for responsibility and signing."""

    def primary_post(self, owner: Unit) -> Post:
        rng = self.rng
        assert owner.principal is not None
        if owner.is_gov:
            return rng.choice(owner.deputies) if owner.deputies and rng.random() < 0.6 else owner.principal
        r = rng.random()
        if r < 0.6 or (not owner.deputies and not owner.sections):
            return owner.principal
        if r < 0.85 and owner.deputies:
            return rng.choice(owner.deputies)
        if owner.sections:
            return rng.choice(owner.sections).chief
        return owner.principal

    def supervisor(self, dept: Unit, day: int) -> Post:
        """The 分管 deputy of the department's government on a day."""
        assert dept.principal is not None and dept.gov is not None and dept.gov.principal is not None
        for a, b, q in dept.principal.reports:
            if (a is None or a <= day) and (b is None or day <= b):
                return q
        return dept.gov.principal

    def signatory(self, cands: list[Post], day: int) -> tuple[Post, Slot, int] | None:
        for k in range(0, 181, 15):
            d = day + k
            if d > _AS_OF:
                break
            for p in cands:
                s = _holder_on(p, d, strict=True)
                if s is not None:
                    return p, s, d
        return None
