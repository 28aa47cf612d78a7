"""One small LRU cache for the indexed networks and the metric results of this process.

Keys always contain the store's graph version (``GraphStore.graph_version``), so a write makes
the old entries unreachable; they leave the cache as newer ones arrive. Entries are weighed
(an indexed network by its size in thousands of nodes) and the total weight is bounded.
:func:`clear` empties it (after a database wipe, which resets the Neo4j graph version).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

__all__ = ["MAX_WEIGHT", "clear", "get", "put"]

MAX_WEIGHT = 4000  # about four province networks, or thousands of metric results
_lock = threading.Lock()
_items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
_weight = 0


def get(key: Hashable) -> Any | None:
    with _lock:
        hit = _items.get(key)
        if hit is None:
            return None
        _items.move_to_end(key)
        return hit[0]


def put(key: Hashable, value: Any, weight: int = 1) -> None:
    global _weight
    with _lock:
        if key in _items:
            _weight -= _items.pop(key)[1]
        _items[key] = (value, weight)
        _weight += weight
        while _weight > MAX_WEIGHT and len(_items) > 1:
            _k, (_v, w) = _items.popitem(last=False)
            _weight -= w


def clear() -> None:
    global _weight
    with _lock:
        _items.clear()
        _weight = 0
