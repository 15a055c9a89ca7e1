"""Factors may be marked as about the subject as a whole, which quizzes treat apart.

"What fibromyalgia is" and "Fibromyalgia as a network disorder" fit nearly every finding, so a
quiz offering them as wrong answers marked defensible answers wrong.

Revision ID: 0012_umbrella_factors
Revises: 0011_evidence_certainty
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_umbrella_factors"
down_revision = "0011_evidence_certainty"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("factors") as batch:
        batch.add_column(
            sa.Column("umbrella", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("factors") as batch:
        batch.drop_column("umbrella")
