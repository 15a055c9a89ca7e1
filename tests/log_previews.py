"""A review log of which half a fit leaves out, as Anki's previews leave one."""

from __future__ import annotations

from sqlalchemy import text

from fibrolearn.services.container import Services

# A copy of each answer that left its card as it was: a preview in one of Anki's filtered
# decks. Progress's total counts it; a fit leaves it out.
_PREVIEWS = text(
    "INSERT INTO reviews (card_id, external_card, reviewed_at, rating, duration_ms,"
    " before_state, before_step, before_stability, before_difficulty, before_due,"
    " before_last_review, before_reps, before_lapses, after_state, after_step,"
    " after_stability, after_difficulty, after_due, imported)"
    " SELECT card_id, external_card, reviewed_at, rating, duration_ms, before_state,"
    " before_step, before_stability, before_difficulty, before_due, before_last_review,"
    " before_reps, before_lapses, before_state, before_step, before_stability,"
    " before_difficulty, before_due, 1 FROM reviews"
)


def previewed_again(services: Services) -> None:
    """Add a preview of every answer in the log, at the same moment: twice the answers."""
    with services.database.write() as session:
        session.execute(_PREVIEWS)
