"""A sqitch change: ``deploy/``, ``revert/``, ``verify/`` scripts and a ``sqitch.plan`` line.

``sqitch add <name>`` (sqitch manual, "sqitch-add") creates
``deploy/<name>.sql``, ``revert/<name>.sql`` and ``verify/<name>.sql`` and
appends the change to the plan; sqitch deploys changes in plan order and
runs each script as it is (its templates wrap it in ``BEGIN``/``COMMIT``,
so the forward and rollback scripts keep theirs). The plan line has the
format "sqitch-plan" documents: ``<name> <timestamp> <planner name>
<<planner email>> # <note>``, the timestamp in UTC as
``YYYY-MM-DDTHH:MM:SSZ``; no dependencies (``sqitch add`` without
``--requires`` writes none). The planner is sqitch's ``user.name`` and
``user.email`` (the project's ``sqitch.conf``, else git's, as sqitch falls
back to), else ``dbnamelint``. The plan is rewritten whole with the line
appended (written only if it still reads as planned).
"""

from __future__ import annotations

import re
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.sources import SQITCH_CONF, enclosing_sqitch_plan, sqitch_plan_order
from dbnamelint.services.migrate.sqitch_verify import verify_statements

_PROJECT = lazy_compile(r"^%project=(\S+)", re.MULTILINE)
_TITLE = lazy_compile(r"^-- dbnamelint migrate: (.+)$", re.MULTILINE)
_USER = lazy_compile(r"^\s*([A-Za-z_]+)\s*=\s*(.*?)\s*$")


def sqitch_target(anchor: Path) -> tuple[Path, Path] | None:
    """``(deploy dir, plan file)`` of the sqitch project ``anchor`` deploys in, or None."""
    return enclosing_sqitch_plan(anchor.parent)


def _git(top: Path, key: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "config", key],
            cwd=top,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return value if done.returncode == 0 and value else None


def _conf(project: Path) -> dict[tuple[str, str], str]:
    """``(section, key) -> value`` of the nearest ``sqitch.conf`` at or above
    ``project`` (up to three folders), sections lower-cased; {} when none."""
    found: dict[tuple[str, str], str] = {}
    for folder in (project, *list(project.parents)[:3]):
        conf = folder / SQITCH_CONF
        if not conf.is_file():
            continue
        section = ""
        for line in conf.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip().startswith("["):
                section = line.strip().strip("[]").strip().lower()
            elif m := _USER.match(line):
                found.setdefault((section, m.group(1).lower()), m.group(2).strip('"'))
        break
    return found


def _planner(project: Path, conf: dict[tuple[str, str], str]) -> tuple[str, str]:
    """(name, email) as sqitch takes them: ``[user]`` of ``sqitch.conf``, else git's."""
    name = conf.get(("user", "name")) or _git(project, "user.name") or "dbnamelint"
    email = conf.get(("user", "email")) or _git(project, "user.email") or "dbnamelint@localhost"
    return name, email


def _verify(project: str, name: str, forward: str, engine: str) -> str:
    """The verify script: sqitch's template, with checks that the names the
    forward script gives exist (:mod:`.sqitch_verify`) where they can be built."""
    checks = verify_statements(forward, engine)
    body = (
        "-- dbnamelint: the new names and the compatibility views exist\n"
        + "\n".join(checks)
        + "\n"
        if checks
        else "-- dbnamelint: nothing this engine can check was read; add checks here\n"
    )
    return f"-- Verify {project}:{name}\n\nBEGIN;\n\n{body}\nROLLBACK;\n"


def sqitch_change(
    anchor: Path, slug: str, forward: str, rollback: str, now: datetime
) -> tuple[dict[str, str], tuple[Path, str, str]] | None:
    """The scripts of a new sqitch change and the plan's edit, or None (no project).

    Returns ``{path: text}`` of the deploy, revert and verify scripts (in
    that order) and ``(plan path, text before, text after)``. The change is
    named ``slug``, or ``slug_2``... when the plan or the deploy folder
    already has that name. Raises :class:`OSError` when the plan cannot be read.
    """
    found = sqitch_target(anchor)
    if found is None:
        return None
    deploy, plan = found
    before = plan.read_text(encoding="utf-8")
    taken = set(sqitch_plan_order(plan))
    name, n = slug, 1
    while name in taken or (deploy / f"{name}.sql").exists():
        n += 1
        name = f"{slug}_{n}"
    top = deploy.parent
    project = m.group(1) if (m := _PROJECT.search(before)) else top.name
    title = m.group(1) if (m := _TITLE.search(forward)) else slug.replace("_", " ")
    conf = _conf(top)
    planner, email = _planner(top, conf)
    stamp = now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    note = title.replace("\n", " ").replace("#", "")
    line = f"{name} {stamp} {planner} <{email}> # {note}\n"
    after = before + ("" if before.endswith("\n") or not before else "\n") + line
    scripts = {
        str(deploy / f"{name}.sql"): forward,
        str(top / "revert" / f"{name}.sql"): rollback,
        str(top / "verify" / f"{name}.sql"): _verify(
            project, name, forward, conf.get(("core", "engine"), "")
        ),
    }
    return scripts, (plan, before, after)
