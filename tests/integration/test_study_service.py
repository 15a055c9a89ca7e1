"""The study use cases on a real temporary collection with a fixed clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from deckdata import SMALL_NOTES, small_deck_text
from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.browse import CardQuery, NoteDraft, NoteError
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.decks import DeckOptions, QueueCounts
from fibrolearn.domain.enums import CardState, NoteKind, Rating
from fibrolearn.domain.study import StudySet
from fibrolearn.services.container import Services
from fibrolearn.services.study import StaleAnswerError
from studying import learn_every_new_card


def deck_id(services: Services) -> int:
    return services.decks.list_decks()[0].deck_id


def answer_next(services: Services, rating: Rating = Rating.GOOD) -> int:
    card = services.study.next_card(deck_id(services))
    assert card is not None
    services.study.answer(card.card_id, rating, 1500, shown_state=card.state)
    return card.card_id


def test_bundled_deck_loads_with_counts(services: Services) -> None:
    [deck] = services.decks.list_decks()
    assert (deck.name, deck.total, deck.new, deck.learning, deck.due) == ("Small deck", 5, 5, 0, 0)


def test_first_card_shows_question_answer_facts_and_intervals(services: Services) -> None:
    card = services.study.next_card(deck_id(services))
    assert card is not None
    assert "What is alpha linked to?" in card.question_html
    assert "Factor A" in card.answer_html
    [fact] = card.facts
    assert (fact.key, fact.explanation, fact.evidence) == (
        "A1",
        "Alpha explained.",
        "Only small studies.",
    )
    assert fact.references == ("(2020) A paper about alpha",)
    assert card.intervals[Rating.AGAIN] == timedelta(minutes=1)
    assert card.intervals[Rating.GOOD] == timedelta(minutes=10)


def test_answer_is_logged_with_state_before_and_after(
    services: Services, clock: FixedClock
) -> None:
    card = services.study.next_card(deck_id(services))
    assert card is not None
    receipt = services.study.answer(card.card_id, Rating.GOOD, 2300, shown_state=card.state)
    assert receipt.new_state.state == CardState.LEARNING
    assert receipt.new_state.due == clock.now() + timedelta(minutes=10)
    stats = services.stats.summary()["decks"][0]
    assert (stats["reviews_today"], stats["reviews_total"]) == (1, 1)
    assert stats["cards"]["learning"] == 1 and stats["cards"]["new"] == 4


def test_an_answer_counts_a_minute_at_most_however_long_the_card_was_up(
    services: Services, clock: FixedClock
) -> None:
    began = services.study.newest_answer_id()
    card = services.study.next_card(deck_id(services))
    assert card is not None
    services.study.answer(card.card_id, Rating.GOOD, 40 * 60_000, shown_state=card.state)
    answer_next(services)  # 1.5 s, as timed
    summary = services.study.session_summary(deck_id(services), began)
    assert summary.seconds == pytest.approx(60 + 1.5)  # the 40 minutes away count as 60 s
    assert services.progress.overview().today.seconds == pytest.approx(61.5)


def test_stale_answer_is_refused_and_writes_nothing(services: Services) -> None:
    card = services.study.next_card(deck_id(services))
    assert card is not None
    services.study.answer(card.card_id, Rating.GOOD, 1000, shown_state=card.state)
    with pytest.raises(StaleAnswerError):
        services.study.answer(card.card_id, Rating.GOOD, 1000, shown_state=card.state)
    assert services.stats.summary()["decks"][0]["reviews_total"] == 1


def test_queue_order_learning_then_reviews_then_new(services: Services, clock: FixedClock) -> None:
    deck = deck_id(services)
    # Day 1: learn two cards to review state (Easy graduates at once), one into learning.
    easy_a = answer_next(services, Rating.EASY)
    easy_b = answer_next(services, Rating.EASY)
    clock.advance(timedelta(days=30))  # both reviews are now due
    learning = answer_next(services, Rating.EASY)  # first due review -> stays in review
    assert learning == easy_a
    # A card in learning that is due must come before the remaining review and the new cards.
    new_card = services.study.next_card(deck)
    assert new_card is not None and new_card.card_id == easy_b  # review before new
    services.study.answer(easy_b, Rating.AGAIN, 900, shown_state=new_card.state)  # relearning
    clock.advance(timedelta(minutes=11))
    relearn = services.study.next_card(deck)
    assert relearn is not None and relearn.card_id == easy_b
    assert relearn.state.state == CardState.RELEARNING
    services.study.answer(easy_b, Rating.GOOD, 900, shown_state=relearn.state)
    following = services.study.next_card(deck)
    assert following is not None and following.state.state == CardState.NEW


def test_daily_new_limit_and_rollover(services: Services, clock: FixedClock) -> None:
    deck = deck_id(services)
    services.decks.set_options(deck, DeckOptions(new_per_day=2))
    answer_next(services, Rating.EASY)
    answer_next(services, Rating.EASY)
    assert services.study.queue_counts(deck).new == 0
    assert services.study.next_card(deck) is None
    # 03:59 the next morning (UTC machine zone) is still the same study day...
    clock.set(clock.now().replace(hour=3, minute=59) + timedelta(days=1))
    assert services.study.queue_counts(deck).new == 0
    # ...and at 04:00 a new day starts with a fresh allowance.
    clock.advance(timedelta(minutes=1))
    assert services.study.queue_counts(deck).new == 2
    assert services.decks.list_decks()[0].new == 2


def test_daily_review_limit(services: Services, clock: FixedClock) -> None:
    deck = deck_id(services)
    learn_every_new_card(services, clock, Rating.EASY)
    services.decks.set_options(deck, DeckOptions(new_per_day=0, reviews_per_day=3))
    clock.advance(timedelta(days=60))
    assert services.study.queue_counts(deck).review == 3
    for _ in range(3):
        answer_next(services)
    assert services.study.next_card(deck) is None


def test_undo_restores_exact_prior_state_several_steps_deep(services: Services) -> None:
    deck = deck_id(services)
    original = services.study.next_card(deck)
    assert original is not None
    states, answers = [], []
    for rating in (Rating.GOOD, Rating.AGAIN, Rating.EASY):
        card = services.study.card(original.card_id)
        states.append(card.state)
        answers.append(services.study.answer(card.card_id, rating, 1000, shown_state=card.state))
    # Only a card's newest answer can be taken back: the others would go with it.
    assert services.study.take_back(answers[0].review_id) is None
    for expected, receipt in zip(reversed(states), reversed(answers), strict=True):
        assert services.study.take_back(receipt.review_id).card_id == original.card_id
        assert services.study.card(original.card_id).state == expected
    assert services.study.take_back(answers[0].review_id) is None  # already taken back
    assert services.stats.summary()["decks"][0]["reviews_total"] == 0


def test_replaying_the_log_reproduces_the_stored_state(
    services: Services, clock: FixedClock
) -> None:
    deck = deck_id(services)
    target = services.study.next_card(deck)
    assert target is not None
    kept_state = []
    for rating in (Rating.GOOD, Rating.GOOD, Rating.EASY, Rating.AGAIN, Rating.GOOD, Rating.HARD):
        card = services.study.card(target.card_id)
        receipt = services.study.answer(card.card_id, rating, 1000, shown_state=card.state)
        # Stored whole whether the state moved (new to learning) or stayed (review to review).
        assert services.study.card(target.card_id).state == receipt.new_state
        kept_state.append(receipt.new_state.state == card.state.state)
        clock.set(receipt.new_state.due + timedelta(hours=1))
    assert True in kept_state and False in kept_state
    stored = services.study.card(target.card_id).state
    assert stored.reps == 6 and stored.lapses == 1
    assert services.study.replay(target.card_id) == stored


def test_newer_bundled_version_updates_in_place_and_keeps_progress(
    services: Services, deck_file: Path, clock: FixedClock
) -> None:
    first = services.study.next_card(deck_id(services))
    assert first is not None
    services.study.answer(first.card_id, Rating.EASY, 1000, shown_state=first.state)
    progressed = services.study.card(first.card_id).state

    changed_notes = """
