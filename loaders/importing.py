"""What the document importers (:mod:`loaders.ocds`, :mod:`loaders.popolo`) share.

* :class:`ImportReport`: counts per kind (imported / unchanged / skipped), per file, and the
  problems found, each naming the file, the JSON path inside the document and the reason.
* :func:`read_documents`: a file's bytes to JSON documents. Encoding: strict UTF-8 first (a BOM
  is allowed, as are UTF-16/32 with a BOM); a file that is not UTF-8 is decoded only when the
  caller declares its encoding or when it is unambiguously ISO-8859-1 (see
  :func:`decode_document`); anything else is refused with a clear message. Text that looks
  double-encoded (UTF-8 read as Latin-1 and saved again) is refused too: nothing is ever stored
  as mojibake. JSON errors are reported with line and column; concatenated JSON and JSON Lines
  streams are read document by document, a bad document does not stop the others.
* :func:`make_id`: stable graph ids from the documents' own ids.
* Date helpers (calendar dates as written, imprecise year / year-month dates, record instants).
* :class:`HistoryWriter`: writes one "step" (e.g. one OCDS release) at a time with ``now=`` the
  step's date, so record time follows the documents' own history, and never adds a version on a
  re-run (see its docstring).
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.model.entities import ID_PATTERN, Node, Rel
from graph.model.schema import to_props
from graph.stores.base import GraphStore, InvalidWrite
from graph.stores.writes import node_write, rel_write

__all__ = [
    "Document",
    "EncodingRefused",
    "FileSummary",
    "HistoryWriter",
    "ImportReport",
    "Item",
    "KindCounts",
    "Problem",
    "calendar_date",
    "content_of",
    "decode_document",
    "dedupe",
    "file_labels",
    "id_part",
    "jpath",
    "make_id",
    "parse_instant",
    "partial_date",
    "read_documents",
    "validation_reason",
    "write_snapshot",
]

ID_RE = re.compile(ID_PATTERN)


# --- the report ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Something the importer could not use as it was.

    ``level`` is ``error`` (a document or record was not imported), ``warning`` (it was imported
    but a value was dropped or replaced; the original is kept in ``attributes``) or ``info``.
    """

    file: str
    path: str
    reason: str
    line: int | None = None
    level: str = "error"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.reason}"


