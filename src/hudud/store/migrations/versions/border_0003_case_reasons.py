"""border: a hit case keeps the reasons of its hit

The case stored only the English explanation; ``reasons`` holds the same evidence as data (a list of
``hudud.screening.reasons.Reason.as_dict()``) so that the case page words it in the reader's language.
Nullable: older cases, cases from bulk re-screening and pre-arrival cases keep their text only.

Revision ID: border_0003
Revises: border_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "border_0003"
down_revision = "border_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("border_cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reasons", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("border_cases", schema=None) as batch_op:
        batch_op.drop_column("reasons")
