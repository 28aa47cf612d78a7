"""The scale presets: how many governments, departments, posts, projects, companies and records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Range = tuple[int, int]


@dataclass(frozen=True)
class Scale:
    prefectures: int
    counties: Range  # per prefecture
    townships: Range  # per county
    province_depts: int  # 0: the province government has no departments at this scale
    depts: dict[str, Range]  # per government level
    gov_deputies: dict[str, Range]
    dept_deputies: dict[str, Range]
    sections: dict[str, Range]  # per department (township departments have none)
    subsection_p: float  # chance a section has a deputy chief
    staff: dict[str, Range]  # 科员 posts per section (per department in townships)
    projects: dict[str, Range]  # per government (its own and its departments')
    companies_per_prefecture: int
    big_companies: int
    record_rate: float  # free-standing dishonesty records per post
    move_p: float  # chance that a government moves one section to another department


# the shared fields of the full-size scales (keyword arguments of Scale)
_FULL: dict[str, Any] = dict(
    depts={"province": (50, 56), "prefecture": (42, 50), "county": (36, 46), "township": (7, 12)},
    gov_deputies={"province": (4, 5), "prefecture": (3, 5), "county": (3, 5), "township": (2, 4)},
    dept_deputies={"province": (3, 4), "prefecture": (2, 4), "county": (2, 4), "township": (0, 1)},
    sections={"province": (7, 12), "prefecture": (6, 11), "county": (4, 9)},
    subsection_p=0.5,
    staff={"province": (3, 8), "prefecture": (3, 8), "county": (3, 7), "township": (2, 6)},
    projects={"province": (300, 400), "prefecture": (250, 330), "county": (85, 125), "township": (1, 3)},
    big_companies=120,
    record_rate=0.5,
    move_p=0.5,
)

SCALES: dict[str, Scale] = {
    "demo": Scale(
        prefectures=1,
        counties=(4, 4),
        townships=(2, 3),
        province_depts=0,
        depts={"province": (0, 0), "prefecture": (14, 14), "county": (9, 10), "township": (3, 3)},
        gov_deputies={"province": (3, 3), "prefecture": (3, 4), "county": (2, 4), "township": (2, 3)},
        dept_deputies={"province": (1, 2), "prefecture": (1, 3), "county": (1, 2), "township": (0, 1)},
        sections={"province": (2, 3), "prefecture": (2, 3), "county": (1, 2)},
        subsection_p=0.3,
        staff={"province": (0, 1), "prefecture": (0, 1), "county": (0, 1), "township": (0, 1)},
        projects={"province": (0, 0), "prefecture": (16, 18), "county": (8, 10), "township": (1, 1)},
        companies_per_prefecture=70,
        big_companies=8,
        record_rate=0.45,
        move_p=1.0,
    ),
    "city": Scale(prefectures=1, counties=(10, 10), townships=(9, 16), province_depts=0,
                  companies_per_prefecture=2200, **_FULL),
    "province": Scale(prefectures=14, counties=(6, 11), townships=(9, 16), province_depts=1,
                      companies_per_prefecture=2200, **_FULL),
}
