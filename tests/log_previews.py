"""Review logs for fitting: one a fit learns from, and previews of it that a fit leaves out."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

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


def answers_log(path: Path, first: date, *, cards: int, days: int, card_base: int) -> Path:
    """A review log (py-fsrs layout): ``cards`` cards answered every other day, mostly Good."""
    rows = ["card_id,review_rating,review_time,review_duration"]
    for number in range(0, days, 2):
        moment = (first + timedelta(days=number)).isoformat()
        for card in range(cards):
            rating = 1 if (number + card) % 5 == 0 else 3
            rows.append(f"{card_base + card},{rating},{moment}T10:{card:02d}:00+00:00,8000")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path
