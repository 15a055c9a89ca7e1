"""Browse's Forget leaves a reset entry, as Anki's does, so the history before it stops counting.

Forget made cards new but left no trace: the optimizer then fitted FSRS to a card's answers
from before the reset as if they led to its new answers, and an Anki export could not tell
Anki the card was reset. Each reset is kept here, apart from the review log, so that no
statistic counts it as an answer.

Revision ID: 0018_card_resets
Revises: 0017_early_reviews
"""

import sqlalchemy as sa
from alembic import op

import fibrolearn.storage.types

revision = "0018_card_resets"
down_revision = "0017_early_reviews"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card_resets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("reset_at", fibrolearn.storage.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["cards.id"],
            name=op.f("fk_card_resets_card_id_cards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_resets")),
    )
    op.create_index("ix_card_resets_card", "card_resets", ["card_id", "reset_at"])


def downgrade() -> None:
    op.drop_index("ix_card_resets_card", table_name="card_resets")
    op.drop_table("card_resets")
