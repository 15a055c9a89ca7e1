"""Whether the window has a screen, asked before Qt loads (which would end the process)."""

from __future__ import annotations

import sys

import pytest

from fibrolearn.display import missing_display


@pytest.mark.parametrize(
    ("environment", "missing"),
    [
        ({}, True),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, True),
        ({"DISPLAY": ":0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),  # tests, screenshots
        ({"QT_QPA_PLATFORM": "eglfs"}, False),  # a kiosk's own screen, Qt's to judge
    ],
)
def test_only_linux_without_a_display_server_is_missing_a_screen(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], missing: bool
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert (missing_display() is not None) == missing


def test_other_systems_always_have_a_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert missing_display() is None
