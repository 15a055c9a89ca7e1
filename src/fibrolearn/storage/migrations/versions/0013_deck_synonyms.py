"""Decks keep groups of terms that mean the same, for grading typed answers.

"Noradrenaline" for "norepinephrine", "IgG" for "antibodies": typed-recall questions marked
such answers wrong.

Revision ID: 0013_deck_synonyms
Revises: 0012_umbrella_factors
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_deck_synonyms"
down_revision = "0012_umbrella_factors"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("decks") as batch:
        batch.add_column(sa.Column("synonyms", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("decks") as batch:
        batch.drop_column("synonyms")
