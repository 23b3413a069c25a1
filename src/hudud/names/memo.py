"""A bounded memo for the pure hot paths (name analysis, keys, token similarity).

``functools.lru_cache`` keeps a linked node per entry; at a million list names and a stream of new
traveller names those nodes churn and keep the garbage collector busy with full collections. This
memo is a plain dict of immutable keys and values (which the collector soon stops tracking) that is
emptied when full: a cheap, allocation-light cache whose worst case is a recomputation."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Final, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
_MISSING: Final = object()


def memo(maxsize: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Memoise a function of hashable positional arguments (a call with keywords is not memoised)."""

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        cache: dict[object, R] = {}

        @wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            if kwargs:
                return fn(*args, **kwargs)
            value = cache.get(args, _MISSING)
            if value is not _MISSING:
                return value  # type: ignore[return-value]
            value = fn(*args, **kwargs)
            if len(cache) >= maxsize:
                cache.clear()
            cache[args] = value
            return value

        wrapper.cache = cache  # type: ignore[attr-defined]
        return wrapper

    return decorate
