"""Anki's empty cards on import: set aside with their history, the same at every import.

Anki keeps a card whose cloze deletion was removed, or whose question a field left blank,
until Tools ▸ Empty Cards deletes it. Such a card can only be shown with no blank to fill or
nothing to ask, so FibroLearn never puts it in study: one with answers is set aside (out of
study and Browse, its history kept), one without is left out, on the first import as on
every import after, and the report says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from anki_packages import write_anki_package
from fibrolearn.domain.clock import FixedClock
from fibrolearn.interop.values import ImportOptions
from fibrolearn.paths import resolve_paths
from fibrolearn.services.container import Services
from fibrolearn.services.health import check_health
from fibrolearn.storage.migrate import open_collection

anki_collection = pytest.importorskip("anki.collection", reason="Anki's library is not installed")

SET_ASIDE = (
    "Set aside 2 cards that their notes no longer have; they are out of study and Browse, and "
    "their review history is kept."
)


def left_out(count: str) -> str:
    whose = "its note no longer has" if count == "1 card" else "their notes no longer have"
    return (
        f"Left out {count} that {whose}: empty in Anki (a cloze deletion removed, or a "
        "question left blank), with no answers to keep. Anki's Tools ▸ Empty Cards deletes "
        "such cards."
    )


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A cloze note whose c2 (answered) and c3 (new) were removed, and an optional reversed
    note whose answered reverse card lost its "Add Reverse"; Anki keeps all their cards."""
    col = anki_collection.Collection(str(tmp_path / "anki.anki2"))
    deck = col.decks.id("Z")
    cloze = col.new_note(col.models.by_name("Cloze"))
    cloze["Text"] = "{{c1::one}} {{c2::two}} {{c3::three}}"
    col.add_note(cloze, deck)
    both = col.new_note(col.models.by_name("Basic (optional reversed card)"))
    both["Front"], both["Back"], both["Add Reverse"] = "front", "back", "y"
    col.add_note(both, deck)
    for card in (*cloze.cards()[:2], *both.cards()):
        card.start_timer()
        col.sched.answerCard(card, 3)
    cloze["Text"] = "{{c1::one}} two three"
    col.update_note(cloze)
    both["Add Reverse"] = ""
    col.update_note(both)
    assert len(cloze.cards()) == 3 and len(both.cards()) == 2  # until Empty Cards
    path = tmp_path / "z.apkg"
    write_anki_package(col, path, scheduling=True)
    col.close()
    return path


@pytest.fixture
def fibro(tmp_path: Path) -> Iterator[Services]:
    paths = resolve_paths(tmp_path / "fibro")
    services = Services.build(
        open_collection(paths.collection, paths.backups_dir), FixedClock(datetime.now(UTC))
    )
    yield services
    services.close()


def cards(services: Services) -> list[tuple[int, int, bool, int]]:
    """Every card: (id, ordinal, retired, answers), in order."""
    with services.database.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT c.id, c.ordinal, c.retired, (SELECT count(*) FROM reviews r"
                " WHERE r.card_id = c.id) FROM cards c ORDER BY c.note_id, c.ordinal"
            )
        )
        return [(card_id, ordinal, bool(retired), n) for card_id, ordinal, retired, n in rows]


def in_study(services: Services) -> list[str]:
    """The question of every card study may show."""
    ids = [card_id for card_id, *_rest in cards(services) if services.study.in_study(card_id)]
    return [services.study.card(card_id).question_html for card_id in ids]


def test_empty_cards_with_answers_are_set_aside_at_the_first_import_and_every_one_after(
    fibro: Services, package: Path
) -> None:
    first = fibro.importer.run(package, ImportOptions(with_history=True))

    imported = cards(fibro)
    # Cloze card 1 and the front in study; cloze card 2 and the reverse set aside with their
    # answer; cloze card 3, never answered, not brought.
    assert [(ordinal, retired, n) for _id, ordinal, retired, n in imported] == [
        (1, False, 1),
        (2, True, 1),
        (0, False, 1),
        (1, True, 1),
    ]
    assert (first.cards_added, first.reviews_added) == (2, 4)
    assert first.problems == (SET_ASIDE, left_out("1 card"))
    assert check_health(fibro.database).ok

    again = fibro.importer.run(package, ImportOptions(with_history=True))

    assert cards(fibro) == imported
    assert (again.cards_added, again.reviews_added, again.unchanged) == (0, 0, 2)
    assert again.problems == (left_out("1 card"),)
    questions = in_study(fibro)
    assert len(questions) == 2 and "[...]" in questions[0] and "front" in questions[1]


def test_empty_cards_brought_without_history_first_come_with_it_later_set_aside(
    fibro: Services, package: Path
) -> None:
    first = fibro.importer.run(package, ImportOptions())

    assert [(o, r) for _id, o, r, _n in cards(fibro)] == [(1, False), (0, False)]
    assert first.problems == (left_out("3 cards"),)

    later = fibro.importer.run(package, ImportOptions(with_history=True))

    assert [(o, r, n) for _id, o, r, n in cards(fibro)] == [
        (1, False, 1),
        (2, True, 1),
        (0, False, 1),
        (1, True, 1),
    ]
    assert later.problems == (SET_ASIDE, left_out("1 card"))


def test_the_preview_counts_and_shows_only_the_cards_that_come_into_study(
    fibro: Services, package: Path
) -> None:
    preview = fibro.importer.preview(package, ImportOptions(with_history=True))

    assert preview.cards == 2
    assert [card.question for card in preview.first_cards] == ["[...] two three", "front"]
    assert preview.problems == (
        "3 cards that their notes no longer have will not come into study: empty in Anki (a "
        "cloze deletion removed, or a question left blank).",
    )
