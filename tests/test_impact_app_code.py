"""``dbnamelint impact`` on application code that names things like columns but is not SQL.

Trial s8-t2 (fider, RuoYi). Expected values come from the frameworks' own
documentation or from running the patched code with the real tool:

- MyBatis, "Mapper XML Files" (mybatis.org/mybatis-3/sqlmap-xml.html):
  ``#{property}`` / ``${property}`` name a parameter or a property of the
  parameter object, never a column; a ``<resultMap>``'s ``<id column=...>``
  and ``<result column=...>`` name the result set's column, ``property``
  the Java property; "Dynamic SQL": ``<if>``, ``<where>``, ``<set>``,
  ``<trim prefix=...>``, ``<foreach>`` text is part of the statement.
  The patched mapper is parsed with a real XML parser and its SQL run on
  sqlite3 against the renamed table.
- sqlite3 (Python's driver, PEP 249 ``named`` paramstyle): ``:name`` is a
  parameter, bound from the dict the code passes, so renaming it breaks
  the call; the patched query runs on the renamed table.
- sqlx (github.com/jmoiron/sqlx README, "db struct tag"): a field's
  ``db:"col"`` tag names the column it scans; bun (``bun:"col,opts"``) and
  GORM (``gorm:"column:col"``) likewise; ``json:"..."`` does not. The
  patched Go file passes ``gofmt -l`` (when Go is installed).
- A JavaScript/TypeScript object literal ``{ content }`` is shorthand for
  ``{ content: content }`` (ECMAScript, object initializer): a variable,
  not SQL. ``node --check`` parses the JavaScript fixture.
- HTML text (a generated data dictionary) is prose; only ``<pre>`` holds code.
"""

from __future__ import annotations

import json
import py_compile
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, isolated_git_env, write_files
from test_impact_frameworks import _refs


@pytest.fixture
def make_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)

    def make(schema: str, whitelist: str, files: dict[str, str], dialect: str) -> Path:
        root = tmp_path / "repo"
        root.mkdir()
        write_files(
            root,
            {
                "dbnamelint.yaml": f"paths: [db]\ndialect: {dialect}\n",
                "whitelist.yaml": whitelist,
                "db/001_init.sql": schema,
                **files,
            },
        )
        init_repo(root)
        commit_all(root, "app")
        monkeypatch.chdir(root)
        return root

    return make


def _apply_diff(root: Path) -> str:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    if result.stdout:
        (root / "impact.patch").write_text(result.stdout, encoding="utf-8")
        git(root, "apply", "impact.patch")
    return result.stdout


def _whitelist(*entries: str) -> str:
    body = "".join(f"  - {{{e}, phase: '1'}}\n" for e in entries)
    return "phases:\n  - {id: '1', title: Legacy, status: open}\nentries:\n" + body


# --------------------------------------------------------------------------
# MyBatis mappers (F7, F8)
# --------------------------------------------------------------------------

SYS_USER = "CREATE TABLE sys_user (user_id int, user_name varchar(30), phonenumber varchar(11));\n"
SYS_USER_WHITELIST = _whitelist(
    "kind: table, name: sys_user, target: sys_users",
    "kind: column, name: sys_user.phonenumber, target: phone_number",
)
MAPPER = """\
<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE mapper PUBLIC "-//mybatis.org//DTD Mapper 3.0//EN" "http://mybatis.org/dtd/mybatis-3-mapper.dtd">
<mapper namespace="com.ruoyi.system.mapper.SysUserMapper">
    <resultMap type="SysUser" id="SysUserResult">
        <id     property="userId"      column="user_id"     />
        <result property="phonenumber" column="phonenumber" />
    </resultMap>
    <!-- phonenumber is unique -->
    <select id="selectUserList" parameterType="SysUser" resultMap="SysUserResult">
        select u.user_id, u.user_name,
               u.phonenumber
        from sys_user u
        where 1 = 1
        <if test="phonenumber != null and phonenumber != ''">
            AND u.phonenumber like '%' || #{phonenumber} || '%'
        </if>
        <if test="userId != null"><![CDATA[ AND u.user_id <= #{userId} ]]></if>
    </select>
    <select id="checkPhoneUnique" parameterType="String" resultMap="SysUserResult">
        select user_id, phonenumber from sys_user where phonenumber = #{phonenumber} and user_id &lt; ${maxId} limit 1
    </select>
    <update id="updateUser" parameterType="SysUser">
        update sys_user
        <set>
            <if test="phonenumber != null">phonenumber = #{phonenumber},</if>
            <if test="userName != null">user_name = #{userName}</if>
        </set>
        where user_id = #{userId}
    </update>
</mapper>
"""  # noqa: E501


