"""Build hook: pack the repository's curated data (``data/``) into the wheel as ``alliances/data``.

The top-level ``data/`` folder is the single source of the curated CSV files and of their schemas
(``data/schemas.yml``). An editable install reads it in place; a wheel (``pip install .``, the
course pack, Colab) carries a copy made here, which :mod:`alliances.curated` reads with
:mod:`importlib.resources`. Everything else about the
package is declared in ``pyproject.toml``.

The install also writes JupyterLab's default settings for the environment
(``share/jupyter/lab/settings/overrides.json``, from ``lib/alliances/static/overrides.json``):
JupyterLab saves the widgets' state in a notebook, so that a reopened notebook shows the formula
explorer as it was left (sliders, verdict and chart), even with no kernel. A reader's own settings
still override it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA = Path(__file__).resolve().parent / "data"


class BuildWithData(build_py):
    """``build_py`` that also copies ``data/*.csv``, the schemas and the README into the package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "alliances" / "data"
        target.mkdir(parents=True, exist_ok=True)
        for source in sorted(DATA.glob("*.csv")) + [DATA / "schemas.yml", DATA / "README.md"]:
            shutil.copy2(source, target / source.name)


setup(cmdclass={"build_py": BuildWithData},
      data_files=[("share/jupyter/lab/settings", ["lib/alliances/static/overrides.json"])])
