"""Safeguards: report link generations (to revoke an organisation's links), wrong invitation codes (to
throttle guessing), and the row the health check writes to.

Revision ID: 0011_safeguards
Revises: 0001
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_safeguards"
down_revision = "0001"
branch_labels = None
depends_on = None

# Spelled out rather than taken from storage, so this revision stays what it was when the modules move on.
Moment = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "report_links",
        sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("generation", sa.Integer, nullable=False),
        sa.Column("revoked_at", Moment, nullable=False),
    )
    op.create_table(
        "wrong_codes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("tried_at", Moment, nullable=False),
    )
    op.create_index("ix_wrong_codes_tenant_tried", "wrong_codes", ["tenant_id", "tried_at"])
    heartbeat = op.create_table(
        "heartbeat",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("beat_at", Moment),
    )
    # The one row every health check updates: there is nothing to insert, so no two instances race to.
    op.bulk_insert(heartbeat, [{"id": 1, "beat_at": None}])


def downgrade() -> None:
    op.drop_table("heartbeat")
    op.drop_table("wrong_codes")
    op.drop_table("report_links")
