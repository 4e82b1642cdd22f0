"""A renamed column's attribute reached through an association named after
its model's table, or permitted for its model's form, is high confidence
(trial s40 maybe-finance).

``Current.family.tags.new color: ...`` and ``params.require(:tag).permit(:name,
:color)`` were plain text among hundreds of CSS ``color`` words. The first is
rewritten by ``impact --diff`` as the model's own queries are; a permitted key
is marked but left (the form posts the field by that name: renaming the key
alone drops it). Oracles: ActiveRecord on PostgreSQL 15 refuses the old
attribute once the column is renamed (``ActiveModel::UnknownAttributeError``),
and ActiveModel gives each model's ``param_key``; ``git apply`` applies the patch.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json
from pg_server import PgServer
from test_impact_rails_active_record import ACL, CONFIG, SCHEMA, TRACE, USER, WHITELIST

CTRL = "app/controllers/users_controller.rb"
CONTROLLER = """\
class UsersController < ApplicationController
  def create
    a = current_account.users.new(pass_crypt: "x")
    b = current_account.users.where(pass_crypt: "x").first
    c = params.require(:user).permit(:email, :pass_crypt)
    d = params.expect(user: [:email, :pass_crypt])
    e = current_account.members.new(pass_crypt: "x")
    f = params.require(:member).permit(:pass_crypt)
  end
end
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": CONFIG,
            "whitelist.yaml": WHITELIST,
            "db/structure.sql": SCHEMA,
            "app/models/trace.rb": TRACE,
            "app/models/acl.rb": ACL,
            "app/models/user.rb": USER,
            CTRL: CONTROLLER,
        },
        monkeypatch,
    )


def test_association_and_strong_parameter_keys_are_high(repo: Path) -> None:
    report = impact_json("--min-confidence", "plain")
    found = {
        item["line"]: (item["confidence"], item["context"], bool(item["refused"]))
        for _o, item in impact_items(report)
        if item["path"] == CTRL and item["name"] == "pass_crypt"
    }
    query = ("high", "Active Record column key", True)
    permitted = ("high", "Rails strong parameters", True)
    assert found == {
        3: query,
        4: query,
        5: permitted,
        6: permitted,
        # another association, another model's form: whose attribute is not known
        7: ("plain", "text", False),
        8: ("plain", "text", False),
    }


def test_diff_renames_the_association_keys_and_leaves_the_permitted(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (repo / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "fix.patch")
    lines = (repo / CTRL).read_text(encoding="utf-8").splitlines()
    assert lines[2:8] == [
        '    a = current_account.users.new(password_digest: "x")',
        '    b = current_account.users.where(password_digest: "x").first',
        "    c = params.require(:user).permit(:email, :pass_crypt)",
        "    d = params.expect(user: [:email, :pass_crypt])",
        '    e = current_account.members.new(pass_crypt: "x")',
        "    f = params.require(:member).permit(:pass_crypt)",
    ]


_ORACLE = """\
require "active_record"
ActiveRecord::Base.establish_connection(ARGV[0])
class User < ActiveRecord::Base; end
module Admin; class UserTag < ActiveRecord::Base; end; end
puts User.model_name.param_key, Admin::UserTag.model_name.param_key
begin
  User.new(pass_crypt: "x")
rescue ActiveModel::UnknownAttributeError
  puts "unknown attribute"
end
"""


def test_the_old_attribute_is_refused_and_param_keys_are_activemodels(
    pg: PgServer, tmp_path: Path
) -> None:
    from dbnamelint.impact.railsquery import param_key

    if shutil.which("ruby") is None:
        pytest.skip("ruby is not installed")
    script = tmp_path / "oracle.rb"
    script.write_text(_ORACLE, encoding="utf-8")
    with pg.fresh_database("dbn_s40_rails_params") as db:
        pg.run(sql="CREATE TABLE users (id bigint PRIMARY KEY, password_digest text);", dbname=db)
        said = subprocess.run(
            ["ruby", str(script), pg.url(db)], capture_output=True, text=True, check=False
        )
    if "cannot load such file" in said.stderr:
        pytest.skip("activerecord or pg is not installed")
    assert said.stdout.split("\n")[:3] == [
        param_key("User"),
        param_key("Admin::UserTag"),
        "unknown attribute",
    ], said.stderr
