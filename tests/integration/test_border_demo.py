"""``make demo`` shows a living border: weeks of crossings, cases in every state, overstayers; once."""

from __future__ import annotations

from sqlalchemy import func, select

from hudud.policy import Caller
from hudud.services import border, border_demo, demo
from hudud.services.identity import find_user, principal_of
from hudud.services.unit_of_work import UnitOfWork
from hudud.store.border_tables import BorderCase, BorderCrossing
from hudud.store.db import engine_for
from hudud.store.migrate import upgrade


def test_demo_has_weeks_of_crossings_cases_and_overstayers_and_loads_once(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(demo, "shared_data_dir", lambda: tmp_path / "no-shared-data")  # no UN list: faster
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    upgrade(url)
    uow = UnitOfWork(engine_for(url))
    uow.run(lambda s: demo.load_demo(s, tmp_path, travellers_per_state=5))
    crossings = uow.run(lambda s: s.execute(select(func.count(), func.min(BorderCrossing.at))).one())
    assert crossings[0] > 300
    statuses = uow.run(lambda s: set(s.scalars(select(BorderCase.status))))
    assert {"confirmed", "cleared"} <= statuses
    points = uow.run(lambda s: s.scalar(select(func.count(func.distinct(BorderCrossing.crossing_point_id)))))
    assert points >= 4  # airports, a port and land posts of three states
    supervisor = uow.run(lambda s: principal_of(find_user(s, "supervisor.mar")))
    assert uow.run(lambda s: len(border.overstayers(s, Caller(supervisor)))) >= 1
    assert uow.run(lambda s: border_demo.load_border_demo(s)) == 0
    assert uow.run(lambda s: s.scalar(select(func.count()).select_from(BorderCrossing))) == crossings[0]
