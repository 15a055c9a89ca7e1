"""Importing and exporting through the services: CSV, media, re-imports, history, cancel."""

from __future__ import annotations

import errno
import re
import sqlite3
import tempfile
import threading
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from test_interop_hostile import LATEST, fingerprint

from fibrolearn.domain.enums import Rating
from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.interop import media_staging
from fibrolearn.interop.archive import SafeArchive
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.health import check_health
from fibrolearn.services.interop import (
    ColumnRole,
    CsvSettings,
    ImportCancelledError,
    ImportOptions,
    InteropError,
    SourceKind,
    render_template_card,
)
from fibrolearn.storage import import_repo
from fibrolearn.storage.damaged_data import StoredValueError

QUIZLET = "perro\tdog\ngato\tcat\ncasa\thouse, home\n"


def rows(services: Services, sql: str) -> list[tuple]:
    with services.database.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


# ------------------------------------------------------------------------ CSV and Quizlet
def test_quizlet_export_becomes_a_deck_named_after_the_file(
    services: Services, tmp_path: Path
) -> None:
    path = write(tmp_path, "Spanish animals.txt", QUIZLET)
    source = services.importer.inspect(path)
    assert source.kind is SourceKind.CSV
    assert source.csv is not None
    assert source.csv.settings.delimiter == "\t"
    assert not source.csv.settings.has_header
    assert source.csv.settings.columns == (ColumnRole.FRONT, ColumnRole.BACK)

    report = services.importer.run(path, ImportOptions())
    assert (report.added, report.cards_added, report.decks_created) == (3, 3, ("Spanish animals",))
    assert rows(services, "SELECT fields FROM notes WHERE key LIKE 'csv-%' ORDER BY id")[2] == (
        '{"front": "casa", "back": "house, home", "text": "", "extra": ""}',
    )


def test_csv_with_header_tags_deck_and_a_cloze(services: Services, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "cards.csv",
        "Question,Answer,Tags,Deck\n"
        '"Where, exactly?",Here,geo travel,Places\n'
        "{{c1::Sleep}} matters,,sleep,Health\n"
        ",no front,,Places\n"
        "No back,,,Places\n",
    )
    layout = services.importer.inspect(path).csv
    assert layout is not None and layout.settings.has_header
    assert layout.settings.columns == (
        ColumnRole.FRONT,
        ColumnRole.BACK,
        ColumnRole.TAGS,
        ColumnRole.DECK,
    )
    preview = services.importer.preview(path, ImportOptions())
    assert (preview.notes, preview.new_notes, preview.decks) == (2, 2, ("Health", "Places"))
    assert [s.where for s in preview.skipped] == ["line 4", "line 5"]
    assert preview.first_cards[0].question == "Where, exactly?"
    assert preview.first_cards[1].question == "[...] matters"

    report = services.importer.run(path, ImportOptions())
    assert report.added == 2
    assert {(s.where, s.reason) for s in report.skipped} == {
        ("line 4", "the front is empty"),
        ("line 5", "the back is empty"),
    }
    assert sorted(rows(services, "SELECT kind, tags FROM notes WHERE key LIKE 'csv-%'")) == [
        ("basic", "geo travel"),
        ("cloze", "sleep"),
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        # One deck, named in two cases: the import makes or finds it by either.
        (
            "Front,Back,Deck\nSleep?,Yes,Health\nSleep?,Yes,health\n",
            "it repeats the note on line 2",
        ),
        # One GUID names one note, whichever deck a row gives it.
        (
            "GUID,Front,Back,Deck\ng1,Sleep?,Yes,Health\ng1,Pain?,No,Places\n",
            "it has the GUID of the note on line 2",
        ),
    ],
    ids=["deck-in-another-case", "guid-in-another-deck"],
)
def test_a_row_naming_a_note_already_read_is_skipped_not_written_twice(
    services: Services, tmp_path: Path, content: str, reason: str
) -> None:
    # Found by fuzzing: both were written as two notes, which the collection refused.
    report = services.importer.run(write(tmp_path, "twice.csv", content), ImportOptions())
    assert report.added == 1
    assert [(s.where, s.reason) for s in report.skipped] == [("line 3", reason)]


