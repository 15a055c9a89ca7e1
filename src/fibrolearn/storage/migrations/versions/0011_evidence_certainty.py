"""Facts keep how sure the literature is, beside how firmly their source states them.

A bundled deck's facts follow an article that states some contested findings as settled; the
deck now records the literature's verdict on those, and the answer side shows it.

Revision ID: 0011_evidence_certainty
Revises: 0010_deck_note_deletions
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_evidence_certainty"
down_revision = "0010_deck_note_deletions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facts") as batch:
        batch.add_column(
            sa.Column("evidence_certainty", sa.String(), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("facts") as batch:
        batch.drop_column("evidence_certainty")
