"""Migration of identity hashes to the keyed form (``retrace identity migrate``).

Older data stored ``id_hash`` as an unkeyed SHA-256 of the ID number, which can be reversed by
enumerating the ID space. The keyed hash is HMAC(key, that SHA-256) (:mod:`graph.access.personal`),
so each stored legacy value is rewrapped without needing the number. The store remembers which
key's fingerprint the data is hashed under (access row ``meta/identity``), so the migration runs
once per store and refuses to wrap twice.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from graph.access.personal import key_fingerprint, rewrap_legacy
from graph.errors import InvalidRequest
from graph.model.schema import content_hash
from graph.stores.access import AccessStore
from graph.stores.base import GraphStore, NodeWrite

__all__ = ["identity_state", "migrate_identity_hashes"]

PAGE = 500


def identity_state(store: Any) -> dict[str, Any] | None:
    return store.access_get("meta", "identity")


def migrate_identity_hashes(store: GraphStore, key: str, *, dry_run: bool = False) -> dict[str, Any]:
    state = identity_state(store)
    fp = key_fingerprint(key)
    if state is not None:
        raise InvalidRequest(f"identity hashes are already keyed (key {state['key_fingerprint']}); "
                             "rotating the key means re-importing identities (docs/security.md)")
    rows: list[NodeWrite] = []
    after: str | None = None
    seen = 0
    while True:
        page = store.search("Official", "", PAGE, after)
        if not page:
            break
        for n in page:
            seen += 1
            full = store.get_node(n.id)
            legacy = full.props.get("id_hash") if full else None
            if not legacy:
                continue
            assert full is not None  # legacy came from it
            props = {k: v for k, v in full.props.items() if not k.startswith("_") and k != "recorded_at"}
            props["id_hash"] = rewrap_legacy(legacy, key)
            rows.append(NodeWrite(n.id, props, content_hash(props)))
        after = page[-1].id
    if not dry_run:
        for i in range(0, len(rows), PAGE):
            store.upsert_nodes("Official", rows[i:i + PAGE])
        assert isinstance(store, AccessStore)  # both stores keep the access rows
        store.access_put("meta", "identity", {"key_fingerprint": fp,
                                              "migrated_at": datetime.now(UTC).isoformat(),
                                              "rewrapped": len(rows)})
    return {"officials": seen, "rewrapped": len(rows), "key_fingerprint": fp, "dry_run": dry_run}
