"""Read aloud speaks where Qt's speech module and a voice exist, and says why where not."""

from __future__ import annotations

import importlib

import pytest

from fibrolearn.ui.read_aloud import ReadAloud


def test_without_the_speech_module_the_message_says_what_to_install(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = importlib.import_module

    def no_speech(name: str, *args: object) -> object:
        if name == "PySide6.QtTextToSpeech":
            raise ImportError("libpulse.so.0: cannot open shared object file")
        return real_import(name, *args)

    monkeypatch.setattr(importlib, "import_module", no_speech)
    reader = ReadAloud()
    problem = reader.problem()
    assert problem is not None and "pip install fibrolearn[speech]" in problem
    assert reader.say("Hello") == problem
    assert not reader.speaking


def test_speaks_with_a_voice(qtbot) -> None:
    pytest.importorskip(
        "PySide6.QtTextToSpeech",
        reason="needs PySide6-Addons (and on Linux libpulse0)",
        exc_type=ImportError,  # a missing system library is an ImportError too
    )
    reader = ReadAloud(engine="mock")  # Qt's test engine: has voices on every machine
    assert reader.problem() is None
    assert reader.say("Central sensitization") is None
    qtbot.waitUntil(lambda: reader.speaking)
    reader.stop()
