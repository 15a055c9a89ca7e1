"""note_text, what a word search reads of each note, follows every change to the notes and
their cards (its text, and its count of the note's live cards)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from fibrolearn.domain.browse import CardQuery, NoteDraft
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.interop.errors import ImportCancelledError
from fibrolearn.paths import AppPaths
from fibrolearn.services import health as health_service
from fibrolearn.services.container import Services
from fibrolearn.services.health import check_health, repair
from fibrolearn.services.interop import ImportOptions
from fibrolearn.storage import import_repo, note_text
from fibrolearn.storage.migrate import HEAD, open_collection
from fibrolearn.storage.note_text import TRIGGERS, texts_in_bulk, written
from fibrolearn.storage.search import TYPOGRAPHIC_QUOTES, folded
from schema_changes import change_definition

SEPARATOR = "\x1f"


Stored = dict[int, tuple[str, int]]


def texts(path: Path) -> tuple[Stored, Stored]:
    """Each note's searchable text and live cards as stored, and as the notes and cards say."""
    with closing(sqlite3.connect(path)) as connection:
        stored = {
            note_id: (text, live)
            for note_id, text, live in connection.execute(
                "SELECT note_id, text, live_cards FROM note_text"
            )
        }
        notes = connection.execute("SELECT id, fields, tags FROM notes").fetchall()
        cards = connection.execute("SELECT note_id, retired FROM cards").fetchall()
    live = Counter(note_id for note_id, retired in cards if not retired)
    expected = {
        note_id: (
            SEPARATOR.join(
                [*(_searched(v) for v in json.loads(fields).values() if v is not None), tags]
            ),
            live[note_id],
        )
        for note_id, fields, tags in notes
    }
    return stored, expected


