"""Anki's scheduling on import and re-import with history: buries, suspensions, whose wins.

Cards buried in Anki stay buried until the next study day. A re-import takes a card's
scheduling from the file only when the file's copy was studied after the collection's; what
the learner did here since (answers, suspensions, buries) stays, and an unchanged card is not
written at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from anki_packages import write_anki_package
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.interop.values import ImportOptions
from fibrolearn.paths import resolve_paths
from fibrolearn.services.container import Services
from fibrolearn.storage.migrate import open_collection
from fibrolearn.storage.models import CardRecord, NoteRecord

anki_collection = pytest.importorskip("anki.collection", reason="Anki's library is not installed")


def anki_package(folder: Path) -> Path:
    """A deck of three new cards: one buried by hand, one buried with its sibling, one not."""
    col = anki_collection.Collection(str(folder / "collection.anki2"))
    deck = col.decks.id("Words")
    ids = []
    for front in ("by hand", "with a sibling", "not buried"):
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"], note["Back"] = front, "answer"
        col.add_note(note, deck)
        ids.append(note.cards()[0].id)
    col.sched.bury_cards([ids[0]], manual=True)
    col.sched.bury_cards([ids[1]], manual=False)
    assert [col.get_card(i).queue for i in ids] == [-3, -2, 0]
    package = export_with_scheduling(col, folder / "words.apkg")
    col.close()
    return package


def export_with_scheduling(col: Any, package: Path) -> Path:
    """Write Anki's collection ``col`` as a deck package with its scheduling."""
    return write_anki_package(col, package, scheduling=True)


class StudiedDeck:
    """An Anki deck of three cards: "asked" and "known" answered twice, "new" never."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir()
        self.folder = folder
        self.col = anki_collection.Collection(str(folder / "collection.anki2"))
        deck = self.col.decks.id("Words")
        self.card_ids: dict[str, int] = {}
        for front in ("asked", "known", "new"):
            note = self.col.new_note(self.col.models.by_name("Basic"))
            note["Front"], note["Back"] = front, "answer"
            self.col.add_note(note, deck)
            self.card_ids[front] = note.cards()[0].id
        for front in ("asked", "known"):
            self.answer(front, 3)
            self.answer(front, 3)
        self.exports = 0

    def answer(self, front: str, ease: int) -> None:
        """Answer a card in Anki."""
        card = self.col.get_card(self.card_ids[front])
        card.start_timer()
        self.col.sched.answerCard(card, ease)

    def export(self) -> Path:
        """The deck as it is now, in a package of its own."""
        self.exports += 1
        return export_with_scheduling(self.col, self.folder / f"words-{self.exports}.apkg")


@pytest.fixture
def studied(tmp_path: Path) -> Iterator[StudiedDeck]:
    deck = StudiedDeck(tmp_path / "anki")
    yield deck
    deck.col.close()


@pytest.fixture
def fibro(tmp_path: Path) -> Iterator[tuple[Services, FixedClock]]:
    services, clock = open_fibro(tmp_path / "fibro")
    yield services, clock
    services.close()


def open_fibro(folder: Path) -> tuple[Services, FixedClock]:
    """A new collection in ``folder``, on a clock fixed at the moment."""
    paths = resolve_paths(folder)
    clock = FixedClock(datetime.now(UTC))
    return Services.build(open_collection(paths.collection, paths.backups_dir), clock), clock


def cards(services: Services) -> dict[str, CardRecord]:
    """Every card, by the front of its note."""
    with services.database.read() as session:
        rows = session.execute(
            select(NoteRecord.fields, CardRecord).join(
                CardRecord, CardRecord.note_id == NoteRecord.id
            )
        ).all()
        session.expunge_all()
    return {fields["front"]: card for fields, card in rows}


def schedule(card: CardRecord) -> tuple[Any, ...]:
    """A card's memory state, suspension and bury."""
    return (
        card.state,
        card.step,
        card.stability,
        card.difficulty,
        card.due,
        card.last_review,
        card.reps,
        card.lapses,
        card.suspended,
        card.buried_until,
    )


