"""Each answer names the assessment it was given in, and an assessment knows whether it asks every row
again: so `fortsätt` after pausing a redo goes on with the redo.

Revision ID: 0011_answer_assessment
Revises: 0001
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_answer_assessment"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("answers", sa.Column("assessment_id", sa.Integer))
    op.add_column("assessments", sa.Column("redo", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("assessment_id")
    with op.batch_alter_table("assessments") as batch:
        batch.drop_column("redo")
