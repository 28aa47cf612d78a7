"""Synthetic bundle generator: a realistic (invented) province of governments, posts and officials.

``generate(out_dir, scale="demo"|"city"|"province", seed=0)`` writes a bundle folder that
``loaders.bundle.load_bundle`` reads (``manifest.json``, ``nodes/<Kind>.jsonl``,
``rels/<TYPE>.jsonl``) and returns the number of rows per node kind and relationship type.

What it contains (all names, codes, case numbers and documents are invented):

* the government tree province → prefectures (市/州) → counties (区/县/市) → townships (街道/镇/乡)
  with GB/T 2260-looking division codes, ``SUBORDINATE_TO`` child → parent;
* departments per government (``BELONGS_TO``), posts (``POST_IN``) with reporting lines
  (``REPORTS_TO``: 科长 → 局长 → 分管副市长 → 市长); a few sections move to another department once and
  some 分管 lines change when portfolios are redistributed after a new principal arrives;
* officials (hashed fake ID numbers only) and their tenures (``HOLDS``) 2005–2026 with turnover,
  vacancies, acting appointments (代县长 before election, a deputy acting during a vacancy),
  tenures whose end is unknown and start dates known only to the month or year;
* companies with check-digit-valid 统一社会信用代码, projects of every kind with their stages and the
  posts (sometimes officials) responsible for each stage, contracts signed by the official who
  held the signing post that day, about 10% breached (many within 30–365 days after the
  responsible post or the principal leader changed hands: 换届毁约), commitments, court judgments,
  and dishonesty records of every source kind.

Streaming: the tree is processed one block at a time (the province government, each prefecture
government with its departments, each county with its townships); a block's posts, tenures,
projects and records are generated and written, then dropped. Only the random generator
``random.Random(seed)`` drives choices, and nothing depends on hash order, time or environment,
so the same seed gives byte-identical files.

Rows omit null fields and false booleans (``acting``, ``end_unknown``); dates are ``YYYY-MM-DD``;
every row carries ``source`` (issuing authority and document number).

The package's modules, in the order the data flows:

* ``dates``: ``AS_OF`` and the day-ordinal helpers; ``scales``: the ``demo``/``city``/``province`` presets;
* ``vocab_names``, ``vocab_departments``, ``vocab_projects``, ``vocab_records``: the invented vocabulary;
  ``codes``: check-digit-valid credit codes and fake ID numbers;
* ``model``: the in-memory tree (units, posts, tenure slots, blocks) and queries on it;
  ``writer``: the ``nodes/``/``rels/`` JSONL files; ``base``: the generator's state and shared helpers;
* the generator's parts, one mixin each: ``geography`` (the division tree), ``governments``
  (governments, departments, posts), ``tenures`` (officials and HOLDS), ``reporting`` (POST_IN and
  REPORTS_TO), ``companies``, ``responsible`` (which post answers or signs), ``projects``,
  ``contracts``, ``commitments``, ``judgments``, ``records`` (dishonesty records);
* ``blocks``: the whole generator, walking the tree block by block; ``entry``: ``generate(...)``,
  the manifest and the ``python -m loaders.generate`` command line.
"""

from __future__ import annotations

from loaders.generate.dates import AS_OF
from loaders.generate.entry import GENERATOR, generate
from loaders.generate.scales import SCALES

__all__ = ["AS_OF", "GENERATOR", "SCALES", "generate"]
