"""Collaborations (samverkan): members across tenants, their invitation codes and the log of who joined and left.

Revision ID: 0040_collaborations
Revises: 0001
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0040_collaborations"
down_revision = "0001"
branch_labels = None
depends_on = None

# Spelled out rather than taken from storage, so this revision stays what it was when the modules move on.
Moment = sa.DateTime(timezone=True)


def _collaboration_id(**options) -> sa.Column:
    return sa.Column("collaboration_id", sa.String(32), sa.ForeignKey("collaborations.id", ondelete="CASCADE"),
                     nullable=False, **options)


def upgrade() -> None:
    op.create_table(
        "collaborations",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.Text, nullable=False),
        sa.Column("admin_organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("created_at", Moment, nullable=False),
    )
    op.create_index("ix_collaborations_name_key", "collaborations", ["name_key"])
    op.create_table(
        "collaboration_organisations",
        _collaboration_id(primary_key=True),
        sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("joined_at", Moment, nullable=False),
    )
    op.create_index("ix_collaboration_organisations_organisation", "collaboration_organisations",
                    ["organisation_id"])
    op.create_table(
        "collaboration_invitations",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        _collaboration_id(),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("expires_at", Moment, nullable=False),
    )
    op.create_table(
        "collaboration_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _collaboration_id(),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("organisation_id", sa.String(32), nullable=False),
        sa.Column("organisation_name", sa.Text, nullable=False),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("actor_organisation_id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("user_name", sa.Text, nullable=False),
        sa.Column("happened_at", Moment, nullable=False),
    )
    op.create_index("ix_collaboration_events_collaboration", "collaboration_events",
                    ["collaboration_id", "happened_at"])


def downgrade() -> None:
    op.drop_table("collaboration_events")
    op.drop_table("collaboration_invitations")
    op.drop_table("collaboration_organisations")
    op.drop_table("collaborations")
