"""Growth per doubling of ``check`` on a Django project's migrations.

A Django migration is read as the SQL Django runs for it, which asks many
readers about the same file: they must stay linear in the number of
migrations and in each migration's size. Two faults made them not: a
search of the whole file for ``name.format(`` per string literal given a
name (``name="..."`` of every field: quadratic in a file's size), and
each reader parsing and walking the file again. On a 127-migration project
(trial s42, makeplane/plane) ``check --no-cache`` took 21.0 s of CPU
before and 6.5 s after, the same output byte for byte.

Generates an app of N migrations (each adds a model of F fields, a
foreign key to the one before and an index) and prints the median CPU
seconds of ``check --format json --no-cache`` at N/2 and N migrations of F
fields, and at N migrations of F/2 and F fields, start-up (an app of one
migration of one field) subtracted, and each growth per doubling. Nothing
is asserted. Run: ``python benchmarks/bench_django.py [--repeat 5]
[--migrations 120] [--fields 60]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_table import alternate, cpu_of


def migration(number: int, fields: int) -> str:
    """The Django migration ``number`` (1-based) adding model ``Thing<number>``."""
    depends = f'[("shop", "{number - 1:04d}_thing{number - 1}")]' if number > 1 else "[]"
    lines = [
        "from django.db import migrations, models",
        "import django.db.models.deletion",
        "",
        "",
        "class Migration(migrations.Migration):",
        f"    dependencies = {depends}",
        "",
        "    operations = [",
        "        migrations.CreateModel(",
        f'            name="Thing{number}",',
        "            fields=[",
        '                ("id", models.BigAutoField(primary_key=True, serialize=False)),',
    ]
    for f in range(fields):
        lines.append(
            f'                ("field_{f}", models.CharField(max_length=64, default="x", '
            f'help_text="Field {f}", verbose_name="field {f}")),'
        )
    if number > 1:
        lines.append(
            f'                ("previous", models.ForeignKey(to="shop.thing{number - 1}", '
            "on_delete=django.db.models.deletion.CASCADE)),"
        )
    lines += [
        "            ],",
        "        ),",
        "        migrations.AddIndex(",
        f'            model_name="thing{number}",',
        f'            index=models.Index(fields=["field_0"], name="thing{number}_field_0_idx"),',
        "        ),",
        "    ]",
        "",
    ]
    return "\n".join(lines)


def django_app(root: Path, migrations: int, fields: int) -> None:
    """An app ``shop`` of ``migrations`` migrations under ``root``, with a config."""
    folder = root / "shop" / "migrations"
    folder.mkdir(parents=True)
    (root / "shop" / "__init__.py").write_text("", encoding="utf-8")
    (folder / "__init__.py").write_text("", encoding="utf-8")
    for n in range(1, migrations + 1):
        text = migration(n, fields)
        (folder / f"{n:04d}_thing{n}.py").write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(
        "dialect: postgres\npaths: [shop/migrations]\n", encoding="utf-8"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs per command (median)")
    ap.add_argument("--migrations", type=int, default=120, help="migrations of the larger app")
    ap.add_argument("--fields", type=int, default=60, help="fields of each migration's model")
    args = ap.parse_args()
    exe = shutil.which("dbnamelint", path=str(Path(sys.executable).parent))
    ours = [exe] if exe else [sys.executable, "-m", "dbnamelint.cli"]
    tmp = Path(tempfile.mkdtemp(prefix="dbnamelint-django-"))
    env = {**os.environ, "DBNAMELINT_CACHE_DIR": str(tmp / ".cache")}
    m, f = args.migrations, args.fields
    sizes = {"one": (1, 1), "half": (m // 2, f), "full": (m, f), "thin": (m, f // 2)}
    runs = {}
    for label, (migrations, fields) in sizes.items():
        folder = tmp / label
        django_app(folder, migrations, fields)
        cmd = [*ours, "check", "--format", "json", "--no-cache"]
        runs[label] = lambda cmd=cmd, folder=folder: cpu_of(cmd, folder, env)
    t = alternate(args.repeat, runs)
    start = t.medians["one"]
    by_count = (t.medians["full"] - start) / (t.medians["half"] - start)
    by_size = (t.medians["full"] - start) / (t.medians["thin"] - start)
    print(f"CPU seconds per process, median of {args.repeat}, alternated; start-up {start:.3f} s")
    print("| case | smaller | larger | growth | target |")
    print("|---|---|---|---|---|")
    for case, small, growth in (
        (f"{m // 2} -> {m} migrations of {f} fields", "half", by_count),
        (f"{m} migrations of {f // 2} -> {f} fields", "thin", by_size),
    ):
        verdict = "meets" if growth <= 2.1 else "MISSES"
        print(
            f"| `check`, {case} | {t.medians[small]:.3f} s | {t.medians['full']:.3f} s "
            f"| {growth:.2f} | ≤ 2.1 ({verdict}) |"
        )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
