"""Anki's card template language, for notes whose note type FibroLearn keeps as Anki wrote it.

Supported: field substitution ``{{Field}}``; sections ``{{#Field}}...{{/Field}}`` (shown when the
field is not empty) and ``{{^Field}}...{{/Field}}`` (when it is); ``{{FrontSide}}``; the special
fields Tags, Type, Deck, Subdeck and Card; and the filters ``cloze:``, ``cloze-only:``, ``text:``,
``hint:`` and ``type:``, applied right to left as in Anki. Other filters (``tts``, ``furigana``,
add-on filters) leave the text as it is; :func:`template_problems` names them.

Cards never run scripts, so ``hint:`` shows its text labelled as a hint, and ``type:`` (typing
the answer) shows nothing on the question side and the expected answer on the answer side.

The output is HTML made from the note's own fields, which are untrusted: whoever shows it must
sanitize it first (the study screen does).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from fibrolearn.content.render import RenderedCard
from fibrolearn.domain.html_text import SOUND_REFERENCE
from fibrolearn.domain.sounds import sound_names
from fibrolearn.interop import anki_cloze
from fibrolearn.interop.html_text import strip_html
from fibrolearn.interop.values import NoteTypeSpec, TemplateSpec

_TAG = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_EMPTY_MARKUP = re.compile(r"<br\s*/?>|</?div>|&nbsp;|\s", re.IGNORECASE)
# The line Anki's answer templates draw under the question, where its reviewer scrolls to.
_ANSWER_LINE = r"<hr\s+id\s*=\s*[\"']?answer[\"']?\s*/?>"
# An answer template that starts by repeating the question: FibroLearn shows the question above
# the answer anyway, so only what follows is rendered as the answer.
_REPEATED_FRONT = re.compile(
    rf"^\s*\{{\{{\s*FrontSide\s*\}}\}}\s*(?:{_ANSWER_LINE})?\s*", re.IGNORECASE
)
_ANSWER_LINE_FOUND = re.compile(rf"{_ANSWER_LINE}\s*", re.IGNORECASE)
_SPECIAL_FIELDS = frozenset({"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag"})
_KNOWN_FILTERS = frozenset({"cloze", "cloze-only", "text", "hint", "type", "nc"})
# Sections nest a few deep in real templates; the tree is walked by recursion, and a template
# nesting some hundreds (only a damaged or hostile one does) would exhaust Python's stack.
_DEEPEST = 50


class TemplateError(ValueError):
    """A template Anki itself would refuse, e.g. a section that is never closed."""


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    filters: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Section:
    name: str
    inverted: bool
    children: tuple[_Node, ...]


_Node = str | _Field | _Section


@dataclass(frozen=True, slots=True)
class _Context:
    fields: Mapping[str, str]
    specials: Mapping[str, str]
    cloze_number: int | None
    answer: bool


# A note type has a few templates, each rendered for every note: an import of 10,000 notes
# parsed the same two strings 20,000 times. The tree is immutable, so it is shared.
@functools.lru_cache(maxsize=256)
def parse(template: str) -> tuple[_Node, ...]:
    """The template as a tree of text, replacements and sections.

    Raises:
        TemplateError: A section is closed without being opened, never closed, or nested
            too deep.
    """
    stack: list[tuple[str, bool, list[_Node]]] = [("", False, [])]
    position = 0
    for match in _TAG.finditer(template):
        if match.start() > position:
            stack[-1][2].append(template[position : match.start()])
        position = match.end()
        tag = match.group(1).strip()
        if tag[:1] in ("#", "^"):
            if len(stack) > _DEEPEST:
                raise TemplateError(f"sections are nested more than {_DEEPEST} deep")
            stack.append((tag[1:].strip(), tag[0] == "^", []))
        elif tag[:1] == "/":
            name = tag[1:].strip()
            if len(stack) == 1 or stack[-1][0] != name:
                expected = f"{{{{/{stack[-1][0]}}}}}" if len(stack) > 1 else "no closing tag"
                raise TemplateError(f"{{{{/{name}}}}} closes nothing open (expected {expected})")
            opened, inverted, children = stack.pop()
            stack[-1][2].append(_Section(opened, inverted, tuple(children)))
        elif tag:
            stack[-1][2].append(_field(tag))
    if position < len(template):
        stack[-1][2].append(template[position:])
    if len(stack) > 1:
        raise TemplateError(f"section {{{{#{stack[-1][0]}}}}} is never closed")
    return tuple(stack[0][2])


def _field(tag: str) -> _Field:
    """A replacement tag's field and its filters: ``text:hint:Back``."""
    *filters, name = tag.split(":")
    return _Field(name.strip(), tuple(f.strip() for f in filters))


