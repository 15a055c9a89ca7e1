"""JSON another program wrote, or damage changed, parsed so that only a ValueError escapes.

``json.loads`` raises JSONDecodeError for what is not JSON, but lets two other errors
through: RecursionError for lists or objects nested some thousands deep, and int()'s
ValueError for a number of more than 4,300 digits (whose message tells a programmer to call
``sys.set_int_max_str_digits``). A damaged or hostile package, a damaged row of the
collection or a backup's manifest may hold either.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def parse_json(text: str | bytes) -> Any:
    """The value ``text`` holds.

    Raises:
        ValueError: It is not JSON (a JSONDecodeError), or is JSON too deep or with numbers
            too long to read; the message says which.
    """
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("lists or objects are nested in it too deeply to read") from None
    except (json.JSONDecodeError, UnicodeDecodeError):  # not JSON; bytes that are not UTF-8
        raise
    except ValueError:
        limit = sys.get_int_max_str_digits()
        raise ValueError(f"it holds a number of more than {limit:,} digits") from None
