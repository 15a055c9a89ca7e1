"""``fibrolearn import`` and ``fibrolearn export``, run as a user would (real processes)."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from test_cli import run
from test_interop_hostile import LATEST, LEGACY, members_of, zip_of


def test_import_then_export_prints_the_reports(tmp_path: Path) -> None:
    home = tmp_path / "home"
    imported = run("--data-dir", str(home), "import", str(LATEST), "--deck", "From Anki")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines() == [
        "Imported from Anki package small-latest.apkg (collection.anki21b).",
        "Added 3 notes (4 cards), updated 0, unchanged 0.",
        "Media: 1 file added.",
        "New decks: From Anki.",
    ]
    out = tmp_path / "out.apkg"
    exported = run(
        "--data-dir", str(home), "export", "--format", "apkg", str(out),
        "--deck", "from anki", "--with-media", "--with-history",
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.splitlines() == [
        f"Exported 3 notes (4 cards) to {out}.",
        "Media: 1 file.",
    ]
    with zipfile.ZipFile(out) as archive:
        assert {"collection.anki21", "collection.anki2", "media", "meta", "0"} == set(
            archive.namelist()
        )


def test_csv_export_and_kind_read_from_content(tmp_path: Path) -> None:
    home = tmp_path / "home"
    words = tmp_path / "words.dat"  # a name that says nothing: the content is text
    words.write_text("perro\tdog\ngato\tcat\n", encoding="utf-8")
    misnamed = tmp_path / "words.apkg"  # a name that says package: refused, with a hint
    misnamed.write_text("perro\tdog\ngato\tcat\n", encoding="utf-8")
    refused = run("--data-dir", str(home), "import", str(misnamed))
    assert refused.returncode == 1 and "needs a name ending in .txt or .csv" in refused.stderr
    result = run("--data-dir", str(home), "import", str(words))
    assert result.returncode == 0, result.stderr
    assert "Added 2 notes" in result.stdout
    out = tmp_path / "notes.txt"
    result = run("--data-dir", str(home), "export", "--format", "csv", str(out), "--deck", "words")
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").count("\tBasic\twords\t") == 2


def test_failures_exit_non_zero_with_the_reason(tmp_path: Path) -> None:
    home = tmp_path / "home"
    broken = tmp_path / "broken.apkg"
    broken.write_bytes(LATEST.read_bytes()[:4000])
    result = run("--data-dir", str(home), "import", str(broken))
    assert result.returncode == 1
    assert "not a readable zip archive" in result.stderr
    one_column = tmp_path / "list.txt"
    one_column.write_text("only fronts\nhere\n", encoding="utf-8")
    result = run("--data-dir", str(home), "import", str(one_column))
    assert result.returncode == 1
    assert "line 1: the back is empty" in result.stdout
    assert "no notes in" in result.stderr
    result = run("--data-dir", str(home), "export", "--format", "csv", "x.txt", "--deck", "nope")
    assert result.returncode == 1
    assert "There is no deck called “nope”" in result.stderr


def package_without_notes(tmp_path: Path) -> Path:
    members = members_of(LEGACY)
    for name in ("collection.anki2", "collection.anki21"):
        collection = tmp_path / name
        collection.write_bytes(members[name])
        with sqlite3.connect(collection) as connection:
            connection.executescript("DELETE FROM notes; DELETE FROM cards; DELETE FROM revlog;")
        connection.close()
        members[name] = collection.read_bytes()
    return zip_of(tmp_path / "empty deck.apkg", members)


def test_files_that_bring_nothing_exit_non_zero_and_say_why(tmp_path: Path) -> None:
    home = tmp_path / "home"
    header_only = tmp_path / "header-only.csv"
    header_only.write_text("front,back\n", encoding="utf-8")
    result = run("--data-dir", str(home), "import", str(header_only))
    assert result.returncode == 1
    assert "header-only.csv holds only a header row (front, back)" in result.stderr

    stray = tmp_path / "quote-mid.csv"
    rows = [f"q{n},a{n}\n" for n in range(1, 101)]
    rows[4] = '"Substance P, a neuropeptide,a5\n'
    stray.write_text("front,back\n" + "".join(rows), encoding="utf-8")
    result = run("--data-dir", str(home), "import", str(stray))
    assert result.returncode == 1
    assert "Line 6 opens a quote" in result.stderr
    assert result.stdout == ""

    result = run("--data-dir", str(home), "import", str(package_without_notes(tmp_path)))
    assert result.returncode == 1
    assert "Added 0 notes" in result.stdout
    assert "no notes in" in result.stderr


def test_import_refuses_a_deck_named_by_spaces_alone(tmp_path: Path) -> None:
    """Found in a bug hunt: ``--deck "  "`` made a deck called "  ", which no command could
    name again; the name is now cleaned as deck names are kept, and an empty one refused."""
    home = tmp_path / "home"
    words = tmp_path / "words.txt"
    words.write_text("perro\tdog\n", encoding="utf-8")
    refused = run("--data-dir", str(home), "import", str(words), "--deck", "  ")
    spaced = run("--data-dir", str(home), "import", str(words), "--deck", " Spanish   words ")
    assert refused.returncode == 2
    assert "argument --deck: a deck needs a name" in refused.stderr
    assert spaced.returncode == 0, spaced.stderr
    assert "New decks: Spanish words." in spaced.stdout


def test_export_writes_the_format_its_file_ending_names(tmp_path: Path) -> None:
    """Found in a bug hunt: ``export cards.csv --format apkg`` wrote an Anki package that Anki
    read as text, over the file of that name; now the ending decides, or must agree."""
    home = tmp_path / "home"
    words = tmp_path / "words.txt"
    words.write_text("perro\tdog\n", encoding="utf-8")
    assert run("--data-dir", str(home), "import", str(words)).returncode == 0
    package, text = tmp_path / "cards.apkg", tmp_path / "cards.csv"
    text.write_text("mine", encoding="utf-8")

    mismatched = run("--data-dir", str(home), "export", str(text), "--format", "apkg")
    unnamed = run("--data-dir", str(home), "export", str(tmp_path / "cards"))
    by_ending = run("--data-dir", str(home), "export", str(package))

    assert mismatched.returncode == 1
    assert f"Cannot write an Anki package to {text}" in mismatched.stderr
    assert "End its name with .apkg. Nothing was written." in mismatched.stderr
    assert text.read_text(encoding="utf-8") == "mine"
    assert unnamed.returncode == 1
    assert "end its name with .apkg for an Anki package, or .txt, .csv" in unnamed.stderr
    assert not (tmp_path / "cards").exists()
    assert by_ending.returncode == 0, by_ending.stderr
    assert zipfile.is_zipfile(package)


@pytest.mark.parametrize(
    ("command", "out"),
    [(("export", "--format", "csv"), "notes.txt"), (("revlog", "export"), "log.csv")],
    ids=["export", "revlog export"],
)
def test_an_export_replaces_a_file_only_when_told_to(
    tmp_path: Path, command: tuple[str, ...], out: str
) -> None:
    """Found in a bug hunt: an export wrote over any file of its name, where the app's Export
    asks first: a mistyped name lost the learner's own file."""
    home, target = tmp_path / "home", tmp_path / out
    assert run("--data-dir", str(home), "check").returncode == 0
    target.write_text("the learner's own", encoding="utf-8")

    kept = run("--data-dir", str(home), *command, str(target))
    assert kept.returncode == 1
    assert f"{target} already exists: add --replace to write over it" in kept.stderr
    assert target.read_text(encoding="utf-8") == "the learner's own"

    replaced = run("--data-dir", str(home), *command, str(target), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert target.read_text(encoding="utf-8") != "the learner's own"


def test_a_text_export_refuses_history_and_media_it_cannot_hold(tmp_path: Path) -> None:
    """Found in a bug hunt: ``export notes.csv --with-history`` wrote the notes alone, and
    said nothing of the history asked for and left out."""
    home, out = tmp_path / "home", tmp_path / "notes.csv"
    assert run("--data-dir", str(home), "check").returncode == 0
    result = run("--data-dir", str(home), "export", str(out), "--with-history")
    assert result.returncode == 1
    assert "A text file holds the notes alone" in result.stderr
    assert "leave out --with-history, or export an Anki package (.apkg)" in result.stderr
    assert not out.exists()


def test_importing_a_backup_says_to_restore_it(tmp_path: Path) -> None:
    """Found in a bug hunt: importing one of FibroLearn's own backups (a .zip, as Anki's
    packages are) said only that it "is a zip archive but not an Anki package", not how
    to bring it back; a restore of an Anki package already says to import it instead."""
    data = tmp_path / "data"
    assert run("--data-dir", str(data), "check").returncode == 0
    assert run("--data-dir", str(data), "backup").returncode == 0
    (backup,) = (data / "backups").iterdir()
    result = run("--data-dir", str(data), "import", str(backup))
    assert result.returncode == 1
    assert result.stderr == (
        f"fibrolearn: {backup.name} is a FibroLearn backup, not an Anki package: restore it "
        "instead (File ▸ Backups… in the app, or `fibrolearn restore FILE`).\n"
    )


@pytest.mark.parametrize(
    ("command", "out"),
    [(("export", "--format", "csv"), "notes.csv"), (("revlog", "export"), "log.csv")],
    ids=["export", "revlog export"],
)
def test_an_export_the_system_refuses_says_what_to_do_alike(
    tmp_path: Path, command: tuple[str, ...], out: str
) -> None:
    """Found in a bug hunt: ``revlog export`` refused by the system (a folder of the name, a
    full disk) said only "could not write log.csv: Is a directory", where ``export`` says
    what to do, in the app's words."""
    home, target = tmp_path / "home", tmp_path / out
    assert run("--data-dir", str(home), "check").returncode == 0
    target.mkdir()
    result = run("--data-dir", str(home), *command, str(target), "--replace")
    assert result.returncode == 1
    assert result.stderr == (
        f"fibrolearn: {target} cannot be written: Is a directory. Export again once that is "
        "fixed.\n"
    )
