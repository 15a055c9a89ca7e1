"""Cards buried in Anki stay buried until the next study day after a history import."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.interop.values import ImportOptions
from fibrolearn.paths import resolve_paths
from fibrolearn.services.container import Services
from fibrolearn.storage.migrate import open_collection

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
    package = folder / "words.apkg"
    col.export_anki_package(
        out_path=str(package),
        options=anki_collection.ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=False, legacy=False
        ),
        limit=None,
    )
    col.close()
    return package


@pytest.fixture
def fibro(tmp_path: Path) -> Iterator[tuple[Services, FixedClock]]:
    paths = resolve_paths(tmp_path / "fibro")
    clock = FixedClock(datetime.now(UTC))
    services = Services.build(open_collection(paths.collection, paths.backups_dir), clock)
    yield services, clock
    services.close()


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
