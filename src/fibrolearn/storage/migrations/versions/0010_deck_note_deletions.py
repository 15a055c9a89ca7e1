"""Notes the learner deleted from a bundled deck stay deleted when the deck is updated.

A deck sync adds every note of the deck file the collection lacks, so a newer bundled deck
brought back each note the learner had deleted from it. Deleting a note that came from a deck
file now leaves its key here, and a sync skips those keys; undoing the delete removes it.

Revision ID: 0010_deck_note_deletions
Revises: 0009_note_imports
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_deck_note_deletions"
down_revision = "0009_note_imports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deck_note_deletions",
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deck_id"],
            ["decks.id"],
            name=op.f("fk_deck_note_deletions_deck_id_decks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("deck_id", "key", name=op.f("pk_deck_note_deletions")),
    )


def downgrade() -> None:
    op.drop_table("deck_note_deletions")
