"""Deck names are whole and apart: no control characters, and no two decks called alike.

Found in a bug hunt of the command line: a deck file loaded under a title another deck had
(capitals aside) made a second deck of that name, which the deck list showed twice and no
command could name; and a bell or an escape sequence in a deck's name, from a package or a
text file, reached the terminal raw when a command printed it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text
from test_interop_hostile import legacy_changed

from deckdata import small_deck_text
from fibrolearn.content.deck_file import DeckFileError
from fibrolearn.domain.deck_tree import deck_tree
from fibrolearn.domain.decks import clean_deck_name
from fibrolearn.domain.words import deck_load_words
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions


def deck_names(services: Services) -> set[str]:
    return {deck.name for deck in services.decks.list_decks()}


def deck_file(tmp_path: Path, key: str, title: str, version: int = 1) -> Path:
    path = tmp_path / f"{key}-{version}.toml"
    text = small_deck_text(version).replace('id = "small"', f'id = "{key}"')
    path.write_text(text.replace('title = "Small deck"', f"title = {json.dumps(title)}"), "utf-8")
    return path


def test_control_characters_become_spaces_and_spaces_one() -> None:
    assert clean_deck_name("  Bio\x07logy\x1b[31m  notes\u0085 ") == "Bio logy [31m notes"
    assert clean_deck_name("Émile\u200d👩‍⚕️ deck") == "Émile\u200d👩‍⚕️ deck"  # joiners stay
    assert clean_deck_name("\x00\x7f\x9f") == ""
    assert clean_deck_name("Bio\u202eygol\u2066x\u2069") == "Bio ygol x"  # no name reversed
    assert (
        clean_deck_name("\u05e9\u05dc\u05d5\u05dd\u200f deck")
        == "\u05e9\u05dc\u05d5\u05dd\u200f deck"
    )


def test_subdeck_levels_lose_the_spaces_around_them_and_empty_levels() -> None:
    """ "::" parts a name into levels: "Science :: Biology" is "Science::Biology", as in Anki,
    and "::Biology::" is "Biology"; before, each was a deck no tree could place."""
    assert clean_deck_name(" Science ::  Biology ::Cells") == "Science::Biology::Cells"
    assert clean_deck_name("::Biology::") == "Biology"
    assert clean_deck_name("A:: ::B") == "A::B"
    assert clean_deck_name(" :: :: ") == ""
    assert clean_deck_name("C++ :::tricky") == "C++:::tricky"  # a colon of a level stays


def test_a_deck_file_titled_as_another_deck_gets_a_number_and_says_why(
    services: Services, tmp_path: Path
) -> None:
    first = services.decks.load_deck_file(deck_file(tmp_path, "mine", "small  DECK"))
    second = services.decks.load_deck_file(deck_file(tmp_path, "theirs", "Small deck"))

    assert deck_names(services) == {"Small deck", "small DECK (2)", "Small deck (3)"}
    assert first.title == "small DECK (2)" and first.title_taken == "small  DECK"
    assert deck_load_words(second) == (
        "Loaded the deck “Small deck (3)”: 5 cards to study. Another deck is already called "
        "“Small deck”, so this one has a number: rename either as you like."
    )
    # Its newer version keeps the number, and is said by the name the deck list shows.
    newer = services.decks.load_deck_file(deck_file(tmp_path, "mine", "small DECK", 2))
    assert deck_names(services) == {"Small deck", "small DECK (2)", "Small deck (3)"}
    assert newer.update is not None and newer.update.deck == "small DECK (2)"


def test_a_deck_file_title_of_its_own_is_kept_as_written(
    services: Services, tmp_path: Path
) -> None:
    """A control character in it is the author's to remove: the deck check says where (names
    from Anki packages and text files, which the learner cannot mend, lose theirs instead)."""
    with pytest.raises(DeckFileError, match=r':5: \[deck\]: "title" holds the control character'):
        services.decks.load_deck_file(deck_file(tmp_path, "mine", "Mine\x07 too"))
    loaded = services.decks.load_deck_file(deck_file(tmp_path, "mine", "Mine too"))
    assert loaded.title == "Mine too" and loaded.title_taken is None
    assert deck_load_words(loaded) == "Loaded the deck “Mine too”: 5 cards to study."


def test_an_anki_deck_name_with_an_escape_sequence_comes_in_without_it(
    services: Services, tmp_path: Path
) -> None:
    package = legacy_changed(
        tmp_path,
        "escape.apkg",
        "UPDATE col SET decks = json_set(decks, '$.1795854567426.name',"
        " 'Fibro::Bas' || char(27) || '[2Jics' || char(7))",
    )
    report = services.importer.run(package, ImportOptions())
    assert report.decks_created == ("Fibro", "Fibro::Bas [2Jics")  # (its parent made too)
    assert "Fibro::Bas [2Jics" in deck_names(services)


def test_a_text_file_s_deck_column_comes_in_without_control_characters(
    services: Services, tmp_path: Path
) -> None:
    text = tmp_path / "cards.txt"
    text.write_text(
        "#separator:tab\n#deck column:3\nfront\tback\tBio\x1b[31mlogy\x07\n", encoding="utf-8"
    )
    report = services.importer.run(text, ImportOptions())
    assert report.decks_created == ("Bio [31mlogy",)


def test_a_deck_named_before_names_were_cleaned_is_found_by_its_cleaned_name(
    services: Services, tmp_path: Path
) -> None:
    """Found in a review: a deck an older FibroLearn made as "Spanish  words" (the import kept
    names as typed) was no longer found once names were cleaned: importing the same file with
    the same --deck made a second deck, "Spanish words", with every note again in it; and a
    deck file titled so took the name a second time."""
    words = tmp_path / "words.txt"
    words.write_text("perro\tdog\ngato\tcat\n", encoding="utf-8")
    services.importer.run(words, ImportOptions(deck="Spanish words"))
    with services.database.write() as session:  # as the older FibroLearn named it
        session.execute(text("UPDATE decks SET name = 'Spanish  words' WHERE name LIKE 'Span%'"))

    again = services.importer.run(words, ImportOptions(deck="Spanish  words"))
    titled = services.decks.load_deck_file(deck_file(tmp_path, "mine", "SPANISH words"))

    assert (again.decks_created, again.added, again.unchanged) == ((), 0, 2)
    assert titled.title == "SPANISH words (2)"
    assert deck_names(services) == {"Small deck", "Spanish  words", "SPANISH words (2)"}


def test_a_deck_file_under_a_deck_there_in_other_capitals_goes_under_it(
    services: Services, tmp_path: Path
) -> None:
    """Found in a review: a deck file titled "small deck::Sleep" next to "Small deck" made a
    deck listed at the top by its whole name, not under "Small deck" (as Anki, capitals aside)."""
    loaded = services.decks.load_deck_file(deck_file(tmp_path, "sleep", "small deck::Sleep"))

    assert deck_names(services) == {"Small deck", "Small deck::Sleep"}
    assert loaded.title == "Small deck::Sleep" and loaded.title_taken is None
    assert deck_load_words(loaded) == "Loaded the deck “Small deck::Sleep”: 5 cards to study."


def tree(services: Services) -> list[tuple[int, str]]:
    """The deck list's rows: each deck's level and its name under its parent."""
    return [(node.level, node.label) for node in deck_tree(services.decks.list_decks())]


def test_a_deck_file_of_a_subdeck_makes_its_missing_parent_which_its_file_takes_on(
    services: Services, tmp_path: Path
) -> None:
    """Found in review: a deck file titled "Nowhere::Sleep" with no "Nowhere" deck was listed
    at the top under its whole name, where an import or a rename makes the parent. The deck
    file of that parent, loaded later, becomes that deck rather than "Nowhere (2)"."""
    sleep = services.decks.load_deck_file(deck_file(tmp_path, "sleep", "Nowhere::Sleep"))

    assert sleep.title == "Nowhere::Sleep" and sleep.title_taken is None
    assert tree(services) == [(0, "Nowhere"), (1, "Sleep"), (0, "Small deck")]

    parent = services.decks.load_deck_file(deck_file(tmp_path, "nowhere", "Nowhere"))
    assert parent.title == "Nowhere" and parent.title_taken is None
    assert tree(services) == [(0, "Nowhere"), (1, "Sleep"), (0, "Small deck")]
    counts = {deck.name: deck.total for deck in services.decks.list_decks()}
    assert counts == {"Nowhere": 5, "Nowhere::Sleep": 5, "Small deck": 5}
