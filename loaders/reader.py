"""Reads the rows of one bundle file (CSV or JSON Lines, UTF-8) and validates them.

Everything that can go wrong with a file or a row becomes a :class:`Reject` naming the file, the
line, the field and the reason; nothing raises out of here for bad input.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from graph.access.limits import MAX_JSON_DEPTH, too_deep
from graph.access.personal import scan_fields

__all__ = ["Reject", "Row", "check_file", "decode_utf8", "iter_rows", "validate_row"]

csv.field_size_limit(10 * 1024 * 1024)


@dataclass(frozen=True)
class Reject:
    file: str
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.reason}"


@dataclass
class Row:
    file: str
    line: int
    data: dict[str, Any]


class FileProblem(Exception):
    def __init__(self, line: int, field: str, reason: str) -> None:
        super().__init__(reason)
        self.line, self.field, self.reason = line, field, reason


def decode_utf8(raw: bytes) -> str:
    """Strict UTF-8 (a BOM is allowed); raises :class:`FileProblem` at the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = "; it decodes as GBK/GB18030: convert it with `iconv -f GB18030 -t UTF-8`"
        except UnicodeDecodeError:
            pass
        raise FileProblem(
            line, "-", f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}{hint}"
        ) from None


_SOURCE_KEYS = {"document", "authority", "url", "path", "file", "line"}


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    """Gather flat ``source_x`` / ``source.x`` keys into ``source``; parse a JSON ``attributes``."""
    out: dict[str, Any] = {}
    source: dict[str, Any] = dict(data.get("source") or {}) if isinstance(data.get("source"), dict) else {}
    for k, v in data.items():
        if k == "source" and isinstance(v, dict):
            continue
        if (k.startswith("source_") or k.startswith("source.")) and k[7:] in _SOURCE_KEYS:
            source[k[7:]] = v
        else:
            out[k] = v
    if isinstance(out.get("attributes"), str) and too_deep(out["attributes"], MAX_JSON_DEPTH) is None:
        with contextlib.suppress(json.JSONDecodeError):  # validation reports it as "not a valid dictionary"
            out["attributes"] = json.loads(out["attributes"])
    out["source"] = source
    return out


def _check_utf8(path: Path) -> None:
    """Strict UTF-8 over the whole file, in chunks (nothing kept); FileProblem at the first bad
    byte (only then is the file read whole, to name the line, the offset and a likely encoding)."""
    dec = codecs.getincrementaldecoder("utf-8-sig")("strict")
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(1 << 20)
            try:
                dec.decode(chunk, final=not chunk)
            except UnicodeDecodeError:
                decode_utf8(path.read_bytes())  # raises FileProblem with the details
                raise FileProblem(1, "-", "not UTF-8") from None
            if not chunk:
                return


def _csv_header(reader: Any, allowed: set[str]) -> list[str] | None:
    try:
        header = next(reader)
    except StopIteration:
        return None
    header = [h.strip() for h in header]
    unknown = [h for h in header if h not in allowed]
    if unknown:
        raise FileProblem(
            1, unknown[0], f"unknown column {unknown[0]!r}; known columns: {', '.join(sorted(allowed))}"
        )
    dupes = {h for h in header if header.count(h) > 1}
    if dupes:
        raise FileProblem(1, sorted(dupes)[0], "column appears twice in the header")
    return header


def _csv_rows(fh: Any, rel: str, allowed: set[str]) -> Iterator[Row]:
    reader = csv.reader(fh)
    header = _csv_header(reader, allowed)
    if header is None:
        return
    start = reader.line_num + 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileProblem(start, "-", f"malformed CSV (truncated file?): {exc}") from None
        line = start
        start = reader.line_num + 1
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            yield Row(rel, line, {"__error__": f"expected {len(header)} fields, found {len(fields)}"
                                  + (" (truncated line?)" if len(fields) < len(header) else "")})
            continue
        yield Row(rel, line, {h: v for h, v in zip(header, fields, strict=True) if v != ""})


