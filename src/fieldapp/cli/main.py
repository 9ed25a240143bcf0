"""``fieldapp``: with no subcommand, the desktop app; with one, the headless front end.

Subcommands live in the modules of :data:`COMMAND_MODULES`, each exposing ``register(subparsers)``.
A module that is not there (yet) is skipped, so parts can be built and shipped independently.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import fieldapp
from fieldapp.cli.common import fail, resolve_profile
from fieldapp.config.logging import setup_logging
from fieldapp.config.paths import log_dir
from fieldapp.core.errors import FieldAppError

__all__ = ["COMMAND_MODULES", "build_parser", "main"]

log = logging.getLogger(__name__)

COMMAND_MODULES = ["fieldapp.cli.core_cmds", "fieldapp.cli.sync_cmds", "fieldapp.cli.pack_cmds"]


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line (exit 2), not a usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


#: Flags every command takes, before or after the subcommand: (flag, default, argparse options).
_COMMON_FLAGS: list[tuple[str, Any, dict[str, Any]]] = [
    (
        "--profile",
        None,
        {
            "metavar": "DIR",
            "help": "keep all local data in DIR (default: $FIELDAPP_HOME or your user data folder)",
        },
    ),
    ("--json", False, {"action": "store_true", "help": "print machine-readable JSON"}),
    (
        "--person",
        None,
        {"metavar": "NAME", "help": "on a shared laptop: whose data (her name; default: the only person)"},
    ),
    (
        "--pin-stdin",
        False,
        {
            "action": "store_true",
            "help": "on a shared laptop: read her PIN from the first line of standard input "
            "(for login, the password is the next line)",
        },
    ),
]


def _add_common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """The :data:`_COMMON_FLAGS`; on subcommands their default is SUPPRESS so a value given before the
    subcommand is not overwritten by the subcommand's default."""
    for flag, default, options in _COMMON_FLAGS:
        if flag not in parser._option_string_actions:
            parser.add_argument(flag, default=argparse.SUPPRESS if suppress else default, **options)


def _subparser_actions(parser: argparse.ArgumentParser) -> list[argparse._SubParsersAction[Any]]:
    return [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]


def _add_common_everywhere(parser: argparse.ArgumentParser) -> None:
    for action in _subparser_actions(parser):
        for sub in set(action.choices.values()):
            _add_common(sub, suppress=True)
            _add_common_everywhere(sub)


def _skip(name: str, exc: BaseException) -> None:
    log.error("Command module %s failed to load: %s", name, exc)
    print(f"fieldapp: warning: the commands in {name} are unavailable ({exc}).", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The full parser, with every available command module registered."""
    parser = _Parser(
        prog="fieldapp", description="fieldapp: offline-first work and training for field interns."
    )
    parser.add_argument("--version", action="version", version=f"fieldapp {fieldapp.__version__}")
    parser.add_argument("--smoke", action="store_true", help="start the desktop app, show it, and exit 0")
    _add_common(parser, suppress=False)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                _skip(name, exc)
            continue  # Not built yet.
        except Exception as exc:  # One broken part must not take the other commands down with it.
            _skip(name, exc)
            continue
        module.register(subparsers)
    _add_common_everywhere(parser)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    try:
        gui = importlib.import_module("fieldapp.gui.app")
    except ModuleNotFoundError as exc:
        if exc.name in ("fieldapp.gui.app", "fieldapp.gui"):
            return fail("the desktop app is not part of this build yet; see 'fieldapp --help' for commands.")
        return fail(f"the desktop app could not start: {exc}.")
    except ImportError as exc:  # e.g. a missing system graphics library under Qt
        return fail(f"the desktop app could not start: {exc}.")
    return int(gui.run(resolve_profile(args), bool(args.smoke)))


def _utf8_output() -> None:
    """Urdu and Pashto titles must survive a pipe on Windows, whose default pipe encoding is not UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def _start_logging(args: argparse.Namespace) -> None:
    try:
        setup_logging(log_dir(getattr(args, "profile", None)))
    except OSError as exc:
        # No log file is no reason to refuse to work.
        print(f"fieldapp: warning: cannot write the log file ({exc.strerror}).", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``fieldapp`` console script and ``python -m fieldapp``."""
    _utf8_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    _start_logging(args)
    try:
        if getattr(args, "func", None) is None:
            return _run_gui(args)
        return int(args.func(args))
    except FieldAppError as exc:
        log.info("Command %s failed: %s", args.command, exc)
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("interrupted.", 130)
    except Exception as exc:
        log.exception("Unexpected error in %s", args.command)
        where = log_dir(getattr(args, "profile", None))
        return fail(
            f"something unexpected went wrong ({type(exc).__name__}); details are in the log in {where}."
        )


if __name__ == "__main__":
    raise SystemExit(main())
