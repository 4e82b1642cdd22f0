"""A migrate phase as a new Alembic revision (``--write`` in an Alembic project).

The revision goes into the versions folder of the chain that made the
renamed tables (the anchor's folder): ``revision`` a random 12-hex id, as
``alembic revision`` makes one (``uuid4().hex[-12:]``), ``down_revision``
the chain's single head (the revision no other one names as its
``down_revision``; several heads are refused, as Alembic's "Multiple heads"
is), ``upgrade()`` running the forward script's statements with one
``op.execute`` each and ``downgrade()`` the rollback's. Alembic runs the
revision in the transaction its ``env.py`` opens, so the scripts carry no
BEGIN/COMMIT (:data:`.layout._OWN_TRANSACTION`).

The file is named as ``alembic.ini``'s ``file_template`` says (default
``%(rev)s_%(slug)s``); a template with tokens other than the common ones
falls back to the default, and a note says so.
"""

from __future__ import annotations

import ast
import configparser
import re
import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from msgspec import Struct

from dbnamelint.services.migrate.code_script import python_string, statements

#: Alembic's default ``file_template`` (``alembic/config.py``).
DEFAULT_TEMPLATE = "%(rev)s_%(slug)s"
#: Alembic's slug: the message's words joined by ``_``, at most 40 characters
#: (``truncate_slug_length``'s default), cut at a word.
_SLUG_LENGTH = 40
_TOKEN = re.compile(r"%\((\w+)\)[-+ #0]*\d*(?:\.\d+)?[sd]")


class AlembicError(Exception):
    """The new revision cannot be placed (several heads, an id not read)."""


class Revision(Struct, frozen=True):
    """The revision to write: its path, text, and a note (a template not followed)."""

    path: Path
    text: str
    note: str | None


def heads(folder: Path) -> list[str]:
    """The revision ids of ``folder``'s ``*.py`` revisions no other one names
    as its ``down_revision`` (a merge names several). Raises
    :class:`AlembicError` for a revision whose ids cannot be read or that
    names ``depends_on``/``branch_labels`` (branches: not decided here)."""
    from dbnamelint.code_migrations import alembic_ids

    ids: list[str] = []
    named: set[str] = set()
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith(("_", "~")):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found = alembic_ids(text)
        if found is None:
            raise AlembicError(
                f"{path}: its revision and down_revision cannot be read, so the chain's "
                "head is unknown; write the revision with `alembic revision` and paste the "
                "SQL into it"
            )
        if _branched(text):
            raise AlembicError(
                f"{path}: sets branch_labels or depends_on; --write does not decide which "
                "branch a new revision belongs to: write it with `alembic revision "
                "--head <branch>@head` and paste the SQL into it"
            )
        ids.append(found[0])
        named.update(found[1])
    return [i for i in ids if i not in named]


def _branched(text: str) -> bool:
    """Whether a revision's module sets ``branch_labels`` or ``depends_on`` to
    anything but None (or one it cannot read: a name, a call)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return False  # its ids were read from the text before its first def
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in ("branch_labels", "depends_on"):
            empty = isinstance(value, ast.Constant) and value.value is None
            if not empty and not (isinstance(value, ast.Tuple | ast.List) and not value.elts):
                return True
    return False


def alembic_ini(folder: Path) -> Path | None:
    """The ``alembic.ini`` above the versions ``folder`` (nearest first)."""
    for parent in (folder, *folder.parents):
        ini = parent / "alembic.ini"
        if ini.is_file():
            return ini
    return None


def file_template(folder: Path) -> str | None:
    """``file_template`` of the ``[alembic]`` section of the nearest ``alembic.ini``."""
    ini = alembic_ini(folder)
    if ini is None:
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(ini, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return None
    value = parser.get("alembic", "file_template", fallback=None)
    # alembic.ini escapes % as %% (ConfigParser's interpolation)
    return value.replace("%%", "%").strip() if value else None


def template_note(folder: Path) -> str | None:
    """What to say when ``folder``'s ``alembic.ini`` sets a ``file_template``
    whose tokens are not followed (the default name is used instead)."""
    now = datetime(2000, 1, 1)
    return file_name(file_template(folder), "0" * 12, "x", now)[1]


def slug_of(message: str) -> str:
    """Alembic's slug of ``message`` (``Script._rev_path``): its words, ``_``-joined, cut at 40."""
    words = re.findall(r"\w+", message.lower())
    slug = "_".join(words)
    if len(slug) > _SLUG_LENGTH:
        slug = slug[:_SLUG_LENGTH].rsplit("_", 1)[0] + "_"
    return slug