@dataclass
class KindCounts:
    """Per kind: entities created, updated (got new versions), unchanged, skipped; versions written."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    versions: int = 0

    @property
    def imported(self) -> int:
        return self.created + self.updated

    def add(self, other: KindCounts) -> None:
        for f in ("created", "updated", "unchanged", "skipped", "versions"):
            setattr(self, f, getattr(self, f) + getattr(other, f))


@dataclass
class FileSummary:
    file: str
    encoding: str | None = None
    documents: int = 0
    formats: list[str] = field(default_factory=list)
    refused: str | None = None  # the reason the whole file was not read


_RANK = {"failed": 0, "superseded": 1, "unchanged": 2, "updated": 3, "created": 4}


@dataclass
class ImportReport:
    source: str
    files: dict[str, FileSummary] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # entity outcomes: id -> [kind, best outcome, file, versions written, reason]
    _outcomes: dict[str, list[Any]] = field(default_factory=dict, repr=False)
    _direct: dict[str, dict[str, KindCounts]] = field(default_factory=dict, repr=False)
    skip_reasons: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))

    # recording ---------------------------------------------------------------------------------
    def file(self, name: str) -> FileSummary:
        if name not in self.files:
            self.files[name] = FileSummary(name)
        return self.files[name]

    def problem(self, file: str, path: str, reason: str, *, line: int | None = None, level: str = "error") -> None:
        self.problems.append(Problem(file, path, reason, line, level))

    def outcome(self, kind: str, id_: str, outcome: str, file: str, *, reason: str | None = None) -> None:
        """Record what happened to one entity in one step (the best outcome over all steps wins)."""
        cur = self._outcomes.get(id_)
        wrote = outcome in ("created", "updated")
        if cur is None:
            self._outcomes[id_] = [kind, outcome, file, int(wrote), reason]
            return
        cur[3] += int(wrote)
        if cur[1] == "created" and outcome == "updated":
            cur[2] = file
            return
        if _RANK[outcome] >= _RANK[cur[1]]:
            cur[1], cur[2] = outcome, file
            if reason:
                cur[4] = reason

    def add_counts(self, kind: str, file: str, *, created: int = 0, updated: int = 0, unchanged: int = 0,
                   skipped: int = 0, reason: str | None = None) -> None:
        """Counts of a writer that does not track entities one by one (one write per entity)."""
        kc = self._direct.setdefault(file, {}).setdefault(kind, KindCounts())
        kc.created += created
        kc.updated += updated
        kc.unchanged += unchanged
        kc.skipped += skipped
        kc.versions += created + updated
        if skipped and reason:
            self.skip_reasons[kind][reason] += skipped

    # reading -----------------------------------------------------------------------------------
    def _per_file(self) -> dict[str, dict[str, KindCounts]]:
        out: dict[str, dict[str, KindCounts]] = {}
        for _id, (kind, outcome, file, versions, _reason) in self._outcomes.items():
            kc = out.setdefault(file, {}).setdefault(kind, KindCounts())
            if outcome == "created":
                kc.created += 1
            elif outcome == "updated":
                kc.updated += 1
            elif outcome == "unchanged":
                kc.unchanged += 1
            else:
                kc.skipped += 1
            kc.versions += versions
        for file, kinds in self._direct.items():
            for kind, c in kinds.items():
                out.setdefault(file, {}).setdefault(kind, KindCounts()).add(c)
        return out

    @property
    def counts(self) -> dict[str, KindCounts]:
        """Per kind (node kinds and relationship types), over all files."""
        total: dict[str, KindCounts] = {}
        for kinds in self._per_file().values():
            for kind, c in kinds.items():
                total.setdefault(kind, KindCounts()).add(c)
        return dict(sorted(total.items()))

    def entities(self) -> dict[str, str]:
        """``{id: kind}`` of every node and relationship this import wrote or compared (history writer)."""
        return {id_: v[0] for id_, v in self._outcomes.items()}

    def file_counts(self, file: str) -> dict[str, KindCounts]:
        return dict(sorted(self._per_file().get(file, {}).items()))

    def skipped_reasons(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {k: dict(v) for k, v in self.skip_reasons.items()}
        for _id, (kind, outcome, _file, _v, reason) in self._outcomes.items():
            if outcome in ("failed", "superseded"):
                r = reason or ("the store already holds a newer version" if outcome == "superseded" else "invalid")
                out.setdefault(kind, {})
                out[kind][r] = out[kind].get(r, 0) + 1
        return out

    def totals(self) -> KindCounts:
        t = KindCounts()
        for c in self.counts.values():
            t.add(c)
        return t

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary_lines(self) -> list[str]:
        """A human summary: per file, per kind, skipped and why, then every problem."""
        lines = [f"{self.source} import: {len(self.files)} file(s)"]
        per_file = self._per_file()
        for name, fs in self.files.items():
            if fs.refused:
                lines.append(f"  {name}: NOT IMPORTED: {fs.refused}")
                continue
            what = ", ".join(f"{n} × {f}" if n > 1 else f for f, n in Counter(fs.formats).items()) or "no documents"
            enc = f"encoding {fs.encoding}" if fs.encoding else "encoding ?"
            kinds = per_file.get(name, {})
            n_imp = sum(c.imported for c in kinds.values())
            n_same = sum(c.unchanged for c in kinds.values())
            n_skip = sum(c.skipped for c in kinds.values())
            lines.append(
                f"  {name}: {enc}; {fs.documents} document(s): {what}; "
                f"{n_imp} imported, {n_same} unchanged, {n_skip} skipped"
            )
        for kind, c in self.counts.items():
            lines.append(
                f"  {kind}: {c.imported} imported ({c.created} new, {c.updated} updated; "
                f"{c.versions} version(s) written), {c.unchanged} unchanged, {c.skipped} skipped"
            )
        for kind, reasons in sorted(self.skipped_reasons().items()):
            for reason, n in sorted(reasons.items()):
                lines.append(f"  skipped {n} {kind}: {reason}")
        errs = len(self.errors)
        warns = sum(1 for p in self.problems if p.level == "warning")
        lines.append(f"  problems: {errs} error(s), {warns} warning(s)")
        for p in self.problems:
            lines.append(f"    [{p.level}] {p}")
        return lines


# --- reading files -------------------------------------------------------------------------------


class EncodingRefused(Exception):
    """The bytes are not UTF-8 and their encoding is neither declared nor unambiguous."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason, self.line = reason, line