def _jsonl_rows(fh: Any, rel: str, allowed: set[str]) -> Iterator[Row]:
    for i, line in enumerate(fh, 1):
        if not line.strip():
            continue
        if too_deep(line, MAX_JSON_DEPTH) is not None:
            yield Row(rel, i, {"__error__": f"JSON nested deeper than {MAX_JSON_DEPTH} levels"})
            continue
        try:
            data = json.loads(line)
        except RecursionError:  # pragma: no cover - the depth check comes first
            yield Row(rel, i, {"__error__": "JSON nested too deep"})
            continue
        except json.JSONDecodeError as exc:
            truncated = not line.endswith("\n")  # only the last line of a file lacks its newline
            what = "truncated JSON at end of file" if truncated else "invalid JSON"
            yield Row(rel, i, {"__error__": f"{what}: {exc.msg} (column {exc.colno})"})
            continue
        if not isinstance(data, dict):
            yield Row(rel, i, {"__error__": "a line must hold one JSON object"})
            continue
        yield Row(rel, i, data)


def _allowed(model: type[BaseModel]) -> set[str]:
    allowed = set(model.model_fields) - {"recorded_at", "source"}
    return allowed | {f"source_{f}" for f in ("document", "authority", "url", "path")}


def check_file(path: Path, rel: str, model: type[BaseModel]) -> Reject | None:
    """A first pass that keeps nothing: the file-level problems that refuse a whole file
    (not UTF-8, unknown or repeated column, malformed CSV), found before any row is written."""
    try:
        _check_utf8(path)
        if path.suffix == ".csv":
            with open(path, encoding="utf-8-sig", newline="") as fh:
                for _ in _csv_rows(fh, rel, _allowed(model)):
                    pass
    except FileProblem as p:
        return Reject(rel, p.line, p.field, p.reason)
    return None


def iter_rows(path: Path, rel: str, model: type[BaseModel]) -> Iterator[Row]:
    """The rows of a file that passed :func:`check_file`, one at a time."""
    allowed = _allowed(model)
    if path.suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            yield from _csv_rows(fh, rel, allowed)
    else:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            yield from _jsonl_rows(fh, rel, allowed | {"source"})


M = TypeVar("M", bound=BaseModel)


def validate_row(row: Row, model: type[M], defaults: dict[str, Any]) -> M | Reject:
    """The row as a model (source file and line filled in), or the first reason it is invalid."""
    if "__error__" in row.data:
        return Reject(row.file, row.line, "-", row.data["__error__"])
    data = _normalise(row.data)
    for key in ("file", "line"):
        if key in data["source"]:
            return Reject(row.file, row.line, f"source_{key}", "set by the loader; remove the column")
    data["source"] = {**defaults, **data["source"], "file": row.file, "line": row.line}
    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"]) or "-"
        if loc.startswith("source."):
            loc = "source_" + loc[7:]
        reason = err["msg"]
        if err["type"] == "extra_forbidden":
            reason = "unknown field"
        elif "input" in err and err["type"] not in ("missing",) and not isinstance(err["input"], dict):
            reason = f"{reason} (got {err['input']!r})"
        return Reject(row.file, row.line, loc, reason)
    return _personal_data(obj, row) or obj


_KIND = {"id_number": "an ID number (身份证号)", "mobile": "a mobile number (手机号)"}


def _personal_data(obj: BaseModel, row: Row) -> Reject | None:
    """A reject naming the first free-text field holding an ID or mobile number, else None."""
    found = scan_fields(obj.model_dump(mode="python", exclude={"id_hash"}))
    if not found:
        return None
    field, kind = found[0]
    if field.startswith("source."):
        field = "source_" + field[7:]
    return Reject(row.file, row.line, field, f"contains {_KIND[kind]}; personal data may not be stored in free text")
