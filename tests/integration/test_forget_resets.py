"""Browse's Forget logs a reset, as Anki's does: the history before it stops counting for FSRS.

Anki writes a Manual entry with ease 0 (type 4) when it resets a card, and its FSRS starts a
card's history after the latest one. The reset is not an answer: Progress counts no more.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fibrolearn.domain.card_info import EntryKind
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import CardState, Rating
from fibrolearn.domain.statistics import DayShift
from fibrolearn.services.card_resets import ForgetChoices
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions
from fibrolearn.storage import revlog_repo
from fibrolearn.storage.migrate import open_collection
from fibrolearn.storage.models import CardResetRecord

UTC_DAYS = (DayShift(None, 0),)  # study days are UTC dates


def answered(services: Services, card_id: int, rating: Rating = Rating.GOOD) -> None:
    card = services.study.card(card_id)
    services.study.answer(card_id, rating, 1000, shown_state=card.state)


def first_card(services: Services) -> int:
    card = services.study.next_card(services.decks.list_decks()[0].deck_id)
    assert card is not None
    return card.card_id


def resets(services: Services) -> list[tuple[int, datetime]]:
    with services.database.read() as session:
        rows = session.execute(select(CardResetRecord.card_id, CardResetRecord.reset_at))
        return [(card, at) for card, at in rows]


def fitted_answers(services: Services) -> list[tuple[str, int, int, datetime]]:
    with services.database.read() as session:
        return list(revlog_repo.fit_rows(session, UTC_DAYS))


def test_forget_logs_a_reset_that_progress_does_not_count_and_undo_takes_back(
    services: Services, clock: FixedClock
) -> None:
    card = first_card(services)
    answered(services, card)
    before = services.progress.overview()
    clock.advance(timedelta(minutes=1))

    services.notes.forget([card], ForgetChoices())

    assert resets(services) == [(card, clock.now())]
    after = services.progress.overview()
    assert (after.total_reviews, after.today.reviews) == (before.total_reviews, 1)
    assert after.activity == before.activity
    services.notes.undo()
    assert resets(services) == []


def test_the_optimizer_and_replay_start_a_card_s_history_after_its_latest_reset(
    services: Services, clock: FixedClock
) -> None:
    card = first_card(services)
    for rating in (Rating.GOOD, Rating.AGAIN):  # two answers a day apart, then a reset
        answered(services, card, rating)
        clock.advance(timedelta(days=1))
    services.notes.forget([card], ForgetChoices())
    clock.advance(timedelta(days=1))
    answered(services, card, Rating.EASY)

    assert [(rating, moment) for _card, rating, _day, moment in fitted_answers(services)] == [
        (int(Rating.EASY), clock.now())
    ]
    assert services.optimize.status().reviews == 1  # the history it counts is what it fits
    # Replayed from its log, the card remembers what it learnt since the reset only.
    replayed, stored = services.study.replay(card), services.study.card(card).state
    memory = ("state", "stability", "difficulty")
    assert [getattr(replayed, name) for name in memory] == [
        getattr(stored, name) for name in memory
    ]


def test_a_delete_undone_brings_the_card_s_reset_back(
    services: Services, clock: FixedClock
) -> None:
    card = first_card(services)
    answered(services, card)
    services.notes.forget([card], ForgetChoices())
    logged = resets(services)

    services.notes.delete([card])
    assert resets(services) == [(None, at) for _card, at in logged]  # kept, detached
    services.notes.undo()

    assert resets(services) == logged


@pytest.mark.parametrize("delete", ["note", "deck"])
def test_a_deleted_card_s_answers_before_its_reset_stay_out_of_the_optimizer_s_fit(
    services: Services, clock: FixedClock, delete: str
) -> None:
    card = first_card(services)
    answered(services, card, Rating.AGAIN)
    clock.advance(timedelta(days=1))
    services.notes.forget([card], ForgetChoices())
    clock.advance(timedelta(days=1))
    answered(services, card, Rating.EASY)
    kept = [(rating, moment) for _card, rating, _day, moment in fitted_answers(services)]
    assert kept == [(int(Rating.EASY), clock.now())]

    if delete == "note":
        services.notes.delete([card])
    else:
        services.deck_manage.delete(services.decks.list_decks()[0].deck_id)

    assert [(rating, moment) for _card, rating, _day, moment in fitted_answers(services)] == kept
    if delete == "note":  # and its undo attaches answers and resets to the card again
        services.notes.undo()
        assert [(name, rating) for name, rating, _day, _at in fitted_answers(services)] == [
            (str(card), int(Rating.EASY))
        ]


def test_card_info_lists_an_answer_and_a_forget_at_one_instant_as_the_fit_counts_them(
    services: Services, clock: FixedClock
) -> None:
    """An answer logged at the very instant of a Forget came before it, for the fit as for
    Card info: it listed the Forget first, then the answer the fit leaves out."""
    card = first_card(services)
    answered(services, card, Rating.AGAIN)
    services.notes.forget([card], ForgetChoices())  # the clock has not moved on
    clock.advance(timedelta(minutes=1))
    answered(services, card, Rating.EASY)
    fitted = [(rating, moment) for _card, rating, _day, moment in fitted_answers(services)]

    history = services.card_info.card_info(card).history

    assert [(entry.kind, entry.rating) for entry in history] == [
        (EntryKind.LEARN, Rating.AGAIN),
        (EntryKind.RESET, None),
        (EntryKind.LEARN, Rating.EASY),
    ]
    since_forget = history[[entry.kind for entry in history].index(EntryKind.RESET) + 1 :]
    assert [(int(entry.rating or 0), entry.at) for entry in since_forget] == fitted


@pytest.fixture
def anki(tmp_path: Path):
    collection = pytest.importorskip(
        "anki.collection", reason="Anki's library is not installed (pip install -e '.[anki]')"
    )
    return collection


def test_a_reset_goes_to_anki_as_its_reset_entry_and_comes_back_from_it(
    services: Services, clock: FixedClock, tmp_path: Path, anki
) -> None:
    card = first_card(services)
    answered(services, card)
    clock.advance(timedelta(minutes=5))
    services.notes.forget([card], ForgetChoices())
    exported = tmp_path / "export.apkg"
    services.exporter.export_apkg(exported, with_history=True)

    folder = tmp_path / "anki"
    folder.mkdir()
    col = anki.Collection(str(folder / "collection.anki2"))
    try:
        request = anki.ImportAnkiPackageRequest(
            package_path=str(exported),
            options=anki.ImportAnkiPackageOptions(with_scheduling=True),
        )
        col.import_anki_package(request)
        log = col.db.all("select ease, ivl, factor, type from revlog order by id")
    finally:
        col.close()
    assert log[-1] == [0, 0, 0, 4]  # Anki's own reset entry: Manual, ease 0, factor 0
    assert len(log) == 2

    again = Services.build(open_collection(tmp_path / "again.sqlite3", tmp_path / "b"), clock)
    try:
        again.importer.run(exported, ImportOptions(with_history=True))
        ((card_again, reset_at),) = resets(again)
        assert abs(reset_at - clock.now()) < timedelta(seconds=1)
        assert again.study.card(card_again).state.state is CardState.NEW
        again.importer.run(exported, ImportOptions(with_history=True))  # imported again
        assert len(resets(again)) == 1
        with again.database.read() as session:
            assert session.scalar(select(func.count(CardResetRecord.id))) == 1
    finally:
        again.close()


def test_an_anki_reset_starts_the_imported_card_again_from_new(tmp_path: Path, anki) -> None:
    folder = tmp_path / "anki"
    folder.mkdir()
    col = anki.Collection(str(folder / "collection.anki2"))
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"], note["Back"] = "What is 2 + 2?", "4"
    col.add_note(note, col.decks.id("Maths"))
    card_id = note.cards()[0].id
    for ease in (3, 1):  # Good, then reset, then Again
        card = col.get_card(card_id)
        card.start_timer()
        col.sched.answerCard(card, ease)
        if ease == 3:
            col.sched.schedule_cards_as_new([card_id])
    package = tmp_path / "reset.colpkg"
    col.export_collection_package(str(package), include_media=False, legacy=False)

    # Anki stamped its log with today's time: a collection whose clock is now takes it in.
    now = FixedClock(datetime.now(UTC))
    services = Services.build(open_collection(tmp_path / "c.sqlite3", tmp_path / "b"), now)
    try:
        services.importer.run(package, ImportOptions(with_history=True))
        assert len(resets(services)) == 1
        fitted = [rating for _card, rating, _day, _at in fitted_answers(services)]
        assert fitted == [int(Rating.AGAIN)]  # the answer before the reset is left out
    finally:
        services.close()


def test_the_reset_of_a_card_anki_deleted_keeps_its_history_before_out_of_the_fit(
    tmp_path: Path, anki
) -> None:
    folder = tmp_path / "anki"
    folder.mkdir()
    col = anki.Collection(str(folder / "collection.anki2"))
    notes = []
    for front in ("What is 2 + 2?", "What is 3 + 3?"):
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"], note["Back"] = front, "?"
        col.add_note(note, col.decks.id("Maths"))
        notes.append(note)
    card_id = notes[0].cards()[0].id
    for ease in (3, 1):  # Good, then reset, then Again
        card = col.get_card(card_id)
        card.start_timer()
        col.sched.answerCard(card, ease)
        if ease == 3:
            col.sched.schedule_cards_as_new([card_id])
    col.remove_notes([notes[0].id])  # Anki keeps the deleted card's log, reset and all
    package = tmp_path / "deleted.colpkg"
    col.export_collection_package(str(package), include_media=False, legacy=False)

    now = FixedClock(datetime.now(UTC))
    services = Services.build(open_collection(tmp_path / "c.sqlite3", tmp_path / "b"), now)
    try:
        for _ in range(2):  # imported twice, its reset is kept once
            services.importer.run(package, ImportOptions(with_history=True))
        fitted = [(card, rating) for card, rating, _day, _at in fitted_answers(services)]
        assert fitted == [(f"history:anki:{card_id}", int(Rating.AGAIN))]
        with services.database.read() as session:
            assert session.scalar(select(func.count(CardResetRecord.id))) == 1
    finally:
        services.close()
