"""Units inside an organisation (förvaltningar, bolag, enheter), and the unit that answers, assessments,
snapshots and action items belong to: none (NULL) is the organisation itself.

Revision ID: 0030_units
Revises: 0004_reports, 0012_item_ids
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0030_units"
# After the branches that make snapshots and action items (item ids rebuild action_items on SQLite); a
# depends_on on sibling branches trips Alembic's bookkeeping of heads.
down_revision = ("0004_reports", "0012_item_ids")
branch_labels = None
depends_on = None

Moment = sa.DateTime(timezone=True)
# The unit columns carry no foreign key: SQLite cannot add one to an existing table, and removing a unit
# deletes what belongs to it explicitly (storage/units.py).
WITH_UNIT = ("answers", "assessments", "snapshots", "action_items")


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("organisation_id", sa.String(32), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.Text, nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.UniqueConstraint("organisation_id", "name_key", name="uq_units_organisation_name"),
        sqlite_autoincrement=True,
    )
    for table in WITH_UNIT:
        op.add_column(table, sa.Column("unit_id", sa.Integer))


def downgrade() -> None:
    for table in WITH_UNIT:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("unit_id")
    op.drop_table("units")
