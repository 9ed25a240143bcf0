"""Read a training module authored as a folder (format: docs/content-format.md) into a module draft."""

from __future__ import annotations

import hashlib
import mimetypes
import re
import tomllib
import uuid
from pathlib import Path
from typing import Any

from fieldapp.server.domain import DomainError

_NS = uuid.UUID("0b0f4d3c-53c2-4c38-8f8a-7c6a3a1d9e21")
_ASSET_LINK = re.compile(r"assets/([^\s)\"'>]+)")
MAX_ASSET = 200 * 1024 * 1024


def read_module_dir(folder: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Return ``(draft, assets)``: the draft dict (ModuleRecord content fields) and asset bytes by SHA-256.

    Every problem found is reported at once in one :class:`DomainError`.
    """
    if not folder.is_dir():
        raise DomainError("not_found", f"{folder} is not a folder.")
    problems: list[str] = []
    meta: dict[str, Any] = {}
    meta_path = folder / "module.toml"
    if not meta_path.is_file():
        problems.append("module.toml is missing")
    else:
        try:
            meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.append(f"module.toml: {exc}")
    module_id = str(meta.get("id") or uuid.uuid5(_NS, f"module:{meta.get('slug') or folder.resolve().name}"))

    assets: dict[str, bytes] = {}
    asset_refs: list[dict[str, Any]] = []
    asset_dir = folder / "assets"
    if asset_dir.is_dir():
        for path in sorted(asset_dir.iterdir()):
            if not path.is_file():
                continue
            data = path.read_bytes()
            if len(data) > MAX_ASSET:
                problems.append(f"assets/{path.name} is larger than {MAX_ASSET // (1024 * 1024)} MB")
                continue
            sha = hashlib.sha256(data).hexdigest()
            assets[sha] = data
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            asset_refs.append({"name": path.name, "sha256": sha, "size": len(data), "mime": mime})
    asset_names = {a["name"] for a in asset_refs}

    lessons = []
    lesson_dir = folder / "lessons"
    lesson_files = sorted(lesson_dir.glob("*.md")) if lesson_dir.is_dir() else []
    if not lesson_files:
        problems.append("lessons/ has no .md files")
    for path in lesson_files:
        try:
            body = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(f"lessons/{path.name} is not UTF-8 text")
            continue
        title = next((ln[2:].strip() for ln in body.splitlines() if ln.startswith("# ")), path.stem)
        used = sorted(set(_ASSET_LINK.findall(body)))
        for name in used:
            if name not in asset_names:
                problems.append(f"lessons/{path.name} refers to assets/{name}, which is missing")
        lessons.append(
            {
                "id": str(uuid.uuid5(_NS, f"{module_id}:{path.stem}")),
                "title": title,
                "body_md": body,
                "assets": used,
            }
        )

    quiz = None
    quiz_path = folder / "quiz.toml"
    if quiz_path.is_file():
        try:
            quiz = _read_quiz(tomllib.loads(quiz_path.read_text(encoding="utf-8")), module_id, problems)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.append(f"quiz.toml: {exc}")

    if not str(meta.get("title", "")).strip() and meta_path.is_file():
        problems.append("module.toml needs a title")
    if problems:
        raise DomainError("invalid_input", f"{folder}: " + "; ".join(problems))
    draft = {
        "id": module_id,
        "title": str(meta["title"]).strip(),
        "description": str(meta.get("description", "")),
        "language": str(meta.get("language", "en")),
        "lessons": lessons,
        "quiz": quiz,
        "assets": asset_refs,
    }
    return draft, assets


def _read_quiz(raw: dict[str, Any], module_id: str, problems: list[str]) -> dict[str, Any]:
    questions = []
    for n, q in enumerate(raw.get("questions", []), start=1):
        kind = q.get("kind", "single")
        options = [str(o) for o in q.get("options", [])]
        correct = [int(c) for c in q.get("correct", [])]
        accepted = [str(a) for a in q.get("accepted", [])]
        if kind not in ("single", "multiple", "short"):
            problems.append(f"quiz.toml question {n}: kind must be single, multiple or short")
        elif kind == "short" and not accepted:
            problems.append(f"quiz.toml question {n}: a short question needs 'accepted' answers")
        elif kind != "short" and (not correct or any(c < 0 or c >= len(options) for c in correct)):
            problems.append(f"quiz.toml question {n}: 'correct' must list indexes (from 0) into 'options'")
        elif kind == "single" and len(correct) != 1:
            problems.append(
                f"quiz.toml question {n}: a single-choice question has exactly one correct option"
            )
        if not str(q.get("prompt", "")).strip():
            problems.append(f"quiz.toml question {n}: 'prompt' is missing")
        questions.append(
            {
                "id": str(q.get("id") or uuid.uuid5(_NS, f"{module_id}:q{n}")),
                "kind": kind,
                "prompt": str(q.get("prompt", "")),
                "options": options,
                "correct": correct,
                "accepted": accepted,
                "points": int(q.get("points", 1)),
            }
        )
    if not questions:
        problems.append("quiz.toml has no [[questions]]")
    return {"pass_mark": float(raw.get("pass_mark", 0.7)), "questions": questions}