@contextmanager
def updates(services: Services) -> Iterator[list[str]]:
    """The UPDATE statements run meanwhile, one entry per row an executemany writes."""
    statements: list[str] = []

    def seen(_conn, _cursor, statement: str, parameters, _context, executemany: bool) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("UPDATE"):
            statements.extend([statement] * (len(parameters) if executemany else 1))

    event.listen(services.database.engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(services.database.engine, "before_cursor_execute", seen)


def test_buried_cards_stay_out_of_today_and_come_back_tomorrow(fibro, tmp_path: Path) -> None:
    services, clock = fibro
    services.importer.run(anki_package(tmp_path), ImportOptions(with_history=True))
    deck_id = next(d.deck_id for d in services.decks.list_decks() if d.name == "Words")

    card = services.study.next_card(deck_id)
    assert card is not None and "not buried" in card.question_html
    services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)
    assert services.study.next_card(deck_id) is None  # the two buried cards wait

    clock.advance(timedelta(days=1))
    assert services.study.next_card(deck_id) is not None


def test_a_reimport_with_history_buries_the_cards_anki_buried(fibro, tmp_path: Path) -> None:
    services, _clock = fibro
    package = anki_package(tmp_path)
    services.importer.run(package, ImportOptions())  # first as new cards, nothing buried
    services.importer.run(package, ImportOptions(with_history=True))  # then with Anki's state
    deck_id = next(d.deck_id for d in services.decks.list_decks() if d.name == "Words")

    card = services.study.next_card(deck_id)
    assert card is not None and "not buried" in card.question_html
    services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)
    assert services.study.next_card(deck_id) is None  # the two buried cards wait


def test_importing_the_same_package_again_a_day_later_does_not_bury_its_cards_again(
    fibro, tmp_path: Path
) -> None:
    services, clock = fibro
    package = anki_package(tmp_path)
    services.importer.run(package, ImportOptions(with_history=True))
    clock.advance(timedelta(days=1))  # Anki's buries are over

    with updates(services) as written:
        report = services.importer.run(package, ImportOptions(with_history=True))

    assert written == []
    assert report.unchanged == 3
    deck_id = next(d.deck_id for d in services.decks.list_decks() if d.name == "Words")
    assert services.study.queue_counts(deck_id).new == 3  # every card can be studied today


def test_a_reimport_with_history_keeps_the_learners_suspensions_and_bury(
    studied: StudiedDeck, fibro
) -> None:
    services, _clock = fibro
    package = studied.export()
    services.importer.run(package, ImportOptions(with_history=True))
    ids = {front: card.id for front, card in cards(services).items()}
    services.card_edits.suspend(ids["asked"])  # a studied card
    services.card_edits.suspend(ids["new"])  # a new one
    until = services.card_edits.bury_until_tomorrow(ids["known"])
    before = {front: schedule(card) for front, card in cards(services).items()}

    with updates(services) as written:
        report = services.importer.run(package, ImportOptions(with_history=True))

    assert written == []  # nothing changed in the file: no card is written
    after = cards(services)
    assert after["asked"].suspended and after["new"].suspended
    assert after["known"].buried_until == until
    assert {front: schedule(card) for front, card in after.items()} == before
    assert (report.added, report.updated, report.unchanged) == (0, 0, 3)


def test_a_card_studied_in_anki_since_takes_ankis_schedule_and_the_others_keep_theirs(
    studied: StudiedDeck, fibro, tmp_path: Path
) -> None:
    services, _clock = fibro
    services.importer.run(studied.export(), ImportOptions(with_history=True))
    ours = cards(services)
    services.card_edits.suspend(ours["asked"].id)  # then studied in Anki, where it is not
    services.card_edits.suspend(ours["new"].id)
    shown = services.study.card(ours["known"].id).state
    services.study.answer(ours["known"].id, Rating.GOOD, 2000, shown_state=shown)
    known = schedule(cards(services)["known"])  # studied here since
    studied.answer("asked", 4)
    newer = studied.export()

    services.importer.run(newer, ImportOptions(with_history=True))

    after = cards(services)
    fresh, _clock = open_fibro(tmp_path / "fresh")  # the newer file on its own
    try:
        fresh.importer.run(newer, ImportOptions(with_history=True))
        from_file = schedule(cards(fresh)["asked"])
    finally:
        fresh.close()
    assert schedule(after["asked"]) == from_file  # Anki's copy is newer: taken whole
    assert after["asked"].reps == 3 and not after["asked"].suspended
    assert schedule(after["known"]) == known
    assert after["new"].suspended
