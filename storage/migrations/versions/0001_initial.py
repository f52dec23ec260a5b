"""Organisations, their answers and assessments, bot state documents and the activity ledger.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Spelled out rather than taken from schema.py, so this revision stays what it was when schema.py moves on.
Moment = sa.DateTime(timezone=True)


def _organisation_id() -> sa.Column:
    return sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("target", sa.Text),
        sa.UniqueConstraint("tenant_id", "name_key", name="uq_organisations_tenant_name"),
    )
    op.create_table(
        "members",
        sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.Text, primary_key=True),
        sa.Column("user_name", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
    )
    op.create_table(
        "conversations",
        sa.Column("tenant_id", sa.Text, primary_key=True),
        sa.Column("conversation_id", sa.Text, primary_key=True),
        _organisation_id(),
        sa.Column("bound_at", Moment, nullable=False),
    )
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _organisation_id(),
        sa.Column("row_key", sa.Text, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("user_name", sa.Text, nullable=False),
        sa.Column("answered_at", Moment, nullable=False),
    )
    op.create_index("ix_answers_organisation_row", "answers", ["organisation_id", "row_key"])
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _organisation_id(),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("started_by", sa.Text, nullable=False),
        sa.Column("started_at", Moment, nullable=False),
        sa.Column("completed_at", Moment),
    )
    op.create_index("ix_assessments_organisation", "assessments", ["organisation_id"])
    op.create_table(
        "documents",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("etag", sa.String(32), nullable=False),
    )
    op.create_table(
        "activities",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("claimed_at", Moment, nullable=False),
        sa.Column("status", sa.Integer),
        sa.Column("body", sa.Text),
    )
    op.create_index("ix_activities_claimed_at", "activities", ["claimed_at"])


def downgrade() -> None:
    for table in ("activities", "documents", "assessments", "answers", "conversations", "members", "organisations"):
        op.drop_table(table)
