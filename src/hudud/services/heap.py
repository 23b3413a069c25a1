"""What a process keeps for long — a screening index and the lists behind it — kept out of the
garbage collector's way.

CPython's collector walks every tracked object in a full collection, and a full collection comes
whenever the objects that survived younger collections grow by a quarter. A screening index is
millions of such objects that live as long as their list version: measured on a 200,000-person
list, a full collection took about 0.3 s and one came every few thousand travellers (pauses of
0.45 and 0.6 s an officer at the desk would see); building the index, the collector walked the
growing heap again and again (a tenth of the build). The remedy is the one long-running Python
services use (``gc.freeze``): build with the collector paused, then move everything alive to the
permanent generation, which collections skip. Frozen objects are still freed when their last
reference goes: a replaced index holds no reference cycles (a test checks), so nothing is kept."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived() -> Iterator[None]:
    """Build what is inside with no collection on the way, then freeze everything alive."""
    gc.collect()  # garbage from before is collected now, not frozen
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()
