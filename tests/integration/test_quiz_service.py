"""Self-quizzes on a stored deck: start, grade, store, finish, history, and the schedule rule."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from deckdata import quiz_deck_text, small_deck_text
from fibrolearn.content.deck_file import load_deck
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import CardState, Certainty, Rating
from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.domain.quiz import QuizKind, QuizQuestion
from fibrolearn.domain.quiz_session import MAX_TIME_LIMIT_S, QuizMode, QuizResult, QuizSetup
from fibrolearn.paths import AppPaths, bundled_dir
from fibrolearn.services.container import Services
from fibrolearn.services.health import check_health
from fibrolearn.services.quiz import QuizClosedError
from fibrolearn.services.quiz_feedback import feedback, grade
from fibrolearn.storage import knowledge_repo
from fibrolearn.storage.damaged_data import StoredValueError
from fibrolearn.storage.migrate import open_collection, open_collection_read_only

DECK = 1


@pytest.fixture
def deck_text() -> str:
    """The small deck with enough findings for quizzes of several questions."""
    return quiz_deck_text()


def right(question: QuizQuestion):
    if question.kind is QuizKind.TYPED_RECALL:
        return question.accepted[0].upper() + "."  # case and punctuation do not matter
    return question.correct


def wrong(question: QuizQuestion):
    if question.kind is QuizKind.TYPED_RECALL:
        return "something else entirely"
    if question.kind is QuizKind.MATCHING:
        return tuple(reversed(question.correct))
    return (question.correct + 1) % len(question.options)


def card_states(services: Services) -> dict[int, object]:
    return {cid: services.study.card(cid).state for cid in range(1, 6)}


def test_deck_document_round_trips_the_stored_knowledge_model(services: Services) -> None:
    sitting = services.quiz.start(QuizSetup(DECK, length=10, seed=7))
    assert 5 <= len(sitting.questions) <= 10
    assert all(set(q.factor_keys) <= {"a", "b"} for q in sitting.questions)
    typed = services.quiz.start(QuizSetup(DECK, length=5, seed=7, kinds=(QuizKind.TYPED_RECALL,)))
    assert typed.questions  # the cloze note became typed recall


def test_deck_document_keeps_umbrella_factors_and_the_literatures_verdict(
    tmp_path: Path, paths: AppPaths, clock: FixedClock
) -> None:
    text = small_deck_text().replace('name = "Factor A"', 'name = "Factor A"\numbrella = true')
    text = text.replace("[[factor]]", 'synonyms = [["alpha", "α"]]\n\n[[factor]]', 1)
    text = text.replace(
        'certainty = "emerging"', 'certainty = "supported"\nevidence_certainty = "contested"'
    )
    path = tmp_path / "judged.toml"
    path.write_text(text, encoding="utf-8")
    services = Services.build(open_collection(paths.collection, paths.backups_dir), clock)
    try:
        services.decks.load_deck_files([path])
        with services.database.read() as session:
            stored = knowledge_repo.deck_document(session, DECK)
    finally:
        services.close()
    written = load_deck(path)
    assert stored.meta.synonyms == written.meta.synonyms == (("alpha", "α"),)
    assert stored.factors == written.factors
    assert [f.umbrella for f in stored.factors] == [True, False]
    assert stored.facts == written.facts
    assert stored.fact_by_key["B1"].evidence_certainty is Certainty.CONTESTED


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (QuizSetup(DECK, length=4), "5 to 50 questions, not 4"),
        (QuizSetup(DECK, length=51), "5 to 50 questions, not 51"),
        (QuizSetup(DECK, factors=("zz",)), "no factor zz"),
        (QuizSetup(DECK, time_limit_s=0), "positive number of seconds"),
        (QuizSetup(DECK, time_limit_s=MAX_TIME_LIMIT_S + 1), f"at most {MAX_TIME_LIMIT_S}"),
        (QuizSetup(DECK, kinds=(QuizKind.NOT_LINKED,), factors=("b",)), "no questions"),
    ],
)
def test_bad_setups_are_refused_with_a_reason(
    services: Services, setup: QuizSetup, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        services.quiz.start(setup)


def test_practice_quiz_is_graded_stored_and_never_touches_the_schedule(
    services: Services, clock: FixedClock
) -> None:
    before = card_states(services)
    sitting = services.quiz.start(QuizSetup(DECK, length=6, seed=11))
    questions = sitting.questions
    first = services.quiz.answer(sitting.session_id, 0, right(questions[0]), 1500)
    assert first.correct and first.given
    second = services.quiz.answer(sitting.session_id, 1, wrong(questions[1]), 2500)
    assert not second.correct
    assert second.right_answer and second.right_answer != second.given
    assert second.explanation == questions[1].explanation
    assert second.cards_brought_forward == 0
    with pytest.raises(QuizClosedError, match="already answered"):
        services.quiz.answer(sitting.session_id, 1, right(questions[1]))

    clock.advance(timedelta(seconds=90))
    result = services.quiz.finish(sitting.session_id)
    assert (result.correct, result.total) == (1, len(questions))
    assert result.seconds == 90
    assert [m.position for m in result.missed] == [1]  # answered wrongly
    assert result.unanswered == len(questions) - 2  # not right, but not missed either
    answered = questions[:2]
    assert sum(f.total for f in result.per_factor) == sum(len(q.factor_keys) for q in answered)
    assert [f.factor_key for f in result.per_factor] == sorted(
        {k for q in answered for k in q.factor_keys}
    )
    assert card_states(services) == before  # quiz answers never reschedule cards

    assert services.quiz.finish(sitting.session_id) == result  # finishing twice is harmless
    assert services.quiz.result(sitting.session_id) == result
    with pytest.raises(QuizClosedError, match="finished"):
        services.quiz.answer(sitting.session_id, 2, right(questions[2]))
    [entry] = services.quiz.history()
    assert (entry.session_id, entry.correct, entry.total) == (sitting.session_id, 1, 6)
    assert entry.mode is QuizMode.PRACTICE and entry.deck_name == "Small deck"


def test_setting_brings_the_missed_facts_cards_forward(
    services: Services, clock: FixedClock
) -> None:
    for card_id in range(1, 6):  # learn every card: all become review cards due in days
        state = services.study.card(card_id).state
        services.study.answer(card_id, Rating.EASY, 1000, shown_state=state)
    clock.advance(timedelta(hours=1))
    services.quiz.set_brings_cards_forward(True)
    assert services.quiz.brings_cards_forward()
    sitting = services.quiz.start(QuizSetup(DECK, length=5, seed=2, kinds=(QuizKind.TRUE_FALSE,)))
    question = sitting.questions[0]
    feedback = services.quiz.answer(sitting.session_id, 0, wrong(question))
    assert feedback.cards_brought_forward > 0
    teaching = set(services.quiz.missed_cards(sitting.session_id).card_ids)
    due_now = {cid for cid in range(1, 6) if services.study.card(cid).state.due == clock.now()}
    assert due_now == teaching
    assert all(services.study.card(cid).state.state is CardState.REVIEW for cid in teaching)


def test_time_limit_closes_the_quiz(services: Services, clock: FixedClock) -> None:
    sitting = services.quiz.start(QuizSetup(DECK, length=5, seed=1, time_limit_s=60))
    clock.advance(timedelta(seconds=61))  # within the grace period
    services.quiz.answer(sitting.session_id, 0, right(sitting.questions[0]))
    clock.advance(timedelta(seconds=5))
    with pytest.raises(QuizClosedError, match="time"):
        services.quiz.answer(sitting.session_id, 1, right(sitting.questions[1]))
    assert services.quiz.finish(sitting.session_id).correct == 1


def test_missed_cards_and_a_factors_cards_make_study_sets(
    services: Services, clock: FixedClock
) -> None:
    # Not-linked questions on A show B's finding as the odd one out.
    kinds = tuple(k for k in QuizKind if k is not QuizKind.NOT_LINKED)
    sitting = services.quiz.start(QuizSetup(DECK, length=5, seed=5, factors=("a",), kinds=kinds))
    for position, question in enumerate(sitting.questions):
        services.quiz.answer(sitting.session_id, position, wrong(question))
    services.quiz.finish(sitting.session_id)
    study_set = services.quiz.missed_cards(sitting.session_id)
    assert study_set.deck_id == DECK and study_set.card_ids
    factor_set = services.focus.factor_cards(DECK, "a")
    assert factor_set.label == "Factor A" and set(study_set.card_ids) <= set(factor_set.card_ids)
    newest = services.study.newest_answer_id()
    card, _counts = services.study.next_in_set_and_counts(study_set, newest)
    assert card is not None and card.card_id in study_set.card_ids
    with pytest.raises(LookupError):
        services.focus.factor_cards(DECK, "nope")


def test_weakest_areas_quiz_asks_about_the_weakest_factors(services: Services) -> None:
    for card_id in services.focus.factor_cards(DECK, "a").card_ids:
        state = services.study.card(card_id).state
        services.study.answer(card_id, Rating.EASY, 1000, shown_state=state)
    sitting = services.quiz.start(QuizSetup(DECK, length=5, seed=1, weakest=True))
    assert sitting.factor_keys[0] == "b"


def test_grading_checks_the_shape_of_the_answer() -> None:
    choice = QuizQuestion(QuizKind.DETAIL, "p", ("x", "y"), 1)
    assert grade(choice, 1) and not grade(choice, 0) and not grade(choice, None)
    with pytest.raises(ValueError, match="index"):
        grade(choice, "y")
    with pytest.raises(ValueError, match="does not exist"):
        grade(choice, 2)
    matching = QuizQuestion(QuizKind.MATCHING, "p", ("A", "B"), (1, 0), items=("a", "b"))
    assert grade(matching, (1, 0)) and not grade(matching, (0, 1))
    with pytest.raises(ValueError, match="one option for each"):
        grade(matching, (1,))
    typed = QuizQuestion(QuizKind.TYPED_RECALL, "p", (), 0, accepted=("glutamate",))
    assert grade(typed, "Glutamat") and not grade(typed, "serotonin")


def test_feedback_shows_the_spelling_when_a_typo_was_forgiven() -> None:
    typed = QuizQuestion(QuizKind.TYPED_RECALL, "p", (), 0, accepted=("glutamate",))
    forgiven = feedback(typed, "glutamat", grade(typed, "glutamat"))
    assert forgiven.correct and forgiven.typo_forgiven
    assert (forgiven.right_answer, forgiven.given) == ("glutamate", "glutamat")
    exact = feedback(typed, "The Glutamate.", grade(typed, "The Glutamate."))
    assert exact.correct and not exact.typo_forgiven
    missed = feedback(typed, "glycine", grade(typed, "glycine"))
    assert not missed.correct and not missed.typo_forgiven
    two = QuizQuestion(
        QuizKind.TYPED_RECALL, "p", (), 0, accepted=("serotonin", "5-hydroxytryptamine")
    )
    meant = feedback(two, "5-hydroxytriptamine", grade(two, "5-hydroxytriptamine"))
    assert meant.typo_forgiven and meant.right_answer == "5-hydroxytryptamine"


def test_a_missed_typed_answer_is_shown_every_answer_that_counts() -> None:
    """Found in a bug hunt: "sleepiness" for fatigue was shown "fatigue" alone, though
    "tiredness" and "exhaustion" would have counted too."""
    typed = QuizQuestion(
        QuizKind.TYPED_RECALL, "p", (), 0, accepted=("fatigue", "tiredness", "exhaustion")
    )
    missed = feedback(typed, "sleepiness", grade(typed, "sleepiness"))
    assert missed.right_answer == "fatigue (also right: tiredness, exhaustion)"
    said = feedback(typed, "tiredness", grade(typed, "tiredness"))
    assert said.right_answer == "tiredness"  # the one meant


def test_a_quiz_left_running_carries_on_at_its_first_unanswered_question(
    services: Services, clock: FixedClock
) -> None:
    sitting = services.quiz.start(QuizSetup(DECK, length=6, seed=3, time_limit_s=600))
    for position in (0, 1):
        services.quiz.answer(sitting.session_id, position, right(sitting.questions[position]))
    clock.advance(timedelta(minutes=4))  # the app closed and opened again meanwhile
    left = services.quiz.unfinished()
    assert left is not None
    assert left.sitting == sitting
    assert (left.position, left.seconds_left, left.asked_for) == (2, 360.0, 6)
    feedback = services.quiz.answer(sitting.session_id, 2, right(sitting.questions[2]))
    assert feedback.correct


def test_quizzes_left_without_answers_go_and_expired_or_older_ones_finish(
    services: Services, clock: FixedClock
) -> None:
    empty = services.quiz.start(QuizSetup(DECK, length=5, seed=1))
    timed = services.quiz.start(QuizSetup(DECK, length=5, seed=2, time_limit_s=60))
    services.quiz.answer(timed.session_id, 0, right(timed.questions[0]))
    clock.advance(timedelta(minutes=1))
    older = services.quiz.start(QuizSetup(DECK, length=5, seed=4))
    services.quiz.answer(older.session_id, 0, right(older.questions[0]))
    clock.advance(timedelta(minutes=1))
    newest = services.quiz.start(QuizSetup(DECK, length=5, seed=5))
    services.quiz.answer(newest.session_id, 0, wrong(newest.questions[0]))
    clock.advance(timedelta(minutes=5))
    left = services.quiz.unfinished()
    assert left is not None and left.sitting.session_id == newest.session_id
    with pytest.raises(LookupError):
        services.quiz.result(empty.session_id)  # no answer: nothing to keep
    for ended in (timed, older):  # finished: their answers count, the rest missed
        result = services.quiz.result(ended.session_id)
        assert result.finished_at is not None and (result.correct, result.total) == (1, 5)
    assert services.quiz.unfinished() is not None  # the newest still waits


def test_a_read_only_collection_carries_no_quiz_on_and_writes_nothing(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    services.quiz.start(QuizSetup(DECK, length=5, seed=1))  # left before any answer
    answered = services.quiz.start(QuizSetup(DECK, length=5, seed=2))
    services.quiz.answer(answered.session_id, 0, right(answered.questions[0]))
    services.close()
    before = paths.collection.read_bytes()
    reading = Services.build(open_collection_read_only(paths.collection), clock)
    try:
        assert reading.quiz.unfinished() is None
    finally:
        reading.close()
    assert paths.collection.read_bytes() == before


def test_questions_left_unanswered_are_not_studied_nor_counted_against_a_factor(
    services: Services,
) -> None:
    """Ending a quiz after one wrong answer says nothing about the questions never seen."""
    sitting = services.quiz.start(QuizSetup(DECK, length=5, seed=5))
    first = sitting.questions[0]
    services.quiz.answer(sitting.session_id, 0, wrong(first), 3000)
    result = services.quiz.finish(sitting.session_id)

    assert (result.correct, result.total, result.unanswered) == (0, 5, 4)
    assert [m.position for m in result.missed] == [0]
    assert {f.factor_key: f.total for f in result.per_factor} == dict.fromkeys(first.factor_keys, 1)
    with services.database.read() as session:
        teaching = knowledge_repo.cards_teaching(session, DECK, fact_keys=first.fact_keys)
    assert set(services.quiz.missed_cards(sitting.session_id).card_ids) == set(teaching)
    [deck_map] = [m for m in services.progress.overview().maps if m.deck_id == DECK]
    asked = {f.key: f.quiz_total for f in deck_map.factors if f.quiz_total}
    assert asked == dict.fromkeys(first.factor_keys, 1)


def test_a_matching_answer_counts_only_its_wrong_pairs_against_their_facts(
    services: Services,
) -> None:
    """Three pairs of four matched rightly say the learner knows those three findings."""
    services.decks.load_deck_files(bundled_dir("decks").glob("*.toml"))
    deck = max(d.deck_id for d in services.decks.list_decks())
    setup = QuizSetup(deck, length=5, seed=3, kinds=(QuizKind.MATCHING,))
    sitting = services.quiz.start(setup)
    question = sitting.questions[0]
    swapped = list(question.correct)
    swapped[0], swapped[1] = swapped[1], swapped[0]  # the first two findings swapped
    services.quiz.answer(sitting.session_id, 0, tuple(swapped))
    result = services.quiz.finish(sitting.session_id)

    with services.database.read() as session:
        factor_of = knowledge_repo.factors_of_facts(session, deck, question.fact_keys)
        teaching = knowledge_repo.cards_teaching(session, deck, fact_keys=question.fact_keys[:2])
    blamed = {factor_of[key] for key in question.fact_keys[:2]}
    assert {f.factor_key for f in result.per_factor} == blamed
    assert set(services.quiz.missed_cards(sitting.session_id).card_ids) == set(teaching)


def test_a_quiz_carried_on_the_next_day_took_its_answering_time_not_a_day(
    services: Services, clock: FixedClock
) -> None:
    sitting = services.quiz.start(QuizSetup(DECK, length=5, seed=5))
    clock.advance(timedelta(seconds=20))
    services.quiz.answer(sitting.session_id, 0, right(sitting.questions[0]), 20_000)
    clock.advance(timedelta(days=1))  # the app closed overnight; the quiz carries on
    services.quiz.answer(sitting.session_id, 1, right(sitting.questions[1]), 30_000)
    clock.advance(timedelta(seconds=10))
    result = services.quiz.finish(sitting.session_id)
    # 20 s, then 30 s answering after at most 2 minutes with the feedback, then 10 s to end.
    assert result.seconds == 20 + 30 + 120 + 10


def test_only_a_quiz_its_limit_cut_short_is_times_up(services: Services, clock: FixedClock) -> None:
    """Answered in full near the end, or left answered in full when the app closed: not cut."""
    full = services.quiz.start(QuizSetup(DECK, length=5, seed=5, time_limit_s=60))
    for position, question in enumerate(full.questions):
        services.quiz.answer(full.session_id, position, right(question))
    clock.advance(timedelta(seconds=59))
    assert not services.quiz.finish(full.session_id).time_up

    left = services.quiz.start(QuizSetup(DECK, length=5, seed=6, time_limit_s=60))
    for position, question in enumerate(left.questions):
        services.quiz.answer(left.session_id, position, right(question))
    answered_at = clock.now()
    clock.advance(timedelta(minutes=5))  # the app closed before the last screen
    shown = services.quiz.unfinished()  # its results, shown once it opens again
    assert isinstance(shown, QuizResult) and shown.session_id == left.session_id
    assert not shown.time_up and shown.unanswered == 0
    assert shown.finished_at == answered_at  # with its last answer, not as the app opened
    assert services.quiz.unfinished() is None

    cut = services.quiz.start(QuizSetup(DECK, length=5, seed=7, time_limit_s=60))
    services.quiz.answer(cut.session_id, 0, right(cut.questions[0]))
    clock.advance(timedelta(minutes=5))
    shown = services.quiz.unfinished()
    assert isinstance(shown, QuizResult) and shown.time_up and shown.unanswered == 4


@pytest.mark.parametrize(
    ("damage", "reading", "checked"),
    [
        # A digit of a stored answer past the question's options: the results cannot show it.
        (
            "UPDATE quiz_answers SET response = 9 WHERE position = 0 AND session_id = 1",
            "result",
            "unreadable values: 1 quiz answer",
        ),
        # A time limit no sitting has, met when the quiz left running is carried on.
        (
            "UPDATE quiz_sessions SET options = json_set(options, '$.time_limit_s', -5)"
            " WHERE finished_at IS NULL",
            "carry on",
            "unreadable values: the set-up of 1 quiz",
        ),
        # A row header's byte: the set-up reads back as a number, refused as it is loaded
        # (and so counted by the check in SQL).
        (
            "UPDATE quiz_sessions SET options = 5 WHERE finished_at IS NULL",
            "carry on",
            "unreadable values: the set-up of 1 quiz",
        ),
        # A stored question read back as text that is no JSON: the answer cannot be loaded.
        (
            "UPDATE quiz_answers SET question = 'not json' WHERE position = 0 AND session_id = 1",
            "result",
            "unreadable values: 1 quiz answer",
        ),
        # A letter of a stored question's key: the questions cannot be read back.
        (
            "UPDATE quiz_sessions SET options = replace(options, '\"prompt\"', '\"prmpt\"')"
            " WHERE finished_at IS NULL",
            "carry on",
            "unreadable values: the set-up of 1 quiz",
        ),
    ],
)
def test_a_damaged_stored_quiz_is_damage_when_met_and_in_check(
    services: Services, paths: AppPaths, damage: str, reading: str, checked: str
) -> None:
    finished = services.quiz.start(QuizSetup(DECK, length=5, seed=7))
    services.quiz.answer(finished.session_id, 0, wrong(finished.questions[0]))
    services.quiz.finish(finished.session_id)
    running = services.quiz.start(QuizSetup(DECK, length=5, seed=8, time_limit_s=600))
    services.quiz.answer(running.session_id, 0, right(running.questions[0]))
    with sqlite3.connect(paths.collection) as connection:
        connection.execute(damage)
    connection.close()

    with pytest.raises(StoredValueError) as caught:
        if reading == "result":
            services.quiz.result(finished.session_id)
        else:
            services.quiz.unfinished()

    problem = services.storage_problem(caught.value)
    assert problem is not None
    assert problem.kind is StorageProblemKind.DAMAGED
    report = check_health(services.database)
    assert any(checked in found for found in report.problems), report.problems


def test_the_questions_answered_wrongly_are_asked_again_in_a_quiz_of_their_own(
    services: Services, clock: FixedClock
) -> None:
    setup = QuizSetup(DECK, length=8, seed=3, mode=QuizMode.TEST, time_limit_s=600)
    sitting = services.quiz.start(setup)
    wrongly = [1, 4, 5]
    for position, question in enumerate(sitting.questions[:-1]):  # the last left unanswered
        answer = wrong(question) if position in wrongly else right(question)
        services.quiz.answer(sitting.session_id, position, answer)
    services.quiz.finish(sitting.session_id)
    clock.advance(timedelta(minutes=1))
    again = services.quiz.retry_missed(sitting.session_id)
    assert again.session_id != sitting.session_id
    assert (again.mode, again.time_limit_s) == (QuizMode.TEST, None)  # time to take over them
    assert [q.prompt for q in again.questions] == [sitting.questions[i].prompt for i in wrongly]
    for position, question in enumerate(again.questions):
        assert services.quiz.answer(again.session_id, position, right(question)).correct
    result = services.quiz.finish(again.session_id)
    assert (result.correct, result.total, result.missed) == (3, 3, ())
    assert services.quiz.result(sitting.session_id).correct == 4  # the first quiz stays as it was


def test_a_quiz_without_a_wrong_answer_has_none_to_ask_again(services: Services) -> None:
    sitting = services.quiz.start(QuizSetup(DECK, length=5, seed=3))
    services.quiz.answer(sitting.session_id, 0, right(sitting.questions[0]))
    services.quiz.finish(sitting.session_id)  # the others unanswered: not missed
    with pytest.raises(ValueError, match="no wrong answer"):
        services.quiz.retry_missed(sitting.session_id)


def test_a_retry_counts_in_no_mastery_map_nor_in_the_scores_over_time(services: Services) -> None:
    sitting = services.quiz.start(QuizSetup(DECK, length=5, seed=3))
    for position, question in enumerate(sitting.questions):
        services.quiz.answer(sitting.session_id, position, wrong(question))
    services.quiz.finish(sitting.session_id)
    weak = services.progress.mastery(DECK).factors
    again = services.quiz.retry_missed(sitting.session_id)
    for position, question in enumerate(again.questions):  # right just after being told
        services.quiz.answer(again.session_id, position, right(question))
    assert services.quiz.finish(again.session_id).score == 1.0
    assert services.progress.mastery(DECK).factors == weak
    assert [point.score for point in services.progress.overview().quiz_scores] == [0.0]
