"""The activity ledger keyed by who sent what where, keeping only what a re-send needs.

Revision ID: 0010_ledger
Revises: 0001
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_ledger"
down_revision = "0001"
branch_labels = None
depends_on = None

Moment = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Entries live for an hour at most, so the old ledger is dropped rather than converted.
    op.drop_table("activities")
    op.create_table(
        "activities",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("handled_at", Moment, nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("body", sa.Text),
    )
    op.create_index("ix_activities_handled_at", "activities", ["handled_at"])


def downgrade() -> None:
    op.drop_table("activities")
    op.create_table(
        "activities",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("claimed_at", Moment, nullable=False),
        sa.Column("status", sa.Integer),
        sa.Column("body", sa.Text),
    )
    op.create_index("ix_activities_claimed_at", "activities", ["claimed_at"])
