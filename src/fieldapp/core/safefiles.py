r"""Which attached files fieldapp hands to the system's viewer, and under what name (no Qt here).

An attachment comes from someone else's laptop. Handed to the operating system as it is, a file called
``photo.jpg.exe``, or ``report\u202Efdp.exe`` (which *shows* as "reportexe.pdf"), or a ``.desktop`` /
``.lnk`` / ``.js`` file, would run a program instead of showing a picture. So:

* only images, PDF, audio, video and plain text are opened, decided by an allowlist of extensions *and*
  the file's first bytes (a "photo.jpg" that is really a script is refused);
* the name is cleaned before it is shown or used for the temporary copy: Unicode direction overrides
  and other invisible format characters, control characters, path separators and characters Windows
  forbids are removed, and a name Windows reserves (``CON``, ``NUL``...) is changed.

The GUI only calls :func:`clean_name` and :func:`viewer_kind`.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

__all__ = ["BIDI_CONTROLS", "MAX_NAME_CHARS", "ViewerKind", "clean_name", "viewer_kind"]

#: Direction embeddings/overrides/isolates and marks (all are Unicode format characters, category Cf).
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # LRE RLE PDF LRO RLO
    "\u2066\u2067\u2068\u2069"  # LRI RLI FSI PDI
    "\u200e\u200f\u061c"  # LRM RLM ALM
)
#: Zero-width non-joiner and joiner are part of correct Urdu and Pashto spelling: they stay.
_KEEP_FORMAT = frozenset("\u200c\u200d")
#: Characters Windows does not allow in a file name (and the path separators everywhere).
_FORBIDDEN = frozenset('<>:"/\\|?*')
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
)
MAX_NAME_CHARS = 120


class ViewerKind(StrEnum):
    """The kinds of file fieldapp lets the system's viewer open."""

    image = "image"
    pdf = "pdf"
    audio = "audio"
    video = "video"
    text = "text"


_EXTENSIONS: dict[str, ViewerKind] = {
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp"), ViewerKind.image),
    ".pdf": ViewerKind.pdf,
    **dict.fromkeys(
        (".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".amr", ".flac"), ViewerKind.audio
    ),
    **dict.fromkeys((".mp4", ".m4v", ".3gp", ".mov", ".webm", ".mkv", ".avi", ".ogv"), ViewerKind.video),
    ".txt": ViewerKind.text,
}


def clean_name(name: str, fallback: str = "file") -> str:
    """``name`` safe to show and to use as a file name: see the module docstring for what is removed."""
    # Only the last part of a path: "../../x" or "C:\\x" must not reach outside the folder.
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for ch in unicodedata.normalize("NFC", base):
        category = unicodedata.category(ch)
        if ch in BIDI_CONTROLS or category in {"Cc", "Cs", "Co", "Cn"}:
            continue
        if category == "Cf" and ch not in _KEEP_FORMAT:
            continue  # invisible format characters (BOM, word joiner, soft hyphen...) can disguise names
        kept.append("_" if ch in _FORBIDDEN else ch)
    cleaned = "".join(kept).strip(" .")  # Windows drops trailing dots/spaces; a leading dot hides a file
    if not cleaned:
        return fallback
    stem, dot, ext = cleaned.rpartition(".")
    if not dot:
        stem, ext = cleaned, ""
    if stem.split(".", 1)[0].casefold() in _RESERVED:
        stem = "_" + stem
    if len(stem) + len(dot) + len(ext) > MAX_NAME_CHARS:
        ext = ext[:16]
        stem = stem[: MAX_NAME_CHARS - len(ext) - 1]
    return f"{stem}{dot}{ext}" if dot else stem


def _extension(name: str) -> str:
    _stem, dot, ext = name.rpartition(".")
    return f".{ext.casefold()}" if dot and _stem else ""


def _is_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte-order mark
        return True
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        # The sample may end inside a multi-byte character: only an error before its last 3 bytes counts.
        return err.start >= len(head) - 3
    return True


def _riff(head: bytes, form: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == form


def _iso_media(head: bytes) -> bool:
    # MP4 / M4A / 3GP / QuickTime: a box type at bytes 4..8.
    return head[4:8] in {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}


def _mpeg_audio(head: bytes) -> bool:
    return head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


def _matches(ext: str, head: bytes) -> bool:
    """Whether the first bytes are what a file with extension ``ext`` must start with."""
    checks = {
        ".jpg": lambda h: h.startswith(b"\xff\xd8\xff"),
        ".png": lambda h: h.startswith(b"\x89PNG\r\n\x1a\n"),
        ".gif": lambda h: h[:6] in {b"GIF87a", b"GIF89a"},
        ".webp": lambda h: _riff(h, b"WEBP"),
        ".bmp": lambda h: h.startswith(b"BM"),
        ".pdf": lambda h: b"%PDF-" in h[:1024],
        ".mp3": _mpeg_audio,
        ".aac": _mpeg_audio,  # ADTS frames share MPEG audio's sync word
        ".m4a": _iso_media,
        ".mp4": _iso_media,
        ".m4v": _iso_media,
        ".3gp": _iso_media,
        ".mov": _iso_media,
        ".ogg": lambda h: h.startswith(b"OggS"),
        ".wav": lambda h: _riff(h, b"WAVE"),
        ".avi": lambda h: _riff(h, b"AVI "),
        ".amr": lambda h: h.startswith(b"#!AMR"),
        ".flac": lambda h: h.startswith(b"fLaC"),
        ".webm": lambda h: h.startswith(b"\x1a\x45\xdf\xa3"),
        ".txt": _is_text,
    }
    aliases = {".jpeg": ".jpg", ".oga": ".ogg", ".opus": ".ogg", ".ogv": ".ogg", ".mkv": ".webm"}
    check = checks.get(aliases.get(ext, ext))
    return bool(check and check(head))


def viewer_kind(name: str, head: bytes) -> ViewerKind | None:
    """The kind of a file named ``name`` whose first bytes are ``head`` (4 KiB is plenty), or None when
    fieldapp must not hand it to the system: an extension not on the list, or content that is not what
    the extension says."""
    ext = _extension(clean_name(name))
    kind = _EXTENSIONS.get(ext)
    if kind is None or not _matches(ext, head):
        return None
    return kind
