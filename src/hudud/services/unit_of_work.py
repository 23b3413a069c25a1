"""Runs a use case in one transaction: all of it is stored, or none of it.

When the use case fails with a HududError, the transaction rolls back and the error's ``aftermath``
(the audit record of a denial, a failed-login count) is written in a fresh transaction, so a refused
request leaves a trace but never half of a change."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hudud.errors import HududError
from hudud.store.db import session_factory, transaction

T = TypeVar("T")


class UnitOfWork:
    """Entry points hold one of these and call ``run`` for every use case."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions: sessionmaker[Session] = session_factory(engine)

    def run(self, use_case: Callable[[Session], T]) -> T:
        try:
            with transaction(self.sessions) as session:
                return use_case(session)
        except HududError as error:
            if error.aftermath:
                with transaction(self.sessions) as session:
                    for work in error.aftermath:
                        work(session)
            raise