def _searched(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def assert_texts_follow(path: Path) -> int:
    stored, expected = texts(path)
    assert stored == expected
    with closing(sqlite3.connect(path)) as connection:
        letters = connection.execute("SELECT text, letters FROM note_text").fetchall()
    assert [kind for _, kind in letters] == [letters_of(text) for text, _ in letters]
    return len(stored)


def letters_of(text: str) -> int:
    """What ``note_text.letters`` says of ``text``, by Python's own Unicode rules."""
    if text.isascii():
        return note_text.ONLY_ASCII
    beyond = {c for c in text if not c.isascii()}
    into_ascii = any(not set(folded(c)).isdisjoint(ASCII) for c in beyond)
    return note_text.INTO_ASCII if into_ascii else note_text.BEYOND_ASCII


ASCII = frozenset(map(chr, range(128)))


def test_the_letters_that_fold_into_ascii_are_those_python_folds_so() -> None:
    """The triggers name them (as SQL cannot fold): a new Unicode version may add some.

    But the typographic quotes: a search for a straight quote folds every text beyond ASCII.
    """
    every = (chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c <= 0xDFFF)
    into_ascii = {c for c in every if not set(folded(c)).isdisjoint(ASCII)}
    assert into_ascii == set(note_text.FOLDING_INTO_ASCII) | set(TYPOGRAPHIC_QUOTES)


def test_texts_record_which_letters_they_hold(services: Services, paths: AppPaths) -> None:
    deck_id = services.notes.decks()[0].deck_id
    for front in ("plain", "café", "Straße", "ﬁber", "İstanbul", "σοφός"):
        services.notes.add(deck_id, NoteDraft(NoteKind.BASIC, front, "x"))
    with closing(sqlite3.connect(paths.collection)) as connection:
        kinds = connection.execute(
            "SELECT letters FROM note_text ORDER BY note_id DESC LIMIT 6"
        ).fetchall()
    assert [kind for (kind,) in reversed(kinds)] == [0, 1, 2, 2, 2, 1]
    assert_texts_follow(paths.collection)


def found(services: Services, text: str) -> list[int]:
    return services.browse.find(CardQuery(services.browse.parse(text)), 1000).card_ids


def test_adding_editing_tagging_deleting_and_undoing_keep_the_text(
    services: Services, paths: AppPaths
) -> None:
    notes = assert_texts_follow(paths.collection)
    assert notes > 0  # the deck's own notes, written when it was loaded
    deck_id = services.notes.decks()[0].deck_id
    services.notes.add(deck_id, NoteDraft(NoteKind.BASIC, "Kestrel question", "Osprey"))
    assert assert_texts_follow(paths.collection) == notes + 1
    [card] = found(services, "kestrel")
    note = services.notes.note_of_card(card)

    services.notes.edit(note.note_id, NoteDraft(NoteKind.BASIC, "Heron question", "Osprey"))
    assert_texts_follow(paths.collection)
    assert found(services, "kestrel") == [] and found(services, "heron") == [card]
    services.notes.add_tags([card], ["wading"])
    assert_texts_follow(paths.collection)
    assert found(services, "wading") == [card]
    services.notes.remove_tags([card], ["wading"])
    assert_texts_follow(paths.collection)
    assert found(services, "wading") == []

    services.notes.delete([card])
    assert assert_texts_follow(paths.collection) == notes
    services.notes.undo()
    assert assert_texts_follow(paths.collection) == notes + 1
    assert found(services, "heron") == [card]


def test_imported_notes_and_a_deleted_deck_keep_the_text(
    services: Services, paths: AppPaths, tmp_path: Path
) -> None:
    notes = assert_texts_follow(paths.collection)
    csv = tmp_path / "notes.csv"
    csv.write_text("Question,Answer\nWhat is plover?,A bird\nWhat is dunlin?,Another\n")
    services.importer.run(csv, ImportOptions())
    assert assert_texts_follow(paths.collection) == notes + 2
    assert len(found(services, "dunlin")) == 1

    for deck in services.decks.list_decks():
        services.deck_manage.delete(deck.deck_id)
    assert assert_texts_follow(paths.collection) == 0


def test_a_reimport_that_changes_notes_and_an_undone_edit_keep_the_text(
    services: Services, paths: AppPaths, tmp_path: Path
) -> None:
    csv = tmp_path / "notes.csv"
    csv.write_text("Question,Answer\nWhat is plover?,A bird\n")
    services.importer.run(csv, ImportOptions())
    csv.write_text("Question,Answer\nWhat is plover?,A wader\n")
    services.importer.run(csv, ImportOptions())
    assert_texts_follow(paths.collection)
    [card] = found(services, "wader")
    note = services.notes.note_of_card(card)
    services.notes.edit(note.note_id, NoteDraft(NoteKind.BASIC, "What is plover?", "A shorebird"))
    services.notes.undo()
    assert_texts_follow(paths.collection)
    assert found(services, "shorebird") == [] and found(services, "wader") == [card]


def test_sql_conflict_clauses_a_changed_id_and_a_cascade_keep_the_text(
    paths: AppPaths, services: Services
) -> None:
    """Triggers take the outer statement's conflict policy: each of these must still hold."""
    with closing(sqlite3.connect(paths.collection)) as connection, connection:
        first, last = connection.execute("SELECT min(id), max(id) FROM notes").fetchone()
        connection.execute("UPDATE OR IGNORE notes SET tags = 'ignore' WHERE id = ?", (first,))
        connection.execute("UPDATE OR FAIL notes SET tags = 'fail' WHERE id = ?", (first,))
        connection.execute(
            "INSERT INTO notes (id, deck_id, key, kind, fields, tags, retired, created_at,"
            " modified_at) SELECT id, deck_id, key, kind, fields, 'upserted', retired,"
            " created_at, modified_at FROM notes WHERE id = ?"
            " ON CONFLICT (id) DO UPDATE SET tags = excluded.tags",
            (first,),
        )
        connection.execute(
            "INSERT OR REPLACE INTO notes (id, deck_id, key, kind, fields, tags, retired,"
            " created_at, modified_at) SELECT id, deck_id, key, kind, fields, 'replaced',"
            " retired, created_at, modified_at FROM notes WHERE id = ?",
            (last,),
        )
        connection.execute("UPDATE notes SET id = ? WHERE id = ?", (last + 100, last))
    assert assert_texts_follow(paths.collection) > 0
    with closing(sqlite3.connect(paths.collection)) as connection, connection:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("DELETE FROM decks")  # the notes go by ON DELETE CASCADE
    assert assert_texts_follow(paths.collection) == 0


STAMP = "'2026-01-01 00:00:00.000000'"


def at_0014_with_notes(
    tmp_path: Path, notes: list[tuple[int, str, str, str]], at: str = "0014_note_origin_type"
) -> Path:
    """A collection at the revision before 0015 (or ``at``), with one deck holding ``notes``.

    Each note is (id, key, fields as stored, tags).
    """
    path = tmp_path / "c.sqlite3"
    open_collection(path, tmp_path / "backups", target=at).close()
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "INSERT INTO decks (id, key, name, description, disclaimer, new_per_day,"
            " reviews_per_day, desired_retention, learning_steps, relearning_steps,"
            f" created_at) VALUES (1, 'd', 'Deck', '', '', 20, 200, 0.9, '[60]', '[600]', {STAMP})"
        )
        connection.executemany(
            "INSERT INTO notes (id, deck_id, key, kind, fields, tags, retired, created_at,"
            f" modified_at) VALUES (?, 1, ?, 'basic', ?, ?, 0, {STAMP}, {STAMP})",
            notes,
        )
    return path


