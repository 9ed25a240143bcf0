"""``.fieldpack`` offline packs: signed zips that carry content in and work out by USB stick.

A pack is a zip holding ``manifest.json`` (format, kind, creator, time, record count, SHA-256 and size of
every member), ``manifest.sig`` (detached Ed25519 signature of the manifest bytes) and its members:
``records.jsonl`` plus ``blobs/<sha256>`` (content packs), or one encrypted ``payload.bin`` that holds
those (work packs, readable only by the server). Reading checks everything before anything is kept.
"""

from fieldapp.bundles.errors import PackError
from fieldapp.bundles.limits import DEFAULT_LIMITS, MIN_FREE_BYTES_AFTER_IMPORT, PackLimits
from fieldapp.bundles.manifest import PackManifest
from fieldapp.bundles.reader import ContentPack, WorkPack, open_content_pack, open_work_pack, peek_manifest
from fieldapp.bundles.space import ensure_free_space, free_bytes
from fieldapp.bundles.writer import write_content_pack, write_work_pack

__all__ = [
    "DEFAULT_LIMITS",
    "MIN_FREE_BYTES_AFTER_IMPORT",
    "ContentPack",
    "PackError",
    "PackLimits",
    "PackManifest",
    "WorkPack",
    "ensure_free_space",
    "free_bytes",
    "open_content_pack",
    "open_work_pack",
    "peek_manifest",
    "write_content_pack",
    "write_work_pack",
]
