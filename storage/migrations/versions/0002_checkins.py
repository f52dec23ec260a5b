"""Quick checks before a procurement, their answers, preparedness answers and follow-up wishes.

Revision ID: 0002_checkins
Revises: 0001
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_checkins"
down_revision = "0001"
branch_labels = None
depends_on = None

# Spelled out rather than taken from storage/checkins.py, so this revision stays what it was.
Moment = sa.DateTime(timezone=True)


def _organisation_id(primary_key: bool = False) -> sa.Column:
    return sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
                     nullable=False, primary_key=primary_key)


def _checkin_id(primary_key: bool = False) -> sa.Column:
    return sa.Column("checkin_id", sa.Integer, sa.ForeignKey("checkins.id", ondelete="CASCADE"), nullable=False,
                     primary_key=primary_key)


def upgrade() -> None:
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _organisation_id(),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("category", sa.Text),
        sa.Column("value_sek", sa.BigInteger),
        sa.Column("announce_on", sa.Date),
        sa.Column("critical", sa.Boolean),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("user_name", sa.Text, nullable=False),
        sa.Column("created_at", Moment, nullable=False),
    )
    op.create_index("ix_checkins_organisation", "checkins", ["organisation_id"])
    op.create_table(
        "checkin_answers",
        _checkin_id(primary_key=True),
        sa.Column("item_key", sa.Text, primary_key=True),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("answered_at", Moment, nullable=False),
    )
    op.create_table(
        "preparedness_answers",
        _organisation_id(primary_key=True),
        sa.Column("topic_key", sa.Text, primary_key=True),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("answered_at", Moment, nullable=False),
    )
    op.create_table(
        "follow_up_wishes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _organisation_id(),
        _checkin_id(),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("due_at", Moment, nullable=False),
        sa.Column("conversation_reference", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
    )
    op.create_index("ix_follow_up_wishes_status_due", "follow_up_wishes", ["status", "due_at"])


def downgrade() -> None:
    for table in ("follow_up_wishes", "preparedness_answers", "checkin_answers", "checkins"):
        op.drop_table(table)
