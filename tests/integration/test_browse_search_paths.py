"""Browse searches take shortcuts (no notes join, each note's searchable text, notes read
first); each must find exactly what the search means, checked here against Python on varied
notes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from fibrolearn.domain.browse import CardQuery, NoteDraft
from fibrolearn.domain.enums import NoteKind
from fibrolearn.services.container import Services
from fibrolearn.storage import browse
from fibrolearn.storage.models import CardRecord, NoteRecord, NoteTypeRecord

# Fields that would trip a search over their JSON: escapes, quotes, backslashes, non-ASCII,
# field names and JSON words inside values.
DRAFTS = (
    NoteDraft(NoteKind.BASIC, front="line one\nnbsp line two", back="plain", tags=("alpha",)),
    NoteDraft(NoteKind.BASIC, front='say "hi" there', back=r"C:\temp\new", tags=("a", "b", "c")),
    NoteDraft(NoteKind.BASIC, front="café au lait", back="front and back", tags=("mid",)),
    NoteDraft(NoteKind.REVERSED, front="null true false", back="42 x", tags=("x", "mid", "y")),
    # LIKE's own wildcards, to be taken literally.
    NoteDraft(NoteKind.BASIC, front="one in 324 and 500 people", back="none"),
    NoteDraft(NoteKind.BASIC, front="3_4 of them, 50% of all", back="some"),
    NoteDraft(NoteKind.CLOZE, text="{{c1::Glutamate}} and {{c2::GABA}}", extra="u00e9 text"),
)
TEMPLATE_FIELDS = {"Wording": "plain phrase", "Source": "a book"}


@pytest.fixture
def varied(services: Services) -> Services:
    deck_id = services.notes.decks()[0].deck_id
    for draft in DRAFTS:
        services.notes.add(deck_id, draft)
    _make_template_note(services)
    return services


def _make_template_note(services: Services) -> None:
    """The last note becomes an imported one, with its note type's own field names."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with services.database.write() as session:
        record = NoteTypeRecord(
            key="anki-1",
            name="Imported",
            kind="standard",
            fields=list(TEMPLATE_FIELDS),
            templates=[{"name": "Card 1", "front": "{{Wording}}", "back": "{{Source}}"}],
            created_at=now,
            modified_at=now,
        )
        session.add(record)
        session.flush()
        last = session.query(NoteRecord).order_by(NoteRecord.id.desc()).first()
        assert last is not None
        session.execute(
            update(NoteRecord)
            .where(NoteRecord.id == last.id)
            .values(kind="template", note_type_id=record.id, fields=TEMPLATE_FIELDS)
        )


def _notes(services: Services) -> dict[int, tuple[dict[str, str], str, list[int]]]:
    """Every note: its fields, tags and live cards, read back as stored."""
    with services.database.read() as session:
        notes = {n.id: (dict(n.fields), n.tags, []) for n in session.query(NoteRecord)}
    ids = services.browse.card_ids(CardQuery(), 0, 1000)
    rows = services.browse.rows(ids)
    for card_id in ids:
        notes[rows[card_id].note_id][2].append(card_id)
    return notes


def _expected_text(services: Services, word: str) -> list[int]:
    word = word.lower()
    found = []
    for fields, tags, cards in _notes(services).values():
        values = [str(v).lower() for v in fields.values()]
        if any(word in v for v in values) or word in tags.lower():
            found += cards
    return sorted(found)


def _found(services: Services, text: str, limit: int = 1000) -> list[int]:
    result = services.browse.find(CardQuery(services.browse.parse(text)), limit)
    assert result.count == len(result.card_ids)
    return result.card_ids


WORDS = (
    "nbsp",  # after an escaped newline in the JSON text ("\nnbsp")
    "nnbsp",  # only across that escape
    "hi",
    "temp",  # after an escaped backslash
    "ttemp",
    "new",
    "café",
    "caf",
    "u00e9",  # in a value, and the text of an escape (é in "café")
    "00e9",
    "front",  # a field name, and a value's word
    "ront",
    "back",
    "null",
    "true false",
    "42",
    "text",
    "plain",
    "wording",  # a field name of the imported note
    "plain phrase",
    "book",
    "source",
    "glutamate",
    "alpha",
    "mid",
    "3_4",  # not "324"
    "50%",  # not "500 people"
    "_",
    "%",
)