[[note]]
id = "n1"
facts = ["A1"]
front = "Which factor is alpha linked to?"
back = "Factor A"

[[note]]
id = "n4"
facts = ["B1"]
front = "Is beta linked to B?"
back = "Yes"
"""
    deck_file.write_text(small_deck_text(version=2, notes=changed_notes), encoding="utf-8")
    [report] = services.decks.load_deck_files([deck_file])
    assert (report.added_cards, report.updated_notes, report.retired_cards) == (1, 1, 4)

    updated = services.study.card(first.card_id)
    assert "Which factor is alpha linked to?" in updated.question_html
    assert updated.state == progressed
    [deck] = services.decks.list_decks()
    assert deck.total == 2

    # Loading the same version again changes nothing.
    [again] = services.decks.load_deck_files([deck_file])
    assert again.skipped


def card_ids_of(services: Services, search: str) -> list[int]:
    query = CardQuery(services.browse.parse(search))
    return list(services.browse.find(query, 100).card_ids)


def edit_alpha(services: Services, **changes: Any) -> int:
    """Edit note n1 in Browse as the learner would; returns its card's id."""
    [alpha] = card_ids_of(services, "alpha linked")
    note = services.notes.note_of_card(alpha)
    services.notes.edit(note.note_id, replace(note.draft, **changes))
    return alpha


