"""Core tables: decks, notes, cards, the review log and settings.

Revision ID: 0001_core
Revises: (none)
"""

import sqlalchemy as sa
from alembic import op

import fibrolearn.storage.types

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("disclaimer", sa.String(), nullable=False),
        sa.Column("bundled_version", sa.Integer(), nullable=True),
        sa.Column("new_per_day", sa.Integer(), nullable=False),
        sa.Column("reviews_per_day", sa.Integer(), nullable=False),
        sa.Column("desired_retention", sa.Double(), nullable=False),
        sa.Column("learning_steps", sa.JSON(), nullable=False),
        sa.Column("relearning_steps", sa.JSON(), nullable=False),
        sa.Column("created_at", fibrolearn.storage.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decks")),
        sa.UniqueConstraint("key", name=op.f("uq_decks_key")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("tags", sa.String(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("created_at", fibrolearn.storage.types.UtcDateTime(), nullable=False),
        sa.Column("modified_at", fibrolearn.storage.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deck_id"], ["decks.id"], name=op.f("fk_notes_deck_id_decks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
        sa.UniqueConstraint("deck_id", "key", name=op.f("uq_notes_deck_id")),
    )
    op.create_table(
        "cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Double(), nullable=True),
        sa.Column("difficulty", sa.Double(), nullable=True),
        sa.Column("due", fibrolearn.storage.types.UtcDateTime(), nullable=False),
        sa.Column("last_review", fibrolearn.storage.types.UtcDateTime(), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.Column("suspended", sa.Boolean(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deck_id"], ["decks.id"], name=op.f("fk_cards_deck_id_decks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["note_id"], ["notes.id"], name=op.f("fk_cards_note_id_notes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cards")),
        sa.UniqueConstraint("note_id", "ordinal", name=op.f("uq_cards_note_id")),
    )
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.create_index("ix_cards_queue", ["deck_id", "state", "due"], unique=False)
        batch_op.create_index("ix_cards_new", ["deck_id", "state", "position"], unique=False)

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", fibrolearn.storage.types.UtcDateTime(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("before_state", sa.Integer(), nullable=False),
        sa.Column("before_step", sa.Integer(), nullable=True),
        sa.Column("before_stability", sa.Double(), nullable=True),
        sa.Column("before_difficulty", sa.Double(), nullable=True),
        sa.Column("before_due", fibrolearn.storage.types.UtcDateTime(), nullable=False),
        sa.Column("before_last_review", fibrolearn.storage.types.UtcDateTime(), nullable=True),
        sa.Column("before_reps", sa.Integer(), nullable=False),
        sa.Column("before_lapses", sa.Integer(), nullable=False),
        sa.Column("after_state", sa.Integer(), nullable=False),
        sa.Column("after_step", sa.Integer(), nullable=True),
        sa.Column("after_stability", sa.Double(), nullable=True),
        sa.Column("after_difficulty", sa.Double(), nullable=True),
        sa.Column("after_due", fibrolearn.storage.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["card_id"], ["cards.id"], name=op.f("fk_reviews_card_id_cards")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index("ix_reviews_card", ["card_id", "reviewed_at"], unique=False)
        batch_op.create_index("ix_reviews_time", ["reviewed_at"], unique=False)


def downgrade() -> None:
    for table in ("reviews", "cards", "notes", "settings", "decks"):
        op.drop_table(table)