def fields_shown(template: str) -> list[tuple[str, tuple[str, ...]]]:
    """The note's fields a template shows, in order, each with the filters it goes through.

    Not the special fields ({{FrontSide}}, {{Tags}}...), nor a section's field, which is only
    tested. Read tag by tag, so a template whose sections do not close still tells them.
    """
    tags = (match.group(1).strip() for match in _TAG.finditer(template))
    fields = (_field(tag) for tag in tags if tag and tag[0] not in "#^/")
    return [(field.name, field.filters) for field in fields if field.name not in _SPECIAL_FIELDS]


def template_problems(note_type: NoteTypeSpec) -> list[str]:
    """What in a note type's templates FibroLearn cannot show as Anki would; empty when all is well.

    A template that does not parse is a problem; so is a reference to a missing field or a filter
    FibroLearn does not apply.
    """
    problems: list[str] = []
    known = set(note_type.fields) | _SPECIAL_FIELDS
    for template in note_type.templates:
        for side, text in (("front", template.front), ("back", template.back)):
            where = f"note type “{note_type.name}”, card “{template.name}”, {side} template"
            try:
                nodes = parse(text)
            except TemplateError as error:
                problems.append(f"{where}: {error}")
                continue
            for name, filters in _references(nodes):
                if name not in known:
                    problems.append(f"{where}: there is no field called “{name}”")
                for unknown in sorted(set(f.split(" ")[0] for f in filters) - _KNOWN_FILTERS):
                    problems.append(
                        f"{where}: the filter “{unknown}:” is not supported; "
                        "the text is shown unfiltered"
                    )
    return problems


def cloze_fields(note_type: NoteTypeSpec) -> tuple[str, ...]:
    """The fields whose deletions make cards: those a front template shows with ``cloze:``.

    As in Anki, a ``{{c1::...}}`` written in any other field makes no card. A template that
    does not parse counts every field, so no deletion is overlooked.
    """
    names: dict[str, None] = {}
    for template in note_type.templates:
        try:
            nodes = parse(template.front)
        except TemplateError:
            return note_type.fields
        for name, filters in _references(nodes):
            if "cloze" in filters:
                names[name] = None
    return tuple(names)


def cloze_numbers(note_type: NoteTypeSpec, fields: Mapping[str, object]) -> tuple[int, ...]:
    """The deletion numbers, by Anki's rules, in the fields a cloze note type's front shows."""
    shown = cloze_fields(note_type)
    return anki_cloze.numbers(" ".join(str(fields.get(name) or "") for name in shown))


def _references(nodes: Iterable[_Node]) -> Iterable[tuple[str, tuple[str, ...]]]:
    for node in nodes:
        if isinstance(node, _Field):
            yield node.name, node.filters
        elif isinstance(node, _Section):
            yield node.name, ()
            yield from _references(node.children)


def template_ordinals(note_type: NoteTypeSpec, fields: Mapping[str, str]) -> tuple[int, ...]:
    """The templates of a standard note type that make a card of a note with ``fields``.

    As in Anki, a template makes a card only when its question shows some of the note's
    text: a question the same as with every field empty would be a blank card.
    """
    return tuple(
        ordinal
        for ordinal, empty in enumerate(_empty_questions(note_type))
        if _question(note_type, fields, ordinal) != empty
    )


def cards_made(
    note_type: NoteTypeSpec, fields: Mapping[str, object], planned: frozenset[int]
) -> frozenset[int]:
    """The ordinals of the cards a note of ``note_type`` makes with ``fields``.

    One per cloze deletion, or one per template whose question shows some of its text. A note
    that makes none keeps the ``planned`` ones, those the file gives it, as Anki's Empty Cards
    keeps a note's last card.
    """
    if note_type.kind == "cloze":
        made = cloze_numbers(note_type, fields)
    else:
        made = template_ordinals(note_type, {k: str(v or "") for k, v in fields.items()})
    return frozenset(made) or planned


@functools.cache
def _empty_questions(note_type: NoteTypeSpec) -> tuple[str, ...]:
    """The question of each template of ``note_type`` for a note whose fields are all empty."""
    empty = dict.fromkeys(note_type.fields, "")
    return tuple(
        _question(note_type, empty, ordinal) for ordinal in range(len(note_type.templates))
    )


