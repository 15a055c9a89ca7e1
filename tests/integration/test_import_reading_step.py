"""The import's progress names the reading of the file, its longest step for a large package.

The Import window kept saying "Backing up your collection first" while the file was read: for
a large Anki package that is most of the import, and it looked as if the backup had hung.
"""

from __future__ import annotations

from pathlib import Path

from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions


def test_reading_the_file_is_the_first_step_said(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "Symptoms.csv"
    path.write_text("fog,slow thinking\nfatigue,tired\n", encoding="utf-8")
    steps: list[tuple[str, int, int]] = []
    services.importer.run(path, ImportOptions(), progress=lambda *step: steps.append(step))
    assert steps[0] == ("Reading Symptoms.csv", 0, 0)
