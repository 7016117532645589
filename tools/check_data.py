"""Check every data file the book reads, in a few seconds, before anything is built (`make check-data`).

* the curated CSV files in ``data/``, against their schemas in ``data/schemas.yml`` and their
  loaders' rules (``alliances.curated.check_all``): one line per problem, as
  ``file:line:field: message``, where ``line`` is the file's physical line (the header is line 1);
* the open datasets, where they are kept (the mirror named by ``ALLIANCES_DATA_DIR``, else the
  download cache): a missing mirror or file, and a file whose sha256 is not the pinned one.

Every problem is printed in one run; the exit status is 1 if there is any, else 0.

Usage: ``python tools/check_data.py``
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

from alliances import curated, datasets


def dataset_problems() -> list[str]:
    """Plain messages for the open datasets: a missing mirror or file, or a wrong sha256."""
    mirror = datasets.data_dir()
    if mirror is not None and not mirror.is_dir():
        return [f"{mirror}: the mirror of the open datasets is missing "
                f"(${datasets.DATA_DIR_ENV} names it); create it or unset the variable"]
    folder = mirror or datasets.cache_dir()
    problems = []
    for entry in datasets.REGISTRY.values():
        file = folder / entry.filename
        if not file.is_file():
            if mirror is not None:
                problems.append(f"{file}: missing from the mirror; download it from {entry.url}")
            continue                    # not downloaded yet: the library fetches it on first use
        actual = hashlib.sha256(file.read_bytes()).hexdigest()
        if actual != entry.sha256:
            problems.append(f"{file}: sha256 {actual} is not the pinned {entry.sha256} of dataset "
                            f"{entry.name!r}; replace it with an unmodified copy from {entry.url}")
    return problems


def main() -> int:
    start = time.perf_counter()
    problems = [str(problem) for problem in curated.check_all()] + dataset_problems()
    for line in problems:
        print(line)
    seconds = time.perf_counter() - start
    where = Path(curated.curated_dir())
    if problems:
        print(f"check-data: {len(problems)} problem(s) in the data ({where}); the first lines "
              f"say where ({seconds:.1f} s).", file=sys.stderr)
        return 1
    print(f"check-data: {len(curated.SCHEMAS)} curated files and {len(datasets.REGISTRY)} open "
          f"datasets checked, no problem ({seconds:.1f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
