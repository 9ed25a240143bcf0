"""``fieldapp doctor`` checks for the laptop itself: its identity, the people on it, where sign-ins are
kept, whether the server answers and whether the clock is right. Plain words an installer can read out
over the phone; each problem says what to do."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from fieldapp.core.doctor import CheckResult, DoctorContext, register_check
from fieldapp.device.enrollment import load_server_pin
from fieldapp.device.identity import IDENTITY_FILE
from fieldapp.device.people import PEOPLE_FILE, PeopleRegistry
from fieldapp.device.setup import Device, device_dir_for_profile
from fieldapp.protocol import HealthResponse
from fieldapp.sync.credentials import keyring_usable
from fieldapp.sync.report import clock_warning
from fieldapp.sync.service import probe

_HEALTH_NOTE = "device.health"


def _device_dir(ctx: DoctorContext) -> Path:
    return device_dir_for_profile(ctx.profile_dir)


def _server_url(ctx: DoctorContext) -> str | None:
    session = getattr(ctx.app, "session", None)
    if session is not None:
        return str(session.server_url)
    pin = load_server_pin(_device_dir(ctx))
    return pin.url if pin else None


@register_check("this laptop")
def check_identity(ctx: DoctorContext) -> CheckResult:
    device_dir = _device_dir(ctx)
    if not (device_dir / IDENTITY_FILE).exists():
        return CheckResult("this laptop", True, "Not set up yet; it gets its own identity at setup.")
    device = Device.open(device_dir)
    short = device.identity.device_id[:8]
    if device.identity.copied_from:
        return CheckResult(
            "this laptop",
            True,
            f"This laptop was copied from another one and now has its own identity ({short}). "
            "People who were set up on the original must be set up again here with new setup files.",
        )
    return CheckResult("this laptop", True, f"This laptop has its own identity ({short}).")


@register_check("people")
def check_people(ctx: DoctorContext) -> CheckResult:
    device_dir = _device_dir(ctx)
    if not (device_dir / PEOPLE_FILE).exists():
        return CheckResult("people", True, "One person uses this profile.")
    registry = PeopleRegistry(device_dir)
    people = registry.people()
    now = time.time()
    locked = [p.display_name for p in people if p.locked_until > now]
    names = ", ".join(p.display_name for p in people) or "nobody yet"
    count = "1 person uses" if len(people) == 1 else f"{len(people)} people use"
    if locked:
        return CheckResult(
            "people",
            True,
            f"{count} this laptop ({names}). Locked for a while after wrong PINs: {', '.join(locked)}.",
        )
    return CheckResult("people", True, f"{count} this laptop ({names}).")


@register_check("sign-in storage")
def check_keyring(ctx: DoctorContext) -> CheckResult:
    shared = (_device_dir(ctx) / PEOPLE_FILE).exists()
    if keyring_usable():
        return CheckResult("sign-in storage", True, "Sign-ins are kept in the computer's protected keyring.")
    who = (
        "Each person's sign-in in it is locked with her PIN, but a keyring is safer."
        if shared
        else "Anyone who can open files in this computer account could read them."
    )
    return CheckResult(
        "sign-in storage",
        False,
        f"This computer has no working keyring, so sign-ins are kept in a private file in the fieldapp "
        f"folder. {who}",
        "On Linux install and unlock 'GNOME Keyring' (or KWallet); on Windows sign in to the computer "
        "with a normal user account. Then sign in to fieldapp again.",
    )


def _health(ctx: DoctorContext, url: str) -> HealthResponse | None:
    if _HEALTH_NOTE not in ctx.notes:
        ctx.notes[_HEALTH_NOTE] = probe(url)
    answer = ctx.notes[_HEALTH_NOTE]
    return answer if isinstance(answer, HealthResponse) else None


@register_check("server")
def check_server(ctx: DoctorContext) -> CheckResult:
    url = _server_url(ctx)
    if url is None:
        return CheckResult(
            "server",
            False,
            "This laptop is not set up with a server yet.",
            "Start fieldapp and follow the setup steps with the setup file or enrollment code.",
        )
    started = time.monotonic()
    health = _health(ctx, url)
    if health is None:
        return CheckResult(
            "server",
            False,
            f"The server at {url} cannot be reached right now.",
            "Check the internet dongle or Wi-Fi and try again. Work done meanwhile is kept and sent later.",
        )
    took = int((time.monotonic() - started) * 1000)
    return CheckResult("server", True, f"The server at {url} answered (version {health.version}, {took} ms).")


@register_check("clock")
def check_clock(ctx: DoctorContext) -> CheckResult:
    url = _server_url(ctx)
    health = _health(ctx, url) if url else None
    if health is None:
        return CheckResult("clock", True, "The clock could not be compared (the server is not reachable).")
    server_time = health.server_time if health.server_time.tzinfo else health.server_time.replace(tzinfo=UTC)
    skew = (server_time - datetime.now(UTC)).total_seconds()
    warning = clock_warning(skew)
    if warning:
        return CheckResult(
            "clock",
            False,
            warning,
            "Open the computer's date and time settings and set today's date, time and time zone.",
        )
    return CheckResult("clock", True, "The computer's clock is right.")
