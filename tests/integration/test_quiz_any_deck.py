"""Quizzes on a deck without a knowledge model: an imported CSV deck is asked its notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from fibrolearn.domain.enums import CardState
from fibrolearn.domain.quiz import NOTE_KINDS, QuizKind
from fibrolearn.domain.quiz_session import QuizInProgress, QuizSetup
from fibrolearn.interop.values import ImportOptions
from fibrolearn.services.container import Services
from fibrolearn.services.quiz import BRING_FORWARD_SETTING
from fibrolearn.storage import decks_repo

CAPITALS = {
    "France": "Paris",
    "Spain": "Madrid",
    "Italy": "Rome",
    "Norway": "Oslo",
    "Peru": "Lima",
    "Kenya": "Nairobi",
    "Japan": "Tokyo",
}


def import_deck(services: Services, tmp_path: Path, rows: dict[str, str], name: str) -> int:
    path = tmp_path / f"{name}.csv"
    path.write_text("".join(f"{front}\t{back}\n" for front, back in rows.items()), "utf-8")
    services.importer.run(path, ImportOptions(deck=name))
    return next(d.deck_id for d in services.quiz.decks() if d.name == name)


def test_an_imported_deck_is_offered_and_quizzed_on_its_notes(
    services: Services, tmp_path: Path
) -> None:
    deck_id = import_deck(services, tmp_path, CAPITALS, "Capitals")
    offered = {d.name: d.knowledge for d in services.quiz.decks()}
    assert offered["Capitals"] is False and True in offered.values()  # the small deck's model
    assert services.quiz.usable_notes(deck_id) == len(CAPITALS)
    sitting = services.quiz.start(QuizSetup(deck_id, length=10, seed=3))
    assert {q.kind for q in sitting.questions} <= set(NOTE_KINDS)
    assert all(q.factor_keys == () for q in sitting.questions)
    for position, question in enumerate(sitting.questions):
        wrong = (
            "no idea"
            if question.kind is QuizKind.TYPED_RECALL
            else tuple(reversed(question.correct))
            if isinstance(question.correct, tuple)
            else (question.correct + 1) % len(question.options)
        )
        services.quiz.answer(sitting.session_id, position, wrong)
    result = services.quiz.finish(sitting.session_id)
    assert result.correct == 0 and len(result.missed) == len(sitting.questions)
    assert result.per_factor == ()
    assert services.quiz.history(deck_id)[0].session_id == sitting.session_id
    retry = services.quiz.retry_missed(sitting.session_id)
    assert len(retry.questions) == len(sitting.questions)
    studied = services.quiz.missed_cards(sitting.session_id)
    assert studied.card_ids  # the missed notes' cards, to study


def test_a_missed_note_brings_its_card_forward_and_memory_stays(
    services: Services, tmp_path: Path
) -> None:
    deck_id = import_deck(services, tmp_path, CAPITALS, "Capitals")
    with services.database.write() as session:
        decks_repo.put_setting(session, BRING_FORWARD_SETTING, True)
    sitting = services.quiz.start(QuizSetup(deck_id, length=5, seed=1, kinds=(QuizKind.CHOICE,)))
    question = sitting.questions[0]
    told = services.quiz.answer(sitting.session_id, 0, (question.correct + 1) % 4)
    assert not told.correct and told.cards_brought_forward == 1
    cards = services.quiz.missed_cards(sitting.session_id).card_ids
    memory = [services.study.card(card).state for card in cards]
    assert [(m.state, m.reps, m.stability) for m in memory] == [(CardState.NEW, 0, None)]


def test_a_deck_too_small_says_how_many_notes_it_has_and_needs(
    services: Services, tmp_path: Path
) -> None:
    rows = {"France": "Paris", "Spain": "Madrid", "Italy": "Rome", "<img src=a.png>": "Oslo"}
    deck_id = import_deck(services, tmp_path, rows, "Tiny")
    assert services.quiz.usable_notes(deck_id) == 3
    with pytest.raises(ValueError, match=r"3 notes a quiz can ask about.*at least 5"):
        services.quiz.start(QuizSetup(deck_id, length=5, seed=1))
    with pytest.raises(ValueError, match="no knowledge model"):
        services.quiz.start(QuizSetup(deck_id, length=5, seed=1, weakest=True))


def test_a_suspended_cards_note_is_left_out(services: Services, tmp_path: Path) -> None:
    deck_id = import_deck(services, tmp_path, CAPITALS, "Capitals")
    sitting = services.quiz.start(QuizSetup(deck_id, length=5, seed=1, kinds=(QuizKind.CHOICE,)))
    first = sitting.questions[0]
    services.quiz.answer(sitting.session_id, 0, (first.correct + 1) % len(first.options))
    services.quiz.finish(sitting.session_id)
    [card] = services.quiz.missed_cards(sitting.session_id).card_ids
    services.notes.toggle_suspended([card])
    assert services.quiz.usable_notes(deck_id) == len(CAPITALS) - 1
    asked = sitting.questions[0].prompt
    later = services.quiz.start(QuizSetup(deck_id, length=10, seed=2))
    assert all(asked not in q.prompt and asked not in q.items for q in later.questions)


def test_html_notes_are_asked_as_plain_text(services: Services, tmp_path: Path) -> None:
    rows = {f"<b>{front}</b>": f"<i>{back}</i>" for front, back in CAPITALS.items()}
    path = tmp_path / "Styled.csv"
    lines = "".join(f"{front}\t{back}\n" for front, back in rows.items())
    path.write_text("#html:true\n" + lines, "utf-8")
    services.importer.run(path, ImportOptions(deck="Styled"))
    deck_id = next(d.deck_id for d in services.quiz.decks() if d.name == "Styled")
    sitting = services.quiz.start(QuizSetup(deck_id, length=7, seed=4, kinds=(QuizKind.CHOICE,)))
    assert {q.prompt for q in sitting.questions} == set(CAPITALS)
    assert {o for q in sitting.questions for o in q.options} <= set(CAPITALS.values())


def test_a_note_quiz_left_running_carries_on_after_a_restart(
    services: Services, tmp_path: Path
) -> None:
    deck_id = import_deck(services, tmp_path, CAPITALS, "Capitals")
    sitting = services.quiz.start(QuizSetup(deck_id, length=5, seed=8, time_limit_s=600))
    first = sitting.questions[0]
    right = first.accepted[0] if first.kind is QuizKind.TYPED_RECALL else first.correct
    services.quiz.answer(sitting.session_id, 0, right)
    left = services.quiz.unfinished()
    assert isinstance(left, QuizInProgress)
    assert left.sitting.questions == sitting.questions and left.position == 1
    assert left.seconds_left is not None and left.seconds_left > 0
