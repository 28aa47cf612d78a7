"""The store interface: what every graph store (Neo4j, embedded) offers the rest of the product.

Stores speak in flat property dicts (see :func:`graph.model.schema.to_props`). Writes are idempotent
upserts keyed by ``id``: a row whose content hash equals the stored one changes nothing; a row
whose content differs becomes the current version, and the version it replaces is kept as a
revision with its record time (nothing is hard-deleted). Reads can ask for the state "as known
at" a record time.

The contract test suite (``tests/contract``) runs the same assertions against every store.
"""

from __future__ import annotations

import abc
import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

# The store's errors belong to the one hierarchy of graph.errors; they are re-exported here for
# the backends and the callers that name them by the store interface.
from graph.errors import ConflictError, InvalidWrite, StoreError, StoreFault, StoreUnavailable

__all__ = [
    "MAX_DEPTH",
    "ConflictError",
    "GraphStore",
    "InvalidWrite",
    "Neighbour",
    "NodeWrite",
    "RelWrite",
    "StoreError",
    "StoreFault",
    "StoreUnavailable",
    "StoredNode",
    "StoredRel",
    "WriteResult",
    "decode_cursor",
    "encode_cursor",
    "pick_version",
    "utcnow",
]

MAX_DEPTH = 3


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class NodeWrite:
    id: str
    props: dict[str, Any]
    hash: str


@dataclass(frozen=True)
class RelWrite:
    id: str
    src: str
    dst: str
    props: dict[str, Any]
    hash: str


@dataclass
class StoredNode:
    id: str
    kind: str
    props: dict[str, Any]

    def public_props(self) -> dict[str, Any]:
        return {k: v for k, v in self.props.items() if not k.startswith("_")}


@dataclass
class StoredRel:
    id: str
    type: str
    src: str
    dst: str
    props: dict[str, Any]

    def public_props(self) -> dict[str, Any]:
        return {k: v for k, v in self.props.items() if not k.startswith("_")}