def test_an_edit_is_not_taken_back_over_a_deck_update_that_changed_the_note(
    services: Services, deck_file: Path
) -> None:
    alpha = edit_alpha(services, back="My answer")
    version_2 = SMALL_NOTES.replace("What is alpha linked to?", "Alpha is linked to?")
    deck_file.write_text(small_deck_text(version=2, notes=version_2), encoding="utf-8")
    services.decks.load_deck_files([deck_file])

    with pytest.raises(NoteError, match="the note has changed since that edit"):
        services.notes.undo()

    draft = services.notes.note_of_card(alpha).draft
    assert (draft.front, draft.back) == ("Alpha is linked to?", "My answer")


def test_a_newer_bundled_version_keeps_what_the_learner_wrote(
    services: Services, deck_file: Path
) -> None:
    alpha = edit_alpha(services, front="My words: alpha goes with?", tags=("mine",))
    beta = card_ids_of(services, "beta -alpha")
    services.notes.add_tags(beta, ["hard"])
    services.notes.add(deck_id(services), NoteDraft(NoteKind.BASIC, front="Own?", back="Yes"))

    version_2 = """
[[note]]
id = "n1"
facts = ["A1"]
front = "Which factor is alpha linked to?"
back = "Factor A"
tags = ["core"]

[[note]]
id = "n2"
facts = ["B1"]
kind = "reversed"
front = "beta (renamed)"
back = "Factor B"
tags = ["core"]
"""
    deck_file.write_text(small_deck_text(version=2, notes=version_2), encoding="utf-8")
    [report] = services.decks.load_deck_files([deck_file])

    assert report.kept_edits == 1  # n1: the deck changed it too, and the learner's edit won
    kept = services.notes.note_of_card(alpha).draft
    assert (kept.front, kept.back, kept.tags) == (
        "My words: alpha goes with?",
        "Factor A",
        ("mine", "core"),
    )
    renamed = services.notes.note_of_card(beta[0]).draft
    assert (renamed.front, renamed.tags) == ("beta (renamed)", ("hard", "core"))
    assert card_ids_of(services, "Own?"), "a note the learner added is never retired by a sync"
    assert not card_ids_of(services, "belongs")  # n3 left the deck: retired
    assert report.retired_cards == 2

    # A later version that leaves n1 alone still keeps the learner's words; when the
    # learner takes a deck tag off, it stays off.
    services.notes.remove_tags([alpha], ["core"])
    deck_file.write_text(small_deck_text(version=3, notes=version_2), encoding="utf-8")
    [again] = services.decks.load_deck_files([deck_file])
    assert again.kept_edits == 0
    later = services.notes.note_of_card(alpha).draft
    assert (later.front, later.tags) == ("My words: alpha goes with?", ("mine",))


OTHER_NOTES = '[[note]]\nid = "n2"' + SMALL_NOTES.split('[[note]]\nid = "n2"', 1)[1]


def note_version(front: str = "What is alpha linked to?", **changes: str) -> str:
    """The small deck's notes, with n1 written as given and n2 and n3 as they are."""
    n1 = {"front": front, "back": "Factor A", "tags": "", "kind": "basic"} | changes
    tags = ", ".join(f'"{tag}"' for tag in n1["tags"].split())
    text = f'[[note]]\nid = "n1"\nfacts = ["A1"]\nkind = "{n1["kind"]}"\ntags = [{tags}]\n'
    if n1["kind"] == "cloze":
        text += f'text = "{n1["text"]}"\n'
    else:
        text += f'front = "{n1["front"]}"\nback = "{n1["back"]}"\n'
    return text + "\n" + OTHER_NOTES


def sync(services: Services, deck_file: Path, version: int, notes: str):  # type: ignore[no-untyped-def]
    deck_file.write_text(small_deck_text(version=version, notes=notes), encoding="utf-8")
    [report] = services.decks.load_deck_files([deck_file])
    return report


