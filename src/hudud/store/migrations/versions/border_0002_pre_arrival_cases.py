"""border: pre-arrival cases from the passenger information unit

A target the unit confirmed becomes a hit case at the arrival crossing point before the traveller is
there: such a case has no crossing and no person yet (both columns become nullable) and points at its
target (``target_id``, one case per target). The desk fills ``crossing_id`` and ``traveller_id`` when
the expected traveller is presented.

Revision ID: border_0002
Revises: border_0001
Depends on: manifests_0001 (manifest_targets, referenced by target_id)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "border_0002"
down_revision = "border_0001"
branch_labels = None
depends_on = "manifests_0001"


def upgrade() -> None:
    with op.batch_alter_table("border_cases", schema=None) as batch_op:
        batch_op.alter_column("crossing_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("traveller_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("target_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint("uq_border_cases_target", ["target_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_border_cases_target_id_manifest_targets"),
            "manifest_targets",
            ["target_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    # pre-arrival cases that never met their traveller have no crossing: they cannot stay in the old shape
    op.execute("DELETE FROM border_cases WHERE crossing_id IS NULL OR traveller_id IS NULL")
    with op.batch_alter_table("border_cases", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_border_cases_target_id_manifest_targets"), type_="foreignkey")
        batch_op.drop_constraint("uq_border_cases_target", type_="unique")
        batch_op.drop_column("target_id")
        batch_op.alter_column("traveller_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("crossing_id", existing_type=sa.Integer(), nullable=False)
