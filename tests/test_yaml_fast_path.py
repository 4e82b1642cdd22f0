"""YAML read through libyaml gives what PyYAML's pure-Python parser gives.

:func:`dbnamelint.config.yamlsafe.compose` parses with libyaml when PyYAML
has it (whitelists of hundreds of entries, read once per commit by
``burndown``). The oracle is PyYAML's own pure-Python loader: the same
nodes (tags, values, start marks, and the end marks and flow styles the
whitelist writers read), and for refused input the same located error.

Two differences are known and left out of the comparison, because no code
reads them: libyaml ends a *block* collection on the next line when the
file has no final newline (PyYAML: at the end of the last line), and marks
an indentless sequence ``flow_style=False`` where PyYAML says None (both
read as "block").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from dbnamelint.config import yamlsafe

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(yamlsafe.CParser is None, reason="PyYAML built without libyaml")

DOCUMENTS = [
    "",
    "# only a comment\n",
    "paths: [db]\n",
    "paths: db\n",
    "a: 1\nb: [1, 2, {c: d}]\n",
    'entries:\n  - kind: table\n    name: "UserAccounts"\n    rules: [DBN101]\n',
    'entries:\n- kind: column\n  name: \'a."B"\'\n  phase: "1"\n',
    "entries: []\nphases: []\n",
    "x: |\n  line one\n  line two\ny: >-\n  folded\n  text\n",
    "base: &b {kind: table, rules: all}\nentries:\n  - <<: *b\n    name: t\n",
    "a: 2026-01-02\nb: 1e3\nc: 0o17\nd: ~\ne: yes\nf: .nan\n",
    'clé: café\nnom: "Ünïcödé"\nbig\u0131nt: 1\n',
    "a: 1\r\nb:\r\n  - x\r\n  - y\r\n",
    "---\na: 1\n...\n",
    "a:   \n  - 1   # trailing\n\n\n  - 2\n",
    "? [complex, key]\n: value\n",
    "a: 'it''s'\nb: \"esc\\t\\u00e9\"\n",
    "no final newline: true",
    "entries: []",
    "entries: [{kind: table, name: t}]",
    "x: |+\n  kept\n\n",
    "\ufeffa: 1\n",
    # refused or invalid: the error must be PyYAML's, at PyYAML's place
    "a: [1, 2\n",
    "a: b: c\n",
    "a: 1\n a: 2\n",
    "a: 1\n---\nb: 2\n",
    "key: \x07bell\n",
    'x: "unterminated\n',
    "a: *nowhere\n",
    "\tindented: tab\n",
    "a: !!python/object:os.system x\n",
    "a: &a [*a]\n",
    "lol: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"l{i}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(7)),
    "[" * 500 + "]" * 500 + "\n",
    "a:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(150)) + "  " * 152 + "v\n",
]


def _walk(node: yaml.Node | None) -> list[tuple[Any, ...]]:
    if node is None:
        return []
    out: list[tuple[Any, ...]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        flow = bool(getattr(current, "flow_style", False))
        ends = isinstance(current, yaml.ScalarNode) or flow  # writers read these ends only
        end = (current.end_mark.line, current.end_mark.column) if ends else None
        out.append(
            (
                type(current).__name__,
                current.tag,
                current.value if isinstance(current, yaml.ScalarNode) else None,
                flow,
                (current.start_mark.line, current.start_mark.column),
                end,
            )
        )
        if isinstance(current, yaml.SequenceNode):
            stack += reversed(current.value)
        elif isinstance(current, yaml.MappingNode):
            stack += [n for pair in reversed(current.value) for n in reversed(pair)]
    return out


def _outcome(text: str) -> tuple[str, Any, Any]:
    """("ok", nodes, data) or ("error", located message, None) from yamlsafe."""
    try:
        node, loader = yamlsafe.compose(text)
    except yamlsafe.SafeYamlError as exc:
        return "error", str(exc), None
    try:
        nodes = _walk(node)
        try:
            data = yamlsafe.construct(loader, node)
        except yamlsafe.SafeYamlError as exc:
            return "error", str(exc), None
    finally:
        loader.dispose()
    return "ok", nodes, repr(data)


def _pure(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Any, Any]:
    with monkeypatch.context() as patch:
        patch.setattr(yamlsafe, "CParser", None)
        return _outcome(text)


@pytest.mark.parametrize("text", DOCUMENTS)
def test_same_nodes_data_and_errors_as_pure_python(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _outcome(text) == _pure(text, monkeypatch)


def test_every_yaml_file_of_the_project_reads_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [
        p
        for pattern in ("*.yaml", "*.yml")
        for p in REPO.rglob(pattern)
        if ".venv" not in p.parts and "node_modules" not in p.parts
    ]
    assert len(paths) > 5
    for path in paths:
        text = Path(path).read_text(encoding="utf-8-sig")
        assert _outcome(text) == _pure(text, monkeypatch), path


def test_the_fast_path_is_taken_for_a_plain_document() -> None:
    # a regression to the slow path would still pass the comparisons above
    node, loader = yamlsafe.compose("entries:\n  - kind: table\n    name: t\n")
    loader.dispose()
    assert node is not None
    assert not isinstance(loader, yaml.SafeLoader)


def test_a_large_generated_whitelist_reads_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["phases:", '  - {id: "1", title: First, status: open}', "entries:"]
    for i in range(800):
        name = f"'\"T{i}\".col_{i}'" if i % 3 == 0 else f"t{i}.col_{i}"
        lines += [
            "  - kind: column",
            f"    name: {name}",
            f"    rules: [DBN{200 + i % 7}]",
            '    phase: "1"',
            f"    target: c{i}  # comment {i}",
        ]
    text = "\n".join(lines) + "\n"
    fast = _outcome(text)
    assert fast[0] == "ok"
    assert fast == _pure(text, monkeypatch)
