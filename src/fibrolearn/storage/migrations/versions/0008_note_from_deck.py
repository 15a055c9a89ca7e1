"""Each note from a deck file remembers that file's version of it, to keep the learner's edits.

A deck sync used to overwrite the fields and tags of every note it matched, so a newer
bundled deck undid the learner's own edits and tags, and retired the notes they had added
to a bundled deck. With the deck's last version of each note kept beside it, a sync can
tell the learner's changes from the deck's (a three-way merge; see ``storage/deck_sync``).

Notes already in bundled decks are taken to be as their deck gave them: edits made before
this revision cannot be told apart any more. Notes that never came from a deck file are left
without one, so a sync never retires them: those the learner added in Browse (keys
``user-…``) and those imported into a bundled deck (an Anki guid, or CSV keys ``csv-…``).

Revision ID: 0008_note_from_deck
Revises: 0007_queue_covering_index
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_note_from_deck"
down_revision = "0007_queue_covering_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("notes", sa.Column("from_deck", sa.JSON(), nullable=True))
    op.execute(
        "UPDATE notes SET from_deck = json_object('fields', json(fields), 'tags', tags) "
        "WHERE guid IS NULL AND substr(key, 1, 5) != 'user-' AND substr(key, 1, 4) != 'csv-' "
        "AND deck_id IN (SELECT id FROM decks WHERE bundled_version IS NOT NULL)"
        # Fields that are no longer JSON (damage) would stop the upgrade, and the app, for
        # good; such a note keeps none, as one the learner added, and is reported when read.
        " AND json_valid(fields)"
    )


def downgrade() -> None:
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_column("from_deck")
