"""Errors of the documents area, in the project's one exception tree."""

from __future__ import annotations

from collections.abc import Mapping

from hudud.errors import InvalidInput


class InvalidMRZ(InvalidInput):
    """The text cannot be read as an MRZ at all (wrong shape, characters no MRZ can hold).

    Check-digit and field failures are not raised: they are reported in ``MRZ.errors`` so the
    officer still sees every field that could be read.
    """

    code = "invalid_mrz"

    def __init__(
        self,
        message: str,
        *,
        values: Mapping[str, object] | None = None,
        field: str = "mrz",
        line: int | None = None,
        column: int | None = None,
    ):
        super().__init__(message, values=values, field=field, line=line, column=column)
        self.field = field
        self.line = line
        self.column = column
