"""Cards flagged in Anki: FibroLearn has no flags, and the learner is told before importing.

Found importing a learner's own package: the flags they had set (red for "ask my doctor",
say) went without a word, in the preview as in the report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_import_keeps_bury import export_with_scheduling

from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions

anki_collection = pytest.importorskip("anki.collection", reason="Anki's library is not installed")


def flagged_package(folder: Path, flags: dict[str, int]) -> Path:
    """A deck of one card per front, each with its flag (0 for none)."""
    col = anki_collection.Collection(str(folder / "collection.anki2"))
    for front, flag in flags.items():
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"], note["Back"] = front, "answer"
        col.add_note(note, col.decks.id("Words"))
        if flag:
            col.set_user_flag_for_cards(flag, [note.cards()[0].id])
    package = export_with_scheduling(col, folder / "words.apkg")
    col.close()
    return package


@pytest.mark.parametrize("with_history", [False, True])
def test_flags_that_do_not_come_in_are_named_with_their_colours(
    services: Services, tmp_path: Path, with_history: bool
) -> None:
    package = flagged_package(tmp_path, {"ask": 1, "hard": 3, "tricky": 3, "plain": 0})
    said = "3 cards flagged in Anki (1 red and 2 green) come in without their flags"
    options = ImportOptions(with_history=with_history)

    preview = services.importer.preview(package, options)
    report = services.importer.run(package, options)

    assert [problem for problem in preview.problems if said in problem] != []
    assert [problem for problem in report.problems if said in problem] != []


def test_one_flag_is_named_by_its_colour_alone(services: Services, tmp_path: Path) -> None:
    package = flagged_package(tmp_path, {"ask": 4, "plain": 0})
    preview = services.importer.preview(package, ImportOptions())
    assert (
        "1 card flagged in Anki (blue) comes in without its flag: FibroLearn has no flags."
        in preview.problems
    )


def test_a_package_without_flags_says_nothing_of_them(services: Services, tmp_path: Path) -> None:
    package = flagged_package(tmp_path, {"plain": 0})
    preview = services.importer.preview(package, ImportOptions())
    assert not [problem for problem in preview.problems if "flag" in problem]