_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
)
_MULTIBYTE = ("gb18030", "big5", "shift_jis", "euc-kr")
_LATIN1_SYMBOLS = set("\u00a0¡¢£¥§©«®°±²³´µ¶·¹º»¼½¾¿¨ª")
# Classic double encoding: UTF-8 bytes of é, ñ, “ ... read as Latin-1/cp1252 and written again.
_MOJIBAKE = re.compile(r"[ÃÂ][\u0080-\u00bf]|â€[\u0080-\u00bf\u2018-\u201e\u2122\u0153\u02dc\u0161]")


def _line_of(raw: bytes, pos: int) -> int:
    return raw[:pos].count(b"\n") + 1


def _latin1_plausible(raw: bytes) -> str | None:
    """Why the bytes are not plausible ISO-8859-1 text, or None when they are."""
    for i, b in enumerate(raw):
        if 0x80 <= b <= 0x9F:
            return f"byte 0x{b:02x} at line {_line_of(raw, i)} is a C1 control character in ISO-8859-1"
    text = raw.decode("latin-1")
    for i, ch in enumerate(text):
        if ord(ch) < 0x80:
            continue
        if ch in _LATIN1_SYMBOLS or unicodedata.category(ch).startswith("L"):
            continue
        return f"character {ch!r} (byte 0x{ord(ch):02x}) at line {text.count(chr(10), 0, i) + 1} is not text"
    return None


def _inside_latin_words(text: str) -> bool:
    """True when every non-ASCII character directly follows an ASCII letter (``J鼠i`` for
    ``Jüri``): how Latin-1 accented words look when read as a double-byte CJK encoding. Real
    CJK text has runs of CJK characters that start after a quote, a space or punctuation."""
    for i, ch in enumerate(text):
        if ord(ch) >= 0x80 and not (i and text[i - 1].isascii() and text[i - 1].isalpha()):
            return False
    return True


