"""Nothing a test needs lives outside the repository.

Reads every Python file under tests/ and fails on a path that leaves the repository: a
`Path(__file__).parents[N]` (or `.parent.parent…`) above the repository root, a `../` path, or a
path into the project's shared folder (the sample data the tests use is in tests/data/).
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent

_PARENTS_INDEX = re.compile(r"__file__\)(?:\.resolve\(\))?\.parents\[(\d+)\]")
_PARENT_CHAIN = re.compile(r"__file__\)(?:\.resolve\(\))?((?:\.parent\b)+)")
_OUTSIDE = [
    re.compile(r"""["'/]shared["'/]"""),  # the project's shared folder as a path part
    re.compile(r"""["']\.\.(?:/|["'])"""),  # "../x" or ".." as a path part
    re.compile(r"/work/"),  # an absolute path on the project's machines
]


def _python_files() -> list[Path]:
    # this file names the patterns it looks for; the second test shows the scan finds them
    return sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts and p != Path(__file__).resolve())


def escapes(path: Path, text: str) -> list[str]:
    """The places in `text` (the source of `path`, a file in the repository) that leave the repository."""
    # parents[0] of tests/unit/x.py is tests/unit, parents[2] the root: the deepest allowed index
    deepest = len(path.relative_to(ROOT).parts) - 1
    found = []
    for lineno, line in enumerate(text.splitlines(), 1):
        for m in _PARENTS_INDEX.finditer(line):
            if int(m.group(1)) > deepest:
                found.append(f"{lineno}: parents[{m.group(1)}] is above the repository root")
        for m in _PARENT_CHAIN.finditer(line):
            if m.group(1).count(".parent") - 1 > deepest:
                found.append(f"{lineno}: {m.group(1)} is above the repository root")
        for pattern in _OUTSIDE:
            if pattern.search(line):
                found.append(f"{lineno}: path outside the repository: {line.strip()}")
    return found


def test_no_test_reads_outside_the_repository():
    files = _python_files()
    assert len(files) > 20  # the scan really sees the test files
    bad = {str(p.relative_to(ROOT)): e for p in files if (e := escapes(p, p.read_text("utf-8")))}
    assert bad == {}


def test_the_scan_finds_each_kind_of_escape():
    here = TESTS / "unit" / "x.py"
    assert escapes(here, "ROOT = Path(__file__).resolve().parents[2]") == []
    assert escapes(here, "Path(__file__).resolve().parent.parent.parent / 'tests'") == []
    assert len(escapes(here, 'DATA = Path(__file__).resolve().parents[3] / "data"')) == 1
    assert len(escapes(TESTS / "x.py", 'DATA = Path(__file__).resolve().parents[2] / "data"')) == 1
    assert len(escapes(TESTS / "x.py", "D = Path(__file__).parent.parent.parent")) == 1
    assert len(escapes(here, 'DATA = ROOT / ".." / "shared" / "data"')) == 2
    assert len(escapes(here, 'open("../shared/data/x.json")')) == 2
    assert len(escapes(here, 'open("/work/other/x.json")')) == 1
