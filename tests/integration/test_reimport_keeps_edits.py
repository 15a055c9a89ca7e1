"""Importing a newer version of a file keeps what the learner edited since the last import.

Each imported note remembers the version it was imported as, so a re-import merges field by
field (``domain.note_merge``): the learner's edited fields keep their words, every other field
takes the file's. Proven with CSV files and with packages Anki's own library writes.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from anki_packages import write_anki_package
from fibrolearn.domain.browse import NoteError
from fibrolearn.domain.clock import FixedClock
from fibrolearn.interop.report import report_lines
from fibrolearn.interop.values import ImportReport
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ColumnRole, CsvSettings, ImportOptions
from fibrolearn.storage.models import CardRecord, NoteRecord

WORDS = "perro\tdog\ngato\tcat\n"
CSV_WITH_IDS = (ColumnRole.GUID, ColumnRole.FRONT, ColumnRole.BACK)


def note_by(services: Services, **where: str) -> NoteRecord:
    with services.database.read() as session:
        query = select(NoteRecord)
        for column, value in where.items():
            query = query.where(getattr(NoteRecord, column) == value)
        note = session.scalars(query).one()
        session.expunge(note)
        return note


def ordinals(services: Services, note_id: int) -> list[int]:
    with services.database.read() as session:
        query = select(CardRecord.ordinal).where(CardRecord.note_id == note_id)
        return sorted(session.scalars(query))


def csv_note(services: Services, front: str) -> NoteRecord:
    [note] = [n for n in all_notes(services) if n.fields.get("front") == front]
    return note


def all_notes(services: Services) -> list[NoteRecord]:
    with services.database.read() as session:
        found = list(session.scalars(select(NoteRecord)))
        session.expunge_all()
        return found


@pytest.fixture
def words(services: Services, tmp_path: Path) -> Path:
    """A file of two words, imported once."""
    path = tmp_path / "words.txt"
    import_text(services, path, WORDS)
    return path


def import_text(services: Services, path: Path, content: str) -> ImportReport:
    """Write ``content`` to ``path`` and import it."""
    path.write_text(content, encoding="utf-8")
    return services.importer.run(path, ImportOptions())


def edit_perro(services: Services, back: str) -> NoteRecord:
    """The learner's edit of the back of the note "perro" (as it was before the edit)."""
    perro = csv_note(services, "perro")
    services.notes.edit_fields(perro.id, {"back": back})
    return perro


def test_a_csv_reimport_keeps_an_edited_field_and_takes_the_files_other_changes(
    services: Services, words: Path
) -> None:
    perro = edit_perro(services, "dog (my note: also hound)")

    report = import_text(services, words, "perro\tthe dog\ngato\tthe cat\n")

    assert note_by(services, key=perro.key).fields["back"] == "dog (my note: also hound)"
    assert csv_note(services, "gato").fields["back"] == "the cat"
    assert (report.updated, report.unchanged, report.kept_edits) == (1, 1, 1)
    assert "1 note you edited since the last import keeps your words" in "\n".join(
        report_lines(report)
    )


def test_importing_the_same_file_again_after_an_edit_changes_nothing(
    services: Services, words: Path
) -> None:
    perro = edit_perro(services, "hound")

    report = services.importer.run(words, ImportOptions())

    assert note_by(services, key=perro.key).fields["back"] == "hound"
    assert (report.updated, report.unchanged, report.kept_edits) == (0, 2, 0)


def test_a_retired_note_comes_back_with_the_learners_edit(services: Services, words: Path) -> None:
    perro = edit_perro(services, "hound")
    with services.database.write() as session:
        session.execute(text("UPDATE notes SET retired = 1 WHERE id = :id"), {"id": perro.id})

    report = services.importer.run(words, ImportOptions())

    after = note_by(services, key=perro.key)
    assert (after.retired, after.fields["back"]) == (False, "hound")
    assert (report.updated, report.unchanged) == (1, 1)


