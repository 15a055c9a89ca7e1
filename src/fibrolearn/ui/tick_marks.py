"""The tick of a ticked box, as an image in a given colour, for the application style sheet.

The style sheet draws tick boxes and radio buttons in the text colour, so that their state
shows by shape in every theme. It can show a tick only as an image file; each colour's is a
small SVG, written once into a folder that lasts while the app runs.
"""

from __future__ import annotations

import atexit
import functools
import re
import shutil
import tempfile
from pathlib import Path

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# Drawn on a 16-unit square: the box's inside, which the image fills.
_TICK_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
    '<polyline points="3,8.5 6.5,12 13,4.5" fill="none" stroke="{colour}"'
    ' stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>'
)


def tick_image(colour: str) -> Path:
    """An SVG file of a tick drawn in ``colour`` ("#rrggbb")."""
    if not _COLOUR.fullmatch(colour):
        raise ValueError(f"a tick is drawn in a #rrggbb colour, not {colour!r}")
    colour = colour.lower()
    path = _marks_folder() / f"tick-{colour[1:]}.svg"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)  # in case something tidied the temporary folder
        path.write_text(_TICK_SVG.format(colour=colour), encoding="utf-8")
    return path


@functools.cache  # one folder for the whole run
def _marks_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="fibrolearn-marks-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