def test_mybatis_parameters_are_never_columns(make_repo: Any) -> None:
    root = make_repo(SYS_USER, SYS_USER_WHITELIST, {"UserMapper.xml": MAPPER}, "mysql")
    refs = _refs(root)
    binds = [(line, col) for _p, line, col, _n, conf, ctx in refs if ctx == "bind parameter"]
    # #{phonenumber} on lines 15, 20 and 25: plain, never patched.
    assert [line for line, _ in binds] == [15, 20, 25]
    assert all(conf == "plain" for *_, conf, ctx in refs if ctx == "bind parameter")
    _apply_diff(root)
    patched = (root / "UserMapper.xml").read_text()
    assert patched.count("#{phonenumber}") == 3
    assert "#{phone_number}" not in patched


def test_mybatis_mapper_sql_elements_are_statements(make_repo: Any) -> None:
    root = make_repo(SYS_USER, SYS_USER_WHITELIST, {"UserMapper.xml": MAPPER}, "mysql")
    high = {(line, ctx) for _p, line, _c, n, conf, ctx in _refs(root) if conf == "high"}
    assert high == {
        (6, "MyBatis result column"),  # <result column="phonenumber">
        (11, "SQL (table.column)"),  # u.phonenumber on a line of its own
        (12, "SQL"),  # from sys_user u
        (15, "SQL (table.column)"),  # inside <if>
        (20, "SQL"),  # select ... where phonenumber = (and the table)
        (23, "SQL"),  # update sys_user
        (25, "SQL"),  # phonenumber = inside <set><if>
    }
    plain = {(line, ctx) for _p, line, _c, n, conf, ctx in _refs(root) if conf == "plain"}
    assert (6, "XML markup") in plain  # property="phonenumber": the Java side
    assert (14, "XML markup") in plain  # <if test="phonenumber != null ...">: OGNL
    assert (8, "XML markup") in plain  # an XML comment

    _apply_diff(root)
    doc = ET.parse(root / "UserMapper.xml").getroot()  # still well-formed XML
    result = doc.find("resultMap/result")
    assert result is not None
    assert result.attrib == {"property": "phonenumber", "column": "phone_number"}
    checks = [e for e in doc.iter("if") if e.attrib["test"].startswith("phonenumber")]
    assert len(checks) == 2  # OGNL tests on the Java property untouched

    # The patched statements run on the renamed table, parameters bound by name.
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE sys_users (user_id int, user_name text, phone_number text)")
    db.execute("INSERT INTO sys_users VALUES (1, 'admin', '15888888888')")
    statements = {e.attrib["id"]: e for e in doc if e.tag in ("select", "update")}
    unique = "".join(statements["checkPhoneUnique"].itertext())
    unique = unique.replace("#{phonenumber}", ":phonenumber").replace("${maxId}", "10")
    assert db.execute(unique, {"phonenumber": "15888888888"}).fetchall() == [(1, "15888888888")]
    listing = "".join(statements["selectUserList"].itertext())
    listing = listing.replace("#{phonenumber}", ":phonenumber").replace("#{userId}", ":userId")
    rows = db.execute(listing, {"phonenumber": "888", "userId": 5}).fetchall()
    assert rows == [(1, "admin", "15888888888")]
    update = "".join(statements["updateUser"].itertext())
    update = update.replace("#{phonenumber},", ":phonenumber,").replace("#{userName}", "'x'")
    update = update.replace("#{userId}", ":userId").replace(
        "update sys_users", "update sys_users SET", 1
    )
    db.execute(update, {"phonenumber": "1", "userId": 1})
    assert db.execute("SELECT phone_number FROM sys_users").fetchall() == [("1",)]


