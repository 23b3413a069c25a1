"""manifests: which lists a manifest was screened against, and when

Revision ID: manifests_0002
Revises: manifests_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "manifests_0002"
down_revision = "manifests_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("manifests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("screened_with", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("screened_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("manifests", schema=None) as batch_op:
        batch_op.drop_column("screened_at")
        batch_op.drop_column("screened_with")
