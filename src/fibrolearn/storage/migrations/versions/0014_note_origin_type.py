"""A note imported from Anki as a basic, reversed or cloze note remembers its Anki note type.

Exported back to Anki, such a note went out with FibroLearn's own note type ("Basic
(FibroLearn)"), and Anki refused it as conflicting with the note of the same guid in the
learner's collection, whose note type is Anki's "Basic": edits made in FibroLearn never
reached Anki. Kept apart from ``note_type_id``, which plain notes leave empty. Notes imported
before this revision get it when their package is imported again.

Revision ID: 0014_note_origin_type
Revises: 0013_deck_synonyms
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_note_origin_type"
down_revision = "0013_deck_synonyms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notes") as batch:
        batch.add_column(sa.Column("origin_type_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_notes_origin_type_id_note_types"), "note_types", ["origin_type_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("notes") as batch:
        batch.drop_constraint(batch.f("fk_notes_origin_type_id_note_types"), type_="foreignkey")
        batch.drop_column("origin_type_id")