def test_an_older_collection_gets_the_text_of_its_notes_on_upgrade(tmp_path: Path) -> None:
    path = at_0014_with_notes(
        tmp_path,
        [
            (1, "n1", '{"front": "Q \\"quoted\\"", "back": "café"}', "t1 t2"),
            (2, "n2", '{"front": "Only", "back": null, "extra": [1, "two"]}', ""),
        ],
    )
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.executemany(
            "INSERT INTO cards (id, note_id, deck_id, ordinal, state, due, reps, lapses,"
            f" suspended, retired, position) VALUES (?, 1, 1, ?, 0, {STAMP}, 0, 0, 0, ?, ?)",
            [(1, 1, 0, 1), (2, 2, 1, 2)],  # one live card, one retired
        )

    open_collection(path, tmp_path / "backups").close()

    stored, _expected = texts(path)
    assert stored == {
        1: ('Q "quoted"\x1fcafé\x1ft1 t2', 1),
        2: ('Only\x1f[1,"two"]\x1f', 0),  # a null value adds nothing; a list adds its JSON
    }
    assert_texts_follow(path)


def test_the_letters_of_every_text_are_recorded_on_upgrade_from_0018(tmp_path: Path) -> None:
    fronts = ["plain", "café", "Die Straße", "ﬁber", "İstanbul", "ΣΟΦΊΑ"]
    notes = [(i, f"n{i}", json.dumps({"front": f, "back": "x"}), "") for i, f in enumerate(fronts)]
    path = at_0014_with_notes(tmp_path, notes, at="0018_card_resets")

    database = open_collection(path, tmp_path / "backups")  # 0019 and on
    try:
        assert not check_health(database).problems
    finally:
        database.close()

    with closing(sqlite3.connect(path)) as connection:
        kinds = connection.execute("SELECT letters FROM note_text ORDER BY note_id").fetchall()
    assert [kind for (kind,) in kinds] == [0, 1, 2, 2, 2, 1]
    assert_texts_follow(path)


def test_an_upgrade_goes_through_a_note_whose_fields_are_not_json(tmp_path: Path) -> None:
    path = at_0014_with_notes(
        tmp_path,
        [(1, "n1", '{"front": "Whole", "back": "note"}', ""), (2, "n2", '{"front": "cut sho', "")],
    )

    database = open_collection(path, tmp_path / "backups")  # to head, past 0015
    try:
        report = check_health(database)
    finally:
        database.close()

    with closing(sqlite3.connect(path)) as connection:
        stored = connection.execute("SELECT note_id, text FROM note_text").fetchall()
    assert stored == [(1, "Whole\x1fnote\x1f")]  # the damaged note has none, for now
    assert report.revision == HEAD
    assert "stored data that cannot be read back (malformed JSON)" in report.problems[0]


