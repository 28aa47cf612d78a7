"""Nesting depth of JSON text, measured without parsing it (so a 100,000-deep document costs
one linear scan, not a RecursionError)."""

from __future__ import annotations

__all__ = ["MAX_JSON_DEPTH", "json_depth", "too_deep"]

MAX_JSON_DEPTH = 64  # the default of the API (RETRACE_MAX_JSON_DEPTH) and the loader's limit

_OPEN = frozenset(b"[{")
_CLOSE = frozenset(b"]}")


def json_depth(raw: bytes | str, stop_at: int | None = None) -> tuple[int, int]:
    """``(deepest nesting, line of the first point that deep)``; stops early past ``stop_at``."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    depth = best = 0
    line = best_line = 1
    in_str = esc = False
    for b in data:
        if in_str:
            if esc:
                esc = False
            elif b == 92:  # backslash
                esc = True
            elif b == 34:  # quote
                in_str = False
            elif b == 10:
                line += 1
            continue
        if b == 34:
            in_str = True
        elif b in _OPEN:
            depth += 1
            if depth > best:
                best, best_line = depth, line
                if stop_at is not None and best > stop_at:
                    return best, best_line
        elif b in _CLOSE:
            depth -= 1
        elif b == 10:
            line += 1
    return best, best_line


def too_deep(raw: bytes | str, limit: int) -> int | None:
    """The line where ``raw`` first nests deeper than ``limit``, or None."""
    best, line = json_depth(raw, stop_at=limit)
    return line if best > limit else None
