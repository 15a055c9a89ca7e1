"""The log's index by card also holds what the answers-by-hour charts count of each answer.

More statistics narrowed by a deck or a search counts the answers to the chosen cards per
hour, and those to due review cards and how many passed. The index by card found the answers
but then read each one's row from the log, scattered across the file: at 1,000,000 answers,
one deck of 340,000 took seconds. With the state before, ``early`` and the rating in the
index, the count reads the index alone. The index grows by a few bytes an answer.

Revision ID: 0022_review_hours_index
Revises: 0021_retired_cards_index
"""

from alembic import op

revision = "0022_review_hours_index"
down_revision = "0021_retired_cards_index"
branch_labels = None
depends_on = None

_INDEX, _TABLE = "ix_reviews_card", "reviews"


def upgrade() -> None:
    op.drop_index(_INDEX, table_name=_TABLE)
    op.create_index(_INDEX, _TABLE, ["card_id", "reviewed_at", "before_state", "early", "rating"])


def downgrade() -> None:
    op.drop_index(_INDEX, table_name=_TABLE)
    op.create_index(_INDEX, _TABLE, ["card_id", "reviewed_at"])
