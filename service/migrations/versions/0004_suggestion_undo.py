"""suggestion undo: what an acceptance changed, so that it can be taken back

Suggestions accepted before this revision have nothing kept: they cannot be undone (the review
page and the API say so); rejections can.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("undo_plan", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("undo_digest", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.drop_column("undo_digest")
        batch_op.drop_column("undo_plan")
