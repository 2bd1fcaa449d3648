"""`pip install .` installs one package, flopwatch, with every sub-package and data file."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def _packages_on_disk() -> set[str]:
    found = set()
    for package, folder in SETUPTOOLS["package-dir"].items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder)
            found.add(".".join([package, *rel.parts]))
    return found


def test_every_package_folder_is_installed():
    missing = _packages_on_disk() - set(SETUPTOOLS["packages"])
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"


def test_only_flopwatch_goes_into_site_packages():
    assert {p.split(".")[0] for p in SETUPTOOLS["packages"]} == {"flopwatch"}
    assert all(p == "flopwatch" or p.startswith("flopwatch.") for p in SETUPTOOLS["package-dir"])


def test_data_files_are_installed_with_their_packages():
    data = SETUPTOOLS["package-data"]["*"]
    suffixes = {p.suffix for folder in ("extractors", "warehouse", "flopwatch")
                for p in (ROOT / folder).rglob("*") if p.is_file()
                and "__pycache__" not in p.parts and p.suffix not in {".py", ".pyc"}}
    assert {f"*{s}" for s in suffixes} <= set(data), suffixes