@pytest.mark.parametrize("word", WORDS)
def test_words_find_what_a_field_or_the_tags_hold(varied: Services, word: str) -> None:
    assert _found(varied, word) == _expected_text(varied, word)


def test_field_names_escapes_and_json_words_are_not_text(varied: Services) -> None:
    for word in ("nnbsp", "ttemp", "00e9", "wording", "source", '"true null"'):
        assert _found(varied, word) == [], word
    assert _found(varied, "front") == _found(varied, "ront") != []  # "front and back" only
    assert len(_found(varied, "front")) == 1


def test_quotes_and_backslashes_in_values(varied: Services) -> None:
    # A search cannot hold a quote; the words around one in a field are found.
    assert _found(varied, "hi") == _found(varied, '"say "') == _found(varied, "there") != []
    assert _found(varied, "\\temp") == _found(varied, "c:\\temp".join('""')) != []
    assert _found(varied, "temp\\") == _found(varied, "\\new") == _found(varied, "\\temp")
    assert _found(varied, "\\\\") == []  # one backslash, not the two of its escape


def test_a_wildcard_matches_within_one_value_or_the_tags(varied: Services) -> None:
    assert _found(varied, "line*two") == _found(varied, "nbsp") != []  # one value
    assert _found(varied, "au*lait") == _found(varied, "café") != []
    assert _found(varied, "lait*back") == []  # from the front into the back
    assert _found(varied, "back*mid") == []  # from the back into the tags
    assert _found(varied, "phrase*book") == []  # across the fields of the imported note


@pytest.mark.parametrize(
    ("text", "tags"),
    [("tag:mid", {"mid", "x mid y"}), ("tag:a", {"a b c"}), ("tag:c", {"a b c"}),
     ("tag:b", {"a b c"}), ("tag:m*", {"mid", "x mid y"}), ("tag:*", None), ("-tag:*", set())],
)  # fmt: skip
def test_tags_match_whole_first_middle_or_last(
    varied: Services, text: str, tags: set[str] | None
) -> None:
    notes = _notes(varied).values()
    if tags is None:
        tags = {t for _f, t, _c in notes if t}
    if text == "-tag:*":
        expected = sorted(c for _f, t, cards in notes if not t for c in cards)
    else:
        expected = sorted(c for _f, t, cards in notes if t in tags for c in cards)
    assert _found(varied, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "is:new",
        "deck:small*",
        "-is:new",
        "glutamate is:new",
        "deck:small* -mid",
        # Terms on notes alone: counted from each note's live cards, one of them retired here.
        "mid",
        "tag:mid",
        "-mid",
        "null*false",
        'text "or"',
        # A term on notes, and "or" between one on cards and one on notes, which joins them.
        "mid or is:new",
        "-mid (tag:mid or -is:new)",
        "text (null*false or is:new)",
    ],
)
@pytest.mark.parametrize("few_notes", [1000, 1], ids=["rare", "common"])
def test_count_comes_from_the_window_or_a_count_query_alike(
    varied: Services, text: str, few_notes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Below this many matching notes, a search reads their ids first; at 1 every search that
    # finds a note takes the path of a common word, as at 100,000 notes.
    monkeypatch.setattr(browse, "_FEW_NOTES", few_notes)
    reversed_note = next(n for n, (f, _t, _c) in _notes(varied).items() if "null" in str(f))
    with varied.database.write() as session:
        retired = session.execute(
            update(CardRecord)
            .where(CardRecord.note_id == reversed_note, CardRecord.ordinal == 1)
            .values(retired=True)
        )
        assert retired.rowcount == 1  # its back-to-front card
    query = CardQuery(varied.browse.parse(text))
    everything = varied.browse.find(query, 1000)
    for limit in range(len(everything.card_ids) + 2):
        first = varied.browse.find(query, limit)
        assert (first.count, first.card_ids) == (everything.count, everything.card_ids[:limit])
