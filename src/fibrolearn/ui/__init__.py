"""The Qt user interface: the only package that imports PySide6."""

from fibrolearn.ui import pyside_import_check

# Before any other module of the interface, so every import behind it is spared the slow check.
pyside_import_check.install()