def render_note_card(
    note_type: NoteTypeSpec,
    fields: Mapping[str, str],
    ordinal: int,
    *,
    tags: Iterable[str] = (),
    deck: str = "",
) -> RenderedCard:
    """Both sides of card ``ordinal`` of a note of ``note_type``.

    ``ordinal`` is the template index for a standard note type and the deletion number for a
    cloze note type.

    Raises:
        TemplateError: The template does not parse, or the note type has no such card.
    """
    template, cloze_number = _card_template(note_type, ordinal)
    specials = _specials(note_type, template.name, tags, deck)
    question = _render(parse(template.front), _Context(fields, specials, cloze_number, False))
    repeated = _REPEATED_FRONT.match(template.back)
    back = template.back[repeated.end() :] if repeated else template.back
    answer_specials = {**specials, "FrontSide": question}
    answer = _render(parse(back), _Context(fields, answer_specials, cloze_number, True))
    # Anki plays every sound of the back but those {{FrontSide}} brings, the question's:
    # a back repeating the question's fields ("{{Meaning}} {{Audio}}" under "{{Audio}}")
    # plays their sounds again, where leaving out the sounds of any question the answer
    # contained played nothing.
    heard = answer
    if SOUND_REFERENCE.search(question):
        silent = {**specials, "FrontSide": SOUND_REFERENCE.sub("", question)}
        heard = _render(parse(back), _Context(fields, silent, cloze_number, True))
    return RenderedCard(question, _below_the_question(answer, question), sound_names(heard))


def _below_the_question(answer: str, question: str) -> str:
    """The answer without the question it repeats above Anki's answer line, if it does.

    Anki's own "Basic (type in the answer)" repeats the question field by field
    (``{{Front}}<hr id=answer>``) rather than with ``{{FrontSide}}``, as many shared decks do;
    FibroLearn shows the question above the answer, so it showed twice. Text before the line
    that is not the question (say, a field the question does not show) stays.
    """
    line = _ANSWER_LINE_FOUND.search(answer)
    if line is None or answer[: line.start()].split() != question.split():
        return answer
    return answer[line.end() :]


def _question(note_type: NoteTypeSpec, fields: Mapping[str, str], ordinal: int) -> str:
    """The question alone of :func:`render_note_card`, with no tags nor deck.

    Whether a note makes a card needs no answer side: rendering it too took twice the time.
    """
    template, cloze_number = _card_template(note_type, ordinal)
    specials = _specials(note_type, template.name, (), "")
    return _render(parse(template.front), _Context(fields, specials, cloze_number, False))


def _card_template(note_type: NoteTypeSpec, ordinal: int) -> tuple[TemplateSpec, int | None]:
    """The template of card ``ordinal``, and its cloze deletion's number for a cloze note type.

    Raises:
        TemplateError: The note type has no such card.
    """
    if note_type.kind == "cloze":
        return note_type.templates[0], ordinal
    if 0 <= ordinal < len(note_type.templates):
        return note_type.templates[ordinal], None
    raise TemplateError(f"note type “{note_type.name}” has no card {ordinal + 1}")


def _specials(note_type: NoteTypeSpec, card: str, tags: Iterable[str], deck: str) -> dict[str, str]:
    """The special fields a template may show ({{Tags}}, {{Deck}}...) for card ``card``."""
    return {
        "Tags": " ".join(tags),
        "Type": note_type.name,
        "Deck": deck,
        "Subdeck": deck.rsplit("::", 1)[-1],
        "Card": card,
        "CardFlag": "",
    }


def _render(nodes: Iterable[_Node], context: _Context) -> str:
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif isinstance(node, _Field):
            parts.append(_replacement(node, context))
        else:
            shown = not _is_empty(_value(node.name, context))
            if shown != node.inverted:
                parts.append(_render(node.children, context))
    return "".join(parts)


def _value(name: str, context: _Context) -> str:
    if name in context.specials:
        return context.specials[name]
    return context.fields.get(name, "")


def _is_empty(field_html: str) -> bool:
    return not _EMPTY_MARKUP.sub("", field_html)


def _replacement(node: _Field, context: _Context) -> str:
    text = _value(node.name, context)
    filters = [f.split(" ")[0] for f in node.filters]
    if "type" in filters:
        if not context.answer:
            return ""
        if "cloze" in filters and context.cloze_number is not None:
            return ", ".join(anki_cloze.active_terms(text, context.cloze_number))
        return text
    for name in reversed(filters):
        text = _apply(name, text, context)
    return text


def _apply(name: str, text: str, context: _Context) -> str:
    if name == "text":
        return strip_html(text)
    if name == "hint":
        return f'<span class="hint"><i>Hint:</i> {text}</span>' if not _is_empty(text) else ""
    if name == "cloze" and context.cloze_number is not None:
        return anki_cloze.render(text, context.cloze_number, answer=context.answer)
    if name == "cloze-only" and context.cloze_number is not None:
        return ", ".join(anki_cloze.active_terms(text, context.cloze_number))
    return text
