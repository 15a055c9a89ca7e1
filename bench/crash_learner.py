"""A scripted learner for the crash harness: studies until it is killed.

Runs the real services on the data folder given; prints ``saved REVIEW`` only after
``StudyService.answer`` has returned (the answer is committed), and ``undone REVIEW`` only
after ``take_back`` has returned (``undoing REVIEW`` just before). REVIEW is "id card_id
reviewed_at": undo frees an id for reuse, so the id alone does not name one answer. The
harness kills it with SIGKILL at a random moment.

    python bench/crash_learner.py DATA_DIR SEED ROUND
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta

from fibrolearn.cli import open_services
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.paths import resolve_paths

# Each round studies on days of its own, far enough apart that its answers never go back in
# time before the previous round's (a round answers a few hundred cards at most).
EPOCH = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
ROUND_SPACING = timedelta(days=30)
THINKING = timedelta(minutes=11)


def main(data_dir: str, seed: int, round_number: int) -> None:
    rng = random.Random(seed)
    clock = FixedClock(EPOCH + round_number * ROUND_SPACING)
    services = open_services(resolve_paths(data_dir), clock)
    print("ready", flush=True)
    deck_id = services.decks.list_decks()[0].deck_id
    while True:
        card = services.study.next_card(deck_id)
        if card is None:
            clock.advance(timedelta(days=1))
            continue
        rating = rng.choice(list(Rating))
        receipt = services.study.answer(card.card_id, rating, 800, shown_state=card.state)
        review = f"{receipt.review_id} {card.card_id} {clock.now():%Y-%m-%d %H:%M:%S.%f}"
        print(f"saved {review}", flush=True)
        if rng.random() < 0.1:
            print(f"undoing {review}", flush=True)  # a kill now may or may not keep it
            services.study.take_back(receipt.review_id)
            print(f"undone {review}", flush=True)
        clock.advance(THINKING)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
