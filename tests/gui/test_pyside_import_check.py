"""PySide6's look at each later import: the same answers, without keeping every module's source."""

from __future__ import annotations

import importlib
import linecache
import sys
from pathlib import Path
from types import ModuleType

import pytest

import fibrolearn.ui  # noqa: F401 - installs the check, as the app does
from fibrolearn.ui import pyside_import_check

feature = pytest.importorskip("shibokensupport.feature")


@pytest.fixture
def module_folder(tmp_path: Path):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for name in ("uses_qt_here", "plain_python_here"):
        sys.modules.pop(name, None)
        feature.pyside_feature_dict.pop(name, None)


def test_later_imports_are_sorted_as_pyside6_sorts_them_and_their_source_is_not_kept(
    module_folder: Path,
) -> None:
    (module_folder / "uses_qt_here.py").write_text("# built on PySide6\nVALUE = 1\n")
    (module_folder / "plain_python_here.py").write_text("VALUE = 2\n")
    importlib.invalidate_caches()

    import plain_python_here  # noqa: F401 - through PySide6's import hook
    import uses_qt_here  # noqa: F401

    assert feature.pyside_feature_dict["uses_qt_here"] == 0  # "uses PySide": features apply
    assert feature.pyside_feature_dict["plain_python_here"] == -1  # ignored by features
    kept = set(linecache.cache)
    assert str(module_folder / "uses_qt_here.py") not in kept
    assert str(module_folder / "plain_python_here.py") not in kept


def test_installing_twice_keeps_one_check() -> None:
    installed = feature._mod_uses_pyside

    assert pyside_import_check.install()
    assert feature._mod_uses_pyside is installed


def test_modules_without_a_source_file_are_answered_as_pyside6_answers() -> None:
    asked: list[ModuleType] = []

    def pyside_check(module: ModuleType) -> bool:
        asked.append(module)
        return True

    check = pyside_import_check._file_check(pyside_check)
    zipped = ModuleType("zipped")
    zipped.__file__ = "/no/such/folder/zipped.py"  # inside an archive: no file to open

    assert check(sys) is True  # built in: asked of PySide6's own check, which answers at once
    assert check(zipped) is True
    assert asked == [sys, zipped]


def test_a_pyside6_whose_check_asks_something_else_keeps_its_own(monkeypatch) -> None:
    def other_check(module: ModuleType, mode: str) -> bool:
        return True

    future = ModuleType("shibokensupport.feature")
    future._mod_uses_pyside = other_check  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", future)

    assert not pyside_import_check.install()
    assert future._mod_uses_pyside is other_check  # type: ignore[attr-defined]