@dataclass
class Neighbour:
    node: StoredNode
    depth: int
    via: StoredRel  # the relationship of the last hop that reached the node
    direction: str  # "out" when via points away from the previous node, else "in"


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: WriteResult) -> WriteResult:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def encode_cursor(*key: Any) -> str:
    raw = json.dumps(list(key), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    """Decode a cursor; raises ``ValueError`` on anything that is not one of ours."""
    try:
        pad = "=" * (-len(cursor) % 4)
        val = json.loads(base64.urlsafe_b64decode(cursor + pad).decode("utf-8"))
    except Exception as exc:
        raise ValueError("malformed cursor") from exc
    if not isinstance(val, list):
        raise ValueError("malformed cursor")
    return val


def pick_version(
    current: dict[str, Any], revisions: list[dict[str, Any]], as_of: datetime | None
) -> dict[str, Any] | None:
    """The version known at record time ``as_of``: the newest with ``recorded_at <= as_of``."""
    if as_of is None or current["recorded_at"] <= as_of:
        return current
    older = sorted((r for r in revisions if r["recorded_at"] <= as_of), key=lambda r: r["recorded_at"])
    return dict(older[-1]) if older else None


class GraphStore(abc.ABC):
    """The operations both stores implement, with the same answers."""

    name: str = "abstract"

    # lifecycle ------------------------------------------------------------------------------------
    @abc.abstractmethod
    def init_schema(self) -> None:
        """Create constraints and indexes (idempotent)."""

    @abc.abstractmethod
    def ping(self) -> None:
        """Raise :class:`StoreUnavailable` when the store cannot answer."""

    def close(self) -> None:  # noqa: B027  # pragma: no cover - a no-op default: stores holding nothing
        pass

    def worker_config(self) -> dict[str, Any] | None:
        """How another process opens this same store (keyword arguments of the class), for work
        split over processes; None when only this process can reach it (the embedded store)."""
        return None

    # writes ---------------------------------------------------------------------------------------
    @abc.abstractmethod
    def upsert_nodes(self, kind: str, rows: list[NodeWrite], now: datetime | None = None) -> WriteResult:
        """Create or update nodes of one kind (one transaction per call)."""

    @abc.abstractmethod
    def upsert_rels(self, type_: str, rows: list[RelWrite], now: datetime | None = None) -> WriteResult:
        """Create or update relationships of one kind; both endpoints must exist."""

    # reads ----------------------------------------------------------------------------------------
    @abc.abstractmethod
    def kinds_of(self, ids: Iterable[str]) -> dict[str, str]:
        """``{id: kind}`` for those ids that exist as nodes."""

    @abc.abstractmethod
    def get_node(self, id_: str, as_of: datetime | None = None) -> StoredNode | None:
        """The node, or its version as known at record time ``as_of``; None if unknown then."""

    @abc.abstractmethod
    def get_rel(self, id_: str, as_of: datetime | None = None) -> StoredRel | None:
        """The relationship, or its version as known at ``as_of``."""

    @abc.abstractmethod
    def history(self, id_: str) -> list[dict[str, Any]]:
        """All versions of a node or relationship, oldest first, each with its ``recorded_at``."""

    @abc.abstractmethod
    def search(
        self, kind: str | None, text: str, limit: int, after: str | None = None
    ) -> list[StoredNode]:
        """Nodes whose name or one of whose other names contains ``text``, case-insensitive
        (graph/stores/search_keys.py), ordered by id, ids > ``after``."""

    @abc.abstractmethod
    def neighbours(
        self,
        id_: str,
        *,
        depth: int = 1,
        node_kinds: list[str] | None = None,
        rel_types: list[str] | None = None,
        at: date | None = None,
        limit: int = 50,
        after: tuple[int, str] | None = None,
    ) -> list[Neighbour]:
        """Nodes within ``depth`` (1..MAX_DEPTH, else ValueError) hops, either direction, each at
        its shortest distance.

        Only relationships valid on ``at`` are followed when it is given; ``node_kinds`` filters
        the returned nodes (not the nodes passed through); ordered by (depth, id), keys > ``after``.
        """

    @abc.abstractmethod
    def counts(self) -> dict[str, int]:
        """Number of nodes per kind and relationships per type."""

    # domain reads (one round trip each; see queries/<name>.cypher for the exact pattern) --------
    @abc.abstractmethod
    def responsibility_facts(self, root_id: str) -> tuple[list[StoredNode], list[StoredRel]] | None:
        """The facts a backtrack of a contract or project needs (queries/responsibility_facts.cypher).

        None when ``root_id`` is not a contract or project. All dates are included; the caller
        decides what held on a given day.
        """

    @abc.abstractmethod
    def subordinate_governments(self, gov_id: str) -> list[str] | None:
        """Ids of every government below ``gov_id`` (sorted); None if it is not a government."""

    @abc.abstractmethod
    def turnover_candidates(
        self, *, days: int, governments: list[str] | None, kind: str | None,
        date_from: date | None, date_to: date | None,
    ) -> list[dict[str, Any]]:
        """Broken contracts/commitments with their watched posts and the posts' tenures
        (queries/turnover_contracts.cypher, turnover_commitments.cypher); a store may leave out
        posts with no change of holder within ``days`` before the breach and tenures outside the
        period: graph/responsibility/turnover.py decides."""

    # records, workflow, attribution and integrity files (issue 4) ---------------------------------
    @abc.abstractmethod
    def write_changes(
        self,
        nodes: list[tuple[str, NodeWrite]],
        rels: list[tuple[str, RelWrite]],
        now: datetime | None = None,
        expect: dict[str, str | None] | None = None,
        new_rels: list[tuple[str, RelWrite]] | None = None,
    ) -> WriteResult:
        """Node upserts then relationship upserts, ``(kind, row)`` each, in ONE transaction.

        ``expect`` makes it a compare-and-set: ``{id: content hash}`` (or None: "must not exist");
        when any current hash differs nothing is written and :class:`ConflictError` is raised. The
        Neo4j store takes the write lock on every expected node before comparing, so of two
        writers that read the same version exactly one succeeds.

        ``new_rels`` are relationships the caller has just read as absent (a propagation's new
        attributions): they are created without the per-row version check of an upsert, which
        costs most of a bulk write; if one exists after all (another writer created it meanwhile),
        nothing is written and :class:`ConflictError` is raised. Counted as ``created``.
        """

    @abc.abstractmethod
    def attribution_facts(self, record_ids: list[str]) -> tuple[list[StoredNode], list[StoredRel]]:
        """Every fact the propagation of these records needs, across all dates
        (queries/attribution_facts.cypher), with only the properties it reads (graph/stores/fact_rows.py)."""

    @abc.abstractmethod
    def attributions_of(self, record_ids: list[str], full: bool = True) -> list[StoredRel]:
        """The ATTRIBUTED_TO relationships (active or not) going out of these records; with
        ``full=False`` only ``id``, ``_hash`` and ``active`` (queries/attribution_hashes.cypher)."""

    @abc.abstractmethod
    def propagation_record_ids(self) -> list[str]:
        """Ids of the records whose subject is not an official (those that propagate), sorted."""

    @abc.abstractmethod
    def record_facts(self, record_id: str) -> tuple[list[StoredNode], list[StoredRel]] | None:
        """A record with its subject, evidence, objections, repairs and attributions
        (queries/record_facts.cypher); None when it is not a record."""

    @abc.abstractmethod
    def integrity_facts(self, official_id: str) -> tuple[list[StoredNode], list[StoredRel]] | None:
        """An official, the posts held, the records about them directly and by attribution, and
        the judgments those records rest on (queries/integrity_facts.cypher); None if no official."""

    @abc.abstractmethod
    def unit_integrity_facts(self, unit_id: str) -> tuple[list[StoredNode], list[StoredRel]] | None:
        """A government or department, its records and their attributions, its principal posts
        and their holders (queries/unit_integrity_facts.cypher); None if no such unit."""

    @abc.abstractmethod
    def revisions_of(self, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Superseded versions (node or relationship) of each id, any order."""

    @abc.abstractmethod
    def public_records(
        self, *, day: date, default_months: dict[str, int], limit: int, after: str | None = None
    ) -> list[dict[str, Any]]:
        """Published, active records in their publicity period on ``day``, ordered by id > ``after``
        (queries/public_records.cypher): ``{"record": props, "subject": {id, kind, name},
        "posts": [post names the subject official held on the decision date]}``."""

    @abc.abstractmethod
    def coverage_facts(self, day: date) -> list[dict[str, Any]]:
        """Per government: officials in office on ``day`` and how many have an identity-linked
        integrity file (``id_hash``) (queries/coverage.cypher)."""

    # whole populations (issue 11: derivation, evaluation, warnings, statistics) ------------------
    @abc.abstractmethod
    def population(self, labels: list[str], types: list[str]) -> tuple[list[StoredNode], list[StoredRel]]:
        """Every node of these kinds (all properties; officials: id, name, ``identity_linked``) and
        every relationship of these types, across all dates (queries/kind_nodes.cypher, kind_rels.cypher)."""

    # network metrics, exports and exchange (issue 12; graph/stores/*/network.py) -----------------
    @abc.abstractmethod
    def graph_version(self) -> str:
        """A cheap token that changes whenever a write changes the graph (caches key on it)."""

    @abc.abstractmethod
    def network_facts(self, gov_id: str) -> NetworkFacts | None:
        """The accountability network of a government and every government below it, across all
        dates (queries/network_nodes.cypher, network_rels.cypher); None if it is not a government."""

    @abc.abstractmethod
    def record_changes(
        self, *, since: datetime | None, until: datetime, limit: int, after: tuple[datetime, str] | None = None
    ) -> list[dict[str, Any]]:
        """Dishonesty records whose current version was recorded in (``since``, ``until``], ordered
        by (recorded_at, id) after ``after`` (queries/record_changes.cypher): ``{"record": props,
        "subject": {id, kind, name} | None, "evidence": [ids]}``."""


#: The properties a network read returns per node (never personal data: officials give their name).
NETWORK_NODE_KEYS = (
    "name", "level", "division_code", "category", "is_principal", "rank", "kind", "stage", "status",
    "signed_on", "breached_on", "made_on", "due_on", "broken_on", "effective_on", "performed",
    "severity", "source_kind", "decided_on", "valid_from", "valid_to",
)
#: The properties a network read returns per relationship.
NETWORK_REL_KEYS = ("valid_from", "valid_to", "end_unknown", "acting")
#: The node kinds of the accountability network (companies, objections and repairs are left out).
NETWORK_KINDS = (
    "Government", "Department", "Post", "Official", "Project", "ProjectStage", "Contract",
    "Commitment", "Judgment", "DishonestyRecord",
)


@dataclass
class NetworkFacts:
    """Compact rows of a network read: nodes ``(id, kind, props)`` and relationships
    ``(id, type, src, dst, props)`` with only :data:`NETWORK_NODE_KEYS` / :data:`NETWORK_REL_KEYS`."""

    root: str
    nodes: list[tuple[str, str, dict[str, Any]]]
    rels: list[tuple[str, str, str, str, dict[str, Any]]]
