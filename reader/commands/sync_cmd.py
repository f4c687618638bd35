"""`reader sync init PATH | status | now`: share the reading state through a synced folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.commands.args import add_db_argument, state_path
from reader.errors import ReaderError

NAME = "sync"
HELP = "sync read/starred/tags/notes/saved searches between machines through a folder you sync"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init", help="sync through PATH (a folder Syncthing, Dropbox, a drive... syncs)",
        description="Sync through PATH: this machine writes its own log there and reads the "
                    "other machines' logs. Every command and the TUI then sync by themselves.")
    init.add_argument("folder", type=Path, metavar="PATH")
    add_db_argument(init)
    status = actions.add_parser(
        "status", help="the folder, the machines in it, their last change, what is unreadable",
        description="Show the sync folder, every machine that writes to it with its last "
                    "change, and any file in it that cannot be read.")
    add_db_argument(status)
    now = actions.add_parser("now", help="sync now", description="Send and take in changes now.")
    add_db_argument(now)


def run(args: argparse.Namespace) -> int:
    from reader.sync import config

    if args.action == "init":
        folder = _prepare(args.folder)
        previous = config.load_folder_quietly()
        config.save_folder(folder)
        if previous is not None and previous != folder:
            _forget_old_folder(state_path(args))
        print(f"Syncing through {folder}.")
        return _round(args)
    if config.load_folder() is None:
        raise ReaderError("Sync is off: `reader sync init PATH` names the folder to sync through.")
    if args.action == "now":
        return _round(args)
    return _status(args)


def _prepare(folder: Path) -> Path:
    folder = folder.expanduser().absolute()
    if folder.exists() and not folder.is_dir():
        raise ReaderError(f"{folder} is not a folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReaderError(f"Cannot make the sync folder {folder} "
                          f"({error.strerror or error}).") from None
    return folder


def _forget_old_folder(path: Path) -> None:
    """A new folder starts empty: clear the base so everything is sent there again, and
    forget how far the old folder's logs were read."""
    from reader.state import StateStore, model
    from reader.sync import cursors

    cursors.path_for(path).unlink(missing_ok=True)
    path.with_name(path.name + ".sync-searches").unlink(missing_ok=True)
    base = path.with_name(path.name + ".sync-base")
    if base.exists():
        with StateStore(base) as store:
            store.put_many(dict.fromkeys(store.all(), model.EMPTY))


def _round(args: argparse.Namespace) -> int:
    from reader.state import StateStore
    from reader.sync import pull_and_push

    with StateStore(state_path(args)) as store:
        if store.notice:
            print(f"reader: {store.notice}", file=sys.stderr)
        result = pull_and_push(store)
    if result.problem:
        print(f"reader: {result.problem}", file=sys.stderr)
        return 1
    print(f"Synced: {_changes(result.sent)} sent, {_changes(result.received)} taken in.")
    return 0


def _status(args: argparse.Namespace) -> int:
    from reader.sync import clock, syncer_for

    syncer = syncer_for(state_path(args))
    print(f"Folder: {_clean(str(syncer.folder))}")
    try:
        machines, unreadable = syncer.machines()
    except OSError as error:
        from reader.sync.syncer import _folder_problem

        print(f"reader: {_folder_problem(syncer.folder, error)}", file=sys.stderr)
        return 1
    if not machines:
        print("No machine has written to it yet.")
    for machine in machines:
        me = " (this machine)" if machine.machine == syncer.machine else ""
        last = clock.iso_of(machine.last[0]) if machine.last else "none"
        print(f"{machine.machine}  {_clean(machine.host) or '?'}{me}: last change {last}, "
              f"{_changes(machine.events)} in {', '.join(_clean(f) for f in machine.files)}")
    for name, why in unreadable:
        print(f"Unreadable: {_clean(name)}: {why}.")
    return 0


def _changes(count: int) -> str:
    return f"{count} change{'' if count == 1 else 's'}"


def _clean(text: str) -> str:
    """Names from the folder are anyone's: no control character reaches the terminal."""
    return "".join(c if c.isprintable() else "?" for c in text)
