"""A file that changes after its preview, or while it is read, is not imported.

The import read the file again from the disk: saved anew in a spreadsheet after the preview
was shown, it brought in rows nobody had seen, and one saved while it was read could bring in
part of each version.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fibrolearn.interop import sources
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions, InteropError


def note_count(services: Services) -> int:
    return sum(deck.total for deck in services.decks.list_decks())


def test_a_file_saved_again_after_its_preview_is_refused(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "Symptoms.csv"
    path.write_text("fog,slow thinking\n", encoding="utf-8")
    before = note_count(services)
    preview = services.importer.preview(path, ImportOptions())
    assert preview.notes == 1 and preview.read_as is not None
    path.write_text("fog,slow thinking\nfatigue,tired\npain,everywhere\n", encoding="utf-8")

    with pytest.raises(InteropError, match="changed after the preview was made"):
        services.importer.run(path, ImportOptions(read_as=preview.read_as))
    assert note_count(services) == before
    # Previewed again, it imports what it holds now.
    preview = services.importer.preview(path, ImportOptions())
    report = services.importer.run(path, ImportOptions(read_as=preview.read_as))
    assert (preview.notes, report.added) == (3, 3)


def test_a_file_saved_while_it_is_read_is_refused(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "Symptoms.csv"
    path.write_text("fog,slow thinking\n", encoding="utf-8")
    read = sources.plan_csv

    def saved_meanwhile(*args, **kwargs):
        plan = read(*args, **kwargs)
        with path.open("a", encoding="utf-8") as more:
            more.write("fatigue,tired\n")
        return plan

    monkeypatch.setattr(sources, "plan_csv", saved_meanwhile)
    before = note_count(services)
    with pytest.raises(InteropError, match="changed while it was being read"):
        services.importer.run(path, ImportOptions())
    assert note_count(services) == before
