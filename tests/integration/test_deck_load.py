"""Loading a deck file the learner wrote: `fibrolearn deck load` and File > Load deck file."""

from __future__ import annotations

import json
from pathlib import Path

from cli_running import run_fibrolearn as run
from deckdata import small_deck_text
from fibrolearn.domain.enums import Rating
from fibrolearn.domain.knowledge import DeckLoad, DeckUpdate
from fibrolearn.domain.words import deck_load_words
from fibrolearn.services.container import Services

REPO = Path(__file__).resolve().parents[2]
BROKEN = REPO / "tests" / "data" / "decks" / "broken-unknown-factor.toml"


def deck_names(data: Path) -> list[str]:
    stats = json.loads(run("--data-dir", str(data), "stats", "--json").stdout)
    return sorted(deck["name"] for deck in stats["decks"])


def test_a_deck_file_loads_then_updates_with_a_higher_version(tmp_path: Path) -> None:
    data, deck = tmp_path / "data", tmp_path / "mine.toml"
    deck.write_text(small_deck_text(version=1), encoding="utf-8")

    first = run("--data-dir", str(data), "deck", "load", str(deck))
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "Loaded the deck “Small deck”: 5 cards to study."
    assert "Small deck" in deck_names(data)

    again = run("--data-dir", str(data), "deck", "load", str(deck))
    assert again.returncode == 0
    assert "version 1 is already loaded, so nothing changed" in again.stdout

    deck.write_text(small_deck_text(version=2).replace('back = "Factor A"', 'back = "A"'))
    newer = run("--data-dir", str(data), "deck", "load", str(deck))
    assert newer.returncode == 0
    assert newer.stdout.strip() == "“Small deck” is now version 2: 1 note changed."


def test_a_deck_file_with_problems_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run("--data-dir", str(data), "deck", "load", str(BROKEN))
    assert result.returncode == 1
    assert f'{BROKEN}:26: fact "CS9": unknown factor "central-sensitisation"' in result.stderr
    assert "was not loaded; nothing changed" in result.stderr
    backups = data / "backups"
    assert not backups.exists() or not any(backups.iterdir())  # refused before a backup


def test_importing_a_deck_file_points_to_loading_it(tmp_path: Path) -> None:
    deck = tmp_path / "mine.toml"
    deck.write_text(small_deck_text(), encoding="utf-8")
    result = run("--data-dir", str(tmp_path / "data"), "import", str(deck))
    assert result.returncode == 1
    assert "is a deck file" in result.stderr and "fibrolearn deck load" in result.stderr


def test_deck_load_words() -> None:
    assert deck_load_words(DeckLoad(1, "Mine", 3, added=1)) == (
        "Loaded the deck “Mine”: 1 card to study."
    )
    unchanged = DeckLoad(1, "Mine", 3, update=DeckUpdate("Mine", 3))
    assert deck_load_words(unchanged) == "“Mine” is now version 3."


def test_a_deck_file_may_not_take_over_the_bundled_deck(tmp_path: Path) -> None:
    data, deck = tmp_path / "data", tmp_path / "copy.toml"
    # A learner's copy of the bundled deck, its id kept and its version raised.
    deck.write_text(
        small_deck_text(version=99).replace('id = "small"', 'id = "fibromyalgia-causes"')
    )
    result = run("--data-dir", str(data), "deck", "load", str(deck))
    assert result.returncode == 1
    assert "the deck FibroLearn comes with: give your deck an id of its own" in result.stderr
    assert "Small deck" not in deck_names(data)


def test_an_older_file_than_the_loaded_deck_says_so() -> None:
    older = DeckLoad(1, "Mine", 2, loaded_version=3)
    assert deck_load_words(older) == (
        "“Mine” version 3 is loaded, newer than this file's version 2, so nothing changed."
    )


def test_a_deck_file_that_changes_nothing_makes_no_backup(tmp_path: Path) -> None:
    """Found in a hunt: loading a file already loaded (an author loading each edit before
    raising its version) backed up the whole collection, media and all, every time, and the
    tenth such backup of the day pushed out a backup the learner had made by hand."""
    data, deck = tmp_path / "data", tmp_path / "mine.toml"

    def load(version: int) -> str:
        deck.write_text(small_deck_text(version=version), encoding="utf-8")
        result = run("--data-dir", str(data), "deck", "load", str(deck))
        assert result.returncode == 0, result.stderr
        return result.stdout

    def backups() -> int:
        return len(list((data / "backups").glob("*before-import*.zip")))

    load(2)
    assert backups() == 1  # made before the new deck came in
    assert "already loaded, so nothing changed" in load(2)
    assert "newer than this file's version 1, so nothing changed" in load(1)
    assert backups() == 1
    assert "is now version 3" in load(3)
    assert backups() == 2  # a change is backed up before it is made


def test_a_new_deck_without_notes_is_said_to_be_loaded_empty(tmp_path: Path) -> None:
    """Found in a hunt: a first load of a deck with no [[note]] yet (an author trying the
    start of one) made the deck, then said it was "already loaded, so nothing changed"."""
    data, deck = tmp_path / "data", tmp_path / "mine.toml"
    deck.write_text(small_deck_text(notes="").split("[[factor]]")[0], encoding="utf-8")

    result = run("--data-dir", str(data), "deck", "load", str(deck))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Loaded the deck “Small deck”: it has no cards, as the file has no [[note]] tables."
    )
    assert "Small deck" in deck_names(data)


def test_a_note_given_a_new_id_says_its_studied_card_was_retired(
    services: Services, tmp_path: Path
) -> None:
    """Found in a bug hunt: an author renaming a note's id retires its cards and makes new
    ones, and the learner's progress on them was dropped with no word of it."""

    def mine(version: int, note_id: str) -> Path:
        path = tmp_path / "mine.toml"
        text = small_deck_text(version).replace('id = "small"', 'id = "mine"')
        text = text.replace('"Small deck"', '"Mine"').replace('id = "n1"', f'id = "{note_id}"')
        path.write_text(text, encoding="utf-8")
        return path

    deck_id = services.decks.load_deck_file(mine(1, "n1")).deck_id
    card = services.study.next_card(deck_id)
    assert card is not None and "alpha" in card.question_html  # n1's card
    services.study.answer(card.card_id, Rating.GOOD, 4000, shown_state=card.state)

    said = deck_load_words(services.decks.load_deck_file(mine(2, "n1-renamed")))

    assert said == (
        "“Mine” is now version 2: 1 new card, 1 card retired. 1 card retired was studied: "
        "the answers stay in your history, and a card that takes its place starts as new."
    )
