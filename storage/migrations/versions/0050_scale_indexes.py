"""Indexes for what the nudge sweep and the report ask of one organisation, so their cost follows that
organisation and not the whole database; and the mark that lets instances plan assessment reminders
once in a while instead of at every sweep. Answers get no new index: each would add some 70 bytes to every
answer kept (tests/reliability/test_ledger_growth.py), for a query that now runs every 10 minutes.

Revision ID: 0050_scale_indexes
Revises: 0003_plans, 0004_reports
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa


revision = "0050_scale_indexes"
# After the revisions that make the nudges and snapshots tables, which it indexes.
down_revision = ("0003_plans", "0004_reports")
branch_labels = None
depends_on = None

# Spelled out rather than taken from storage, so this revision stays what it was when the modules move on.
Moment = sa.DateTime(timezone=True)

INDEXES = (
    ("ix_assessments_organisation_started", "assessments", ["organisation_id", "started_at", "id"]),
    ("ix_conversations_organisation", "conversations", ["organisation_id", "bound_at"]),
    ("ix_nudges_tenant_conversation", "nudges", ["tenant_id", "conversation_id", "status"]),
    # With ix_nudges_status_due, both halves of the claim's "due, or its lease ran out" come from an index.
    ("ix_nudges_status_lease", "nudges", ["status", "lease_until"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    op.create_table(
        "planning_marks",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("planned_at", Moment, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("planning_marks")
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
