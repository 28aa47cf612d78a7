"""The domain reads, declared once as data: what each ``queries/<name>.cypher`` file fetches.

The Neo4j store runs the Cypher file; the embedded store interprets the declaration with one
generic traversal (:mod:`graph.stores.memory.traverse`). ``tests/unit/test_reads.py`` checks every
declaration against its Cypher file (the same relationship types, the same hop limits), so the
two cannot drift apart silently; the contract suite checks both stores answer alike.

A read starts from the nodes the caller names (those of ``root_kinds``; the set ``root``) and runs
its steps in order. Each step names the set of nodes it makes:

* :class:`Step` — ``MATCH (a)-[r:T1|T2]->(b)`` (or ``<-`` for ``direction="in"``) from every node
  ``a`` of the union of the ``start`` sets (of ``from_kinds`` when given), for ``hops`` (min, max)
  hops; ``b`` must be of ``kinds`` (when given), of none of ``not_kinds`` and have the properties
  ``where``; ``r`` must have the properties ``rel_where`` and be valid as ``valid`` says (below);
  with several hops every node passed must match (``REPORTS_TO*1..8`` between posts). The set is
  the nodes ``b`` (with ``min`` 0 also the start nodes); ``keep`` puts the relationships followed
  into the answer.
* :class:`Select` — the union of earlier sets, optionally only nodes of ``kinds`` / not of
  ``not_kinds``.
* :class:`Pick` — the smallest id of the first non-empty set among ``start`` (``ORDER BY x.id
  LIMIT 1``, ``coalesce``).

Dates: a read returns facts across all dates and the domain (``graph.facts``, the capabilities)
decides what held on a day. The few reads that page or count on a day (the public list, the
coverage report) or gather candidates for a period (turnover) say so with ``valid``:
``("on", p)`` — the relationship holds on the read parameter ``p`` (:func:`graph.model.temporal.valid_on`);
``("during", p, q)`` — it meets the period ``p``..``q`` (:func:`graph.model.temporal.overlaps`). The
rule itself is written once, in :mod:`graph.model.temporal`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "ATTRIBUTION_FACTS",
    "COVERAGE_HOLDINGS",
    "FACT_NODE_KEYS",
    "FACT_REL_KEYS",
    "GOVERNMENT_ON",
    "INTEGRITY_FACTS",
    "OFFICIAL_KEYS",
    "PUBLIC_RECORD_SUBJECT",
    "READS",
    "RECORD_FACTS",
    "RESPONSIBILITY_FACTS",
    "SUBORDINATE_GOVERNMENTS",
    "TURNOVER_COMMITMENTS",
    "TURNOVER_CONTRACTS",
    "UNITS",
    "UNIT_INTEGRITY_FACTS",
    "Pick",
    "Read",
    "Select",
    "Step",
]

UNITS = ("Government", "Department")

#: The properties the responsibility read returns (the Cypher file projects the same keys).
FACT_NODE_KEYS = ("id", "name", "is_principal", "stage", "valid_from", "valid_to", "start_date", "signed_on",
                  "breached_on", "status", "value", "kind", "source_document", "source_authority", "source_url",
                  "source_file", "source_line")
FACT_REL_KEYS = ("id", "valid_from", "valid_to", "acting", "end_unknown", "role", "signatory", "public_authority",
                 "source_document", "source_authority", "source_url", "source_file", "source_line", "source_path")
#: What of an official the record and unit reads give (``n {.id, .name, .recorded_at}``).
OFFICIAL_KEYS = ("id", "name", "recorded_at")


@dataclass(frozen=True)
class Step:
    name: str
    start: tuple[str, ...]
    types: tuple[str, ...]
    direction: str = "out"
    hops: tuple[int, int] = (1, 1)
    from_kinds: tuple[str, ...] | None = None
    kinds: tuple[str, ...] | None = None
    not_kinds: tuple[str, ...] = ()
    where: tuple[tuple[str, Any], ...] = ()
    rel_where: tuple[tuple[str, Any], ...] = ()
    valid: tuple[str, ...] | None = None
    keep: bool = True


@dataclass(frozen=True)
class Select:
    name: str
    start: tuple[str, ...]
    kinds: tuple[str, ...] | None = None
    not_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pick:
    name: str
    start: tuple[str, ...]


@dataclass(frozen=True)
class Read:
    """One domain read: its Cypher file, the kinds it starts from, its steps, and how nodes and
    relationships leave the store (``node_keys``/``rel_keys``: only these properties, None: all;
    ``slim``: kinds that leave with only :data:`OFFICIAL_KEYS`)."""

    cypher: tuple[str, ...]
    root_kinds: tuple[str, ...]
    steps: tuple[Step | Select | Pick, ...]
    node_keys: tuple[str, ...] | None = None
    rel_keys: tuple[str, ...] | None = None
    slim: tuple[str, ...] = ()

    def step_types(self) -> set[str]:
        return {t for s in self.steps if isinstance(s, Step) for t in s.types}


_PRINCIPAL = (("is_principal", True),)

#: Every fact a backtrack of a contract or project needs (A. surroundings, B. posts held by the
#: responsible and signing officials, C. reporting lines up to 8 hops, D. governments of the units
#: met and their principal posts, E. tenures and units of every post met).
RESPONSIBILITY_FACTS = Read(
    cypher=("responsibility_facts",),
    root_kinds=("Contract", "Project"),
    steps=(
        Step("root_projects", ("root",), ("FOR_PROJECT",)),
        Select("projects", ("root", "root_projects"), kinds=("Project",)),
        Step("parties", ("root",), ("HAS_PARTY",)),
        Step("signers", ("root",), ("SIGNED_BY",)),
        Step("signed_posts", ("root",), ("SIGNED_AS",)),
        Step("stages", ("projects",), ("HAS_STAGE",)),
        Step("owners", ("projects",), ("OWNED_BY",)),
        Step("responsible", ("stages",), ("RESPONSIBLE_FOR",), direction="in"),
        Select("officials", ("responsible", "signers"), kinds=("Official",)),
        Step("own", ("officials",), ("HOLDS",), kinds=("Post",)),
        Select("seeds", ("responsible", "signed_posts", "own"), kinds=("Post",)),
        Step("lines", ("seeds",), ("REPORTS_TO",), hops=(1, 8), kinds=("Post",)),
        Select("chain", ("seeds", "lines")),
        Step("post_units", ("chain",), ("POST_IN",)),
        Select("units", ("parties", "owners", "post_units"), not_kinds=("Company",)),
        Step("unit_governments", ("units",), ("BELONGS_TO",), kinds=("Government",)),
        Select("governments", ("units", "unit_governments"), kinds=("Government",)),
        Step("principals", ("governments",), ("POST_IN",), direction="in", kinds=("Post",), where=_PRINCIPAL),
        Select("posts", ("chain", "principals")),
        Step("tenures", ("posts",), ("HOLDS",), direction="in", kinds=("Official",)),
        Step("units_of_posts", ("posts",), ("POST_IN",)),
    ),
    node_keys=FACT_NODE_KEYS,
    rel_keys=FACT_REL_KEYS,
)

#: Every fact the propagation of a batch of records needs (the Cypher file's parts A to E); the
#: embedded store turns the answer into the compact rows of graph.stores.fact_rows.
ATTRIBUTION_FACTS = Read(
    cypher=("attribution_facts",),
    root_kinds=("DishonestyRecord",),
    steps=(
        Step("xs", ("root",), ("RECORD_SUBJECT", "EVIDENCED_BY")),
        Step("ys", ("xs",), ("CONCERNS",), from_kinds=("Judgment",)),
        Select("objs", ("xs", "ys")),
        Select("subject_units", ("xs",), kinds=UNITS),
        Step("contract_ends", ("objs",), ("FOR_PROJECT", "HAS_PARTY", "SIGNED_BY"), from_kinds=("Contract",),
             not_kinds=("Company",)),
        Select("objs1", ("objs", "contract_ends")),
        Step("stages", ("objs1",), ("HAS_STAGE",), from_kinds=("Project",)),
        Step("owners", ("objs1",), ("OWNED_BY",), from_kinds=("Project",)),
        Step("committers", ("objs1",), ("COMMITTED_BY",), from_kinds=("Commitment",)),
        Select("commitments", ("objs1",), kinds=("Commitment",)),
        Select("duties", ("stages", "commitments")),
        Select("object_units", ("objs1",), kinds=UNITS),
        Select("units", ("object_units", "owners", "committers"), not_kinds=("Official",)),
        Step("responsible", ("duties",), ("RESPONSIBLE_FOR",), direction="in"),
        Step("unit_governments", ("units",), ("BELONGS_TO",), kinds=("Government",)),
        Select("governments", ("units", "unit_governments"), kinds=("Government",)),
        Select("principal_units", ("subject_units", "governments")),
        Step("principals", ("principal_units",), ("POST_IN",), direction="in", kinds=("Post",), where=_PRINCIPAL),
        Select("officials", ("responsible",), kinds=("Official",)),
        Step("own", ("officials",), ("HOLDS",), kinds=("Post",)),
        Select("seeds", ("responsible", "own", "principals"), kinds=("Post",)),
        Step("reach", ("seeds",), ("REPORTS_TO",), hops=(0, 7), kinds=("Post",), keep=False),
        Step("lines", ("reach",), ("REPORTS_TO",), kinds=("Post",)),
        Select("posts", ("reach", "lines")),
        Step("tenures", ("posts",), ("HOLDS",), direction="in", kinds=("Official",)),
        Step("units_of_posts", ("posts",), ("POST_IN",)),
    ),
)

#: Every government below one (SUBORDINATE_TO points from child to parent), at most 6 levels.
SUBORDINATE_GOVERNMENTS = Read(
    cypher=("subordinate_governments",),
    root_kinds=("Government",),
    steps=(Step("below", ("root",), ("SUBORDINATE_TO",), direction="in", hops=(1, 6), kinds=("Government",),
                keep=False),),
)

#: A record with its subject, evidence and attributions, and the objections and repairs filed on it.
RECORD_FACTS = Read(
    cypher=("record_facts",),
    root_kinds=("DishonestyRecord",),
    steps=(
        Step("outs", ("root",), ("RECORD_SUBJECT", "EVIDENCED_BY", "ATTRIBUTED_TO")),
        Step("ins", ("root",), ("OBJECTS_TO", "REPAIRS"), direction="in"),
    ),
    slim=("Official",),
)

#: An official's integrity file: posts held and their units, records about the official directly
#: or by attribution, the judgments those records rest on.
INTEGRITY_FACTS = Read(
    cypher=("integrity_facts",),
    root_kinds=("Official",),
    steps=(
        Step("posts", ("root",), ("HOLDS",), kinds=("Post",)),
        Step("units", ("posts",), ("POST_IN",)),
        Step("records", ("root",), ("RECORD_SUBJECT", "ATTRIBUTED_TO"), direction="in", kinds=("DishonestyRecord",)),
        Step("judgments", ("records",), ("EVIDENCED_BY",), kinds=("Judgment",)),
    ),
)

#: A government's or department's integrity facts: its government, principal posts and their
#: holders, the records about it and their attributions.
UNIT_INTEGRITY_FACTS = Read(
    cypher=("unit_integrity_facts",),
    root_kinds=UNITS,
    steps=(
        Step("government", ("root",), ("BELONGS_TO",), kinds=("Government",)),
        Step("principals", ("root",), ("POST_IN",), direction="in", kinds=("Post",), where=_PRINCIPAL),
        Step("holders", ("principals",), ("HOLDS",), direction="in", kinds=("Official",)),
        Step("records", ("root",), ("RECORD_SUBJECT",), direction="in", kinds=("DishonestyRecord",)),
        Step("attributed", ("records",), ("ATTRIBUTED_TO",), kinds=("Official",)),
    ),
    slim=("Official",),
)

# --- candidates of turnover breaches (per contract / commitment; parameters start, end) ------------

#: A contract's watched posts (signatory's post; posts responsible for the project's stages between
#: signing and breach; principal posts of its government: the government party's, else the project
#: owner's) and all their tenures; the domain (graph/responsibility/turnover.py) decides which
#: tenures count and whether a change of holder falls in the window.
TURNOVER_CONTRACTS = Read(
    cypher=("turnover_contracts",),
    root_kinds=("Contract",),
    steps=(
        Step("project", ("root",), ("FOR_PROJECT",), kinds=("Project",)),
        Step("government_parties", ("root",), ("HAS_PARTY",), rel_where=(("role", "government"),)),
        Step("owners", ("project",), ("OWNED_BY",)),
        Pick("unit", ("government_parties", "owners")),
        Select("unit_government", ("unit",), kinds=("Government",)),
        Step("unit_governments", ("unit",), ("BELONGS_TO",), kinds=("Government",)),
        Pick("government", ("unit_government", "unit_governments")),
        Step("signers", ("root",), ("SIGNED_BY",), kinds=("Official",)),
        Pick("promiser", ("signers",)),
        Step("signatory", ("root",), ("SIGNED_AS",), kinds=("Post",)),
        Step("stages", ("project",), ("HAS_STAGE",), kinds=("ProjectStage",)),
        Step("responsible", ("stages",), ("RESPONSIBLE_FOR",), direction="in", kinds=("Post",),
             valid=("during", "start", "end")),
        Step("principal", ("government",), ("POST_IN",), direction="in", kinds=("Post",), where=_PRINCIPAL),
        Select("watched", ("signatory", "responsible", "principal")),
        Step("tenures", ("watched",), ("HOLDS",), direction="in", kinds=("Official",)),
    ),
)

#: A commitment's watched posts (posts responsible between promise and breach; the posts the
#: promising official held on the day of the promise; principal posts of the committing unit's
#: government) and all their tenures.
TURNOVER_COMMITMENTS = Read(
    cypher=("turnover_commitments",),
    root_kinds=("Commitment",),
    steps=(
        Step("project", ("root",), ("FOR_PROJECT",), kinds=("Project",)),
        Step("committing_units", ("root",), ("COMMITTED_BY",), kinds=UNITS),
        Pick("unit", ("committing_units",)),
        Select("unit_government", ("unit",), kinds=("Government",)),
        Step("unit_governments", ("unit",), ("BELONGS_TO",), kinds=("Government",)),
        Pick("government", ("unit_government", "unit_governments")),
        Step("committers", ("root",), ("COMMITTED_BY",), kinds=("Official",)),
        Pick("promiser", ("committers",)),
        Step("responsible", ("root",), ("RESPONSIBLE_FOR",), direction="in", kinds=("Post",),
             valid=("during", "start", "end")),
        Step("promised_as", ("promiser",), ("HOLDS",), kinds=("Post",), valid=("during", "start", "start")),
        Step("principal", ("government",), ("POST_IN",), direction="in", kinds=("Post",), where=_PRINCIPAL),
        Select("watched", ("responsible", "promised_as", "principal")),
        Step("tenures", ("watched",), ("HOLDS",), direction="in", kinds=("Official",)),
    ),
)

# --- the public list and the coverage report (parameters: the day) -------------------------------

#: A public record's subject and, for an official, the posts held on the decision date.
PUBLIC_RECORD_SUBJECT = Read(
    cypher=("public_records",),
    root_kinds=("DishonestyRecord",),
    steps=(
        Step("subject", ("root",), ("RECORD_SUBJECT",)),
        Step("posts", ("subject",), ("HOLDS",), from_kinds=("Official",), kinds=("Post",),
             valid=("on", "decided_on")),
    ),
)

#: An official's units on the day (a tenure certainly covering it, the post's unit on that day).
COVERAGE_HOLDINGS = Read(
    cypher=("coverage",),
    root_kinds=("Official",),
    steps=(
        Step("posts", ("root",), ("HOLDS",), kinds=("Post",), valid=("on", "day")),
        Step("units", ("posts",), ("POST_IN",), valid=("on", "day")),
    ),
)

#: A unit's government on the day: itself when a government, else where it belongs on the day.
GOVERNMENT_ON = Read(
    cypher=("coverage",),
    root_kinds=UNITS,
    steps=(
        Select("itself", ("root",), kinds=("Government",)),
        Step("belongs", ("root",), ("BELONGS_TO",), kinds=("Government",), valid=("on", "day")),
        Select("governments", ("itself", "belongs")),
    ),
)

#: Every declaration, for the check against the Cypher files.
READS: dict[str, Read] = {
    "responsibility_facts": RESPONSIBILITY_FACTS,
    "attribution_facts": ATTRIBUTION_FACTS,
    "subordinate_governments": SUBORDINATE_GOVERNMENTS,
    "record_facts": RECORD_FACTS,
    "integrity_facts": INTEGRITY_FACTS,
    "unit_integrity_facts": UNIT_INTEGRITY_FACTS,
    "turnover_contracts": TURNOVER_CONTRACTS,
    "turnover_commitments": TURNOVER_COMMITMENTS,
    "public_records": PUBLIC_RECORD_SUBJECT,
    "coverage": COVERAGE_HOLDINGS,
    "coverage_government": GOVERNMENT_ON,
}
