"""A collaboration member may share details: since when it does, on its membership row (None: it does not).

Revision ID: 0060_shared_details
Revises: 0040_collaborations
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0060_shared_details"
down_revision = "0040_collaborations"
branch_labels = None
depends_on = None

# Spelled out rather than taken from storage, so this revision stays what it was when the modules move on.
Moment = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("collaboration_organisations", sa.Column("details_since", Moment, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("collaboration_organisations") as batch:
        batch.drop_column("details_since")
