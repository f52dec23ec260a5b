"""Roles and workshops: each member's role (politiker, ledning …), and workshops where a group in a team or
group chat answers each question and then agrees on the organisation's answer, with every vote kept.

Revision ID: 0035_workshops
Revises: 0001
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0035_workshops"
down_revision = "0001"
branch_labels = None
depends_on = None

# Spelled out rather than taken from storage, so this revision stays what it was when the modules move on.
Moment = sa.DateTime(timezone=True)


def _organisation_id() -> sa.Column:
    return sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
                     nullable=False)


def upgrade() -> None:
    op.add_column("members", sa.Column("work_role", sa.Text))
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _organisation_id(),
        sa.Column("unit_id", sa.Integer),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("conversation_id", sa.Text, nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("show_names", sa.Boolean, nullable=False),
        sa.Column("led_by", sa.Text, nullable=False),
        sa.Column("led_by_name", sa.Text, nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("rows", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("trail", sa.Text, nullable=False),
        sa.Column("phase", sa.Text, nullable=False),
        sa.Column("card_key", sa.Text, nullable=False),
        sa.Column("activity_id", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("started_at", Moment, nullable=False),
        sa.Column("updated_at", Moment, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_workshops_conversation", "workshops", ["tenant_id", "conversation_id", "status"])
    op.create_index("ix_workshops_organisation", "workshops", ["organisation_id"])
    op.create_table(
        "workshop_votes",
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("row_key", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Text, primary_key=True),
        _organisation_id(),
        sa.Column("user_name", sa.Text, nullable=False),
        sa.Column("work_role", sa.Text),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("answered_at", Moment, nullable=False),
    )
    op.create_table(
        "workshop_outcomes",
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("row_key", sa.Text, primary_key=True),
        _organisation_id(),
        sa.Column("value", sa.Text),
        sa.Column("comment", sa.Text),
        sa.Column("decided_by", sa.Text, nullable=False),
        sa.Column("decided_at", Moment, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("workshop_outcomes")
    op.drop_table("workshop_votes")
    op.drop_table("workshops")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("work_role")
