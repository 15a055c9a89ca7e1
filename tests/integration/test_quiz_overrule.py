""" "I was right": a typed answer marked wrong, counted right at the learner's word, honestly."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckdata import quiz_deck_text
from fibrolearn.domain.quiz import QuizKind
from fibrolearn.domain.quiz_session import QuizSetup
from fibrolearn.interop.values import ImportOptions
from fibrolearn.services.container import Services
from fibrolearn.services.quiz import BRING_FORWARD_SETTING
from fibrolearn.storage import decks_repo, knowledge_repo
from fibrolearn.storage.models import CardRecord, QuizSessionRecord

DECK = 1
CAPITALS = {"France": "Paris", "Spain": "Madrid", "Italy": "Rome", "Peru": "Lima", "Japan": "Tokyo"}


@pytest.fixture
def deck_text() -> str:
    """The small deck with enough findings for quizzes of several questions."""
    return quiz_deck_text()


def places(services: Services) -> dict[int, tuple[object, int]]:
    with services.database.read() as session:
        return {c.id: (c.due, c.position) for c in session.query(CardRecord).all()}


def quiz_accuracy(services: Services) -> dict[str, tuple[int, int]]:
    [deck_map] = [m for m in services.progress.overview().maps if m.deck_id == DECK]
    return {f.key: (f.quiz_correct, f.quiz_total) for f in deck_map.factors if f.quiz_total}


def test_a_typed_answer_counted_right_counts_in_score_and_mastery_and_puts_cards_back(
    services: Services,
) -> None:
    with services.database.write() as session:
        decks_repo.put_setting(session, BRING_FORWARD_SETTING, True)
    setup = QuizSetup(DECK, length=5, seed=7, kinds=(QuizKind.TYPED_RECALL,))
    sitting = services.quiz.start(setup)
    question = sitting.questions[0]
    before = places(services)
    told = services.quiz.answer(sitting.session_id, 0, "something else entirely")
    assert not told.correct and told.cards_brought_forward >= 1
    assert places(services) != before
    assert quiz_accuracy(services) == dict.fromkeys(question.factor_keys, (0, 1))

    again = services.quiz.count_as_right(sitting.session_id, 0)
    assert again.correct and again.cards_brought_forward == 0
    assert places(services) == before  # the cards it brought forward went back
    assert quiz_accuracy(services) == dict.fromkeys(question.factor_keys, (1, 1))
    with pytest.raises(ValueError, match="marked wrong"):  # not twice
        services.quiz.count_as_right(sitting.session_id, 0)
    result = services.quiz.finish(sitting.session_id)
    assert (result.correct, result.missed) == (1, ())
    assert services.quiz.missed_cards(sitting.session_id).card_ids == ()


def test_only_a_typed_answer_marked_wrong_just_now_can_be_counted_right(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "Capitals.csv"
    path.write_text("".join(f"{country}\t{city}\n" for country, city in CAPITALS.items()))
    services.importer.run(path, ImportOptions(deck="Capitals"))
    deck_id = next(d.deck_id for d in services.quiz.decks() if d.name == "Capitals")
    typed = services.quiz.start(
        QuizSetup(deck_id, length=5, seed=7, kinds=(QuizKind.TYPED_RECALL,))
    )
    services.quiz.answer(typed.session_id, 0, "something else entirely")
    services.quiz.answer(typed.session_id, 1, "something else entirely")
    with pytest.raises(ValueError, match="just given"):  # another answered since
        services.quiz.count_as_right(typed.session_id, 0)
    services.quiz.answer(typed.session_id, 2, typed.questions[2].accepted[0])
    with pytest.raises(ValueError, match="marked wrong"):  # it was right
        services.quiz.count_as_right(typed.session_id, 2)
    services.quiz.answer(typed.session_id, 3, "something else entirely")
    services.quiz.finish(typed.session_id)
    with pytest.raises(ValueError, match="just given"):  # the quiz is over
        services.quiz.count_as_right(typed.session_id, 3)

    choice = services.quiz.start(QuizSetup(deck_id, length=5, seed=7, kinds=(QuizKind.CHOICE,)))
    first = choice.questions[0]
    services.quiz.answer(choice.session_id, 0, (first.correct + 1) % len(first.options))
    with pytest.raises(ValueError, match="typed"):
        services.quiz.count_as_right(choice.session_id, 0)


def test_a_card_studied_since_the_wrong_answer_is_not_moved_back(services: Services) -> None:
    with services.database.write() as session:
        decks_repo.put_setting(session, BRING_FORWARD_SETTING, True)
    sitting = services.quiz.start(QuizSetup(DECK, length=5, seed=7, kinds=(QuizKind.TYPED_RECALL,)))
    services.quiz.answer(sitting.session_id, 0, "something else entirely")
    with services.database.write() as session:
        cards = knowledge_repo.cards_teaching(
            session, DECK, fact_keys=sitting.questions[0].fact_keys
        )
        session.get(CardRecord, cards[0]).position = 999  # moved meanwhile
    moved = places(services)
    services.quiz.count_as_right(sitting.session_id, 0)
    assert places(services)[cards[0]] == moved[cards[0]]


def test_a_damaged_note_of_where_cards_were_leaves_them_where_they_are(
    services: Services,
) -> None:
    with services.database.write() as session:
        decks_repo.put_setting(session, BRING_FORWARD_SETTING, True)
    sitting = services.quiz.start(QuizSetup(DECK, length=5, seed=7, kinds=(QuizKind.TYPED_RECALL,)))
    services.quiz.answer(sitting.session_id, 0, "something else entirely")
    with services.database.write() as session:
        record = session.get(QuizSessionRecord, sitting.session_id)
        record.options = {**record.options, "put_back": {"position": 0, "cards": [[1, "x"], 7]}}
    moved = places(services)
    assert services.quiz.count_as_right(sitting.session_id, 0).correct
    assert places(services) == moved
