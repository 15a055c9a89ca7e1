"""Note types imported from Anki, and marking review history brought in from elsewhere.

Revision ID: 0005_interop
Revises: 0004_quizzes
"""

import sqlalchemy as sa
from alembic import op

import fibrolearn.storage.types

revision = "0005_interop"
down_revision = "0004_quizzes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "note_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("templates", sa.JSON(), nullable=False),
        sa.Column("css", sa.String(), nullable=False),
        sa.Column("created_at", fibrolearn.storage.types.UtcDateTime(), nullable=False),
        sa.Column("modified_at", fibrolearn.storage.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note_types")),
        sa.UniqueConstraint("key", name=op.f("uq_note_types_key")),
    )
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note_type_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_notes_note_type_id_note_types"), "note_types", ["note_type_id"], ["id"]
        )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("imported", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_column("imported")
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_notes_note_type_id_note_types"), type_="foreignkey")
        batch_op.drop_column("note_type_id")
    op.drop_table("note_types")
