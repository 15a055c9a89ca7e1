"""A data folder FibroLearn may not write to: the collection opens for reading, nothing is written.

These tests run as root in CI, where permission bits do not stop a write, so the folder is
declared read-only by replacing the writability probe; SQLite's own read-only mode then
refuses every write exactly as it would on a read-only disk.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from fibrolearn import cli
from fibrolearn.domain.browse import CardQuery
from fibrolearn.domain.enums import Rating
from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.paths import AppPaths, folder_writable
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions
from fibrolearn.services.storage_errors import storage_problem
from fibrolearn.storage import plain_reads
from fibrolearn.storage.migrate import CollectionError, open_collection


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def read_only_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: False)


def closed_collection(services: Services, paths: AppPaths) -> str:
    services.close()  # checkpoints the log into the file
    return digest(paths.collection)


def test_the_collection_opens_for_reading_and_refuses_writes(
    services: Services, paths: AppPaths, read_only_folder: None
) -> None:
    decks = services.decks.list_decks()
    before = closed_collection(services, paths)

    opened = cli.open_services(paths)
    try:
        assert opened.database.read_only
        assert opened.decks.list_decks() == decks
        card = opened.study.next_card(decks[0].deck_id)
        assert card is not None and card.question_html
        opened.study.save_position(None)  # studying does not fail for a place not kept
        with pytest.raises(Exception) as refused:
            opened.study.answer(card.card_id, Rating.GOOD, 900, shown_state=card.state)
        problem = storage_problem(refused.value)
        assert problem is not None and problem.kind is StorageProblemKind.READ_ONLY
    finally:
        opened.close()
    assert digest(paths.collection) == before


def test_an_import_and_edits_that_change_nothing_in_a_read_only_collection(
    services: Services, paths: AppPaths, read_only_folder: None, tmp_path: Path
) -> None:
    """The write lock is not asked for where none can be had: an import is refused as
    read-only (its deck and note types already there, its first write is a note), and work
    that ends up writing nothing still succeeds."""
    words = tmp_path / "words.txt"
    words.write_text("Question,Answer\nWhat is plover?,A bird\n", encoding="utf-8")
    services.importer.run(words, ImportOptions())
    words.write_text("Question,Answer\nWhat is dunlin?,Another bird\n", encoding="utf-8")
    before = closed_collection(services, paths)

    opened = cli.open_services(paths)
    try:
        with pytest.raises(Exception) as refused:
            opened.importer.run(words, ImportOptions())
        problem = storage_problem(refused.value)
        assert problem is not None and problem.kind is StorageProblemKind.READ_ONLY
        card = opened.browse.find(CardQuery(opened.browse.parse("plover")), 10).card_ids[0]
        removed = opened.notes.remove_tags([card], ["no-such-tag"])
        assert removed.message == "No note needed that change."
    finally:
        opened.close()
    assert digest(paths.collection) == before


# The real command line in its own process (it holds the folder's lock until it exits).
_READ_ONLY_CLI = """
import sys
from fibrolearn import cli
cli.folder_writable = lambda _folder: False
sys.exit(cli.main(sys.argv[1:]))
"""


def test_the_command_line_reads_a_read_only_folder(services: Services, paths: AppPaths) -> None:
    before = closed_collection(services, paths)
    run = [sys.executable, "-c", _READ_ONLY_CLI, "--data-dir", str(paths.data_dir)]
    stats = subprocess.run(
        [*run, "stats", "--json"], check=False, capture_output=True, text=True, timeout=120
    )
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["decks"]
    assert digest(paths.collection) == before


def test_nothing_to_read_or_an_older_collection_is_refused(
    paths: AppPaths, tmp_path: Path, read_only_folder: None
) -> None:
    with pytest.raises(CollectionError, match="read-only"):
        cli.open_services(paths)
    assert not paths.collection.exists()

    open_collection(paths.collection, paths.backups_dir, target="0005_interop").close()
    before = digest(paths.collection)
    with pytest.raises(CollectionError, match="make the data folder writable and start again"):
        cli.open_services(paths)
    assert digest(paths.collection) == before


def test_an_older_collection_in_a_file_that_cannot_be_written_names_the_file(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: it was told to make the folder writable, which it was."""
    open_collection(paths.collection, paths.backups_dir, target="0005_interop").close()
    monkeypatch.setattr(cli, "file_writable", lambda _path: False)  # another account's file
    with pytest.raises(CollectionError) as refused:
        cli.open_services(paths)
    assert str(refused.value).endswith(
        "It was left untouched; make the collection file writable and start again."
    )


def test_the_probe_tells_a_writable_folder_from_one_that_is_not(tmp_path: Path) -> None:
    assert folder_writable(tmp_path / "new")
    assert list((tmp_path / "new").iterdir()) == []  # the probe leaves nothing behind
    a_file = tmp_path / "file"
    a_file.write_text("not a folder")
    assert not folder_writable(a_file)


def test_read_only_connections_survive_threads_coming_and_going(
    services: Services, paths: AppPaths, read_only_folder: None
) -> None:
    services.close()
    opened = cli.open_services(paths)
    try:
        deck_id = opened.decks.list_decks()[0].deck_id
        with opened.database.read() as held:  # the UI thread's read, open meanwhile
            plain_reads.connection_of(held)
            for _ in range(8):  # worker threads retire and new ones read, as the app's do
                worker = threading.Thread(target=opened.decks.list_decks)
                worker.start()
                worker.join()
            assert plain_reads.deck_row(plain_reads.connection_of(held), deck_id).id == deck_id
    finally:
        opened.close()


def test_a_collection_file_is_writable_unless_the_system_says_otherwise(tmp_path: Path) -> None:
    from fibrolearn.paths import file_writable

    collection = tmp_path / "collection.sqlite3"
    assert file_writable(collection)  # none yet: the folder decides
    collection.write_bytes(b"")
    assert file_writable(collection)
    chattr = shutil.which("chattr")
    locked = chattr and subprocess.run([chattr, "+i", str(collection)], check=False)
    if not locked or locked.returncode != 0:  # not root, or no such attribute here
        pytest.skip("cannot lock a file against changes here")
    try:
        assert not file_writable(collection)  # even for root
    finally:
        subprocess.run([chattr, "-i", str(collection)], check=False)