def test_the_merge_is_field_by_field(services: Services, deck_file: Path) -> None:
    alpha = edit_alpha(services, front="My alpha?")

    report = sync(services, deck_file, 2, note_version(back="Factor A (corrected)"))

    merged = services.notes.note_of_card(alpha).draft
    assert (merged.front, merged.back) == ("My alpha?", "Factor A (corrected)")
    assert report.kept_edits == 0  # no field was changed by both


def test_an_edit_the_deck_also_made_or_a_tag_change_is_no_conflict(
    services: Services, deck_file: Path
) -> None:
    alpha = edit_alpha(services, front="Same words", tags=("Core",))

    report = sync(services, deck_file, 2, note_version(front="Same words", tags="core extra"))

    assert report.kept_edits == 0
    assert services.notes.note_of_card(alpha).draft.tags == ("Core", "extra")  # once, any case


def test_an_edited_note_the_deck_retires_and_brings_back_can_be_studied(
    services: Services, deck_file: Path
) -> None:
    alpha = edit_alpha(services, front="My alpha?")
    sync(services, deck_file, 2, OTHER_NOTES)
    assert not card_ids_of(services, "My alpha")
    back = sync(services, deck_file, 3, note_version())

    assert card_ids_of(services, "My alpha") == [alpha]  # the learner's words, studyable again
    assert back.added_cards == 0


def test_a_note_that_changes_kind_takes_the_decks_fields_and_says_so(
    services: Services, deck_file: Path
) -> None:
    edit_alpha(services, front="My alpha?")

    report = sync(services, deck_file, 2, note_version(kind="cloze", text="{{c1::Alpha}} is A."))

    assert report.overwritten_edits == 1
    [update] = services.decks.updates  # what the window tells the learner
    assert (update.deck, update.version, update.overwritten_edits) == ("Small deck", 2, 1)
    assert card_ids_of(services, '"is A."')


def test_a_basic_note_that_becomes_reversed_keeps_the_learners_words_and_gains_a_card(
    services: Services, deck_file: Path
) -> None:
    alpha = edit_alpha(services, front="My alpha?")

    report = sync(services, deck_file, 2, note_version(kind="reversed", back="Factor A!"))

    merged = services.notes.note_of_card(alpha).draft
    assert (merged.kind, merged.front, merged.back) == ("reversed", "My alpha?", "Factor A!")
    assert (report.overwritten_edits, report.added_cards) == (0, 1)


def test_a_deck_update_that_drops_a_deletion_keeps_the_learners_cloze_cards(
    services: Services, deck_file: Path
) -> None:
    [first, _second] = card_ids_of(services, "belongs")
    cloze = services.notes.note_of_card(first)
    services.notes.edit(
        cloze.note_id, replace(cloze.draft, text=cloze.draft.text + " And {{c3::gamma}}.")
    )
    only_c1 = SMALL_NOTES.replace("{{c2::beta}}", "beta")
    deck_file.write_text(small_deck_text(version=2, notes=only_c1), encoding="utf-8")

    [report] = services.decks.load_deck_files([deck_file])

    assert report.retired_cards == 0
    assert len(card_ids_of(services, "belongs")) == 3  # c1, c2 and the learner's c3


