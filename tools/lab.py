"""Open the book's notebooks in JupyterLab, which then never calls out (``make lab``).

JupyterLab asks the internet for Jupyter news and for newer releases. The book is read offline,
so both are off, in two places of JupyterLab's own:

* the server's options, :data:`QUIET_OPTIONS` (no news feed, no update check);
* the settings of the notification plugin, :data:`QUIET_SETTINGS`, so that JupyterLab does not
  ask whether to fetch the news. ``make lab`` writes them as the environment's default settings
  (``overrides.json``), which a reader's own settings still override.

``tests/conftest.py`` starts the JupyterLab of its checks with the same two.

Run ``python tools/lab.py [folder]`` with the environment's Python; more arguments go to JupyterLab.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

#: JupyterLab's server options that turn off the news feed and the update check.
QUIET_OPTIONS = ["--LabApp.news_url=None",
                 "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]

#: Plugin → settings: the notification plugin fetches no news and checks for no update.
QUIET_SETTINGS = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                                  "checkForUpdates": False}}


def overrides_path(prefix: Path | str = sys.prefix) -> Path:
    """Where JupyterLab reads the default settings of the environment at ``prefix``."""
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def write_overrides(prefix: Path | str = sys.prefix) -> Path:
    """Add :data:`QUIET_SETTINGS` to the environment's default settings; return their path.

    Other plugins' defaults already in the file are kept.
    """
    path = overrides_path(prefix)
    settings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for plugin, values in QUIET_SETTINGS.items():
        settings[plugin] = {**settings.get(plugin, {}), **values}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")
    return path


def command(arguments: list[str]) -> list[str]:
    """The command that starts JupyterLab, quiet, with ``arguments``."""
    return [sys.executable, "-m", "jupyterlab", *QUIET_OPTIONS, *arguments]


def main(argv: list[str] | None = None) -> None:
    write_overrides()
    start = command(sys.argv[1:] if argv is None else argv)
    os.execv(start[0], start)


if __name__ == "__main__":
    main()
