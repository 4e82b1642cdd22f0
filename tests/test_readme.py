"""The README's examples are real: its config and whitelist snippets load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dbnamelint.config import load_settings
from dbnamelint.whitelist import parse_whitelist

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def yaml_block_after(heading: str) -> str:
    section = README.split(heading, 1)[1]
    match = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert match, f"no yaml block after {heading!r}"
    return match.group(1)


def test_configuration_example_loads(tmp_path: Path) -> None:
    text = yaml_block_after("## Configuration\n")
    # the local rules module it names is the reader's own file
    text = "\n".join(line for line in text.splitlines() if not line.startswith("local_rules"))
    (tmp_path / "dbnamelint.yaml").write_text(text, encoding="utf-8")
    settings = load_settings(tmp_path)
    codes = {rule.code for rule, _ in settings.rules}
    assert "DBN105" not in codes  # switched off in the example
    assert "DBN504" in codes
    assert settings.modules["access"] == ("access_", "user_")


def test_whitelist_example_parses() -> None:
    text = yaml_block_after("## The whitelist\n")
    whitelist = parse_whitelist(text, "README.md", None)
    (entry,) = whitelist.entries
    assert (entry.name, entry.phase, entry.target) == ("sys_idp_config", "1", "access_cfg_sys_idp")


@pytest.mark.parametrize(
    "command",
    [
        "python -m pip install . && dbnamelint check",
        "python -m pip install -e '.[test]' && python -m pytest",
    ],
)
def test_quick_start_commands_are_the_ci_ones(command: str) -> None:
    assert command in README
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    if "pytest" in command:
        assert command in ci  # CI runs exactly the README's test command