def test_column_mapping_chosen_by_the_learner(services: Services, tmp_path: Path) -> None:
    path = write(tmp_path, "swap.tsv", "dog\tperro\textra\ncat\tgato\textra\n")
    settings = CsvSettings(
        delimiter="\t",
        has_header=False,
        html=False,
        columns=(ColumnRole.BACK, ColumnRole.FRONT, ColumnRole.IGNORE),
    )
    services.importer.run(path, ImportOptions(deck="Español", csv=settings))
    fields = rows(services, "SELECT fields FROM notes WHERE key LIKE 'csv-%' ORDER BY id")
    assert '"front": "perro", "back": "dog"' in fields[0][0]
    assert rows(services, "SELECT name FROM decks WHERE name = 'Español'") == [("Español",)]


def test_a_mapping_without_a_front_is_refused(services: Services, tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "a,b\n")
    settings = CsvSettings(",", False, False, (ColumnRole.BACK, ColumnRole.TAGS))
    with pytest.raises(InteropError, match="which column holds the front"):
        services.importer.run(path, ImportOptions(csv=settings))


def test_plain_text_is_kept_and_html_is_kept_as_written(services: Services, tmp_path: Path) -> None:
    path = write(tmp_path, "html.csv", "front,back\n<b>bold</b>,1 < 2\n")
    layout = services.importer.inspect(path).csv
    assert layout is not None and layout.settings.html  # a tag was seen
    services.importer.run(path, ImportOptions(csv=layout.settings))
    services.importer.run(
        path,
        ImportOptions(deck="Plain", csv=CsvSettings(**{**_asdict(layout.settings), "html": False})),
    )
    kinds = rows(services, "SELECT kind, fields FROM notes WHERE key LIKE 'csv-%' ORDER BY id")
    assert kinds[0][0] == "template" and "<b>bold</b>" in kinds[0][1]
    assert kinds[1] == (
        "basic",
        '{"front": "<b>bold</b>", "back": "1 < 2", "text": "", "extra": ""}',
    )


def _asdict(settings: CsvSettings) -> dict:
    return {name: getattr(settings, name) for name in CsvSettings.__slots__}


def test_reimporting_a_csv_updates_changed_rows(services: Services, tmp_path: Path) -> None:
    path = write(tmp_path, "words.txt", QUIZLET)
    services.importer.run(path, ImportOptions())
    path.write_text(QUIZLET.replace("house, home", "house") + "sol\tsun\n", encoding="utf-8")
    report = services.importer.run(path, ImportOptions())
    assert (report.added, report.updated, report.unchanged) == (1, 1, 2)


