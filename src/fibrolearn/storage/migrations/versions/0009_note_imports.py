"""Each imported note remembers the version it was last imported as, to keep the learner's edits.

Re-importing an Anki package or a CSV file used to overwrite every note it matched, so edits
made in FibroLearn since the last import were lost. With the imported version kept, a
re-import merges field by field, as deck updates do (``domain.note_merge``).

The versions live in a table of their own: kept in the notes table they doubled an imported
collection's note rows, and a word search reads those rows (a LIKE scan of 100,000 notes took
20 % longer). Notes imported before this revision have none: their next import is taken as it
comes, and from then on the learner's edits are kept.

Revision ID: 0009_note_imports
Revises: 0008_note_from_deck
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_note_imports"
down_revision = "0008_note_from_deck"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "note_imports",
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["notes.id"],
            name=op.f("fk_note_imports_note_id_notes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("note_id", name=op.f("pk_note_imports")),
    )


def downgrade() -> None:
    op.drop_table("note_imports")
