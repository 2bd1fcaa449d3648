"""Folders written whole: an export or a report is built in a temporary folder beside its
target and moved into place only when complete, so a failure halfway leaves the target as
it was and a re-run never mixes two outputs."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flopwatch.warehouse.db import WarehouseError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def written_whole(folder: Path, ours: Callable[[Path], bool]) -> Iterator[Path]:
    """A new folder to write into, which replaces `folder` when the block ends without an
    error. `folder` must be new, empty, or hold only what `ours` says an earlier output of
    the same kind wrote: anything else in it is the user's, and is refused, not deleted."""
    folder = folder.absolute()
    if folder.exists() and not folder.is_dir():
        raise WarehouseError(f"{folder} is a file: give a folder to write into")
    if folder.is_dir():
        foreign = sorted(p.name for p in folder.iterdir() if not ours(p))
        if foreign:
            raise WarehouseError(
                f"{folder} holds files this command did not write ({', '.join(foreign[:3])}"
                f"{', ...' if len(foreign) > 3 else ''}): give a new or empty folder")
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.part-", dir=folder.parent))
    try:
        work.chmod(0o777 & ~_umask())
        yield work
        old = None
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
            os.replace(folder, old / folder.name)
        try:
            os.replace(work, folder)
        except OSError:
            if old is not None:
                os.replace(old / folder.name, folder)      # the earlier output stays
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
