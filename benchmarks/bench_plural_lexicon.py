"""Start-up cost of the word-class lexicon (lemminflect) that DBN105 uses.

Runs ``dbnamelint check`` in fresh interpreters on two one-file trees: one
whose table names all end in a plural-looking word (the lexicon is never
loaded) and one with singular names (the lexicon is loaded once), plus
``python -c "import lemminflect"`` as the peer. Prints median wall times
and the ratios; nothing is asserted. Run:
``PYTHONPATH=src python benchmarks/bench_plural_lexicon.py``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5


def _tree(root: Path, names: list[str]) -> Path:
    root.mkdir()
    (root / "dbnamelint.yaml").write_text("extends: recommended\n", encoding="utf-8")
    sql = "".join(f"CREATE TABLE {n} (id int);\n" for n in names)
    (root / "schema.sql").write_text(sql, encoding="utf-8")
    return root


def _time(args: list[str], cwd: Path) -> float:
    env = dict(os.environ, NO_COLOR="1")
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(args, cwd=cwd, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plural = _tree(Path(tmp) / "plural", ["users", "orders", "invoice_lines"])
        singular = _tree(Path(tmp) / "singular", ["user_account", "order", "invoice_line"])
        check = [sys.executable, "-m", "dbnamelint.cli", "check"]
        t_plural = _time(check, plural)
        t_singular = _time(check, singular)
        t_import = _time(
            [sys.executable, "-c", "import lemminflect; lemminflect.getAllLemmas('x')"], plural
        )
        t_python = _time([sys.executable, "-c", "pass"], plural)
    print(f"check, plural names (no lexicon):  {t_plural:.3f} s")
    print(f"check, singular names (lexicon):   {t_singular:.3f} s  ({t_singular / t_plural:.2f}x)")
    print(f"peer: import + load lemminflect:   {t_import - t_python:.3f} s over bare python")


if __name__ == "__main__":
    main()