def test_named_bind_parameters_in_sql_strings_are_not_columns(make_repo: Any) -> None:
    code = (
        "import sqlite3\n"
        "def find(db: sqlite3.Connection, phonenumber: str) -> list[tuple[int]]:\n"
        '    sql = "SELECT user_id FROM sys_user WHERE phonenumber = :phonenumber"\n'
        '    return db.execute(sql, {"phonenumber": phonenumber}).fetchall()\n'
    )
    root = make_repo(SYS_USER, SYS_USER_WHITELIST, {"app/users.py": code}, "sqlite")
    assert (3, 62, "plain", "bind parameter") in {
        (line, col, conf, ctx) for _p, line, col, _n, conf, ctx in _refs(root)
    }
    _apply_diff(root)
    patched = (root / "app/users.py").read_text()
    assert "WHERE phone_number = :phonenumber" in patched
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE sys_users (user_id int, phone_number text)")
    db.execute("INSERT INTO sys_users VALUES (7, '158')")
    space: dict[str, Any] = {}
    exec(compile(patched, "users.py", "exec"), space)
    assert space["find"](db, "158") == [(7,)]


# --------------------------------------------------------------------------
# JavaScript / TypeScript object literals (F1)
# --------------------------------------------------------------------------

COMMENTS = "CREATE TABLE comments (id int, content text);\n"
COMMENTS_WHITELIST = _whitelist("kind: column, name: comments.content, target: body")
ACTIONS = """\
export const updateComment = (id, content) => http.put(`/api/comments/${id}`, { content }).then(http.event("comment", "update"))
export const create = (id, content) => http.post(`/api/comments/${id}`, { content, attachments: [] })
export const edit = async (id, content) => db.query("UPDATE comments SET content = $1 WHERE id = $2", [content, id])
"""  # noqa: E501


def test_object_literals_and_parameters_are_not_sql(make_repo: Any) -> None:
    root = make_repo(COMMENTS, COMMENTS_WHITELIST, {"public/actions.js": ACTIONS}, "postgres")
    refs = _refs(root)
    high = [(line, col) for _p, line, col, _n, conf, _ctx in refs if conf == "high"]
    assert high == [(3, 74)]  # only the UPDATE statement's column
    assert len(refs) == 7  # the parameters and shorthand properties: plain text
    _apply_diff(root)
    patched = (root / "public/actions.js").read_text()
    assert patched.count("{ content") == 2
    assert '"UPDATE comments SET body = $1 WHERE id = $2", [content, id]' in patched
    node = shutil.which("node")
    if node is not None:
        done = subprocess.run([node, "--check", str(root / "public/actions.js")], check=False)
        assert done.returncode == 0


# --------------------------------------------------------------------------
# Go struct tags (F2)
# --------------------------------------------------------------------------

USERS = "CREATE TABLE users (id int, avatar_type int);\n"
USERS_WHITELIST = _whitelist("kind: column, name: users.avatar_type, target: avatar_kind")
ENTITY = """\
package entities

type dbUser struct {
	ID         int `db:"id"`
	AvatarType int `db:"avatar_type"`
	Kind       int `json:"avatar_type"`
}

type bunUser struct {
	AvatarType int `bun:"avatar_type,notnull" json:"avatarType"`
	Other      int `gorm:"column:avatar_type;not null"`
}

const q = "SELECT id, avatar_type FROM users WHERE id = $1"
"""


def test_go_struct_tags_map_columns_and_are_patched_with_the_query(make_repo: Any) -> None:
    root = make_repo(USERS, USERS_WHITELIST, {"app/user.go": ENTITY}, "postgres")
    refs = {(line, conf, ctx) for _p, line, _c, _n, conf, ctx in _refs(root)}
    assert refs == {
        (5, "high", "Go struct tag db"),
        (6, "plain", "text"),  # json: the API's key, not the column
        (10, "high", "Go struct tag bun"),
        (11, "high", "Go struct tag gorm column"),
        (14, "high", "SQL"),
    }
    _apply_diff(root)
    patched = (root / "app/user.go").read_text()
    assert '`db:"avatar_kind"`' in patched
    assert '`json:"avatar_type"`' in patched
    assert '`bun:"avatar_kind,notnull" json:"avatarType"`' in patched
    assert '`gorm:"column:avatar_kind;not null"`' in patched
    assert "SELECT id, avatar_kind FROM users" in patched
    gofmt = shutil.which("gofmt")
    if gofmt is not None:
        done = subprocess.run(
            [gofmt, "-l", str(root / "app/user.go")], capture_output=True, text=True, check=False
        )
        assert (done.returncode, done.stdout) == (0, "")


