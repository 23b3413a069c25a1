"""Border statistics exports: safe to open in a spreadsheet."""

from __future__ import annotations


def test_exported_figures_never_become_spreadsheet_formulas() -> None:
    """A key typed at a desk (a nationality) must not run as a formula in Excel or LibreOffice."""
    from datetime import date as day

    from hudud.services.statistics import Stats, StatsFilter, table

    stats = Stats(StatsFilter(day(2026, 1, 1), day(2026, 1, 2)), by_nationality=[("=1+", 1), ("MAR", 2)])
    keys = {key for section, key, _value in table(stats) if section == "nationality"}
    assert keys == {"'=1+", "MAR"}
