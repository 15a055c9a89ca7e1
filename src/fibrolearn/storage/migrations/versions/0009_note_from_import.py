"""Each imported note remembers the version it was last imported as, to keep the learner's edits.

Re-importing an Anki package or a CSV file used to overwrite every note it matched, so edits
made in FibroLearn since the last import were lost. With the imported version kept beside
each note, a re-import merges field by field, as deck updates do (``domain.note_merge``).

Notes imported before this revision have none: their next import is taken as it comes, and
from then on the learner's edits are kept.

Revision ID: 0009_note_from_import
Revises: 0008_note_from_deck
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_note_from_import"
down_revision = "0008_note_from_deck"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("notes", sa.Column("from_import", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_column("from_import")
