"""How a command prints what a script reads: JSON that stays JSON in any output encoding."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(value: Any) -> None:
    r"""Print ``value`` as JSON, each character as it is where the output can hold it.

    Where the output's encoding lacks one (a file on Windows, a Latin-1 locale), the whole
    is written in JSON's own ``\u`` escapes: the output's escape for it ("\U0001f634" for
    an emoji in a deck's name) is no JSON, and the file could not be read. With no output at
    all (closed, as a service manager may start a program), nothing is printed, as ``print``
    does: asking its encoding had ended in a traceback.
    """
    text = json.dumps(value, indent=2, ensure_ascii=False)
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, indent=2)
    print(text)