def test_not_utf8_text_is_read_and_flagged(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("café\tcoffee\n".encode("cp1252"))
    preview = services.importer.preview(path, ImportOptions())
    assert preview.first_cards[0].question == "café"
    assert any("not UTF-8" in problem for problem in preview.problems)


# ------------------------------------------------------------------------ Anki packages
def test_preview_writes_nothing(services: Services, paths: AppPaths) -> None:
    before = fingerprint(paths)
    preview = services.importer.preview(LATEST, ImportOptions(with_history=True))
    assert (preview.notes, preview.cards, preview.media_files) == (3, 4, 1)
    assert preview.decks == ("Fibro::Basics",)
    assert preview.first_cards[0].question == "Where is pain processed?"
    assert fingerprint(paths) == before


def test_deck_option_puts_everything_in_one_deck(services: Services) -> None:
    report = services.importer.run(LATEST, ImportOptions(deck="Mine"))
    assert report.decks_created == ("Mine",)
    assert rows(
        services,
        "SELECT DISTINCT d.name FROM cards c JOIN decks d ON d.id = c.deck_id "
        "WHERE d.name != 'Small deck'",
    ) == [("Mine",)]


def test_media_clash_gets_a_new_name_and_the_note_follows(
    services: Services, paths: AppPaths
) -> None:
    paths.media_dir.mkdir(parents=True)
    (paths.media_dir / "heart.png").write_bytes(b"someone else's heart")
    report = services.importer.run(LATEST, ImportOptions())
    assert (report.media_added, report.media_renamed) == (1, 1)
    assert (paths.media_dir / "heart.png").read_bytes() == b"someone else's heart"
    assert (paths.media_dir / "heart-2.png").read_bytes().endswith(b"heart")
    fields = rows(services, "SELECT fields FROM notes WHERE kind = 'template'")
    assert any('src=\\"heart-2.png\\"' in f for (f,) in fields)


def template_notes(services: Services) -> int:
    return rows(services, "SELECT count(*) FROM notes WHERE kind = 'template'")[0][0]


def test_media_that_cannot_be_put_in_place_stops_the_whole_import(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: the notes stayed without their pictures, and the report said the
    files were added."""
    paths.media_dir.mkdir(parents=True)
    (paths.media_dir / "mine.png").write_bytes(b"mine")

    def disk_full(_source: object, target: Path) -> None:
        target.write_bytes(b"half")  # a copy onto another disk, cut short
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(media_staging.shutil, "move", disk_full)
    with pytest.raises(InteropError) as refused:
        services.importer.run(LATEST, ImportOptions())
    assert str(refused.value) == (
        f"Media files cannot be put in {paths.media_dir}: No space left on device. "
        "Nothing was imported. Free some space there, then import again."
    )
    assert template_notes(services) == 0
    assert [path.name for path in paths.media_dir.iterdir()] == ["mine.png"]
    assert not list(paths.data_dir.glob(f"{media_staging.STAGING_PREFIX}*"))


def test_media_put_in_place_is_taken_out_when_the_notes_do_not_commit(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    place = media_staging.MediaStaging.place

    def placed_then_failed(staging: media_staging.MediaStaging) -> None:
        place(staging)
        assert (paths.media_dir / "heart.png").exists()  # in place before the commit
        raise sqlite3.OperationalError("disk I/O error")  # as a failing commit would

    monkeypatch.setattr(media_staging.MediaStaging, "place", placed_then_failed)
    with pytest.raises(sqlite3.OperationalError):
        services.importer.run(LATEST, ImportOptions())
    assert template_notes(services) == 0
    assert list(paths.media_dir.iterdir()) == []
    assert not list(paths.data_dir.glob(f"{media_staging.STAGING_PREFIX}*"))


def test_a_media_folder_on_another_disk_gets_copies(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: a media folder linked to another disk took no file at all."""
    rename = media_staging.shutil.os.rename

    def across_disks(source: object, target: object) -> None:
        if Path(str(target)).parent == paths.media_dir:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        rename(source, target)

    monkeypatch.setattr(media_staging.shutil.os, "rename", across_disks)
    report = services.importer.run(LATEST, ImportOptions())
    assert report.media_added == 1
    assert (paths.media_dir / "heart.png").read_bytes().endswith(b"heart")
    assert not list(paths.data_dir.glob(f"{media_staging.STAGING_PREFIX}*"))


def test_what_a_killed_import_staged_goes_at_the_next_import(
    services: Services, paths: AppPaths
) -> None:
    """Found in a bug hunt: a killed import's staged media stayed in the data folder for good."""
    left = paths.data_dir / f"{media_staging.STAGING_PREFIX}0123456789abcdef"
    left.mkdir(parents=True)
    (left / "0").write_bytes(bytes(1000))
    # Found in review: an earlier version kept here, under another name, the only copies of
    # media its committed notes show, when it could not move them: those stay.
    kept = paths.data_dir / ".media-import-0123456789abcdef" / "0"
    kept.parent.mkdir()
    kept.write_bytes(b"the only copy")
    services.importer.run(LATEST, ImportOptions())
    assert not left.exists()
    assert kept.read_bytes() == b"the only copy"


def _no_room(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _no_access(*_args: object, **_kwargs: object) -> None:
    raise PermissionError(errno.EACCES, "Permission denied")


@pytest.mark.parametrize(
    ("owner", "name", "fault", "advice"),
    [
        (SafeArchive, "copy_to", _no_room, "Free some space there"),  # the collection won't fit
        (tempfile, "mkdtemp", _no_access, "Make it writable"),  # no folder can be made there
    ],
    ids=["full", "read-only"],
)
def test_a_temporary_folder_that_cannot_take_the_package_is_named(
    services: Services,
    paths: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    owner: object,
    name: str,
    fault: object,
    advice: str,
) -> None:
    """The package's collection is unpacked in the system's temporary folder, often a small
    disk of its own: the message must name it, not leave the learner at the data folder."""
    temp = tmp_path / "small-tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(owner, name, fault)
    before = fingerprint(paths)
    for attempt in (services.importer.preview, services.importer.run):
        with pytest.raises(InteropError) as refused:
            attempt(LATEST, ImportOptions())
        message = str(refused.value)
        assert f"the temporary folder {temp}: " in message
        assert advice in message and "TMPDIR" in message
    assert fingerprint(paths) == before
    assert list(temp.iterdir()) == []


def imported_template_card(services: Services) -> int:
    """Import the latest-format package; the id of its template note's card."""
    services.importer.run(LATEST, ImportOptions())
    (card_id,) = rows(
        services,
        "SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id WHERE n.kind = 'template'",
    )[0]
    return card_id


def test_template_notes_render_for_study(services: Services) -> None:
    card_id = imported_template_card(services)
    with services.database.read() as session:
        rendered = render_template_card(session, card_id)
    assert rendered.question_html == "<b>Sleep</b> and pain"
    assert rendered.answer_html.strip() == '<img src="heart.png">'
    with services.database.read() as session, pytest.raises(LookupError, match="not a card of"):
        render_template_card(session, card_id + 1000)


@pytest.mark.parametrize(
    ("change", "words"),
    [  # values bench/fuzz.py wrote into a restored backup's note type
        ("""UPDATE note_types SET templates = '["Card 1"]'""", "a stored card template is not one"),
        ("UPDATE note_types SET fields = '[1, 2]'", "field names are not texts ([1, 2])"),
    ],
)
def test_a_note_type_that_is_not_one_is_told_as_damage(
    services: Services, change: str, words: str
) -> None:
    card_id = imported_template_card(services)
    with services.database.write() as session:
        session.execute(text(change))

    with pytest.raises(StoredValueError, match=re.escape(words)) as caught:
        services.study.card(card_id)
    problem = services.storage_problem(caught.value)
    assert problem is not None and problem.kind is StorageProblemKind.DAMAGED


def test_a_template_cards_number_that_is_not_one_is_damage_when_shown_or_exported(
    services: Services, tmp_path: Path
) -> None:
    card_id = imported_template_card(services)
    with services.database.write() as session:
        session.execute(text("UPDATE cards SET ordinal = 'x' WHERE id = :id"), {"id": card_id})

    words = re.escape("a stored card's number in its note is not one ('x')")
    with services.database.read() as session, pytest.raises(StoredValueError, match=words):
        render_template_card(session, card_id)
    with pytest.raises(StoredValueError, match=words) as caught:
        services.exporter.export_apkg(tmp_path / "export.apkg")
    problem = services.storage_problem(caught.value)
    assert problem is not None and problem.kind is StorageProblemKind.DAMAGED


def test_cancel_leaves_everything_as_it_was(services: Services, paths: AppPaths) -> None:
    before = fingerprint(paths)
    cancel = threading.Event()
    seen: list[str] = []

    def progress(what: str, done: int, total: int) -> None:
        seen.append(what)
        if what == "Writing cards":
            cancel.set()

    with pytest.raises(ImportCancelledError):
        services.importer.run(LATEST, ImportOptions(), progress=progress, cancel=cancel)
    assert "Copying media files" in seen and "Writing notes" in seen
    assert fingerprint(paths) == before


def test_a_failure_while_writing_leaves_everything_as_it_was(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = fingerprint(paths)

    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(import_repo, "insert_cards", broken)
    with pytest.raises(OSError, match="disk full"):
        services.importer.run(LATEST, ImportOptions())
    assert fingerprint(paths) == before
    assert not paths.media_dir.exists()


def test_a_stored_id_too_high_to_add_after_is_damage_and_nothing_is_written(
    services: Services, paths: AppPaths, tmp_path: Path
) -> None:
    with services.database.write() as session:  # as a changed byte of a row's id can leave it
        session.execute(text("PRAGMA defer_foreign_keys = ON"))
        for table, column in (("notes", "id"), ("cards", "note_id"), ("note_imports", "note_id")):
            session.execute(
                text(f"UPDATE {table} SET {column} = 9223372036854775807 WHERE {column} = 1")
            )
    before = fingerprint(paths)

    with pytest.raises(StoredValueError) as caught:
        services.importer.run(write(tmp_path, "q.txt", QUIZLET), ImportOptions())

    assert str(caught.value) == "notes holds an id of 9223372036854775807, too high to add 3 more"
    problem = services.storage_problem(caught.value)
    assert problem is not None and problem.kind is StorageProblemKind.DAMAGED
    assert fingerprint(paths) == before
    report = check_health(services.database)  # where the learner looks next: it says so too
    assert report.restorable
    assert any(
        "ids FibroLearn never gives (notes' highest id, 9223372036854775807)" in p
        for p in report.problems
    )


# ------------------------------------------------------------------------ FibroLearn round trips
def _study(services: Services, deck_id: int, clock, answers: int) -> None:
    for _ in range(answers):
        card = services.study.next_card(deck_id)
        assert card is not None
        services.study.answer(card.card_id, Rating.GOOD, 3000, shown_state=card.state)
        clock.advance(timedelta(minutes=11))


def test_exported_history_comes_back_into_a_fresh_collection(
    services: Services, clock, tmp_path: Path, paths: AppPaths
) -> None:
    deck = services.decks.list_decks()[0]
    _study(services, deck.deck_id, clock, 6)
    exported = tmp_path / "small.apkg"
    report = services.exporter.export_apkg(exported, with_history=True)
    assert report.reviews == 6

    from fibrolearn.paths import resolve_paths
    from fibrolearn.storage.migrate import open_collection

    other_paths = resolve_paths(tmp_path / "other")
    other = Services.build(open_collection(other_paths.collection, other_paths.backups_dir), clock)
    try:
        result = other.importer.run(exported, ImportOptions(with_history=True))
        assert result.added == report.notes
        assert result.reviews_added == 6
        assert rows(other, "SELECT count(*) FROM reviews WHERE imported") == [(6,)]
        studied = rows(other, "SELECT state, reps FROM cards WHERE reps > 0 ORDER BY reps")
        original = rows(services, "SELECT state, reps FROM cards WHERE reps > 0 ORDER BY reps")
        assert studied == original
    finally:
        other.close()


def test_history_exported_and_imported_back_adds_no_answer(
    services: Services, clock, tmp_path: Path
) -> None:
    """Found in a bug hunt: every answer came back a second time, as the package keeps times
    to the millisecond, and the learner's newest answer could no longer be taken back."""
    deck = services.decks.list_decks()[0].deck_id
    clock.advance(timedelta(microseconds=123_456))  # the system clock's microseconds
    answered = []
    for gap in (timedelta(minutes=11), timedelta(microseconds=300), timedelta(minutes=11)):
        card = services.study.next_card(deck)
        assert card is not None
        receipt = services.study.answer(card.card_id, Rating.GOOD, 3000, shown_state=card.state)
        answered.append(receipt.review_id)
        clock.advance(gap)  # the second and third in one millisecond: one moves to the next
    exported = tmp_path / "studied.apkg"
    assert services.exporter.export_apkg(exported, with_history=True).reviews == 3

    again = services.importer.run(exported, ImportOptions(with_history=True))

    assert again.reviews_added == 0
    assert rows(services, "SELECT count(*) FROM reviews") == [(3,)]
    assert services.study.take_back(answered[-1]) is not None


def test_exporting_a_deck_file_and_importing_it_back_changes_nothing(
    services: Services, tmp_path: Path, paths: AppPaths
) -> None:
    exported = tmp_path / "small.apkg"
    services.exporter.export_apkg(exported)
    before = fingerprint(paths)[0]["notes"]
    report = services.importer.run(exported, ImportOptions())
    assert report.added == 0 and report.unchanged > 0 and report.updated == 0
    after = fingerprint(paths)[0]["notes"]
    assert [row[:4] for row in after] == [row[:4] for row in before]


def test_a_media_file_that_cannot_be_read_is_named_and_nothing_is_written(
    services: Services, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not "the target cannot be written": the target folder is fine, one media file is not."""
    services.importer.run(LATEST, ImportOptions())  # brings heart.png
    picture = (paths.media_dir / "heart.png").resolve()

    def unreadable_picture(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(file) == picture:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return open(file, *args, **kwargs)

    # zipfile's own open, which ZipFile.write reads the files it packs with.
    monkeypatch.setattr(zipfile, "open", unreadable_picture, raising=False)
    target = tmp_path / "out" / "deck.apkg"
    target.parent.mkdir()
    target.write_bytes(b"an older export")

    with pytest.raises(InteropError) as refused:
        services.exporter.export_apkg(target, with_media=True)

    assert str(refused.value).startswith(
        f"The media file heart.png in {picture.parent} cannot be read: Permission denied. "
        f"Nothing was written to {target}."
    )
    assert target.read_bytes() == b"an older export"
    assert list(target.parent.iterdir()) == [target]


def test_csv_export_reads_back(services: Services, tmp_path: Path) -> None:
    exported = tmp_path / "notes.txt"
    report = services.exporter.export_csv(exported)
    assert exported.read_text(encoding="utf-8").startswith("#separator:tab\n#html:true\n")
    layout = services.importer.inspect(exported).csv
    assert layout is not None
    assert layout.settings.columns[:3] == (ColumnRole.GUID, ColumnRole.IGNORE, ColumnRole.DECK)
    kinds = rows(services, "SELECT key, kind FROM notes ORDER BY key")
    assert ("n2", "reversed") in kinds
    again = services.importer.run(exported, ImportOptions())
    # Unchanged, every one: a reversed note read back as "Basic" lost its kind (QA).
    assert (again.added, again.updated, again.unchanged) == (0, 0, report.notes)
    assert rows(services, "SELECT key, kind FROM notes ORDER BY key") == kinds


def test_bulk_written_rows_are_stored_exactly_as_the_orm_stores_them(
    services: Services, tmp_path: Path
) -> None:
    path = write(tmp_path, "words.txt", QUIZLET)
    services.importer.run(path, ImportOptions())
    formats = rows(
        services,
        "SELECT n.key LIKE 'csv-%', typeof(n.created_at), length(n.created_at), "
        "typeof(c.due), length(c.due), typeof(n.fields), typeof(c.suspended) "
        "FROM notes n JOIN cards c ON c.note_id = n.id GROUP BY 1",
    )
    assert len(formats) == 2  # deck-file notes (written by the ORM) and imported ones
    assert formats[0][1:] == formats[1][1:]


def test_line_breaks_of_a_windows_file_are_stored_as_newlines_and_read_back_unchanged(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "windows.csv"
    path.write_bytes(b'front\tback\r\n"two\r\nlines"\tdog\r\ncat\t"a\rb"\r\n')
    services.importer.run(path, ImportOptions())
    stored = rows(
        services,
        "SELECT fields ->> 'front', fields ->> 'back' FROM notes"
        " WHERE key LIKE 'csv-%' ORDER BY id",
    )
    assert stored == [("two\nlines", "dog"), ("cat", "a\nb")]  # as the note editor writes them
    exported = tmp_path / "notes.txt"
    services.exporter.export_csv(exported)
    again = services.importer.run(exported, ImportOptions())
    assert (again.updated, again.unchanged) == (0, 5)
