"""A bounded memo for the pure hot paths (name analysis, keys, token similarity).

``functools.lru_cache`` keeps a linked node per entry; at a million list names and a stream of new
traveller names those nodes churn and keep the garbage collector busy with full collections. This
memo is a plain dict of immutable keys and values that is emptied when full: a cheap,
allocation-light cache whose worst case is a recomputation.

A function of one argument is keyed by the argument itself, not by the tuple of its arguments: a
dict of strings (keys and values) is one the collector never tracks, while a fresh tuple key makes
the dict tracked again — and walked whole at every full collection — until the next full collection
untracks it (CPython untracks dicts only then)."""

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
            # one argument: itself, unless it is a tuple (which could equal the arguments of a
            # call with several)
            key: object = args[0] if len(args) == 1 and type(args[0]) is not tuple else args
            value = cache.get(key, _MISSING)
            if value is not _MISSING:
                return value  # type: ignore[return-value]
            value = fn(*args, **kwargs)
            if len(cache) >= maxsize:
                cache.clear()
            cache[key] = value
            return value

        wrapper.cache = cache  # type: ignore[attr-defined]
        return wrapper

    return decorate
