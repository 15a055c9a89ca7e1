"""Make PySide6's look at every later import cheap.

Once PySide6.QtCore is imported, PySide6 (6.4 on, PYSIDE-2029) asks of every module imported
after it whether its source mentions "PySide6", so that ``from __feature__ import snake_case``
can apply module by module. It asks through ``inspect.getsource``, which decodes the whole file
and keeps it in ``linecache`` for the life of the process: about 0.2 ms a module, 90 ms of the
~450 modules behind the opening of a collection and 50 ms of the Progress charts' import, and
the source text of all of them held in memory. The same question asked of the file's bytes
gives the same answer at a fraction of the cost and keeps nothing.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from types import ModuleType

import PySide6.QtCore  # noqa: F401 - installs the hook this module tunes

_FEATURE_MODULE = "shibokensupport.feature"  # where PySide6 keeps the check (not public API)
_CHECK = "_mod_uses_pyside"


def _file_check(fallback: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def source_mentions_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return fallback(module)  # built in, compiled: PySide6's own check says no, cheaply
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:  # no file on disk (a module inside a zip): PySide6 knows how to read it
            return fallback(module)

    source_mentions_pyside.reads_files = True  # type: ignore[attr-defined]
    return source_mentions_pyside


def install() -> bool:
    """Put the cheap check in place of PySide6's; False where this PySide6 has none to replace.

    Only a check of one module, as PySide6 6.4-6.11 has, is replaced: a PySide6 that asks
    something else of its check keeps its own.
    """
    feature = sys.modules.get(_FEATURE_MODULE)
    check = getattr(feature, _CHECK, None)
    if check is None or not _takes_one_module(check):
        return False
    if not getattr(check, "reads_files", False):
        setattr(feature, _CHECK, _file_check(check))
    return True


def _takes_one_module(check: Callable[..., object]) -> bool:
    try:
        return len(inspect.signature(check).parameters) == 1
    except (TypeError, ValueError):  # no signature to read: leave it alone
        return False
