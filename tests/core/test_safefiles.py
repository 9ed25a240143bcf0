"""Which attachments go to the system's viewer, and the names they are shown and saved under."""

from __future__ import annotations

import pytest

from fieldapp.core.safefiles import BIDI_CONTROLS, ViewerKind, clean_name, viewer_kind

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00"
PDF = b"%PDF-1.7\n"
MP3 = b"ID3\x04\x00" + bytes(20)
MP4 = b"\x00\x00\x00\x18ftypmp42"
OGG = b"OggS\x00\x02"
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt "
WEBM = b"\x1a\x45\xdf\xa3\x01"
EXE = b"MZ\x90\x00\x03"
SCRIPT = b"#!/bin/sh\nrm -rf ~\n"


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("photo.jpg", JPEG, ViewerKind.image),
        ("PHOTO.JPEG", JPEG, ViewerKind.image),
        ("map.png", PNG, ViewerKind.image),
        ("guide.pdf", PDF, ViewerKind.pdf),
        ("invoice.exe.pdf", PDF, ViewerKind.pdf),  # really a PDF, and saved as .pdf: harmless
        ("song.mp3", MP3, ViewerKind.audio),
        ("voice.ogg", OGG, ViewerKind.audio),
        ("note.wav", WAV, ViewerKind.audio),
        ("clip.mp4", MP4, ViewerKind.video),
        ("clip.webm", WEBM, ViewerKind.video),
        ("notes.txt", "یادداشت: سکول".encode(), ViewerKind.text),
        ("notes.txt", b"plain ascii", ViewerKind.text),
    ],
)
def test_safe_kinds_open(name: str, head: bytes, kind: ViewerKind) -> None:
    assert viewer_kind(name, head) is kind


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("setup.exe", EXE),
        ("run.bat", b"@echo off"),
        ("run.cmd", b"@echo off"),
        ("payload.js", b"WScript.Shell"),
        ("payload.vbs", b"CreateObject"),
        ("shortcut.lnk", b"L\x00\x00\x00"),
        ("screen.scr", EXE),
        ("launcher.desktop", b"[Desktop Entry]\nExec=sh"),
        ("install.sh", SCRIPT),
        ("page.html", b"<html><script>"),
        ("page.htm", b"<html>"),
        ("drawing.svg", b"<svg onload=alert(1)>"),
        ("report.docm", b"PK\x03\x04"),
        ("photo.jpg.exe", JPEG),  # the last extension is what the system goes by
        ("photo.jpg", SCRIPT),  # content is not what the name says
        ("photo.jpg", EXE),
        ("guide.pdf", b"<html>"),
        ("notes.txt", b"MZ\x00\x00binary"),
        ("noextension", JPEG),
        (".jpg", JPEG),
        ("", JPEG),
    ],
)
def test_everything_else_is_refused(name: str, head: bytes) -> None:
    assert viewer_kind(name, head) is None


def test_a_direction_override_cannot_disguise_an_executable() -> None:
    disguised = "holiday\u202egpj.exe"  # shows as "holidayexe.jpg" in a right-to-left override
    assert clean_name(disguised) == "holidaygpj.exe"
    assert viewer_kind(disguised, JPEG) is None
    # Every bidi control is removed from the name she sees and the temp file's name.
    for ch in BIDI_CONTROLS:
        assert ch not in clean_name(f"a{ch}b{ch}.pdf")
    assert clean_name("\u2067report\u2069\u200f.pdf\u061c") == "report.pdf"


def test_urdu_and_pashto_names_keep_their_letters_and_joiners() -> None:
    # Zero-width non-joiner is part of correct spelling in Urdu and Pashto: it stays.
    name = "مکتب\u200cکی تصویر.jpg"
    assert clean_name(name) == name and viewer_kind(name, JPEG) is ViewerKind.image


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Windows\\evil.txt", "evil.txt"),
        ("a:b*c?.txt", "a_b_c_.txt"),
        ("tab\tand\nnewline.txt", "tabandnewline.txt"),
        ("trailing dots... ", "trailing dots"),
        (".hidden", "hidden"),
        ("CON.txt", "_CON.txt"),
        ("nul", "_nul"),
        ("\u202e\u202e", "file"),
        ("zero\ufeffwidth\u2060.pdf", "zerowidth.pdf"),
    ],
)
def test_names_are_cleaned(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


def test_long_names_are_shortened_keeping_the_extension() -> None:
    cleaned = clean_name("x" * 500 + ".pdf")
    assert len(cleaned) <= 120 and cleaned.endswith(".pdf")
