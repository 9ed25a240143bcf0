"""Logging to a rotating file, with secrets (tokens, passwords, Authorization headers) redacted."""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from fieldapp.core.private import make_private_dir, make_private_file

__all__ = ["LOG_FILE", "RedactingFilter", "redact", "setup_logging"]

LOG_FILE = "fieldapp.log"
_MASK = "[redacted]"

_PATTERNS = [
    # Authorization: Bearer abc / Basic abc
    re.compile(r"""(?i)(authorization["']?\s*[:=]\s*["']?)(?:bearer|basic|token)?\s*[^\s,;'"}]+"""),
    re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]+"),
    # password=..., "token": "...", api_key: ..., secret=...
    re.compile(
        r"""(?ix)(["']?\b(?:password|passwd|pwd|token|access_token|refresh_token|api_key|apikey|secret|
        enrollment_code)\b["']?\s*[:=]\s*["']?)[^\s,;'"&}]+"""
    ),
    # Long opaque strings that look like tokens (JWTs, 32+ char base64/hex blobs that are not SHA-256 ids).
    re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"),
]


def redact(text: str) -> str:
    """``text`` with anything that looks like a credential replaced by ``[redacted]``."""
    for pattern in _PATTERNS:
        text = pattern.sub(_keep_label, text)
    return text


def _keep_label(match: re.Match[str]) -> str:
    """Keep the ``password=`` part of a match so the log still says what was hidden."""
    return (match.group(1) if match.re.groups else "") + _MASK


class RedactingFilter(logging.Filter):
    """Rewrites each record's final message (and exception text) through :func:`redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file (also those made at rollover) is created 0600."""

    def _open(self):  # type: ignore[no-untyped-def]
        make_private_file(Path(self.baseFilename))
        return super()._open()


def setup_logging(directory: Path, level: str = "INFO", max_bytes: int = 1_000_000, backups: int = 5) -> Path:
    """Send the ``fieldapp`` loggers to ``directory/fieldapp.log`` (rotating); return the file path."""
    # 0700/0600 whatever the umask: on a shared laptop another OS user must not read her log.
    make_private_dir(directory)
    path = directory / LOG_FILE
    make_private_file(path)
    logger = logging.getLogger("fieldapp")
    for handler in list(logger.handlers):
        if getattr(handler, "_fieldapp", False):
            logger.removeHandler(handler)
            handler.close()
    handler = _PrivateRotatingFileHandler(
        path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    handler._fieldapp = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(level)
    return path