def test_the_check_stops_only_for_damage_not_for_a_mistake_in_the_code(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def mistaken(_database: object, _may_cancel: object) -> list[str]:
        raise KeyError("front")

    monkeypatch.setattr(health_service, "_unshowable_cards", mistaken)
    with pytest.raises(KeyError):  # not reported as damage to the collection
        check_health(services.database)


CSV_HEADER = "#separator:tab\n#html:false\n#guid column:1\n#notetype column:2\n#deck column:3\n"


def counted(services: Services, text: str) -> int:
    """Browse's count past a first window of one card: summed from the notes' live cards."""
    return services.browse.find(CardQuery(services.browse.parse(text)), 1).count


def test_reimports_that_retire_and_bring_back_cards_keep_the_live_count(
    services: Services, paths: AppPaths, tmp_path: Path
) -> None:
    rows = {
        "reversed": "abc123\tBasic (and reversed card)\tVocab\tperro\tdog\n",
        "basic": "abc123\tBasic\tVocab\tperro\tdog\n",
        "two": "clz1\tCloze\tVocab\t{{c1::Serotonin}} and {{c2::dopamine}} perro\textra\n",
        "one": "clz1\tCloze\tVocab\t{{c1::Serotonin}} and dopamine perro\textra\n",
    }
    path = tmp_path / "vocab.txt"
    for first, second, live in (
        ("reversed", "two", 4),
        ("basic", "two", 3),  # the reverse card retired
        ("basic", "one", 2),  # and a cloze deletion
        ("reversed", "two", 4),  # both back
    ):
        path.write_text(CSV_HEADER + rows[first] + rows[second], encoding="utf-8")
        services.importer.run(path, ImportOptions())
        assert_texts_follow(paths.collection)
        assert counted(services, "perro") == len(found(services, "perro")) == live


def stored_triggers(path: Path) -> dict[str, bytes]:
    """Each trigger's stored statement, as bytes (a failing disk's byte may not be UTF-8)."""
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute(
            "SELECT name, CAST(sql AS BLOB) FROM sqlite_master WHERE type = 'trigger'"
        )
        return dict(rows.fetchall())


def test_a_reimport_that_adds_cards_to_kept_notes_counts_them(
    services: Services, paths: AppPaths, tmp_path: Path
) -> None:
    path = tmp_path / "vocab.txt"
    path.write_text(
        CSV_HEADER
        + "abc123\tBasic\tVocab\tperro\tdog\n"
        + "clz1\tCloze\tVocab\t{{c1::Serotonin}} and dopamine perro\textra\n",
        encoding="utf-8",
    )
    services.importer.run(path, ImportOptions())
    path.write_text(
        CSV_HEADER
        + "abc123\tBasic (and reversed card)\tVocab\tperro\tdog\n"  # a new reverse card
        + "clz1\tCloze\tVocab\t{{c1::Serotonin}} and {{c2::dopamine}} perro\textra\n"
        + "new1\tBasic\tVocab\tgato perro\tcat\n",  # and a new note alongside
        encoding="utf-8",
    )
    report = services.importer.run(path, ImportOptions())
    assert (report.added, report.cards_added) == (1, 3)
    assert_texts_follow(paths.collection)
    assert counted(services, "perro") == len(found(services, "perro")) == 5


def kites(tmp_path: Path, count: int) -> Path:
    """A text file of ``count`` notes into the deck Vocab, each with the word kite<n>q."""
    path = tmp_path / f"kites-{count}.txt"
    path.write_text(
        CSV_HEADER + "".join(f"g{n}\tBasic\tVocab\tkite{n}q\tback\n" for n in range(count)),
        encoding="utf-8",
    )
    return path


def cancel_at_card(number: int) -> tuple[threading.Event, Callable[[str, int, int], None]]:
    """A cancel event and a progress callback that sets it when ``number`` cards are written
    (the import then stops at the next check, 200 cards on: notes written, their text not)."""
    cancel = threading.Event()

    def progress(what: str, done: int, _total: int) -> None:
        if what == "Writing cards" and done == number:
            cancel.set()

    return cancel, progress


@pytest.mark.parametrize("deck_there_before", [False, True])
def test_an_import_and_a_cancelled_one_leave_the_triggers_as_they_were(
    services: Services, paths: AppPaths, tmp_path: Path, deck_there_before: bool
) -> None:
    """With the deck already there, nothing is written before the triggers are dropped."""
    before = stored_triggers(paths.collection)
    assert {name: before[name].decode() for name in TRIGGERS} == {
        name: written(name) for name in TRIGGERS
    }
    if deck_there_before:
        services.importer.run(kites(tmp_path, 1), ImportOptions())
    cancel, progress = cancel_at_card(200)

    with pytest.raises(ImportCancelledError):
        services.importer.run(
            kites(tmp_path, 600), ImportOptions(), progress=progress, cancel=cancel
        )
    assert stored_triggers(paths.collection) == before
    assert found(services, "kite7q") == []
    assert_texts_follow(paths.collection)

    services.importer.run(kites(tmp_path, 600), ImportOptions())
    assert stored_triggers(paths.collection) == before
    assert_texts_follow(paths.collection)
    assert len(found(services, "kite7q")) == 1
    services.notes.add(  # and the triggers work again for a note added afterwards
        services.notes.decks()[0].deck_id, NoteDraft(NoteKind.BASIC, "Kestrel", "Osprey")
    )
    assert_texts_follow(paths.collection)
    assert len(found(services, "kestrel")) == 1


def test_an_import_that_fails_while_writing_leaves_the_triggers_as_they_were(
    services: Services, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.importer.run(kites(tmp_path, 1), ImportOptions())  # the deck is there
    before = stored_triggers(paths.collection)

    def broken(*_args: object) -> list[int]:
        raise OSError("disk full")

    monkeypatch.setattr(import_repo, "insert_cards", broken)
    with pytest.raises(OSError, match="disk full"):
        services.importer.run(kites(tmp_path, 600), ImportOptions())
    assert stored_triggers(paths.collection) == before
    assert_texts_follow(paths.collection)


@pytest.mark.parametrize(  # one byte of a trigger's stored text, as a failing disk leaves it
    ("name", "old", "new"),
    [
        ("note_text_insert", "json_each", b"json_e\xe4ch"),
        ("note_text_cards_insert", "NEW.note_id", b"NEW.n\xe4te_id"),
        ("note_text_insert", "NEW.tags", "NEW.tag5"),
    ],
)
def test_an_import_meets_a_changed_trigger_as_before_and_points_to_the_repair(
    services: Services, paths: AppPaths, tmp_path: Path, name: str, old: str, new: str | bytes
) -> None:
    """Left in place and run: it fails the import as a search text to repair, never as damage
    or a mistake, and the import goes through once Repair has written it again."""
    services.importer.run(kites(tmp_path, 1), ImportOptions())
    change_definition(paths.collection, name, old, new)
    changed = stored_triggers(paths.collection)[name]

    with pytest.raises(Exception) as raised:
        services.importer.run(kites(tmp_path, 5), ImportOptions())
    problem = services.storage_problem(raised.value)
    assert problem is not None and problem.kind is StorageProblemKind.SEARCH_TEXT_UNKEPT
    assert stored_triggers(paths.collection)[name] == changed  # left as it was

    repair(services.database)
    services.importer.run(kites(tmp_path, 5), ImportOptions())
    assert_texts_follow(paths.collection)


def test_a_repair_that_fails_half_way_leaves_every_trigger_as_it_was(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    change_definition(paths.collection, "note_text_update", "NEW.fields", "NEW.fie1ds")
    before = stored_triggers(paths.collection)
    statements = iter(TRIGGERS)

    def written_until_the_fourth(name: str) -> str:
        if next(statements) == list(TRIGGERS)[3]:
            raise OSError("disk full")
        return written(name)

    monkeypatch.setattr(note_text, "written", written_until_the_fourth)
    with pytest.raises(OSError, match="disk full"):
        health_service.repair(services.database)  # three triggers dropped and written again
    assert stored_triggers(paths.collection) == before


def test_outside_a_transaction_bulk_texts_leave_the_triggers_to_run(
    services: Services, paths: AppPaths
) -> None:
    before = stored_triggers(paths.collection)
    with services.database.read() as session, texts_in_bulk(session):
        pass  # a DROP here would have been committed at once
    assert stored_triggers(paths.collection) == before
