"""The deck tree built from deck names ("Science::Biology" under "Science")."""

from __future__ import annotations

from fibrolearn.domain.deck_tree import deck_families, deck_tree, subdeck_ids
from fibrolearn.domain.decks import DeckSummary


def summary(deck_id: int, name: str, total: int = 1) -> DeckSummary:
    return DeckSummary(deck_id, f"k{deck_id}", name, "", "", 1, 0, 0, total)


def test_a_subdeck_without_its_parent_deck_is_at_the_top_under_its_whole_name() -> None:
    """Renamed to "Zoo::Cats" with no "Zoo" deck: listed whole, its own subdecks under it."""
    nodes = deck_tree([summary(1, "Zoo::Cats"), summary(2, "Zoo::Cats::Big", total=3)])
    assert [(n.label, n.level, n.parent_id, n.deck.total) for n in nodes] == [
        ("Zoo::Cats", 0, None, 4),
        ("Big", 1, 1, 3),
    ]


def test_families_and_subdecks_skip_a_missing_level_and_names_only_alike() -> None:
    decks = [summary(1, "A"), summary(2, "A::B::C"), summary(3, "AB"), summary(4, "A B")]
    nodes = deck_tree(decks)
    assert [(n.label, n.level) for n in nodes] == [("A", 0), ("B::C", 1), ("AB", 0), ("A B", 0)]
    assert subdeck_ids(nodes, 1) == [2]
    assert deck_families({d.deck_id: d.name for d in decks}) == {1: [1, 2], 2: [2], 3: [3], 4: [4]}
