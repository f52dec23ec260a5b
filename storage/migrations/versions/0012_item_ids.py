"""Action item ids are never given out again on SQLite either: plan buttons name items by id, and a deleted
item's button must not reach a later item. PostgreSQL's sequences never reuse ids already.

Revision ID: 0012_item_ids
Revises: 0003_plans
Create Date: 2026-11-30
"""
from alembic import op

revision = "0012_item_ids"
down_revision = "0003_plans"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("action_items", recreate="always", table_kwargs={"sqlite_autoincrement": True}):
            pass


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("action_items", recreate="always"):
            pass
