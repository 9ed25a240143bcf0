"""Setup files and packs are found on a USB stick without browsing."""

from __future__ import annotations

from pathlib import Path

from fieldapp.device.media import find_on_media


def test_finds_files_in_the_top_levels_of_each_stick(tmp_path: Path) -> None:
    stick = tmp_path / "KINGSTON"
    (stick / "fieldapp" / "setup").mkdir(parents=True)
    (stick / "ayesha.fieldenroll").write_text("{}")
    (stick / "fieldapp" / "sana.FIELDENROLL").write_text("{}")
    (stick / "fieldapp" / "setup" / "too-deep.fieldenroll").write_text("{}")
    (stick / ".hidden.fieldenroll").write_text("{}")
    (stick / "bajaur.fieldpack").write_text("x")
    found = find_on_media(".fieldenroll", roots=[stick, tmp_path / "not-plugged-in"])
    assert [p.name for p in found] == ["ayesha.fieldenroll", "sana.FIELDENROLL"]
    assert [p.name for p in find_on_media(".fieldpack", roots=[stick])] == ["bajaur.fieldpack"]
