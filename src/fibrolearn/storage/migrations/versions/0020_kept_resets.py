"""A deleted card's resets stay in the log, detached, as its answers do.

Deleting a card kept its answers (detached, naming the card they were) but took its resets,
so the optimizer fitted FSRS to the answers the card had given before a Forget again, as if
they had led to its later ones. A reset now stays like an answer: ``card_id`` NULL, and
``external_card`` naming the card as its detached answers do.

Revision ID: 0020_kept_resets
Revises: 0019_note_text_letters
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_kept_resets"
down_revision = "0019_note_text_letters"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("card_resets") as batch:
        batch.alter_column("card_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("external_card", sa.String(), nullable=True))
    op.create_index("ix_card_resets_external", "card_resets", ["external_card", "reset_at"])


def downgrade() -> None:
    op.execute("DELETE FROM card_resets WHERE card_id IS NULL")
    op.drop_index("ix_card_resets_external", table_name="card_resets")
    with op.batch_alter_table("card_resets") as batch:
        batch.drop_column("external_card")
        batch.alter_column("card_id", existing_type=sa.Integer(), nullable=False)
