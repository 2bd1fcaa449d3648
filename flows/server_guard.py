"""Prefect's temporary server dies with the process that started it.

Prefect starts its local server (uvicorn) as a child and stops it at exit. A process that
is killed (kill -9, the OOM killer) never gets there: the server is left to PID 1, still
listening. A watchdog process, started beside each server, waits for its parent to go and
then stops the server. It is a process of its own, so it outlives a killed parent, and
it exits as soon as the server has stopped.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

# Run by a bare interpreter (-I -S: no site, no flopwatch), so it costs a few MB and ms.
# Its parent gone, it is re-parented and getppid() changes: that is the signal, immune to
# the reuse of the parent's pid.
_WATCHDOG = """
import os, signal, sys, time
parent, server = int(sys.argv[1]), int(sys.argv[2])
def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True
while alive(server) and os.getppid() == parent:
    time.sleep(0.5)
if alive(server) and os.getppid() != parent:
    os.kill(server, signal.SIGTERM)
    for _ in range(50):
        time.sleep(0.1)
        if not alive(server):
            break
    else:
        os.kill(server, signal.SIGKILL)
"""


_watchdogs: list[subprocess.Popen[bytes]] = []     # (held: not reaped while running)


def watch(server_pid: int) -> subprocess.Popen[bytes]:
    """A watchdog that stops the process `server_pid` when this process is gone."""
    dog = subprocess.Popen([sys.executable, "-I", "-S", "-c", _WATCHDOG, str(os.getpid()),
                             str(server_pid)], start_new_session=True,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _watchdogs.append(dog)
    return dog


def guard_temporary_server() -> None:
    """Every temporary server Prefect starts from here on gets a watchdog."""
    from prefect.server.api import server

    start = server.SubprocessASGIServer._run_uvicorn_command
    if getattr(start, "watched", False):
        return

    def started_and_watched(self: Any) -> subprocess.Popen[Any]:
        process = start(self)
        watch(process.pid)
        return process

    started_and_watched.watched = True  # type: ignore[attr-defined]
    server.SubprocessASGIServer._run_uvicorn_command = started_and_watched  # type: ignore[method-assign]
