"""What Anki names its collection inside a package (.apkg, .colpkg), by format version.

Known to the importer (interop/anki_package.py), and to what tells a backup from an Anki
package given in its place (storage/backup_archive.py), which may not import interop.
"""

from __future__ import annotations

ANKI_COLLECTION_FILES = {3: "collection.anki21b", 2: "collection.anki21", 1: "collection.anki2"}