# --------------------------------------------------------------------------
# HTML (F9)
# --------------------------------------------------------------------------

DICTIONARY = """\
<html><body>
<div class='card'><h4 class='card-title'>Table sys_user</h4>
<table><tr><td><a name='sys_user.phonenumber'>phonenumber</a></td></tr></table>
<a href='#sys_user.phonenumber'>phonenumber</a></div>
<pre>SELECT phonenumber FROM sys_user;</pre>
</body></html>
"""


def test_html_text_is_prose_and_pre_is_code(make_repo: Any) -> None:
    root = make_repo(SYS_USER, SYS_USER_WHITELIST, {"sql/ruoyi.html": DICTIONARY}, "mysql")
    high = {(line, ctx) for _p, line, _c, _n, conf, ctx in _refs(root) if conf == "high"}
    assert high == {(5, "SQL")}
    _apply_diff(root)
    patched = (root / "sql/ruoyi.html").read_text()
    assert "name='sys_user.phonenumber'" in patched  # the anchor and its links stay
    assert "<pre>SELECT phone_number FROM sys_users;</pre>" in patched


# --------------------------------------------------------------------------
# The text report (F5)
# --------------------------------------------------------------------------


def test_report_names_the_columns_table_and_groups_alike_columns(make_repo: Any) -> None:
    schema = (
        "CREATE TABLE posts (id int, created_on timestamp, edited_on timestamp);\n"
        "CREATE TABLE comments (id int, created_on timestamp);\n"
        "ALTER TABLE posts RENAME COLUMN created_on TO created_at;\n"
        "ALTER TABLE comments RENAME COLUMN created_on TO created_at;\n"
    )
    whitelist = _whitelist("kind: column, name: posts.edited_on, target: updated_at")
    files = {
        "app/q.go": 'package app\nconst q = "SELECT created_on FROM posts JOIN comments ON true"\n'
    }
    make_repo(schema, whitelist, files, "postgres")
    out = CliRunner().invoke(cli, ["impact"]).stdout
    assert "column created_on on 2 tables (posts, comments) -> created_at" in out
    assert "  not referenced: posts.edited_on\n" in out
    doc = json.loads(CliRunner().invoke(cli, ["impact", "--format", "json"]).stdout)
    names = sorted(o["name"] for p in doc["phases"] for o in p["objects"])
    assert len(names) == 3  # JSON keeps one object per column


# --------------------------------------------------------------------------
# Escapes and long lines (F12, F11)
# --------------------------------------------------------------------------

PINGS = "CREATE TABLE pings (id int, n int);\n"
PINGS_WHITELIST = _whitelist("kind: column, name: pings.n, target: seq")


def test_an_escape_letter_is_no_word(make_repo: Any) -> None:
    code = 'first = body.split("\\n")[0]\nrow = "\\tn"\nsql = "SELECT n FROM pings"\n'
    # Python's own reading of the literals: "\n" is one line break, no letter n.
    assert "n" not in eval('"\\n"') and eval('"\\tn"') == "\tn"
    root = make_repo(PINGS, PINGS_WHITELIST, {"hc/api.py": code}, "postgres")
    assert [(line, col, conf) for _p, line, col, _n, conf, _c in _refs(root)] == [
        (2, 10, "plain"),  # "\tn": a tab, then the word n
        (3, 15, "high"),
    ]


def test_a_long_one_line_file_is_read_whole(make_repo: Any) -> None:
    """A one-line JSON asset (healthchecks' 763 KB icon set): every value found.
    How long it takes is measured by benchmarks/bench_impact_long_lines.py."""
    # The table named in it: a one-word column's plain text counts only beside its table.
    values = ",".join(f'"k{i}":"n"' for i in range(100))
    blob = '{"table":"pings","blob":"' + "A" * 200_000 + '",' + values + "}\n"
    root = make_repo(PINGS, PINGS_WHITELIST, {"static/icons.json": blob}, "postgres")
    refs = _refs(root)
    assert len(refs) == 100
    assert {(conf, ctx) for *_, conf, ctx in refs} == {("plain", "text")}