def file_name(template: str | None, rev: str, slug: str, now: datetime) -> tuple[str, str | None]:
    """The file name ``template`` gives, and a note when it falls back to the default."""
    values: dict[str, str | int] = {
        "rev": rev,
        "slug": slug,
        "year": now.year,
        "month": now.month,
        "day": now.day,
        "hour": now.hour,
        "minute": now.minute,
        "second": now.second,
        "epoch": int(now.timestamp()),
    }
    if template is None:
        return f"{DEFAULT_TEMPLATE % values}.py", None
    tokens = [m.group(1) for m in _TOKEN.finditer(template)]
    rest = _TOKEN.sub("", template)
    if "rev" in tokens and all(t in values for t in tokens) and "%" not in rest:
        try:
            return f"{template % values}.py", None
        except (TypeError, ValueError, KeyError):
            pass
    note = (
        f"alembic.ini's file_template {template!r} uses tokens dbnamelint does not follow; "
        f"the revision is named as Alembic's default {DEFAULT_TEMPLATE!r}"
    )
    return f"{DEFAULT_TEMPLATE % values}.py", note


#: What SQLAlchemy's ``text()`` (which ``op.execute`` wraps a string in) takes
#: for a bind parameter (``TextClause._bind_params_regex``): a ``:name`` in a
#: string literal or a quoted name would become ``%(name)s``.
_BIND = re.compile(r"(?<![:\w\\]):(\w+)(?!:)")


def _escaped(sql: str) -> str:
    """``sql`` with each colon text() would take for a bind parameter escaped
    (``\\:``, which text() turns back into a colon)."""
    return _BIND.sub(lambda m: "\\:" + m.group(1), sql)


def _body(sqls: Sequence[str]) -> str:
    if not sqls:
        return "    pass\n"
    return "".join(f"    op.execute({python_string(_escaped(s))})\n" for s in sqls)


def revision(
    folder: Path,
    message: str,
    forward: str,
    rollback: str | None,
    *,
    dialect: str | None,
    now: datetime,
    rev: str | None = None,
) -> Revision:
    """The new revision after ``folder``'s single head. Raises :class:`AlembicError`."""
    tops = heads(folder)
    if len(tops) > 1:
        raise AlembicError(
            f"{folder}: Multiple heads are present ({', '.join(sorted(tops))}); merge them "
            "first (alembic merge heads), then run --write again"
        )
    down = tops[0] if tops else None
    rev = rev or uuid.uuid4().hex[-12:]
    name, note = file_name(file_template(folder), rev, slug_of(message), now)
    ups = statements(forward, dialect)
    downs = statements(rollback, dialect) if rollback else []
    text = (
        f'"""{message}\n\n'
        "Written by dbnamelint migrate: upgrade() runs the script's statements,\n"
        "downgrade() its rollback's.\n\n"
        f"Revision ID: {rev}\nRevises: {down or ''}\n"
        f'Create Date: {now.isoformat(sep=" ")}\n"""\n\n'
        "from alembic import op\n\n"
        f"revision = {rev!r}\n"
        f"down_revision = {down!r}\n"
        "branch_labels = None\n"
        "depends_on = None\n\n\n"
        f"def upgrade() -> None:\n{_body(ups)}\n\n"
        f"def downgrade() -> None:\n{_body(downs)}"
    )
    return Revision(folder / name, text, note)
