"""Invitation codes for joining an organisation.

Revision ID: 0005_members
Revises: 0001
Create Date: 2025-01-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_members"
down_revision = "0001"
branch_labels = None
depends_on = None

# Spelled out rather than taken from storage, so this revision stays what it was when the modules move on.
Moment = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "invitations",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("expires_at", Moment, nullable=False),
    )
    op.create_index("ix_invitations_organisation", "invitations", ["organisation_id"])


def downgrade() -> None:
    op.drop_table("invitations")
