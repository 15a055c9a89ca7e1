"""A tally of the review log per 15 minutes of UTC time, kept by triggers.

The Progress place's per-day statistics read this (a few hundred rows a year) instead of
every answer in the log. Fifteen minutes divide every UTC offset in use, so each bucket lies
within one local study day whatever the zone and rollover hour.

Triggers live on the reviews table: a later batch-mode migration that copies that table
drops them and must create them again.

Revision ID: 0006_review_tally
Revises: 0005_interop
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_review_tally"
down_revision = "0005_interop"
branch_labels = None
depends_on = None

# strftime('%s') rather than unixepoch(): the latter needs SQLite 3.38, newer than some
# systems' Python links (Ubuntu 22.04 has 3.37).
_BUCKET = "CAST(strftime('%s', {row}.reviewed_at) AS INTEGER) / 900"
_ADD = """
    INSERT INTO review_tally (bucket, reviews, milliseconds, review_cards, review_passed)
    VALUES ({bucket}, 1, NEW.duration_ms, NEW.before_state = 2,
            NEW.before_state = 2 AND NEW.rating > 1)
    ON CONFLICT (bucket) DO UPDATE SET
        reviews = reviews + 1,
        milliseconds = milliseconds + excluded.milliseconds,
        review_cards = review_cards + excluded.review_cards,
        review_passed = review_passed + excluded.review_passed;
""".format(bucket=_BUCKET.format(row="NEW"))
_TAKE = """
    UPDATE review_tally SET
        reviews = reviews - 1,
        milliseconds = milliseconds - OLD.duration_ms,
        review_cards = review_cards - (OLD.before_state = 2),
        review_passed = review_passed - (OLD.before_state = 2 AND OLD.rating > 1)
    WHERE bucket = {bucket};
    DELETE FROM review_tally WHERE bucket = {bucket} AND reviews = 0;
""".format(bucket=_BUCKET.format(row="OLD"))
_TRIGGERS = {
    "review_tally_insert": f"AFTER INSERT ON reviews BEGIN {_ADD} END",
    "review_tally_delete": f"AFTER DELETE ON reviews BEGIN {_TAKE} END",
    "review_tally_update": (
        "AFTER UPDATE OF reviewed_at, rating, duration_ms, before_state ON reviews "
        f"BEGIN {_TAKE} {_ADD} END"
    ),
}


def upgrade() -> None:
    op.create_table(
        "review_tally",
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("milliseconds", sa.Integer(), nullable=False),
        sa.Column("review_cards", sa.Integer(), nullable=False),
        sa.Column("review_passed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", name=op.f("pk_review_tally")),
    )
    op.execute(
        "INSERT INTO review_tally (bucket, reviews, milliseconds, review_cards, review_passed) "
        f"SELECT {_BUCKET.format(row='reviews')} AS bucket, count(*), sum(duration_ms), "
        "sum(before_state = 2), sum(before_state = 2 AND rating > 1) "
        "FROM reviews GROUP BY bucket"
    )
    for name, body in _TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table("review_tally")
