"""Anki's cloze deletions, nested ones included: ``{{c1::outer {{c2::inner}} text::hint}}``.

FibroLearn's own cloze notes (fibrolearn.content.cloze) do not nest; notes imported from Anki
may, so the template renderer parses them here into a small tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A number of more digits is text, as it cannot be a card (stored in a 64-bit integer).
_TOKEN = re.compile(r"\{\{c(\d{1,18})::|::|\}\}")
# Deletions nested deeper stay text: the tree is built and walked by recursion, and a note
# nesting some hundreds (only a damaged or hostile one does) would exhaust Python's stack.
_DEEPEST = 50


@dataclass(slots=True)
class Cloze:
    """One deletion: its number, its content (text and nested deletions) and its hint."""

    number: int
    content: list[str | Cloze] = field(default_factory=list)
    hint: str | None = None


def parse(text: str) -> list[str | Cloze]:
    """Split ``text`` into plain strings and (possibly nested) deletions.

    An opening ``{{cN::`` without its ``}}``, and a ``}}`` without an opening, stay plain text,
    as in Anki. The first ``::`` directly inside a deletion starts its hint.
    """
    tokens = list(_TOKEN.finditer(text))
    closing: dict[int, int] = {}  # opening token index -> its closing token index
    hint_at: dict[int, int] = {}  # opening token index -> its hint separator index
    open_tokens: list[int] = []
    for index, token in enumerate(tokens):
        if token.group(1) is not None:
            open_tokens.append(index)
        elif token.group() == "}}":
            if open_tokens:
                closing[open_tokens.pop()] = index
        elif open_tokens and open_tokens[-1] not in hint_at:
            hint_at[open_tokens[-1]] = index
    return _build(
        text,
        tokens,
        closing,
        hint_at,
        token_range=(0, len(tokens)),
        text_range=(0, len(text)),
        depth=0,
    )


def _build(
    text: str,
    tokens: list[re.Match[str]],
    closing: dict[int, int],
    hint_at: dict[int, int],
    *,
    token_range: tuple[int, int],
    text_range: tuple[int, int],
    depth: int,
) -> list[str | Cloze]:
    nodes: list[str | Cloze] = []
    index, stop = token_range
    position, end = text_range
    if depth > _DEEPEST:
        return [text[position:end]] if end > position else []
    while index < stop:
        token = tokens[index]
        close = closing.get(index)
        if token.group(1) is None or close is None or close >= stop:
            index += 1  # a stray token: part of the surrounding text
            continue
        if token.start() > position:
            nodes.append(text[position : token.start()])
        hint = hint_at.get(index)
        hint = hint if hint is not None and hint < close else None
        content_stop = close if hint is None else hint
        deletion = Cloze(
            int(token.group(1)),
            _build(
                text,
                tokens,
                closing,
                hint_at,
                token_range=(index + 1, content_stop),
                text_range=(token.end(), tokens[content_stop].start()),
                depth=depth + 1,
            ),
            None if hint is None else text[tokens[hint].end() : tokens[close].start()],
        )
        nodes.append(deletion)
        position = tokens[close].end()
        index = close + 1
    if end > position:
        nodes.append(text[position:end])
    return nodes


def numbers(text: str) -> tuple[int, ...]:
    """Every deletion number in ``text``, nested ones included, sorted: one card each."""
    found: set[int] = set()

    def walk(nodes: list[str | Cloze]) -> None:
        for node in nodes:
            if isinstance(node, Cloze):
                found.add(node.number)
                walk(node.content)

    walk(parse(text))
    return tuple(sorted(found))


def render(text: str, number: int, *, answer: bool) -> str:
    """The cloze text as card ``number`` shows it on its question or answer side."""
    return "".join(_render_node(node, number, answer) for node in parse(text))


def active_terms(text: str, number: int) -> tuple[str, ...]:
    """What card ``number`` hides, in reading order (for ``{{type:cloze:...}}``)."""
    terms: list[str] = []

    def walk(nodes: list[str | Cloze]) -> None:
        for node in nodes:
            if isinstance(node, Cloze):
                if node.number == number:
                    terms.append("".join(_render_node(n, number, True) for n in node.content))
                else:
                    walk(node.content)

    walk(parse(text))
    return tuple(terms)


def _render_node(node: str | Cloze, number: int, answer: bool) -> str:
    if isinstance(node, str):
        return node
    inner = "".join(_render_node(child, number, answer) for child in node.content)
    if node.number != number:
        return inner
    if answer:
        return f'<span class="cloze">{inner}</span>'
    return f'<span class="cloze">[{node.hint or "..."}]</span>'
