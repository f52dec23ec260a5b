"""Snapshots of completed assessments (for trends) and opt-ins to anonymous comparison.

Revision ID: 0004_reports
Revises: 0001
Create Date: 2025-01-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_reports"
down_revision = "0001"
branch_labels = None
depends_on = None

# Spelled out rather than taken from the storage modules, so this revision stays what it was.
Moment = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("taken_at", Moment, nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("score", sa.Text, nullable=False),
    )
    op.create_index("ix_snapshots_organisation", "snapshots", ["organisation_id", "taken_at"])
    op.create_table(
        "comparison_opt_ins",
        sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("opted_in", sa.Boolean, nullable=False),
        sa.Column("changed_by", sa.Text, nullable=False),
        sa.Column("changed_at", Moment, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("comparison_opt_ins")
    op.drop_index("ix_snapshots_organisation", table_name="snapshots")
    op.drop_table("snapshots")
