"""Cloze deletions: ``{{c1::term}}`` and ``{{c1::term::hint}}`` inside a note's text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fibrolearn.domain.cloze_syntax import CLOZE_DELETION

# What is left of braces once the well-formed deletions are taken out: "{{" with what follows
# it, up to its "}}" if it has one (and not past the next "{{"), or a "}}" never opened.
_LEFTOVER = re.compile(r"\{\{(?:(?!\{\{|\}\})[\s\S])*(?:\}\})?|\}\}")
# Stands for each well-formed deletion in what is left (a private-use character, never typed).
_HOLE = "\ue000"
_FRAGMENT_CHARS = 40


@dataclass(frozen=True, slots=True)
class Deletion:
    """One cloze deletion.

    Attributes:
        number: The card it belongs to (the 1 of ``c1``).
        term: The hidden text.
        hint: Shown in place of the term on the question side; empty when not given.
    """

    number: int
    term: str
    hint: str = ""


def segments(text: str) -> tuple[str | Deletion, ...]:
    """Split cloze text into plain strings and deletions, in reading order.

    Only well-formed deletions with a non-blank term count; anything else stays plain text
    (:func:`malformed_fragments` reports it).
    """
    parts: list[str | Deletion] = []
    position = 0
    for match in CLOZE_DELETION.finditer(text):
        if not match["term"].strip():
            continue
        if match.start() > position:
            parts.append(text[position : match.start()])
        parts.append(Deletion(int(match["number"]), match["term"], match["hint"] or ""))
        position = match.end()
    if position < len(text):
        parts.append(text[position:])
    return tuple(parts)


def deletions(text: str) -> tuple[Deletion, ...]:
    """The well-formed deletions of ``text`` in reading order."""
    return tuple(part for part in segments(text) if isinstance(part, Deletion))


def cloze_numbers(text: str) -> tuple[int, ...]:
    """The distinct deletion numbers of ``text``, sorted: one card each."""
    return tuple(sorted({deletion.number for deletion in deletions(text)}))


def cloze_terms(text: str, number: int) -> tuple[str, ...]:
    """The terms hidden on card ``number``, in reading order, without repeats."""
    terms = (deletion.term for deletion in deletions(text) if deletion.number == number)
    return tuple(dict.fromkeys(terms))


def malformed_fragments(text: str) -> tuple[str, ...]:
    """Pieces of ``text`` that look like a deletion but are not well-formed.

    Examples are ``{{c1:term}}``, ``{{c1::}}``, ``{{c0::term}}``, or ``{{`` or ``}}`` alone,
    quoted with the words after or before it, to tell which one it is in a long text. Long
    pieces are shortened so that a message quoting them stays readable.
    """
    return tuple(_shown(piece) for piece in _leftovers(text))


def nested_fragments(text: str) -> tuple[str, ...]:
    """The malformed pieces of ``text`` that are a deletion written inside another.

    Anki reads ``{{c1::a {{c2::b}} c}}`` as two deletions, one inside the other; here it is
    malformed, and is best explained as such. Shortened, as :func:`malformed_fragments`.
    """
    return tuple(
        _shown(piece)
        for piece in _leftovers(text)
        if piece.startswith("{{") and piece.endswith("}}") and _HOLE in piece
    )


def _leftovers(text: str) -> list[str]:
    """The malformed pieces of ``text``, with a hole for each good deletion inside one."""
    # The holes keep the pieces around a good deletion from joining into new braces.
    plain = "".join(part if isinstance(part, str) else _HOLE for part in segments(text))
    pieces = []
    after = 0  # where the piece before ended
    for match in _LEFTOVER.finditer(plain):
        piece = match.group()
        if piece == "}}":  # never opened: with the words before it, back to a deletion
            piece = plain[after : match.start()].rpartition(_HOLE)[2].lstrip() + piece
        elif not piece.endswith("}}"):  # never closed: with the words after it, up to one
            piece = piece.partition(_HOLE)[0].rstrip()
        pieces.append(piece)
        after = match.end()
    return pieces


def _shown(piece: str) -> str:
    """A malformed piece as a message quotes it: "…" for each good deletion, shortened.

    A "}}" never opened keeps its end, the rest its start.
    """
    shown = piece.replace(_HOLE, "…")
    if len(shown) <= _FRAGMENT_CHARS:
        return shown
    if piece.startswith("{{"):
        return shown[: _FRAGMENT_CHARS - 1] + "…"
    return "…" + shown[1 - _FRAGMENT_CHARS :]
