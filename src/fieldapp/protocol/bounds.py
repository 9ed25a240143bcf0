"""Bounded field types for everything that crosses the wire (docs/security.md, "Bounds").

A modified client can send anything; these types make sure what it sends is small, well-formed and
representable before any handler or database sees it. They are the one definition of each bound: the
server's request models, the records devices store and the sync engine all use them.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

__all__ = [
    "MAX_COMMENT",
    "MAX_FILE_SIZE",
    "MAX_ID",
    "MAX_INT",
    "MAX_NAME",
    "MAX_TEXT",
    "DeviceTime",
    "FileName",
    "FileSize",
    "Fraction",
    "Hex64",
    "Id",
    "MimeType",
    "Name",
    "RecordId",
    "Revision",
    "ShortText",
    "Text",
    "Version",
    "clean_timestamp",
]

#: Ids (records, mutations, devices, lessons, questions): client-made UUIDs, hex or slugs.
MAX_ID = 64
#: Names a person reads: attachment and asset names, display names, titles of small things.
MAX_NAME = 255
#: Long free text: a submission's text, a lesson's Markdown.
MAX_TEXT = 200_000
#: A review comment, a task description.
MAX_COMMENT = 50_000
#: The largest file the protocol can describe (servers configure a smaller maximum and enforce it).
MAX_FILE_SIZE = 2**40
#: Counters such as revisions and module versions fit a 32-bit database integer.
MAX_INT = 2**31 - 1

_ID_RE = r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$"
_HEX64_RE = r"^[0-9a-f]{64}$"
_MIME_RE = r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+\-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+\-]*$"
# C0/C1 control characters and the Unicode direction controls that can make "gpj.exe" read "exe.jpg"
# (devices clean names when a file is attached: fieldapp.core.safefiles.clean_name).
_UNSAFE_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _check_file_name(name: str) -> str:
    if _UNSAFE_NAME_CHARS.search(name) or "/" in name or "\\" in name or name.strip() in ("", ".", ".."):
        raise ValueError("a file name may not contain folders, control or direction-override characters")
    return name


def clean_timestamp(value: datetime) -> datetime:
    """A device timestamp as aware UTC. Naive means UTC; a value that leaves the calendar when moved to
    UTC (year 9999 at -12:00) cannot be stored and is refused. A wrong but representable clock is fine:
    device times are for display only (DESIGN.md), so they are never a reason to refuse work."""
    try:
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    except (OverflowError, ValueError):
        raise ValueError("the time cannot be represented in UTC") from None


def _no_nul(text: str) -> str:
    # PostgreSQL text cannot hold NUL: refuse it everywhere, so both databases behave the same.
    if "\x00" in text:
        raise ValueError("may not contain NUL characters")
    return text


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


Id = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID, pattern=_ID_RE)]
#: Record ids as devices store them: bounded, but without the character rule, so a record made by an
#: older server still reads (a record that breaks a bound is skipped and reported, never fatal).
RecordId = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID), AfterValidator(_no_nul)]
Hex64 = Annotated[str, StringConstraints(min_length=64, max_length=64, pattern=_HEX64_RE)]
Name = Annotated[str, StringConstraints(max_length=MAX_NAME), AfterValidator(_no_nul)]
FileName = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_NAME), AfterValidator(_check_file_name)
]
MimeType = Annotated[str, StringConstraints(min_length=3, max_length=MAX_NAME, pattern=_MIME_RE)]
FileSize = Annotated[int, Field(ge=0, le=MAX_FILE_SIZE)]
Revision = Annotated[int, Field(ge=1, le=MAX_INT)]
Version = Annotated[int, Field(ge=1, le=MAX_INT)]
ShortText = Annotated[str, StringConstraints(max_length=MAX_COMMENT), AfterValidator(_no_nul)]
Text = Annotated[str, StringConstraints(max_length=MAX_TEXT), AfterValidator(_no_nul)]
DeviceTime = Annotated[datetime, AfterValidator(clean_timestamp)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0), AfterValidator(_finite)]
