"""Action items of their own kind: "stay" items say what keeps a reached target (`part`: the model part,
"overall", a step, a perspective or "K"); every earlier item is an "action".

Revision ID: 0020_item_kind
Revises: 0012_item_ids
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0020_item_kind"
down_revision = "0012_item_ids"  # after the table is made and recreated on SQLite
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("action_items", sa.Column("kind", sa.Text, nullable=False, server_default="action"))
    op.add_column("action_items", sa.Column("part", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("action_items") as batch:
        batch.drop_column("part")
        batch.drop_column("kind")
