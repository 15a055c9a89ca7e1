"""Anki note guids, buried cards, and review history for cards the collection lacks.

Revision ID: 0003_history_and_interop
Revises: 0002_knowledge
"""

import sqlalchemy as sa
from alembic import op

import fibrolearn.storage.types

revision = "0003_history_and_interop"
down_revision = "0002_knowledge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guid", sa.String(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_notes_guid"), ["guid"])
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("buried_until", fibrolearn.storage.types.UtcDateTime(), nullable=True)
        )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_card", sa.String(), nullable=True))
        batch_op.alter_column("card_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.alter_column("card_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("external_card")
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.drop_column("buried_until")
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_notes_guid"), type_="unique")
        batch_op.drop_column("guid")
