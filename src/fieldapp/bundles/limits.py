"""Size limits that keep a hostile or broken pack (zip bomb, millions of files) from hurting the device."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024
GiB = 1024 * MiB

#: A pack that would leave less than this much free disk space is refused.
MIN_FREE_BYTES_AFTER_IMPORT = 250 * MiB


@dataclass(frozen=True)
class PackLimits:
    """Upper bounds checked before (and again while) anything is unpacked."""

    #: Files in one pack (records, blobs, manifest).
    max_members: int = 20_000
    #: Uncompressed size of one member. Attachments and module media are far smaller than this.
    max_member_bytes: int = 1 * GiB
    #: Uncompressed size of all members together.
    max_total_bytes: int = 8 * GiB
    #: manifest.json and the signature are small; a huge one is an attack.
    max_manifest_bytes: int = 4 * MiB
    #: records.jsonl: one line per record.
    max_records: int = 500_000
    #: A member whose uncompressed size is more than this many times its compressed size is a zip bomb.
    #: Text compresses ~10x and photos not at all; real packs stay far below this.
    max_compression_ratio: int = 200
    #: The ratio rule only applies above this size (tiny members can have silly ratios honestly).
    ratio_check_min_bytes: int = 1 * MiB


DEFAULT_LIMITS = PackLimits()
