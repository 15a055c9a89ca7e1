"""Subdecks: decks named "Parent::Child", shown as a tree as Anki shows them.

A deck is a subdeck of the deck whose name is the longest ``::`` prefix of its own: "A::B::C"
of "A::B", or of "A" when there is no "A::B". One with no such deck (an Anki package's
"A::B" alone) is at the top, under its whole name.

Studying a deck takes its subdecks' cards too, within the deck's own daily limits and each
subdeck's (``capped_total``), so its counts in the deck list are read with them
(``storage.plain_reads.DECK_AND_SUBDECKS``): only its card total is summed in the tree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from fibrolearn.domain.decks import DeckSummary, deck_name_key

SEPARATOR = "::"


class DeckNode(NamedTuple):
    """A row of the deck tree.

    Attributes:
        deck: The deck, its card total summed with those of all its subdecks.
        label: Its name under its parent ("Cells" for "Biology::Cells" under "Biology").
        level: 0 at the top, 1 for a subdeck, and so on.
        parent_id: The deck it is a subdeck of; None at the top.
        subdecks: Its direct subdecks.
    """

    deck: DeckSummary
    label: str
    level: int
    parent_id: int | None
    subdecks: int


def deck_path(name: str) -> tuple[str, ...]:
    """The levels of a deck name: "A::B" is ("A", "B")."""
    return tuple(name.split(SEPARATOR))


def parent_names(name: str) -> list[str]:
    """The names of the decks ``name`` is under, the top first: "A::B::C" has "A", "A::B"."""
    path = deck_path(name)
    return [SEPARATOR.join(path[:end]) for end in range(1, len(path))]


def spelled_as_parents(name: str, decks: Mapping[str, str]) -> str:
    """``name`` with each level above it spelled as the deck there is.

    ``decks``: the decks' names by their ``deck_name_key``. A deck made under "science" where
    "Science" is already a deck goes under it, as "Science::…": by another spelling it would
    be under no deck (a subdeck's parent is matched by its exact name).
    """
    spelled = ""
    for level in deck_path(name):
        if spelled:
            spelled = decks.get(deck_name_key(spelled), spelled) + SEPARATOR
        spelled += level
    return spelled


def deck_tree(decks: Sequence[DeckSummary]) -> list[DeckNode]:
    """The decks in tree order, each after its parent and before the parent's next subdeck.

    Subdecks of one parent keep the order of ``decks``.
    """
    by_id = {deck.deck_id: deck for deck in decks}
    parent_ids = deck_parents({deck.deck_id: deck.name for deck in decks})
    parents: dict[int, DeckSummary | None] = {}
    children: dict[int | None, list[DeckSummary]] = {}
    for deck in decks:
        parent_id = parent_ids[deck.deck_id]
        parents[deck.deck_id] = None if parent_id is None else by_id[parent_id]
        children.setdefault(parent_id, []).append(deck)
    nodes: list[DeckNode] = []

    def add(deck: DeckSummary, level: int) -> DeckSummary:
        parent = parents[deck.deck_id]
        label = deck.name if parent is None else deck.name[len(parent.name) + len(SEPARATOR) :]
        at = len(nodes)
        nodes.append(DeckNode(deck, label, level, parent and parent.deck_id, 0))
        below = children.get(deck.deck_id, [])
        summed = deck
        for child in below:
            sub = add(child, level + 1)
            summed = summed._replace(total=summed.total + sub.total)
        nodes[at] = nodes[at]._replace(deck=summed, subdecks=len(below))
        return summed

    for top in children.get(None, []):
        add(top, 0)
    return nodes


def deck_parents(names: Mapping[int, str]) -> dict[int, int | None]:
    """Each deck's parent among ``names`` (the longest ``::`` prefix of its name), or None."""
    by_path = {deck_path(name): deck_id for deck_id, name in names.items()}
    parents: dict[int, int | None] = {}
    for deck_id, name in names.items():
        path = deck_path(name)
        parents[deck_id] = next(
            (by_path[path[:end]] for end in range(len(path) - 1, 0, -1) if path[:end] in by_path),
            None,
        )
    return parents


def capped_total(
    deck_id: int,
    children: Mapping[int, Sequence[int]],
    rooms: Mapping[int, int],
    own: Mapping[int, int],
) -> int:
    """How many cards of a deck and its subdecks study brings when each deck caps its own.

    As Anki's v3 scheduler: a deck gives its own cards and what each subdeck gives, up to
    its room (``rooms``: what its daily limit still allows). One card at a time, each within
    the room of its deck and of every deck above it, comes to this same number.
    """
    return capped_totals(children, rooms, own)[deck_id]


def capped_totals(
    children: Mapping[int, Sequence[int]], rooms: Mapping[int, int], own: Mapping[int, int]
) -> dict[int, int]:
    """:func:`capped_total` of every deck of ``rooms`` (and its subdecks), each worked out once.

    A parent's is summed from its subdecks' own totals, not read again for each deck above.
    """
    totals: dict[int, int] = {}

    def total(deck_id: int) -> int:
        if deck_id not in totals:
            below = sum(total(child) for child in children.get(deck_id, ()))
            totals[deck_id] = min(rooms[deck_id], own.get(deck_id, 0) + below)
        return totals[deck_id]

    for deck_id in rooms:
        total(deck_id)
    return totals


def deck_families(names: Mapping[int, str]) -> dict[int, list[int]]:
    """Each deck's id with those of its subdecks at any level, from every deck's name.

    As ``DECK_AND_SUBDECKS`` has them: each deck under every deck its name begins with.
    """
    by_name = {name: deck_id for deck_id, name in names.items()}
    families = {deck_id: [deck_id] for deck_id in names}
    for deck_id, name in names.items():
        path = deck_path(name)
        for end in range(1, len(path)):
            above = by_name.get(SEPARATOR.join(path[:end]))
            if above is not None:
                families[above].append(deck_id)
    return families


def subdeck_ids(nodes: Sequence[DeckNode], deck_id: int) -> list[int]:
    """Every subdeck of ``deck_id`` at any level, in tree order."""
    found: list[int] = []
    inside = {deck_id}
    for node in nodes:
        if node.parent_id in inside:
            inside.add(node.deck.deck_id)
            found.append(node.deck.deck_id)
    return found
