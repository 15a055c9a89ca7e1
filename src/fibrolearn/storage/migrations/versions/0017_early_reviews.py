"""Each answer records whether it was an early review: a review card answered before its day.

True retention (Progress) counts how often a due review is passed, as Anki's does. A review
card answered before the study day it fell due on (studying one factor from the mastery map,
or the cards of a missed quiz question) is not such a review: counted, it made a card learned
yesterday show "100 % of 1". Whether an answer was early depends on the study day it was
given on (rollover hour, time zone), which a trigger cannot know, so the app decides it when
it records the answer and stores it here; the tally's triggers leave early answers out of
``review_cards`` and ``review_passed``, and the tally is summed again from the log.

Answers logged before this revision are marked as well as can now be known: early when the
card's due time falls on a later study day than the answer, the days taken with the
collection's rollover hour in the machine's current time zone (a learner who has since moved
zone may see an answer within an hour of the rollover put on the other side). Only answers
given before the card's due time can be early, so the others are not looked at. History
imported from another app is never early: what it was is not known.

Triggers live on the reviews table: a later batch-mode migration that copies that table
drops them and must create them again.

Revision ID: 0017_early_reviews
Revises: 0016_note_live_cards
"""

import sqlite3
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

from fibrolearn.storage.damaged_data import StoredValueError
from fibrolearn.storage.plain_reads import setting

revision = "0017_early_reviews"
down_revision = "0016_note_live_cards"
branch_labels = None
depends_on = None

# services.study_day.ROLLOVER_SETTING, as this revision reads it (storage cannot import it).
_ROLLOVER = "day_rollover_hour"
_BUCKET = "CAST(strftime('%s', {row}.reviewed_at) AS INTEGER) / 900"
# An answer that counts toward true retention: a due card in the review state.
_DUE_REVIEW = "({row}.before_state = 2 AND NOT {row}.early)"


def _add(due_review: str) -> str:
    return f"""
    INSERT INTO review_tally (bucket, reviews, milliseconds, review_cards, review_passed)
    VALUES ({_BUCKET.format(row="NEW")}, 1, NEW.duration_ms, {due_review.format(row="NEW")},
            {due_review.format(row="NEW")} AND NEW.rating > 1)
    ON CONFLICT (bucket) DO UPDATE SET
        reviews = reviews + 1,
        milliseconds = milliseconds + excluded.milliseconds,
        review_cards = review_cards + excluded.review_cards,
        review_passed = review_passed + excluded.review_passed;
"""


def _take(due_review: str) -> str:
    bucket = _BUCKET.format(row="OLD")
    return f"""
    UPDATE review_tally SET
        reviews = reviews - 1,
        milliseconds = milliseconds - OLD.duration_ms,
        review_cards = review_cards - {due_review.format(row="OLD")},
        review_passed = review_passed - ({due_review.format(row="OLD")} AND OLD.rating > 1)
    WHERE bucket = {bucket};
    DELETE FROM review_tally WHERE bucket = {bucket} AND reviews = 0;
"""


def _triggers(due_review: str, updated: str) -> dict[str, str]:
    """The tally's triggers, counting ``due_review`` answers; ``updated``: columns watched."""
    add, take = _add(due_review), _take(due_review)
    return {
        "review_tally_insert": f"AFTER INSERT ON reviews BEGIN {add} END",
        "review_tally_delete": f"AFTER DELETE ON reviews BEGIN {take} END",
        "review_tally_update": f"AFTER UPDATE OF {updated} ON reviews BEGIN {take} {add} END",
    }


_OLD_UPDATED = "reviewed_at, rating, duration_ms, before_state"
# Those 0006 created (counting every review-state answer), and ours.
_OLD_TRIGGERS = _triggers("{row}.before_state = 2", _OLD_UPDATED)
_TRIGGERS = _triggers(_DUE_REVIEW, f"{_OLD_UPDATED}, early")


def _resum(due_review: str) -> None:
    op.execute("DELETE FROM review_tally")
    op.execute(
        "INSERT INTO review_tally (bucket, reviews, milliseconds, review_cards, review_passed) "
        f"SELECT {_BUCKET.format(row='reviews')} AS bucket, count(*), sum(duration_ms), "
        f"sum({due_review.format(row='reviews')}), "
        f"sum({due_review.format(row='reviews')} AND rating > 1) "
        "FROM reviews GROUP BY bucket"
    )


def _rollover(connection: sqlite3.Connection) -> timedelta:
    """The collection's rollover hour (04:00 when unset or unreadable)."""
    try:
        hour = setting(connection, _ROLLOVER, 4)
    except StoredValueError:
        hour = 4
    return timedelta(hours=hour if type(hour) is int and 0 <= hour <= 23 else 4)


def _mark_early_answers() -> None:
    raw = op.get_bind().connection.driver_connection
    rollover = _rollover(raw)

    def study_date(stored: str) -> date:
        """As StudyDay.date_of in the machine's zone (storage may not import scheduling)."""
        return (datetime.fromisoformat(stored).replace(tzinfo=UTC).astimezone() - rollover).date()

    def later_day(reviewed_at: str, due: str) -> bool:
        try:
            return study_date(due) > study_date(reviewed_at)
        except (TypeError, ValueError, OverflowError):  # a damaged time: not known as early
            return False

    raw.create_function("fibrolearn_later_day", 2, later_day, deterministic=True)
    op.execute(
        "UPDATE reviews SET early = 1 WHERE before_state = 2 AND NOT imported"
        " AND before_due > reviewed_at AND fibrolearn_later_day(reviewed_at, before_due)"
    )


def upgrade() -> None:
    op.add_column(
        "reviews", sa.Column("early", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    for name in _OLD_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    _mark_early_answers()
    _resum(_DUE_REVIEW)
    for name, body in _TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    _resum("({row}.before_state = 2)")
    for name, body in _OLD_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.drop_column("reviews", "early")
