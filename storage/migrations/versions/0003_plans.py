"""Action plans and nudges: action items, the nudge queue, conversation references, reminder pauses
and each organisation's reminder settings.

Revision ID: 0003_plans
Revises: 0001
Create Date: 2025-01-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_plans"
down_revision = "0001"
branch_labels = None
depends_on = None

# Spelled out rather than taken from storage, so this revision stays what it was when the modules move on.
Moment = sa.DateTime(timezone=True)


def _organisation_id(**options) -> sa.Column:
    return sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
                     **options)


def upgrade() -> None:
    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _organisation_id(nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("row_key", sa.Text),
        sa.Column("owner_id", sa.Text),
        sa.Column("owner_name", sa.Text, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("conversation_id", sa.Text, nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("updated_at", Moment, nullable=False),
        sa.UniqueConstraint("organisation_id", "number", name="uq_action_items_organisation_number"),
    )
    op.create_table(
        "nudges",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("dedupe_key", sa.Text, nullable=False, unique=True),
        _organisation_id(),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("conversation_id", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("payload", sa.Text),
        sa.Column("due_at", Moment, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("claim_token", sa.Text),
        sa.Column("lease_until", Moment),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("sent_at", Moment),
    )
    op.create_index("ix_nudges_status_due", "nudges", ["status", "due_at"])
    op.create_index("ix_nudges_kind_subject", "nudges", ["kind", "subject"])
    op.create_table(
        "conversation_references",
        sa.Column("tenant_id", sa.Text, primary_key=True),
        sa.Column("conversation_id", sa.Text, primary_key=True),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("personal_user_id", sa.Text),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("updated_at", Moment, nullable=False),
        sa.Column("removed_at", Moment),
    )
    op.create_index("ix_conversation_references_personal", "conversation_references",
                    ["tenant_id", "personal_user_id"])
    op.create_table(
        "reminder_preferences",
        sa.Column("tenant_id", sa.Text, primary_key=True),
        sa.Column("scope", sa.Text, primary_key=True),
        sa.Column("scope_id", sa.Text, primary_key=True),
        sa.Column("paused_until", Moment),
        sa.Column("stopped", sa.Boolean, nullable=False),
        sa.Column("updated_by", sa.Text, nullable=False),
        sa.Column("updated_at", Moment, nullable=False),
    )
    op.create_table(
        "reminder_settings",
        _organisation_id(primary_key=True),
        sa.Column("office_start", sa.Time, nullable=False),
        sa.Column("office_end", sa.Time, nullable=False),
        sa.Column("timezone", sa.Text, nullable=False),
        sa.Column("heads_up_days", sa.Integer, nullable=False),
        sa.Column("reassess_months", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("reminder_settings", "reminder_preferences", "conversation_references", "nudges", "action_items"):
        op.drop_table(table)
