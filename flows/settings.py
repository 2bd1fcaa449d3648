"""Configuration from FLOPWATCH_* environment variables, read once per run."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CATEGORIES = ("cs.LG", "cs.CV", "cs.CL", "cs.AI", "cs.NE", "stat.ML")
ARXIV_API_URL = "https://export.arxiv.org/api/query"
# arXiv's archives (https://arxiv.org/category_taxonomy): a category is one of them, alone
# or with a subject class ("cs.LG", "astro-ph.CO", "cond-mat.stat-mech", "hep-th")
ARXIV_ARCHIVES = ("astro-ph", "cond-mat", "cs", "econ", "eess", "gr-qc", "hep-ex", "hep-lat",
                  "hep-ph", "hep-th", "math", "math-ph", "nlin", "nucl-ex", "nucl-th",
                  "physics", "q-bio", "q-fin", "quant-ph", "stat")
_CATEGORY = re.compile(r"(?P<archive>[a-z-]+)(\.(?P<subject>[A-Za-z-]+))?")
# archives whose subject classes are two capitals ("cs.LG"); the others' are not ("hep-th")
_CAPITAL_CLASSES = {"cs", "econ", "eess", "math", "q-bio", "q-fin", "stat"}


def arxiv_category(value: str) -> str:
    """The category as arXiv spells it, or SettingsError naming the archives."""
    m = _CATEGORY.fullmatch(value.strip())
    archive, subject = (m["archive"], m["subject"]) if m else ("", None)
    if archive not in ARXIV_ARCHIVES or (subject and archive in _CAPITAL_CLASSES
                                         and not re.fullmatch(r"[A-Z]{2}", subject)):
        raise SettingsError(f"{value!r} is no arXiv category (e.g. cs.LG, stat.ML, "
                            f"astro-ph.CO; archives: {', '.join(ARXIV_ARCHIVES)})")
    return value.strip()


class SettingsError(ValueError):
    """An environment variable has a value flopwatch cannot use."""


def _float(name: str, default: float, positive: bool = False) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a number") from None
    if value < 0 or (positive and value == 0):
        raise SettingsError(f"{name}={raw!r} must be more than 0" if positive else
                            f"{name}={raw!r} must not be negative")
    return value


def db_path_from_env() -> Path:
    """The warehouse's path (FLOPWATCH_DB): all a command that only reads it needs, so
    that it does not fail on a variable it never uses."""
    return Path(os.environ.get("FLOPWATCH_DB") or "flopwatch.duckdb").expanduser()


def _folder(name: str) -> Path | None:
    raw = os.environ.get(name)
    if not raw:
        return None
    path = Path(raw).expanduser()
    if not path.is_dir():
        raise SettingsError(f"{name}={raw!r} is not a folder")
    return path


@dataclass(frozen=True)
class Settings:
    db_path: Path
    cache_dir: Path
    api_url: str
    delay_seconds: float         # between requests to arXiv (API and PDFs): arXiv asks for 3 s
    timeout_seconds: float       # per HTTP request
    retries: int                 # per request, after the first try
    backoff_seconds: float       # first retry's wait; doubles each time
    max_pdf_bytes: int
    overlap_days: float          # nightly windows start this far before the last covered end
    page_size: int
    parse_seconds: float         # per-paper parse budget (time)
    parse_memory_mb: int         # per-paper parse budget (address space)
    max_pages: int               # longer PDFs are refused
    pdf_mirror: Path | None = None   # a local copy of arXiv's PDFs, laid out like the cache
    corrections: Path | None = None  # the user's corrections file (FLOPWATCH_CORRECTIONS)
    # papers per parse batch: each batch is a task run (nightly) and a forked child, which
    # costs 30-55 ms before its first paper is read (a paper about 80)
    parse_batch: int = 16

    @classmethod
    def from_env(cls) -> Settings:
        db = db_path_from_env()
        cache = os.environ.get("FLOPWATCH_CACHE_DIR")
        cache_dir = Path(cache).expanduser() if cache else db.parent / "flopwatch-cache"
        return cls(
            db_path=db,
            cache_dir=cache_dir,
            api_url=os.environ.get("FLOPWATCH_ARXIV_API_URL") or ARXIV_API_URL,
            delay_seconds=_float("FLOPWATCH_ARXIV_DELAY", 3.0),
            timeout_seconds=_float("FLOPWATCH_HTTP_TIMEOUT", 30.0, positive=True),
            retries=int(_float("FLOPWATCH_HTTP_RETRIES", 4)),
            backoff_seconds=_float("FLOPWATCH_HTTP_BACKOFF", 5.0),
            max_pdf_bytes=int(_float("FLOPWATCH_MAX_PDF_MB", 100) * 1024 * 1024),
            overlap_days=_float("FLOPWATCH_OVERLAP_DAYS", 3.0),
            page_size=max(1, int(_float("FLOPWATCH_PAGE_SIZE", 100))),
            parse_seconds=_float("FLOPWATCH_PARSE_SECONDS", 120.0) or 120.0,
            parse_memory_mb=int(_float("FLOPWATCH_PARSE_MEMORY_MB", 2048)),
            max_pages=int(_float("FLOPWATCH_MAX_PAGES", 500)),
            pdf_mirror=_folder("FLOPWATCH_PDF_MIRROR"),
            corrections=Path(os.environ.get("FLOPWATCH_CORRECTIONS")
                             or db.parent / "corrections.csv").expanduser(),
            parse_batch=max(1, int(_float("FLOPWATCH_PARSE_BATCH", 16))),
        )
