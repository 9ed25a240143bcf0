"""A pseudo-translation for layout testing: every string doubled, then reversed (placeholders kept).

Doubling finds widgets too small for longer languages; reversing makes untranslated strings obvious.
Placeholders (``%1``, ``{name}``) and accelerators stay valid, so the app runs normally under it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QTranslator

__all__ = ["PseudoTranslator", "pseudo"]

_TOKEN = re.compile(r"(%\d+|%n|\{[a-z_]+\}|&(?=\w))")


def pseudo(text: str) -> str:
    """``text`` doubled then reversed, keeping placeholder tokens intact and in place."""
    if not text:
        return text
    doubled = f"{text} {text}"
    parts = _TOKEN.split(doubled)
    out: list[str] = []
    for part in reversed(parts):
        out.append(part if _TOKEN.fullmatch(part) else part[::-1])
    result = "".join(out)
    # An accelerator must precede a letter: drop any that ended up elsewhere.
    return re.sub(r"&(?!\w)", "", result)


class PseudoTranslator(QTranslator):
    """Installs like a real translator; translates every string in every context."""

    def translate(
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return pseudo(source_text)

    def isEmpty(self) -> bool:
        return False