def decode_document(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """``(text, encoding used)``; raises :class:`EncodingRefused` with a clear reason.

    Order: a declared encoding (the caller's, e.g. ``--encoding``); a UTF-32/UTF-16 byte-order
    mark; strict UTF-8 (BOM allowed); ISO-8859-1 only when that reading is unambiguous: every
    byte >= 0x80 decodes to a letter or a common Latin-1 sign, no byte is a C1 control (0x80-0x9F,
    where Windows-1252 and ISO-8859-1 differ), and no plausible reading as GB18030, Big5,
    Shift-JIS or EUC-KR exists (either the bytes do not decode as such, or every character that
    reading would give sits inside a Latin word, see :func:`_inside_latin_words`).
    Otherwise the file is refused with the reason.
    """
    if declared:
        try:
            text = raw.decode(declared)
        except LookupError:
            raise EncodingRefused(f"unknown encoding {declared!r}") from None
        except UnicodeDecodeError as exc:
            raise EncodingRefused(
                f"the declared encoding {declared} cannot decode byte 0x{raw[exc.start]:02x} "
                f"at offset {exc.start}", _line_of(raw, exc.start)
            ) from None
        return text.lstrip("\ufeff"), declared.lower()
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(codec), f"{name} (BOM)"
            except UnicodeDecodeError as exc:
                raise EncodingRefused(f"starts with a {name} byte-order mark but is not valid {name}: {exc.reason}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = f"byte 0x{raw[exc.start]:02x} at offset {exc.start}"
        why_not_latin1 = _latin1_plausible(raw)
        fits = []
        for enc in _MULTIBYTE:
            try:
                reading = raw.decode(enc)
            except UnicodeDecodeError:
                continue
            if why_not_latin1 is None and _inside_latin_words(reading):
                continue  # every "CJK" character would sit inside a Latin word: Latin-1 misread
            fits.append(enc.upper())
        if why_not_latin1 is None and not fits:
            return raw.decode("latin-1"), "iso-8859-1"
        if why_not_latin1 is None:
            guess = f"it could be ISO-8859-1 but also {' or '.join(fits)}: the encoding is ambiguous"
        elif fits:
            guess = f"it decodes as {' or '.join(fits)} (not as Latin text: {why_not_latin1})"
        else:
            guess = f"its encoding could not be recognised ({why_not_latin1})"
        raise EncodingRefused(
            f"not UTF-8 ({bad}); {guess}; convert it to UTF-8 (e.g. `iconv -f ENCODING -t UTF-8`) "
            f"or declare its encoding", _line_of(raw, exc.start)
        ) from None
    return text, "utf-8 (BOM)" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"


@dataclass
class Document:
    """One JSON document of a file; ``line`` is where it starts (None when the file is one document)."""

    index: int
    line: int | None
    data: Any


def _skip_ws(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _parse_stream(text: str, name: str, report: ImportReport) -> list[Document]:
    dec = json.JSONDecoder()
    docs: list[Document] = []
    pos, k, n = _skip_ws(text, 0), 0, len(text)
    line, counted = 1, 0
    while pos < n:
        line += text.count("\n", counted, pos)
        counted = pos
        try:
            obj, end = dec.raw_decode(text, pos)
            docs.append(Document(k, line, obj))
            pos = _skip_ws(text, end)
        except json.JSONDecodeError as exc:
            truncated = exc.pos >= n - 1 or _skip_ws(text, exc.pos) >= n
            what = "truncated JSON (the file ends inside the document)" if truncated else "invalid JSON"
            report.problem(name, f"document {k + 1}",
                           f"{what} (document starts at line {line}): {exc.msg} at line {exc.lineno} column {exc.colno}",
                           line=exc.lineno)
            # resynchronise at the next line that starts (column 1) with { or [
            nxt = text.find("\n", max(exc.pos, pos))
            while nxt != -1 and not text.startswith(("{", "["), nxt + 1):
                nxt = text.find("\n", nxt + 1)
            if nxt == -1:
                break
            pos = nxt + 1
        k += 1
    return docs


def read_documents(
    path: Path, report: ImportReport, *, stream_ok: bool, encoding: str | None = None, label: str | None = None
) -> tuple[str, list[Document]]:
    """``(file label, documents)`` of a file; problems go to the report, nothing raises."""
    name = label or path.name
    fs = report.file(name)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        fs.refused = f"cannot read the file: {exc.strerror or exc}"
        report.problem(name, "$", fs.refused)
        return name, []
    try:
        text, used = decode_document(raw, encoding)
    except EncodingRefused as exc:
        fs.refused = exc.reason
        report.problem(name, "$", f"whole file refused: {exc.reason}", line=exc.line)
        return name, []
    fs.encoding = used
    if used not in ("utf-8", "utf-8 (BOM)"):
        report.problem(name, "$", f"file is not UTF-8; read as {used.upper()}", level="info")
    m = _MOJIBAKE.search(text)
    if m:
        ln = text.count("\n", 0, m.start()) + 1
        fs.refused = (
            f"text looks double-encoded (mojibake {m.group()!r} at line {ln}: UTF-8 that was read as "
            f"Latin-1 and saved again); repair the file before importing it"
        )
        report.problem(name, "$", f"whole file refused: {fs.refused}", line=ln)
        return name, []
    start = _skip_ws(text, 0)
    if start >= len(text):
        fs.refused = "the file is empty"
        report.problem(name, "$", fs.refused)
        return name, []
    dec = json.JSONDecoder()
    try:
        obj, end = dec.raw_decode(text, start)
        if _skip_ws(text, end) >= len(text):
            fs.documents = 1
            return name, [Document(0, None, obj)]
        if not stream_ok:
            ln = text.count("\n", 0, end) + 1
            report.problem(name, "$", f"extra data after the JSON document at line {ln}", line=ln)
            fs.documents = 1
            return name, [Document(0, None, obj)]
    except json.JSONDecodeError as exc:
        if not stream_ok:
            report.problem(name, "$", f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
                           line=exc.lineno)
            fs.refused = f"invalid JSON at line {exc.lineno} column {exc.colno}"
            return name, []
    docs = _parse_lines(text, name, report) if _is_json_lines(text, path) else _parse_stream(text, name, report)
    fs.documents = len(docs)
    return name, docs


def _is_json_lines(text: str, path: Path) -> bool:
    """JSON Lines: by its suffix, or when the first non-empty line is a whole JSON document."""
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return True
    for line in text.split("\n"):
        if line.strip():
            try:
                json.loads(line)
                return True
            except json.JSONDecodeError:
                return False
    return False


def _parse_lines(text: str, name: str, report: ImportReport) -> list[Document]:
    docs: list[Document] = []
    lines = text.split("\n")
    k = 0
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            docs.append(Document(k, i, json.loads(line)))
        except json.JSONDecodeError as exc:
            last = i == len(lines) and not text.endswith("\n")
            what = "truncated JSON at the end of the file" if last else "invalid JSON"
            report.problem(name, f"document {k + 1}", f"{what}: {exc.msg} at line {i} column {exc.colno}", line=i)
        k += 1
    return docs


# --- ids -----------------------------------------------------------------------------------------

_PART_RE = re.compile(r"^[A-Za-z0-9_.\-/]{1,64}$")


def _sha(text: str, n: int = 16) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def id_part(value: Any) -> str:
    """A document id as one id component: kept when it is plain, else ``sha1-<16 hex>`` of it."""
    s = str(value).strip()
    if _PART_RE.match(s):
        return s
    return "sha1-" + _sha(s)


def make_id(*parts: Any) -> str:
    """``first:part:part...``: the first part is taken as is (a literal prefix such as ``ocds`` or
    an id made here), the others through :func:`id_part`. An id longer than 128 characters becomes
    ``<namespace>:sha1-<24 hex>`` of the whole (the namespace is what precedes the first colon)."""
    out = ":".join(id_part(p) if i else str(p) for i, p in enumerate(parts))
    if len(out) > 128:
        out = f"{str(parts[0]).split(':', 1)[0]}:sha1-{_sha(out, 24)}"
    if not ID_RE.match(out):  # pragma: no cover - parts[0] is always a literal prefix or an id
        raise ValueError(f"cannot make an id from {parts!r}")
    return out


def file_labels(paths: list[Path]) -> list[str]:
    """The name each file is reported under: its file name, or the path when names repeat."""
    names = [p.name for p in paths]
    return [p.name if names.count(p.name) == 1 else str(p) for p in paths]


# --- dates ---------------------------------------------------------------------------------------

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def parse_instant(value: Any) -> datetime | None:
    """An OCDS date-time as an aware UTC instant (a date without offset is taken as UTC)."""
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def calendar_date(value: Any) -> date | None:
    """The calendar date a date-time names, as written in the document (its own offset)."""
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


def partial_date(value: Any) -> tuple[date, date, str] | None:
    """``(first day, last day, precision)`` of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or None)."""
    if not isinstance(value, str):
        return None
    m = _PARTIAL.match(value.strip())
    if not m:
        whole = calendar_date(value)
        return (whole, whole, "day") if whole else None
    y, mo, d = m.group(1), m.group(2), m.group(3)
    try:
        if mo is None:
            return date(int(y), 1, 1), date(int(y), 12, 31), "year"
        if d is None:
            last = calendar.monthrange(int(y), int(mo))[1]
            return date(int(y), int(mo), 1), date(int(y), int(mo), last), "month"
        day = date(int(y), int(mo), int(d))
        return day, day, "day"
    except ValueError:
        return None


# --- paths and validation messages ---------------------------------------------------------------


def jpath(base: str, *steps: Any) -> str:
    """Append keys (``.key``) and indexes (``[i]``) to a JSON path."""
    out = base
    for s in steps:
        if isinstance(s, int):
            out += f"[{s}]"
        elif re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", str(s)):
            out += f".{s}"
        else:
            out += f"[{json.dumps(str(s), ensure_ascii=False)}]"
    return out


def validation_reason(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"]) or "-"
    msg = err["msg"]
    if "input" in err and not isinstance(err["input"], (dict, list)):
        msg = f"{msg} (got {err['input']!r})"
    return f"{loc}: {msg}"


# --- writing with record-time history ------------------------------------------------------------


def content_of(props: dict[str, Any]) -> dict[str, Any]:
    """What a version says, without bookkeeping and provenance (compared to decide "changed")."""
    return {
        k: v for k, v in props.items()
        if v is not None and not k.startswith("_") and not k.startswith("source_") and k != "recorded_at"
    }


@dataclass
class Item:
    """One node or relationship of a step, validated, with the file it comes from."""

    kind: str
    obj: Node | Rel
    file: str
    is_rel: bool = False

    @property
    def node(self) -> Node:
        if not isinstance(self.obj, Node):
            raise TypeError(f"{self.kind} {self.obj.id!r} is not a node")
        return self.obj

    @property
    def rel(self) -> Rel:
        if not isinstance(self.obj, Rel):
            raise TypeError(f"{self.kind} {self.obj.id!r} is not a relationship")
        return self.obj


@dataclass
class _Known:
    kind: str
    content: dict[str, Any]
    recorded_at: datetime | None


class HistoryWriter:
    """Writes steps in record-time order without ever adding a version on a re-run.

    For each item of a step: it is compared with the current stored version without its
    provenance (``source_*``): equal -> unchanged (no write, the first source stays); different
    and the step's date is later than the stored ``recorded_at`` -> a new version with
    ``now=`` the step's date; different but the store already holds a version recorded at or
    after that date -> skipped ("superseded"): history is never rewritten backwards. Because
    a re-run replays the same steps, each one is either equal or superseded: nothing changes.
    """

    def __init__(self, store: GraphStore, report: ImportReport) -> None:
        self.store = store
        self.report = report
        self.known: dict[str, _Known | None] = {}
        self.new_nodes: set[str] = set()  # nodes that did not exist before this import

    def _prefetch(self, items: list[Item]) -> None:
        """Avoid one read per item where possible: unknown nodes are found with one batch query,
        and a relationship with an endpoint that did not exist before cannot exist either."""
        nodes = [it.obj.id for it in items if not it.is_rel and it.obj.id not in self.known]
        if nodes:
            present = self.store.kinds_of(nodes)
            for id_ in nodes:
                if id_ not in present:
                    self.known[id_] = None
                    self.new_nodes.add(id_)
        for it in items:
            if it.is_rel and it.obj.id not in self.known and (
                    it.rel.src in self.new_nodes or it.rel.dst in self.new_nodes):
                self.known[it.obj.id] = None

    def _load(self, id_: str, is_rel: bool) -> _Known | None:
        if id_ not in self.known:
            if is_rel:
                r = self.store.get_rel(id_)
                self.known[id_] = None if r is None else _Known(r.type, content_of(r.props), r.props.get("recorded_at"))
            else:
                n = self.store.get_node(id_)
                self.known[id_] = None if n is None else _Known(n.kind, content_of(n.props), n.props.get("recorded_at"))
        return self.known[id_]

    def write_step(self, now: datetime, nodes: list[Item], rels: list[Item]) -> set[str]:
        """Write one step; returns the ids that could not be written (conflicts, store errors)."""
        failed: set[str] = set()
        self._write(now, nodes, failed)
        ok_rels = []
        for it in rels:
            ends = (it.rel.src, it.rel.dst)
            bad = [e for e in ends if e in failed or self._load(e, False) is None]
            if bad:
                self.report.outcome(it.kind, it.obj.id, "failed", it.file,
                                    reason=f"endpoint {bad[0]} was not imported")
                failed.add(it.obj.id)
                continue
            ok_rels.append(it)
        self._write(now, ok_rels, failed)
        return failed

    def _write(self, now: datetime, items: list[Item], failed: set[str]) -> None:
        self._prefetch(items)
        by_kind: dict[str, list[Item]] = {}
        for it in items:
            id_ = it.obj.id
            known = self._load(id_, it.is_rel)
            if known is not None and known.kind != it.kind:
                self.report.problem(it.file, it.obj.source.path or "$",
                                    f"id {id_!r} already exists as a {known.kind}, not a {it.kind}")
                self.report.outcome(it.kind, id_, "failed", it.file, reason="id exists as another kind")
                failed.add(id_)
                continue
            content = content_of(to_props(it.obj))
            if known is None:
                by_kind.setdefault(it.kind, []).append(it)
            elif known.content == content:
                self.report.outcome(it.kind, id_, "unchanged", it.file)
            elif known.recorded_at is not None and now <= known.recorded_at:
                self.report.outcome(it.kind, id_, "superseded", it.file,
                                    reason="the store already holds a version recorded at or after this release")
            else:
                by_kind.setdefault(it.kind, []).append(it)
        for kind, group in by_kind.items():
            try:
                if group[0].is_rel:
                    self.store.upsert_rels(kind, [rel_write(g.rel) for g in group], now=now)
                else:
                    self.store.upsert_nodes(kind, [node_write(g.node) for g in group], now=now)
            except InvalidWrite as exc:  # refused (a bad row); an outage or a fault stops the import (503, exit 3)
                for g in group:
                    self.report.problem(g.file, g.obj.source.path or "$", f"store refused the write: {exc}")
                    self.report.outcome(kind, g.obj.id, "failed", g.file, reason="store refused the write")
                    failed.add(g.obj.id)
                continue
            for g in group:
                id_ = g.obj.id
                was = self.known.get(id_)
                self.report.outcome(kind, id_, "created" if was is None else "updated", g.file)
                self.known[id_] = _Known(kind, content_of(to_props(g.obj)), now)


def dedupe(items: Iterable[Item]) -> list[Item]:
    """Keep the first item per id (a document may name the same thing twice)."""
    seen: set[str] = set()
    out = []
    for it in items:
        id_ = it.obj.id
        if id_ not in seen:
            seen.add(id_)
            out.append(it)
    return out


def write_snapshot(store: GraphStore, report: ImportReport, now: datetime, nodes: list[Item], rels: list[Item],
                   batch: int = 1000) -> None:
    """Write a document that has no history of its own (one version per entity, ``now=`` the
    import time). Idempotent through the stores' content hash: a re-run writes nothing new."""
    ids = [it.obj.id for it in nodes]
    existing: dict[str, str] = {}
    for i in range(0, len(ids), 20000):
        existing.update(store.kinds_of(ids[i:i + 20000]))
    failed: set[str] = set()
    good_nodes = []
    for it in nodes:
        id_ = it.obj.id
        if id_ in existing and existing[id_] != it.kind:
            report.problem(it.file, it.obj.source.path or "$",
                           f"id {id_!r} already exists as a {existing[id_]}, not a {it.kind}")
            report.add_counts(it.kind, it.file, skipped=1, reason="id exists as another kind")
            failed.add(id_)
        else:
            good_nodes.append(it)
    present = set(existing) | {it.obj.id for it in good_nodes}
    good_rels = []
    for it in rels:
        bad = [e for e in (it.rel.src, it.rel.dst) if e in failed or e not in present]
        if bad:
            report.add_counts(it.kind, it.file, skipped=1, reason="an endpoint was not imported")
        else:
            good_rels.append(it)
    for items, is_rel in ((good_nodes, False), (good_rels, True)):
        groups: dict[tuple[str, str], list[Item]] = {}
        for it in items:
            groups.setdefault((it.kind, it.file), []).append(it)
        for (kind, file), group in groups.items():
            for i in range(0, len(group), batch):
                chunk = group[i:i + batch]
                try:
                    if is_rel:
                        res = store.upsert_rels(kind, [rel_write(g.rel) for g in chunk], now=now)
                    else:
                        res = store.upsert_nodes(kind, [node_write(g.node) for g in chunk], now=now)
                except InvalidWrite as exc:  # refused (bad rows); an outage or a fault stops the import
                    report.problem(file, "$", f"store refused {len(chunk)} {kind} write(s): {exc}")
                    report.add_counts(kind, file, skipped=len(chunk), reason="store refused the write")
                    continue
                report.add_counts(kind, file, created=res.created, updated=res.updated, unchanged=res.unchanged)