def test_notes_imported_before_the_revision_take_the_file_once_then_keep_edits(
    services: Services, words: Path
) -> None:
    with services.database.write() as session:  # as migration 0009 leaves older imports
        session.execute(text("DELETE FROM note_imports"))
    perro = edit_perro(services, "hound")

    import_text(services, words, "perro\tthe dog\ngato\tcat\n")  # nothing known as the learner's
    assert note_by(services, key=perro.key).fields["back"] == "the dog"
    services.notes.edit_fields(perro.id, {"back": "hound"})
    report = import_text(services, words, "perro\tthe good dog\ngato\tcat\n")

    assert note_by(services, key=perro.key).fields["back"] == "hound"
    assert report.kept_edits == 1


def test_a_note_deleted_and_brought_back_by_undo_still_keeps_its_edit(
    services: Services, words: Path
) -> None:
    perro = edit_perro(services, "hound")
    services.notes.delete([card_of(services, perro.id)])
    services.notes.undo()  # its imported version comes back with it

    report = import_text(services, words, "perro\tthe dog\ngato\tcat\n")

    assert note_by(services, key=perro.key).fields["back"] == "hound"
    assert report.kept_edits == 1


def test_tags_the_learner_added_stay_while_the_files_tag_changes_apply(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "tagged.csv"
    import_text(services, path, "Question,Answer,Tags\nperro,dog,animal spanish\n")
    perro = csv_note(services, "perro")
    services.notes.add_tags([card_of(services, perro.id)], ["mine"])

    import_text(services, path, "Question,Answer,Tags\nperro,dog,animal noun\n")

    assert note_by(services, key=perro.key).tags.split() == ["animal", "mine", "noun"]


def test_undoing_tags_leaves_the_notes_an_import_changed_since(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "tagged.csv"
    import_text(services, path, "Question,Answer,Tags\nperro,dog,animal\ngato,cat,animal\n")
    perro, gato = csv_note(services, "perro"), csv_note(services, "gato")
    services.notes.add_tags([card_of(services, perro.id), card_of(services, gato.id)], ["mine"])
    import_text(services, path, "Question,Answer,Tags\nperro,dog,animal noun\ngato,cat,animal\n")

    report = services.notes.undo()

    assert report is not None and report.message == (
        "Tags are back as they were on 1 note. 1 note changed since (by another tag change, an "
        "import, a deck update or a delete), so their tags stay as they are."
    )
    assert note_by(services, key=perro.key).tags.split() == ["animal", "mine", "noun"]
    assert note_by(services, key=gato.key).tags == "animal"


def test_a_note_that_changes_kind_takes_the_file_and_the_report_says_so(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "ids.tsv"
    settings = CsvSettings(delimiter="\t", has_header=False, html=False, columns=CSV_WITH_IDS)
    path.write_text("n-1\tperro\tdog\n", encoding="utf-8")
    services.importer.run(path, ImportOptions(csv=settings))
    perro = note_by(services, guid="n-1")
    services.notes.edit_fields(perro.id, {"back": "hound"})
    path.write_text("n-1\t{{c1::perro}} means dog\t\n", encoding="utf-8")  # now a cloze

    report = services.importer.run(path, ImportOptions(csv=settings))

    after = note_by(services, guid="n-1")
    assert (after.kind, after.fields["text"]) == ("cloze", "{{c1::perro}} means dog")
    assert report.lost_edits == 1
    assert "1 note you edited since the last import takes the file's fields" in "\n".join(
        report_lines(report)
    )


def test_undoing_tags_after_an_import_that_changed_only_fields_puts_them_back(
    services: Services, words: Path
) -> None:
    perro = csv_note(services, "perro")
    services.notes.add_tags([card_of(services, perro.id)], ["mine"])
    import_text(services, words, "perro\tthe dog\ngato\tcat\n")  # tags untouched

    report = services.notes.undo()

    assert report is not None and report.message == "Tags are back as they were on 1 note."
    assert note_by(services, key=perro.key).tags == ""


def test_undoing_tags_keeps_the_time_of_an_edit_made_since(
    services: Services, words: Path, clock: FixedClock
) -> None:
    perro = csv_note(services, "perro")
    services.notes.add_tags([card_of(services, perro.id)], ["mine"])  # in Browse
    clock.advance(timedelta(minutes=5))
    services.card_edits.update_note(perro.id, {"back": "hound"})  # then with E, in Study

    services.notes.undo()

    after = note_by(services, key=perro.key)
    assert (after.tags, after.fields["back"]) == ("", "hound")
    assert after.modified_at == clock.now()


def card_of(services: Services, note_id: int) -> int:
    with services.database.read() as session:
        return session.scalars(select(CardRecord.id).where(CardRecord.note_id == note_id)).one()


# ------------------------------------------------------------------ packages written by Anki
class AnkiDeck:
    """An Anki collection the test edits and exports again, as a deck's author would."""

    def __init__(self, anki_collection, folder: Path) -> None:  # type: ignore[no-untyped-def]
        folder.mkdir()
        self.folder = folder
        self.anki = anki_collection
        self.col = anki_collection.Collection(str(folder / "collection.anki2"))
        deck = self.col.decks.id("Fibro")
        self.basic = self.col.new_note(self.col.models.by_name("Basic"))
        self.basic["Front"], self.basic["Back"] = "Central sensitization", "pain amplified"
        self.col.add_note(self.basic, deck)
        self.cloze = self.col.new_note(self.col.models.by_name("Cloze"))
        self.cloze["Text"] = "{{c1::Sleep}} loss raises {{c2::pain}}"
        self.col.add_note(self.cloze, deck)
        self.exports = 0

    def export(self) -> Path:
        self.exports += 1
        out = self.folder / f"fibro-{self.exports}.apkg"
        return write_anki_package(self.col, out)

    def change(self, note, **fields: str) -> None:  # type: ignore[no-untyped-def]
        for name, value in fields.items():
            note[name] = value
        self.col.update_note(note)


@pytest.fixture
def anki_deck(tmp_path: Path):  # type: ignore[no-untyped-def]
    anki_collection = pytest.importorskip(
        "anki.collection", reason="Anki's library is not installed (pip install -e '.[anki]')"
    )
    deck = AnkiDeck(anki_collection, tmp_path / "anki")
    yield deck
    deck.col.close()


def test_an_anki_reimport_keeps_the_learners_field_and_takes_the_authors_other_fix(
    services: Services, anki_deck: AnkiDeck
) -> None:
    services.importer.run(anki_deck.export(), ImportOptions())
    ours = note_by(services, guid=anki_deck.basic.guid)  # plain text: FibroLearn's basic kind
    services.notes.edit_fields(ours.id, {"back": "pain turned up by the nervous system"})
    anki_deck.change(anki_deck.basic, Front="Central sensitisation", Back="pain amplified (CNS)")

    report = services.importer.run(anki_deck.export(), ImportOptions())

    after = note_by(services, guid=anki_deck.basic.guid)
    assert after.fields["front"] == "Central sensitisation"
    assert after.fields["back"] == "pain turned up by the nervous system"
    assert report.kept_edits == 1


def test_an_edit_cannot_be_undone_once_a_reimport_has_changed_the_note(
    services: Services, anki_deck: AnkiDeck
) -> None:
    services.importer.run(anki_deck.export(), ImportOptions())
    ours = note_by(services, guid=anki_deck.basic.guid)
    services.notes.edit_fields(ours.id, {"back": "mine"})  # from Browse
    study_edit = services.card_edits.update_note(ours.id, {"back": "mine, again"})  # with E
    anki_deck.change(anki_deck.basic, Front="Central sensitisation")
    services.importer.run(anki_deck.export(), ImportOptions())
    merged = note_by(services, guid=anki_deck.basic.guid).fields

    # Putting the old text back would also undo the file's new front, and the next import
    # would then take the old front for the learner's edit.
    with pytest.raises(NoteError, match="the note has changed since that edit"):
        services.card_edits.revert_edit(study_edit)
    with pytest.raises(NoteError, match="the note has changed since that edit"):
        services.notes.undo()

    assert note_by(services, guid=anki_deck.basic.guid).fields == merged
    assert (merged["front"], merged["back"]) == ("Central sensitisation", "mine, again")
    assert services.notes.undo_label is None


def test_an_edit_can_be_undone_after_an_import_that_left_the_note_alone(
    services: Services, anki_deck: AnkiDeck
) -> None:
    services.importer.run(anki_deck.export(), ImportOptions())
    ours = note_by(services, guid=anki_deck.basic.guid)
    services.notes.edit_fields(ours.id, {"back": "mine"})
    services.importer.run(anki_deck.export(), ImportOptions())  # the same file: nothing to do

    services.notes.undo()

    assert note_by(services, guid=anki_deck.basic.guid).fields["back"] == "pain amplified"


def test_an_edit_carries_over_when_the_author_formats_the_note(
    services: Services, anki_deck: AnkiDeck
) -> None:
    services.importer.run(anki_deck.export(), ImportOptions())
    ours = note_by(services, guid=anki_deck.basic.guid)
    assert ours.kind == "basic"  # plain text: FibroLearn's own kind
    services.notes.edit_fields(ours.id, {"back": "pain turned up & kept up"})
    anki_deck.change(anki_deck.basic, Front="<b>Central</b> sensitization")

    report = services.importer.run(anki_deck.export(), ImportOptions())

    after = note_by(services, guid=anki_deck.basic.guid)
    assert after.kind == "template"  # formatted: kept as Anki's Basic note type
    assert after.fields == {
        "Front": "<b>Central</b> sensitization",
        "Back": "pain turned up &amp; kept up",
    }
    assert (report.kept_edits, report.lost_edits) == (0, 0)


def test_an_edit_carries_over_when_the_author_removes_the_formatting(
    services: Services, anki_deck: AnkiDeck
) -> None:
    anki_deck.change(anki_deck.basic, Front="<b>Central</b> sensitization")
    services.importer.run(anki_deck.export(), ImportOptions())
    ours = note_by(services, guid=anki_deck.basic.guid)
    services.notes.edit_fields(ours.id, {"Back": "pain turned up"})
    anki_deck.change(anki_deck.basic, Front="Central sensitization")

    services.importer.run(anki_deck.export(), ImportOptions())

    after = note_by(services, guid=anki_deck.basic.guid)
    assert after.kind == "basic"
    assert (after.fields["front"], after.fields["back"]) == (
        "Central sensitization",
        "pain turned up",
    )


# Plain cloze text becomes FibroLearn's own cloze kind; with HTML in it, the note keeps Anki's
# Cloze note type and its field names: (opening tag, text field, extra field).
CLOZE_SHAPES = {
    "own cloze kind": ("", "text", "extra"),
    "Anki's Cloze note type": ("<b>", "Text", "Back Extra"),
}
TWO_DELETIONS = "{{c1::Sleep}} loss raises {{c2::pain}}"


def author_adds_a_third_deletion(
    services: Services, anki_deck: AnkiDeck, bold: str, learners_edit: dict[str, str]
) -> NoteRecord:
    """Import a two-deletion cloze note, edit it in FibroLearn, then re-import it with a c3."""
    anki_deck.change(anki_deck.cloze, Text=bold + TWO_DELETIONS)
    services.importer.run(anki_deck.export(), ImportOptions())
    ours = note_by(services, guid=anki_deck.cloze.guid)
    services.notes.edit_fields(ours.id, learners_edit)
    anki_deck.change(anki_deck.cloze, Text=f"{bold}{TWO_DELETIONS} and {{{{c3::fatigue}}}}")
    services.importer.run(anki_deck.export(), ImportOptions())
    return note_by(services, guid=anki_deck.cloze.guid)


@pytest.mark.parametrize("shape", CLOZE_SHAPES)
def test_a_deletion_the_author_adds_to_a_field_the_learner_kept_makes_no_empty_card(
    services: Services, anki_deck: AnkiDeck, shape: str
) -> None:
    bold, text_field, _extra = CLOZE_SHAPES[shape]
    mine = "{{c1::Poor sleep}} raises {{c2::pain}}"

    after = author_adds_a_third_deletion(services, anki_deck, bold, {text_field: mine})

    assert after.fields[text_field] == mine
    assert ordinals(services, after.id) == [1, 2]


@pytest.mark.parametrize("shape", CLOZE_SHAPES)
def test_a_deletion_the_author_adds_to_an_unedited_field_gets_its_card(
    services: Services, anki_deck: AnkiDeck, shape: str
) -> None:
    bold, text_field, extra_field = CLOZE_SHAPES[shape]

    after = author_adds_a_third_deletion(services, anki_deck, bold, {extra_field: "my aside"})

    assert after.fields[extra_field] == "my aside"
    assert "{{c3::fatigue}}" in after.fields[text_field]
    assert ordinals(services, after.id) == [1, 2, 3]
