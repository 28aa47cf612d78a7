"""Policy files: validation, jurisdiction choice, versions (no store needed)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from graph.model.policy import POLICY_DIR, PolicyError, load_policies
from graph.model.temporal import add_months


def copy(tmp_path: Path) -> Path:
    d = tmp_path / "p"
    shutil.copytree(POLICY_DIR, d, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return d


def test_shipped_policies_load_and_cite_their_defaults():
    ps = load_policies()
    d = ps.default
    assert d.jurisdiction == "*" and d.version_id.startswith("2024.1-")
    assert (d.propagation.roles.responsible, d.propagation.decay, d.propagation.acting_factor) == (1.0, 0.5, 0.8)
    assert [d.publicity.of(s).max_months for s in ("light", "general", "serious")] == [3, 12, 36]
    assert ps.for_code("441900").jurisdiction == "4419" and ps.for_code("431000").jurisdiction == "*"
    assert ps.for_code(None) is d
    dg = ps.by_jurisdiction("4419")
    assert dg.propagation.roles.principal_leader == 0.7 and dg.propagation.roles.responsible == 1.0  # inherited
    assert dg.publicity == d.publicity


@pytest.mark.parametrize("edit,message", [
    ("  decay: 0.5", "  decay: 1.5"),
    ("  max_hops: 4", "  max_hops: 4\n  surprise: 1"),
    ("  light:   {min_months: 1,  max_months: 3,  default_months: 3}",
     "  light:   {min_months: 1,  max_months: 3,  default_months: 6}"),
])
def test_invalid_default_is_refused_with_the_file(tmp_path, edit, message):
    d = copy(tmp_path)
    f = d / "default.yaml"
    text = f.read_text(encoding="utf-8")
    assert edit in text
    f.write_text(text.replace(edit, message), encoding="utf-8")
    with pytest.raises(PolicyError, match=r"default\.yaml"):
        load_policies(d)


def test_jurisdiction_may_override_only_propagation(tmp_path):
    d = copy(tmp_path)
    (d / "4301.yaml").write_text("extends: default\njurisdiction: '4301'\ntitle: x\n"
                                 "publicity: {light: {min_months: 1, max_months: 3, default_months: 1}}\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="may override only"):
        load_policies(d)


def test_version_changes_with_content(tmp_path):
    d = copy(tmp_path)
    before = load_policies(d).default.version_id
    f = d / "default.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("  decay: 0.5", "  decay: 0.4"), encoding="utf-8")
    after = load_policies(d).default.version_id
    assert before != after and after.startswith("2024.1-")  # same explicit version, new content hash


def test_add_months_clamps():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
    assert add_months(date(2024, 5, 15), -12) == date(2023, 5, 15)
