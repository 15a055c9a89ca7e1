"""Renaming and deleting a deck with subdecks takes its subdecks along, as in Anki.

Found when the deck list began to show subdecks under their parent: renaming "Science" to
"Nature" left "Science::Biology" behind, a top-level deck of its own under its old path;
deleting "Science" asked about its own cards alone and left its subdecks, parentless.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_subdeck_study import import_cards

from fibrolearn.domain.deck_tree import deck_tree
from fibrolearn.domain.words import deck_delete_details, deck_deleted_words, deck_renamed_words
from fibrolearn.services.container import Services
from fibrolearn.services.deck_manage import DeckNameError
from fibrolearn.storage import decks_repo


def names(services: Services) -> list[str]:
    return sorted(deck.name for deck in services.decks.list_decks())


@pytest.fixture
def science(services: Services, tmp_path: Path) -> int:
    """Science (1 card), its subdecks Biology (2) and Biology::Cells (1); Science fiction (1)."""
    parent = import_cards(services, tmp_path, "Science", 1)
    import_cards(services, tmp_path, "Science::Biology", 2)
    import_cards(services, tmp_path, "Science::Biology::Cells", 1)
    import_cards(services, tmp_path, "Science fiction", 1)
    return parent


def test_renaming_a_parent_renames_its_subdecks_paths(services: Services, science: int) -> None:
    assert services.deck_manage.rename(science, " Nature :: Studies ").name == "Nature::Studies"

    assert names(services) == [
        "Nature",  # made, as in Anki, so the renamed deck is listed under it
        "Nature::Studies",
        "Nature::Studies::Biology",
        "Nature::Studies::Biology::Cells",
        "Science fiction",  # only named alike: not a subdeck
        "Small deck",
    ]


def test_a_name_a_subdeck_would_clash_with_is_refused_and_nothing_changes(
    services: Services, science: int, tmp_path: Path
) -> None:
    other = import_cards(services, tmp_path, "Zoo", 1)
    with services.database.write() as session:  # as named before renames made its parents
        decks_repo.require_deck(session, other).name = "Nature::biology"
    why = (
        "A subdeck would be renamed “Nature::Biology”, and another deck is already called "
        "“Nature::biology”: choose another name."
    )
    assert services.deck_manage.name_problem(science, "Nature") == why
    with pytest.raises(DeckNameError, match=why):
        services.deck_manage.rename(science, "Nature")
    assert "Science::Biology" in names(services)
    assert services.deck_manage.name_problem(science, "SCIENCE") is None  # its own subdecks


def test_deleting_a_parent_says_which_subdecks_and_cards_go_then_deletes_them(
    services: Services, science: int
) -> None:
    what = services.deck_manage.deletion(science)
    assert (what.cards, what.subdecks) == (4, ("Science::Biology", "Science::Biology::Cells"))
    details = deck_delete_details(what.cards, what.studied_cards, subdecks=what.subdecks)
    assert details.startswith(
        "Its 2 subdecks go with it: “Science::Biology”, “Science::Biology::Cells”. "
        "The cards counted here are theirs too. Its 4 cards will be removed;"
    )

    done = services.deck_manage.delete(science)

    assert names(services) == ["Science fiction", "Small deck"]
    assert deck_deleted_words(done.name, done.cards, done.reviews, subdecks=2).startswith(
        "Deleted “Science” with its 2 subdecks: 4 cards."
    )


def test_a_long_list_of_subdecks_is_named_in_part() -> None:
    subdecks = [f"Science::Part {at}" for at in range(1, 9)]
    details = deck_delete_details(9, 0, subdecks=subdecks)
    assert "“Science::Part 5” and 3 more." in details


def test_renaming_a_deck_into_a_missing_parent_makes_the_parent(
    services: Services, science: int, tmp_path: Path
) -> None:
    """As an import does: "Zoo" renamed "Animals::Mammals::Zoo" is listed under "Animals"."""
    zoo = import_cards(services, tmp_path, "Zoo", 1)
    renamed = services.deck_manage.rename(zoo, "Animals::Mammals::Zoo")
    assert renamed == ("Animals::Mammals::Zoo", ("Animals", "Animals::Mammals"))
    assert deck_renamed_words("Zoo", *renamed) == (
        "Renamed “Zoo” to “Animals::Mammals::Zoo”, and made the decks “Animals” and "
        "“Animals::Mammals” above it."
    )
    renamed = services.deck_manage.rename(science, "science fiction::Science")  # under it
    assert renamed == ("Science fiction::Science", ())
    assert deck_renamed_words("Science", *renamed) == (
        "Renamed “Science” to “Science fiction::Science”."
    )

    tree = {node.deck.name: node for node in deck_tree(services.decks.list_decks())}
    assert tree["Animals::Mammals::Zoo"].parent_id == tree["Animals::Mammals"].deck.deck_id
    assert tree["Animals::Mammals"].parent_id == tree["Animals"].deck.deck_id
    assert tree["Animals"].deck.total == 1
    assert names(services) == [
        "Animals",
        "Animals::Mammals",
        "Animals::Mammals::Zoo",
        "Science fiction",  # not made again in other letters
        "Science fiction::Science",
        "Science fiction::Science::Biology",
        "Science fiction::Science::Biology::Cells",
        "Small deck",
    ]
