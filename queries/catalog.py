"""Loads the ``.cypher`` files of this folder once and fills their name slots safely.

Values always travel as query parameters. A few queries need a label, a relationship type or a
hop count inside the query text (Cypher cannot take those as parameters); such a slot is written
``{{label}}`` / ``{{type}}`` / ``{{depth}}`` in the file. :func:`render` fills it only with a name
from the caller's allow-list (the graph schema) that is also a plain identifier, or a small
integer, so nothing from a request can ever become query text.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

__all__ = ["load", "render", "statements"]

_DIR = Path(__file__).parent
_SLOT = re.compile(r"\{\{(\w+)\}\}")
_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@cache
def load(name: str) -> str:
    """The text of ``queries/<name>.cypher``."""
    path = _DIR / f"{name}.cypher"
    if not path.is_file():
        raise KeyError(f"no query file {path.name}")
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=1024)
def _render(name: str, slots: tuple[tuple[str, str], ...]) -> str:
    values = dict(slots)
    text = load(name)
    needed = set(_SLOT.findall(text))
    if needed != set(values):
        raise ValueError(f"{name}.cypher needs slots {sorted(needed)}, got {sorted(values)}")
    return _SLOT.sub(lambda m: values[m.group(1)], text)


def render(name: str, allowed: frozenset[str] | set[str] = frozenset(), **slots: str | int) -> str:
    """Query text with its slots filled; every name must be in ``allowed``, every int in 1..9."""
    clean: list[tuple[str, str]] = []
    for key, val in slots.items():
        if isinstance(val, int):
            if not 1 <= val <= 9:
                raise ValueError(f"slot {key}={val} out of range")
        elif not (_IDENT.match(val) and val in allowed):
            raise ValueError(f"slot {key}={val!r} is not an allowed name")
        clean.append((key, str(val)))
    return _render(name, tuple(sorted(clean)))


def statements(name: str) -> list[str]:
    """The statements of a multi-statement file (split on ``;`` at line ends), comments removed."""
    out = []
    for chunk in re.split(r";\s*$", load(name), flags=re.M):
        body = "\n".join(line for line in chunk.splitlines() if not line.strip().startswith("//"))
        if body.strip():
            out.append(body.strip())
    return out
