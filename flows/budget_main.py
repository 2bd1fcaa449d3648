"""Preloaded by the parse fork server: makes its `__main__` look like the parent's.

multiprocessing prepares each child by re-running the parent's main script, unless the
process it forks from already has that main. The parent's main is the flopwatch command,
or in a Prefect worker all of Prefect's engine: over a second per parse. The parse child
runs only `flows.budget._child`, so the fork server just takes on the main's name.
"""

import os
import sys
import types

_main = sys.modules["__main__"]
if path := os.environ.get("FLOPWATCH_PARSE_PARENT_MAIN_PATH"):
    _main.__file__ = path
if name := os.environ.get("FLOPWATCH_PARSE_PARENT_MAIN_NAME"):
    _main.__spec__ = types.SimpleNamespace(name=name)  # type: ignore[assignment]