# --------------------------------------------------------------------------
# Lists of table names (F3)
# --------------------------------------------------------------------------

TENANT = "CREATE TABLE post_votes (id int, tenant_id int);\nCREATE TABLE tags (id int);\n"
TENANT_WHITELIST = _whitelist(
    "kind: table, name: post_votes, target: votes", "kind: table, name: tags, target: labels"
)
DELETION = """\
package tenant

import "fmt"

var tenantScopedTables = []string{
	"post_votes", // per post
	"tags",
}

func backup() []string {
	out := []string{}
	for _, tableName := range []string{"post_votes", "tags"} {
		out = append(out, fmt.Sprintf("SELECT * FROM %s", tableName))
	}
	stable := []string{"tags"}
	label := map[string]string{"tags": "x"}
	return append(out, stable[0], label["tags"])
}
"""
CLEANUP = 'TABLES_TO_TRUNCATE = ("post_votes", "tags")\nwords = ["tags"]\n'


def test_table_name_lists_are_tables(make_repo: Any) -> None:
    files = {"app/tenant.go": DELETION, "tests/cleanup.py": CLEANUP}
    root = make_repo(TENANT, TENANT_WHITELIST, files, "postgres")
    high = sorted((p, line) for p, line, _c, _n, conf, ctx in _refs(root) if conf == "high")
    assert high == [
        ("app/tenant.go", 6),
        ("app/tenant.go", 7),
        ("app/tenant.go", 12),
        ("app/tenant.go", 12),
        ("tests/cleanup.py", 1),
        ("tests/cleanup.py", 1),
    ]
    _apply_diff(root)
    go = (root / "app/tenant.go").read_text()
    assert '"votes", // per post\n\t"labels",' in go
    assert 'range []string{"votes", "labels"}' in go
    assert 'stable := []string{"tags"}' in go  # not a table list
    assert (
        (root / "tests/cleanup.py")
        .read_text()
        .startswith('TABLES_TO_TRUNCATE = ("votes", "labels")')
    )
    py_compile.compile(str(root / "tests/cleanup.py"), doraise=True)
    gofmt = shutil.which("gofmt")
    if gofmt is not None:
        done = subprocess.run(
            [gofmt, "-l", str(root / "app/tenant.go")], capture_output=True, text=True, check=False
        )
        assert (done.returncode, done.stdout) == (0, "")


INCLUDING = """\
<mapper namespace="com.ruoyi.system.mapper.SysUserMapper">
    <sql id="selectUserVo">
        select u.user_id, u.user_name, u.phonenumber
        from sys_user u
    </sql>
    <select id="selectUserByPhone" parameterType="String" resultType="SysUser">
        <include refid="selectUserVo"/>
        where u.phonenumber = #{phonenumber}
    </select>
</mapper>
"""


def test_an_included_fragment_names_the_statements_table(make_repo: Any) -> None:
    root = make_repo(SYS_USER, SYS_USER_WHITELIST, {"UserMapper.xml": INCLUDING}, "mysql")
    high = {(line, ctx) for _p, line, _c, _n, conf, ctx in _refs(root) if conf == "high"}
    assert high == {(3, "SQL (table.column)"), (4, "SQL"), (8, "SQL (table.column)")}
    _apply_diff(root)
    doc = ET.parse(root / "UserMapper.xml").getroot()
    fragment = "".join(doc.find("sql").itertext())  # type: ignore[union-attr]
    select = doc.find("select")
    assert select is not None
    # MyBatis replaces <include> with the fragment's text (Mapper XML Files, "sql").
    include = select.find("include")
    assert include is not None
    statement = (select.text or "") + fragment + (include.tail or "")
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE sys_users (user_id int, user_name text, phone_number text)")
    db.execute("INSERT INTO sys_users VALUES (1, 'admin', '158')")
    query = statement.replace("#{phonenumber}", ":phonenumber")
    assert db.execute(query, {"phonenumber": "158"}).fetchall() == [(1, "admin", "158")]