def test_a_deck_file_loaded_before_is_not_parsed_again(
    services: Services, deck_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_parsing(path: Path) -> None:
        raise AssertionError(f"{path} was parsed again")

    monkeypatch.setattr("fibrolearn.services.decks.load_deck", no_parsing)
    services.backups.backup(BackupReason.MANUAL)
    [again] = services.decks.load_deck_files([deck_file])
    assert again.skipped
    assert again.deck_id == deck_id(services)
    assert not services.backups.changed_since_last_backup()  # nothing was written

    monkeypatch.undo()  # a changed file is parsed and loaded as usual
    deck_file.write_text(small_deck_text(version=2), encoding="utf-8")
    [updated] = services.decks.load_deck_files([deck_file])
    assert not updated.skipped


def test_broken_deck_file_changes_nothing(services: Services, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(small_deck_text(version=9).replace('factor = "b"', 'factor = "zz"'))
    before = services.stats.summary()
    with pytest.raises(ValueError, match="zz"):
        services.decks.load_deck_files([broken])
    assert services.stats.summary() == before


def test_options_are_validated(services: Services) -> None:
    with pytest.raises(ValueError, match="retention"):
        services.decks.set_options(deck_id(services), DeckOptions(desired_retention=0.5))
    # The steps the options dialog takes, and no others (found in review: a longer one was
    # stored, and reading the deck then called it damaged).
    for steps in ((timedelta(days=400),), (timedelta(seconds=30),)):
        with pytest.raises(ValueError, match="steps are from 1 minute to 365 days"):
            services.decks.set_options(deck_id(services), DeckOptions(relearning_steps=steps))
    services.decks.set_options(
        deck_id(services), DeckOptions(learning_steps=(timedelta(days=365),))
    )


def test_deck_name_lookup(services: Services) -> None:
    assert services.decks.name(deck_id(services)) == "Small deck"
    assert services.decks.name(999_999) is None


def on_a_days_step(services: Services, clock: FixedClock) -> int:
    """A new card answered Good one evening with steps "10m 1d": due the next day, 20:00."""
    steps = (timedelta(minutes=10), timedelta(days=1))
    services.decks.set_options(deck_id(services), DeckOptions(learning_steps=steps))
    clock.set(datetime(2026, 3, 4, 20, 0).astimezone())  # an evening, local time
    return answer_next(services)  # Good: on to the second step, a day


def test_a_learning_step_of_a_day_is_there_from_the_start_of_its_day(
    services: Services, clock: FixedClock
) -> None:
    deck = deck_id(services)
    card = on_a_days_step(services, clock)
    clock.set(datetime(2026, 3, 5, 3, 59).astimezone())  # still the evening's study day
    assert services.decks.list_decks()[0].learning == 0

    clock.set(datetime(2026, 3, 5, 9, 0).astimezone())  # the next morning
    assert services.decks.list_decks()[0].learning == 1
    assert services.study.queue_counts(deck).learning == 1
    shown = services.study.next_card(deck)
    assert shown is not None and shown.card_id == card


def test_a_notes_other_new_cards_wait_for_another_day(
    services: Services, clock: FixedClock
) -> None:
    deck = deck_id(services)

    def note_of(card_id: int) -> str:
        with services.database.read() as session:
            return (
                session.connection()
                .exec_driver_sql(
                    "SELECT notes.key FROM cards JOIN notes ON notes.id = cards.note_id "
                    "WHERE cards.id = ?",
                    (card_id,),
                )
                .scalar_one()
            )

    first_day = []
    while (card := services.study.next_card(deck)) is not None and card.state.reps == 0:
        first_day.append(note_of(card.card_id))
        services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)
    # One card of each note: the reversed note's back-to-front card would show the answer
    # just seen, and so would the cloze's second deletion.
    assert first_day == ["n1", "n2", "n3"]
    assert services.study.queue_counts(deck).new == 0
    assert services.decks.list_decks()[0].new == 0

    clock.advance(timedelta(days=1))
    assert services.study.queue_counts(deck).new == 2
    second_day = [note_of(learned) for learned in (answer_next(services), answer_next(services))]
    assert second_day == ["n2", "n3"]


def test_a_focused_set_shows_only_its_cards_each_once_whatever_the_limits(
    services: Services, clock: FixedClock
) -> None:
    deck = deck_id(services)
    reviewed = answer_next(services, Rating.EASY)  # a review card, due days from now
    clock.advance(timedelta(hours=1))
    services.decks.set_options(deck, DeckOptions(new_per_day=0))  # no new cards today...
    assert services.study.next_card(deck) is None
    new_ids = services.browse.find(CardQuery(services.browse.parse("is:new")), 10).card_ids
    chosen = StudySet(deck, (reviewed, new_ids[-1]), "Missed in your quiz")
    since = services.study.newest_answer_id()  # the answers after it are the session's

    card, counts = services.study.next_in_set_and_counts(chosen, since)  # ...but these
    assert card is not None and card.card_id == reviewed  # not due, yet asked once
    assert (counts.new, counts.learning, counts.review) == (1, 0, 1)
    services.study.answer(card.card_id, Rating.GOOD, 1000, shown_state=card.state)
    card, counts = services.study.next_in_set_and_counts(chosen, since)
    assert card is not None and card.card_id == new_ids[-1]
    assert (counts.new, counts.review) == (1, 0)
    services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)
    assert services.study.next_in_set_and_counts(chosen, since) == (
        None,
        QueueCounts(0, 0, 0),
    )


def test_a_focused_set_offers_its_learning_card_due_today_after_a_days_step(
    services: Services, clock: FixedClock
) -> None:
    deck = deck_id(services)
    card = on_a_days_step(services, clock)
    chosen = StudySet(deck, (card,), "One card")

    clock.set(datetime(2026, 3, 5, 9, 0).astimezone())  # the next morning, as the deck's queue
    shown, counts = services.study.next_in_set_and_counts(chosen, services.study.newest_answer_id())
    assert shown is not None and shown.card_id == card
    assert counts.learning == 1
