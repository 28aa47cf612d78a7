"""Static checks as part of the test command: ruff (lint) and mypy (types), configured in pyproject.toml.

Run only these with ``pytest -k static``. Each test runs the tool from the same environment as the tests
(next to the running interpreter) over the repository and fails with the tool's own report.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["api", "graph", "loaders", "cli", "queries", "policies"]


def _tool(name: str) -> str:
    """The tool installed beside this interpreter (the venv's), else the one on PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: install the test extra (pip install -e '.[test]')")
    return found


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=600)


def test_static_ruff_is_clean() -> None:
    res = _run([_tool("ruff"), "check", "--no-cache", *PACKAGES, "tests", "bench", "scripts"])
    assert res.returncode == 0, f"ruff check found problems:\n{res.stdout}{res.stderr}"


def test_static_mypy_is_clean() -> None:
    # the packages come from [tool.mypy] packages in pyproject.toml
    res = _run([_tool("mypy")])
    assert res.returncode == 0, f"mypy found problems:\n{res.stdout}{res.stderr}"
