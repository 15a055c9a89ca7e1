"""Browse's searches about a card's numbers and days, as Anki writes them: prop:, rated: etc."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from fibrolearn.domain.browse import CardQuery, NoteDraft
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import CardState, NoteKind, Rating
from fibrolearn.scheduling.fsrs_scheduler import DEFAULT_PARAMETERS, forgetting_curve
from fibrolearn.services.container import Services
from fibrolearn.storage.models import CardRecord

DAY = timedelta(days=1)


def found(services: Services, text: str) -> list[int]:
    return services.browse.card_ids(CardQuery(services.browse.parse(text)), 0, 100)


@pytest.fixture
def numbered(services: Services, clock: FixedClock) -> tuple[Services, list[int]]:
    """The small deck's five cards: one new, four studied with known numbers.

    (interval days, due in days from today, reps, lapses, stability, difficulty 1-10)
    """
    ids = found(services, "")
    now = clock.now()
    known = [(3, 0, 2, 0, 3.5, 1.0), (10, 1, 5, 1, 12.0, 5.5), (30, 7, 8, 4, 40.0, 9.1)]
    known.append((1, -2, 1, 0, 0.5, 7.3))  # overdue since the day before yesterday
    with services.database.write() as session:
        for card_id, (interval, due, reps, lapses, stability, difficulty) in zip(
            ids[1:], known, strict=True
        ):
            session.execute(
                update(CardRecord)
                .where(CardRecord.id == card_id)
                .values(
                    state=int(CardState.REVIEW),
                    due=now + due * DAY,
                    last_review=now + (due - interval) * DAY,
                    reps=reps,
                    lapses=lapses,
                    stability=stability,
                    difficulty=difficulty,
                )
            )
    return services, ids


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("prop:ivl>=10", [2, 3]),
        ("prop:ivl=3", [1]),
        ("prop:IVL<10", [1, 4]),  # a new card has no interval
        ("prop:due=1", [2]),  # due tomorrow
        ("prop:due<=0", [1, 4]),  # due today or overdue
        ("prop:due=-2", [4]),
        ("prop:due>1", [3]),
        ("prop:due!=1", [1, 3, 4]),
        ("prop:reps>5", [3]),
        ("prop:reps=0", [0]),
        ("prop:lapses>=1", [2, 3]),
        ("prop:s>30", [3]),
        ("prop:s<=3.5", [1, 4]),
        ("prop:d>0.7", [3]),  # 9.1 on FSRS's 1-10 is 0.9
        ("prop:d<0.5", [1]),
        ("-prop:d<0.5", [0, 2, 3, 4]),
        ("prop:ivl>=10 or prop:reps=0", [0, 2, 3]),
        ("prop:r<0.9", [4]),  # more than a stability since its last answer
        ("prop:r>=0.9", [1, 2, 3]),
        ("prop:r=1", []),
        ("prop:r>0", [1, 2, 3, 4]),
    ],
)
def test_prop_compares_the_cards_numbers(
    numbered: tuple[Services, list[int]], text: str, rows: list[int]
) -> None:
    services, ids = numbered
    assert found(services, text) == [ids[row] for row in rows]


@pytest.mark.parametrize("recall", [0.2, 0.5, 0.91, 0.93, 0.95, 0.97, 0.99])
def test_prop_r_is_the_recall_fsrs_predicts_now(
    numbered: tuple[Services, list[int]], clock: FixedClock, recall: float
) -> None:
    services, _ids = numbered
    clock.advance(timedelta(hours=30))
    now = clock.now()
    with services.database.read() as session:
        stored = session.execute(
            select(CardRecord.id, CardRecord.stability, CardRecord.last_review).where(
                CardRecord.stability.is_not(None)
            )
        ).all()
    predicted = {
        card_id: forgetting_curve(DEFAULT_PARAMETERS, (now - last).total_seconds() / 86400, s)
        for card_id, s, last in stored
    }
    below = sorted(card_id for card_id, r in predicted.items() if r < recall)
    assert found(services, f"prop:r<{recall}") == below
    assert found(services, f"prop:r>={recall}") == sorted(set(predicted) - set(below))


def test_rated_introduced_added_and_edited_count_study_days(
    services: Services, clock: FixedClock
) -> None:
    deck_id = services.decks.list_decks()[0].deck_id

    answers: list[tuple[int, int, Rating]] = []  # study day (0, then 3), card, rating

    def answer(day: int, rating: Rating) -> None:
        card = services.study.next_card(deck_id)
        assert card is not None
        services.study.answer(card.card_id, rating, 1000, shown_state=card.state)
        answers.append((day, card.card_id, rating))

    answer(0, Rating.AGAIN)
    answer(0, Rating.GOOD)
    clock.advance(3 * DAY)
    for _ in range(3):  # cards due again, and a new one
        answer(3, Rating.GOOD)

    def rated(days: int, rating: Rating | None = None) -> list[int]:
        since = 3 - days + 1
        return sorted({c for d, c, r in answers if d >= since and rating in (None, r)})

    def introduced(days: int) -> list[int]:
        first = {c: d for d, c, _ in reversed(answers)}
        return sorted(c for c, d in first.items() if d >= 3 - days + 1)

    assert introduced(1) and introduced(1) != rated(1) and rated(4, Rating.AGAIN)
    for days in (1, 3, 4, 9):
        assert found(services, f"rated:{days}") == rated(days)
        assert found(services, f"introduced:{days}") == introduced(days)
        for rating in Rating:
            assert found(services, f"rated:{days}:{int(rating)}") == rated(days, rating)
    assert found(services, "added:1") == []
    services.notes.add(deck_id, NoteDraft(NoteKind.BASIC, "Added today", "x"))
    new_card = found(services, '"added today"')
    assert found(services, "added:1") == new_card
    assert len(found(services, "added:4")) == 6  # the deck's five cards, and today's
    basic = found(services, "linked")
    services.notes.add_tags(basic, ["retagged"])
    assert found(services, "edited:1") == sorted((*basic, *new_card))
    assert found(services, "-edited:1 -added:1") == found(services, "-linked -added:1")
