"""Proven against Anki itself: packages Anki's library writes import into FibroLearn unchanged,
and packages FibroLearn writes import into Anki's library unchanged.

Needs the ``anki`` package (``pip install -e '.[anki]'``); skipped with that reason without it.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from anki_packages import write_anki_package
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.html_text import html_to_text
from fibrolearn.interop.html_text import text_to_html
from fibrolearn.paths import AppPaths, resolve_paths
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions, render_template_card
from fibrolearn.storage.migrate import open_collection

anki_collection = pytest.importorskip(
    "anki.collection", reason="Anki's library is not installed (pip install -e '.[anki]')"
)

Collection = anki_collection.Collection

FORMATS = ("apkg-latest", "apkg-legacy", "colpkg-latest", "colpkg-legacy", "anki2")
PICTURE = b"\x89PNG\r\n\x1a\n picture bytes"
SOUND = b"ID3 sound bytes"


# ------------------------------------------------------------------ building with Anki
def _add(col, notetype: str, values: dict[str, str], deck: str, tags=()) -> object:
    note = col.new_note(col.models.by_name(notetype))
    for name, value in values.items():
        note[name] = value
    note.tags = list(tags)
    col.add_note(note, col.decks.id(deck))
    return note


def _vocab_notetype(col) -> None:
    models = col.models
    vocab = models.new("Vocab")
    for name in ("Word", "Meaning", "Hint"):
        models.add_field(vocab, models.new_field(name))
    recognise = models.new_template("Recognise")
    recognise["qfmt"] = "{{text:Word}}{{^Hint}} (no hint){{/Hint}}"
    recognise["afmt"] = "{{FrontSide}}<hr id=answer>{{Meaning}}"
    recall = models.new_template("Recall")
    recall["qfmt"] = "{{Meaning}} — {{Deck}}"
    recall["afmt"] = "{{FrontSide}}<hr id=answer>{{Word}}"
    models.add_template(vocab, recognise)
    models.add_template(vocab, recall)
    models.add(vocab)


def build_collection(folder: Path) -> Path:
    """An Anki collection with every kind of note FibroLearn must bring in, some studied."""
    folder.mkdir(parents=True)
    path = folder / "collection.anki2"
    col = Collection(str(path))
    col.set_config("fsrs", True)
    _vocab_notetype(col)
    media = Path(col.media.dir())
    (media / "pic.png").write_bytes(PICTURE)
    (media / "sound.mp3").write_bytes(SOUND)
    _add(col, "Basic", {"Front": "What is 2 + 2?", "Back": "4"}, "Maths", ["easy"])
    _add(
        col,
        "Basic",
        {"Front": "<b>Bold</b> question", "Back": 'See <img src="pic.png"> [sound:sound.mp3]'},
        "Maths::Pictures",
        ["media", "topic::sub"],
    )
    _add(col, "Basic (and reversed card)", {"Front": "perro", "Back": "dog"}, "Spanish")
    _add(
        col,
        "Basic (optional reversed card)",
        {"Front": "gato", "Back": "cat", "Add Reverse": "y"},
        "Spanish",
    )
    _add(col, "Basic (optional reversed card)", {"Front": "casa", "Back": "house"}, "Spanish")
    _add(col, "Basic (type in the answer)", {"Front": "Capital of Peru?", "Back": "Lima"}, "Geo")
    _add(
        col,
        "Cloze",
        {"Text": "{{c1::Paris::city}} is in {{c2::France}}", "Back Extra": "Europe"},
        "Geo",
        ["cloze"],
    )
    _add(col, "Cloze", {"Text": "{{c1::outer {{c2::inner}} text}}"}, "Geo")
    _add(col, "Vocab", {"Word": "<i>Hund</i>", "Meaning": "dog", "Hint": ""}, "German")
    _add(col, "Vocab", {"Word": "Katze", "Meaning": "cat", "Hint": "meow"}, "German")
    for deck, answers in (("Maths", (3, 3, 4)), ("Spanish", (1, 3, 3)), ("Geo", (4, 2))):
        col.decks.select(col.decks.id(deck))  # study: learning steps, reviews, FSRS memory
        for ease in answers:
            card = col.sched.getCard()
            if card is not None:
                col.sched.answerCard(card, ease)
    suspended = col.find_cards('"deck:Spanish" card:1')[0]
    col.sched.suspend_cards([suspended])
    col.close()
    return path


def write_format(source: Path, kind: str, target: Path) -> Path:
    """Write the collection at ``source`` as a package in one of :data:`FORMATS`."""
    work = target.parent / f"work-{kind}"
    shutil.copytree(source.parent, work)
    col = Collection(str(work / "collection.anki2"))
    out = target.with_suffix(".colpkg" if kind.startswith("colpkg") else ".apkg")
    if kind.startswith("apkg"):
        write_anki_package(col, out, scheduling=True, media=True, legacy=kind.endswith("legacy"))
        col.close()
    elif kind.startswith("colpkg"):
        col.export_collection_package(str(out), include_media=True, legacy=kind.endswith("legacy"))
    else:  # Anki 2.0's layout: a schema-11 collection.anki2 and a JSON media map
        media = Path(col.media.dir())
        col.close(downgrade=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(work / "collection.anki2", "collection.anki2")
            names = {}
            for number, file in enumerate(sorted(media.iterdir())):
                archive.write(file, str(number))
                names[str(number)] = file.name
            archive.writestr("media", json.dumps(names))
    return out


@pytest.fixture(scope="module")
def anki_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_collection(tmp_path_factory.mktemp("anki") / "source")


@pytest.fixture(scope="module")
def packages(anki_source: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("packages")
    return {kind: write_format(anki_source, kind, folder / kind) for kind in FORMATS}


def _anki_notes(path: Path) -> dict[str, dict]:
    col = Collection(str(path))
    try:
        found = {}
        for note_id in col.find_notes(""):
            note = col.get_note(note_id)
            cards = note.cards()
            found[note.guid] = {
                "fields": dict(note.items()),
                "notetype": note.note_type()["name"],
                "tags": sorted(note.tags),
                "cards": len(cards),
                "decks": sorted({col.decks.name(c.odid or c.did) for c in cards}),
                "reviews": sum(
                    col.db.scalar("select count() from revlog where cid = ? and ease > 0", c.id)
                    for c in cards
                ),
                "suspended": sum(c.queue == -1 for c in cards),
            }
        return found
    finally:
        col.close()


# ------------------------------------------------------------------ FibroLearn side
@pytest.fixture
def fibro(tmp_path: Path) -> Iterator[tuple[Services, AppPaths]]:
    paths = resolve_paths(tmp_path / "fibro")
    database = open_collection(paths.collection, paths.backups_dir)
    services = Services.build(database, FixedClock(datetime.now(UTC)))
    yield services, paths
    services.close()


def _our_notes(services: Services) -> dict[str, dict]:
    from sqlalchemy import text  # the test reads rows directly to compare with Anki's

    with services.database.engine.connect() as connection:
        notes = connection.execute(
            text("SELECT id, guid, kind, fields, tags FROM notes WHERE guid IS NOT NULL")
        ).all()
        found = {}
        for note_id, guid, kind, fields, tags in notes:
            cards = connection.execute(
                text(
                    "SELECT c.id, c.suspended, d.name FROM cards c JOIN decks d ON d.id = c.deck_id"
                    " WHERE c.note_id = :n"
                ),
                {"n": note_id},
            ).all()
            reviews = connection.execute(
                text(
                    "SELECT count(*) FROM reviews WHERE card_id IN "
                    "(SELECT id FROM cards WHERE note_id = :n)"
                ),
                {"n": note_id},
            ).scalar()
            found[guid] = {
                "kind": kind,
                "fields": json.loads(fields),
                "tags": sorted(tags.split()),
                "cards": len(cards),
                "card_ids": [c[0] for c in cards],
                "decks": sorted({c[2] for c in cards}),
                "reviews": reviews,
                "suspended": sum(bool(c[1]) for c in cards),
            }
        return found


def _same_fields(ours: dict, theirs: dict) -> None:
    if ours["kind"] == "template":
        assert ours["fields"] == theirs["fields"]
    elif ours["kind"] == "cloze":
        text, extra = theirs["fields"].values()
        assert text_to_html(ours["fields"]["text"]) == text
        assert text_to_html(ours["fields"]["extra"]) == extra
    else:
        front, back = list(theirs["fields"].values())[:2]
        assert text_to_html(ours["fields"]["front"]) == front
        assert text_to_html(ours["fields"]["back"]) == back


@pytest.mark.parametrize("kind", FORMATS)
def test_every_format_anki_writes_imports_with_the_same_notes(
    kind: str, packages: dict[str, Path], anki_source: Path, fibro
) -> None:
    services, paths = fibro
    theirs = _anki_notes(anki_source)
    report = services.importer.run(packages[kind], ImportOptions(with_history=True))
    ours = _our_notes(services)

    assert report.added == len(theirs) == len(ours)
    assert not report.skipped
    for guid, note in theirs.items():
        mine = ours[guid]
        _same_fields(mine, note)
        assert mine["tags"] == note["tags"]
        assert mine["cards"] == note["cards"], note
        assert mine["decks"] == note["decks"]
        assert mine["reviews"] == note["reviews"]
        assert mine["suspended"] == note["suspended"]
    assert (paths.media_dir / "pic.png").read_bytes() == PICTURE
    assert (paths.media_dir / "sound.mp3").read_bytes() == SOUND
    kinds = {note["kind"] for note in ours.values()}
    assert kinds == {"basic", "reversed", "cloze", "template"}


def test_without_history_cards_start_new(packages: dict[str, Path], fibro) -> None:
    services, _paths = fibro
    report = services.importer.run(packages["apkg-latest"], ImportOptions())
    assert report.reviews_added == 0
    with services.database.engine.connect() as connection:
        from sqlalchemy import text

        states = connection.execute(text("SELECT DISTINCT state FROM cards")).scalars().all()
        assert states == [0]
        assert connection.execute(text("SELECT count(*) FROM reviews")).scalar() == 0


def test_fsrs_memory_states_are_kept(anki_source: Path, packages: dict[str, Path], fibro) -> None:
    services, _paths = fibro
    services.importer.run(packages["apkg-latest"], ImportOptions(with_history=True))
    col = Collection(str(anki_source))
    try:
        studied = [
            col.get_card(card_id) for card_id in col.find_cards("-is:new") if col.get_card(card_id)
        ]
        expected = {
            (col.get_note(card.nid).guid, card.ord): card.memory_state.stability
            for card in studied
            if card.memory_state is not None
        }
    finally:
        col.close()
    assert expected
    from sqlalchemy import text

    with services.database.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT n.guid, c.ordinal, n.kind, c.stability FROM cards c "
                "JOIN notes n ON n.id = c.note_id WHERE c.state != 0"
            )
        ).all()
    ours = {
        (guid, ordinal - 1 if kind == "cloze" else ordinal): stability
        for guid, ordinal, kind, stability in rows
    }
    for key, stability in expected.items():
        assert ours[key] == pytest.approx(stability, abs=1e-3)


def test_reimporting_updates_by_guid_instead_of_duplicating(
    packages: dict[str, Path], fibro
) -> None:
    services, _paths = fibro
    first = services.importer.run(packages["apkg-legacy"], ImportOptions())
    again = services.importer.run(packages["apkg-latest"], ImportOptions())
    assert again.added == 0
    assert again.unchanged == first.added
    assert again.media_added == 0  # the same files are already there


def test_template_cards_render_as_anki_renders_them(
    anki_source: Path, packages: dict[str, Path], fibro
) -> None:
    services, _paths = fibro
    services.importer.run(packages["apkg-latest"], ImportOptions())
    ours = _our_notes(services)
    col = Collection(str(anki_source))
    compared = 0
    try:
        for note_id in col.find_notes("note:Vocab or note:Cloze or note:Basic*"):
            note = col.get_note(note_id)
            if ours[note.guid]["kind"] != "template":
                continue
            for card, card_id in zip(note.cards(), ours[note.guid]["card_ids"], strict=True):
                with services.database.read() as session:
                    rendered = render_template_card(session, card_id)
                assert _ours(rendered.question_html) == _visible(card.question(), note, "")
                both = f"{rendered.question_html}<hr id=answer>{rendered.answer_html}"
                answer = _visible(card.answer(), note, "answer")
                if "<hr id=answer>" in card.template()["afmt"]:  # the question, then the line
                    assert _ours(both) == answer
                else:
                    assert _ours(rendered.answer_html) == answer
                compared += 1
    finally:
        col.close()
    assert compared >= 5


def _visible(anki_html: str, note, side: str) -> str:
    """What Anki's card shows, minus its <style> block; sound buttons as "[sound]".

    Anki's type-the-answer box shows as nothing on the question and as the expected answer
    on the answer side, as FibroLearn (which has no typing on cards) shows it.
    """
    shown = re.sub(r"\[anki:play:[^\]]*\]", "[sound]", anki_html.split("</style>", 1)[-1])
    shown = re.sub(r"\[\[type:([^\]]+)\]\]", lambda m: note[m[1]] if side else "", shown)
    return html_to_text(shown)


def _ours(html: str) -> str:
    """What FibroLearn shows; its sound tags (not played yet) as "[sound]"."""
    return html_to_text(re.sub(r"\[sound:[^\]]*\]", "[sound]", html))


# ------------------------------------------------------------------ FibroLearn -> Anki
def _import_into_anki(package: Path, folder: Path) -> Path:
    folder.mkdir()
    path = folder / "collection.anki2"
    col = Collection(str(path))
    request = anki_collection.ImportAnkiPackageRequest(
        package_path=str(package),
        options=anki_collection.ImportAnkiPackageOptions(with_scheduling=True),
    )
    col.import_anki_package(request)
    col.close()
    return path


@pytest.mark.parametrize("with_history", [False, True])
def test_fibrolearn_export_imports_into_anki_unchanged(
    with_history: bool, packages: dict[str, Path], fibro, deck_file: Path, tmp_path: Path
) -> None:
    services, _paths = fibro
    services.decks.load_deck_files([deck_file])
    services.importer.run(packages["apkg-latest"], ImportOptions(with_history=True))
    exported = tmp_path / "export.apkg"
    report = services.exporter.export_apkg(exported, with_history=with_history, with_media=True)
    assert report.media_files == 2

    theirs = _anki_notes(_import_into_anki(exported, tmp_path / "anki"))
    ours = _our_notes(services)
    assert len(theirs) == report.notes
    for guid, mine in ours.items():
        note = theirs[guid]
        _same_fields(mine, note)
        assert note["tags"] == mine["tags"]
        assert note["cards"] == mine["cards"]
        assert note["decks"] == mine["decks"]
        assert note["suspended"] == mine["suspended"]
        assert note["reviews"] == (mine["reviews"] if with_history else 0)
    bundled = len(theirs) - len(ours)
    assert bundled > 0  # the deck file's notes went too, with guids derived from their keys


def test_exported_schedule_keeps_due_days(packages: dict[str, Path], fibro, tmp_path: Path) -> None:
    services, _paths = fibro
    services.importer.run(packages["apkg-latest"], ImportOptions(with_history=True))
    exported = tmp_path / "export.apkg"
    services.exporter.export_apkg(exported, with_history=True)
    path = _import_into_anki(exported, tmp_path / "anki")
    col = Collection(str(path))
    try:
        reviews = [col.get_card(c) for c in col.find_cards("is:review")]
        assert reviews
        for card in reviews:
            assert card.memory_state is not None
            assert card.due - col.sched.today >= 0
    finally:
        col.close()


def test_a_deck_called_default_becomes_ankis_default_deck(fibro, tmp_path: Path) -> None:
    services, _paths = fibro
    words = tmp_path / "words.txt"
    words.write_text("sun\tsol\n", encoding="utf-8")
    services.importer.run(words, ImportOptions(deck="Default"))
    exported = tmp_path / "default.apkg"
    services.exporter.export_apkg(exported)
    (note,) = _anki_notes(_import_into_anki(exported, tmp_path / "anki")).values()
    assert note["decks"] == ["Default"]


# ------------------------------------------------------------------ Anki -> FibroLearn -> Anki
def _guid_of(notes: dict[str, dict], field: str, value: str) -> str:
    return next(guid for guid, note in notes.items() if note["fields"].get(field) == value)


def _note_type_ids(col) -> dict[str, int]:
    notes = (col.get_note(note_id) for note_id in col.find_notes(""))
    return {note.guid: note.mid for note in notes}


def _origin_type_ids(services: Services) -> dict[str, int | None]:
    from sqlalchemy import text

    with services.database.engine.connect() as connection:
        rows = connection.execute(text("SELECT guid, origin_type_id FROM notes"))
        return {guid: origin for guid, origin in rows}


def test_notes_edited_in_fibrolearn_update_the_anki_collection_they_came_from(
    anki_source: Path, packages: dict[str, Path], tmp_path: Path
) -> None:
    """A basic or cloze note of Anki's stock note types goes back with the note type it had.

    Sent as FibroLearn's own "Basic (FibroLearn)", Anki refused it as conflicting with its
    copy (the same guid, another note type), and the learner's edit never reached Anki.
    """
    theirs = _anki_notes(anki_source)
    basic = _guid_of(theirs, "Front", "What is 2 + 2?")
    cloze = _guid_of(theirs, "Text", "{{c1::Paris::city}} is in {{c2::France}}")
    paths = resolve_paths(tmp_path / "fibro")
    later = FixedClock(datetime.now(UTC) + timedelta(minutes=1))  # edited after Anki's copy
    services = Services.build(open_collection(paths.collection, paths.backups_dir), later)
    try:
        services.importer.run(packages["apkg-latest"], ImportOptions())
        ours = _our_notes(services)
        for guid, fields in ((basic, {"back": "4 (four)"}), (cloze, {"extra": "Europe & more"})):
            note = services.notes.editable_note(ours[guid]["card_ids"][0])
            services.notes.edit_fields(note.note_id, fields)
        exported = tmp_path / "edited.apkg"
        services.exporter.export_apkg(exported)
    finally:
        services.close()

    shutil.copytree(anki_source.parent, tmp_path / "anki")
    col = Collection(str(tmp_path / "anki" / anki_source.name))
    try:
        types_before = _note_type_ids(col)
        request = anki_collection.ImportAnkiPackageRequest(
            package_path=str(exported),
            options=anki_collection.ImportAnkiPackageOptions(with_scheduling=False),
        )
        log = col.import_anki_package(request).log
        updated = {col.get_note(entry.id.nid).guid for entry in log.updated}
        assert not log.conflicting
        assert {basic, cloze} <= updated
        assert _note_type_ids(col) == types_before
        assert col.models.by_name("Basic (FibroLearn)") is None
    finally:
        col.close()
    now = _anki_notes(tmp_path / "anki" / anki_source.name)
    assert now[basic]["fields"] == {"Front": "What is 2 + 2?", "Back": "4 (four)"}
    assert now[basic]["notetype"] == "Basic"
    assert now[cloze]["fields"]["Back Extra"] == "Europe &amp; more"
    assert now[cloze]["notetype"] == "Cloze"


def test_reimporting_gives_notes_imported_earlier_their_anki_note_type(
    packages: dict[str, Path], fibro
) -> None:
    """Notes imported before their Anki note type was kept get it, without counting as updated."""
    services, _paths = fibro
    services.importer.run(packages["apkg-latest"], ImportOptions())
    kept = _origin_type_ids(services)
    from sqlalchemy import text

    with services.database.engine.begin() as connection:  # as an earlier version left them
        connection.execute(text("UPDATE notes SET origin_type_id = NULL"))

    again = services.importer.run(packages["apkg-latest"], ImportOptions())

    assert (again.updated, again.unchanged) == (0, len(kept))
    assert _origin_type_ids(services) == kept
    plain = {guid for guid, note in _our_notes(services).items() if note["kind"] != "template"}
    assert {guid for guid, origin in kept.items() if origin is not None} == plain


def test_a_text_file_keeps_the_anki_note_type_a_note_came_from(
    anki_source: Path, packages: dict[str, Path], fibro, tmp_path: Path
) -> None:
    """A line names no Anki note type of origin: updating a note, it leaves the note's alone."""
    services, _paths = fibro
    services.importer.run(packages["apkg-latest"], ImportOptions())
    basic = _guid_of(_anki_notes(anki_source), "Front", "What is 2 + 2?")
    origin = _origin_type_ids(services)[basic]
    lines = tmp_path / "lines.txt"
    lines.write_text(f"#separator:tab\n#guid column:1\n{basic}\tWhat is 2 + 2?\tfour\n")

    report = services.importer.run(lines, ImportOptions())

    assert report.updated == 1
    assert origin is not None
    assert _origin_type_ids(services)[basic] == origin
