"""The gate reads the DDL a MyBatis mapper XML's statements run (trial s40 dolphinscheduler, F2).

``<update id="addCol">ALTER TABLE t_ds_user ADD COLUMN BadXmlCol int</update>``
added to a mapper passed ``check --base`` and the hook, while the same text
in ``@Update("...")`` on the mapper interface was judged. A mapper's
``<select>``, ``<insert>``, ``<update>``, ``<delete>`` and ``<sql>`` elements
are the SQL MyBatis runs (MyBatis 3, "Mapper XML Files"; ``${x}`` is put in
as text, ``#{x}`` bound as a value: "Parameters", "String Substitution"), so
their new DDL is judged as any code's DDL string: its names by the rules,
a name built from ``${x}`` as ``DBN013``. Markup, comments and ordinary
statements are not DDL, and other XML files are not mappers.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git

MAPPER = "src/main/resources/mapper/UserMapper.xml"
HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n'
    '<!DOCTYPE mapper PUBLIC "-//mybatis.org//DTD Mapper 3.0//EN" '
    '"http://mybatis.org/dtd/mybatis-3-mapper.dtd">\n'
    '<mapper namespace="org.example.UserMapper">\n'
    '    <select id="byName" resultType="User">\n'
    "        select * from t_users where user_name = #{name}\n"
    "    </select>\n"
)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _project(root: Path) -> None:
    (root / "db").mkdir()
    (root / "db" / "001_init.sql").write_text(
        "CREATE TABLE t_users (id int PRIMARY KEY, user_name varchar(64));\n", encoding="utf-8"
    )
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mysql\n", "utf-8")
    (root / MAPPER).parent.mkdir(parents=True)
    (root / MAPPER).write_text(HEAD + "</mapper>\n", encoding="utf-8")
    (root / "pom.xml").write_text("<project><!-- ALTER TABLE x ADD COLUMN Y --></project>\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")


def _change(root: Path, elements: str) -> None:
    (root / MAPPER).write_text(HEAD + elements + "</mapper>\n", encoding="utf-8")
    git(root, "add", "-A")


def test_a_bad_name_in_a_mapper_statement_is_refused(git_project: Path) -> None:
    _project(git_project)
    _change(
        git_project,
        '    <update id="addCol">\n'
        "        ALTER TABLE t_users ADD COLUMN BadXmlCol int\n"
        "    </update>\n",
    )
    for command in (("check", "--base", "HEAD"), ("check", "--pre-commit")):
        code, out = _run(*command)
        assert code == 1, out
        assert (
            f"{MAPPER}:8:40: DBN201 column \"t_users.BadXmlCol\": column name 'BadXmlCol' "
            "is not snake_case" in out
        ), out


def test_a_name_mybatis_substitutes_is_dynamic_ddl(git_project: Path) -> None:
    _project(git_project)
    _change(
        git_project,
        '    <update id="make">\n'
        "        <![CDATA[ CREATE TABLE ${name}_archive (id int) ]]>\n"
        "    </update>\n",
    )
    code, out = _run("check", "--base", "HEAD")
    assert code == 1, out
    assert f"{MAPPER}:8:" in out and "DBN013 error" in out, out


def test_compliant_ddl_and_ordinary_statements_pass(git_project: Path) -> None:
    _project(git_project)
    (git_project / "pom.xml").write_text(
        "<project><!-- ALTER TABLE x ADD COLUMN Zz --></project>\n"
    )
    _change(
        git_project,
        '    <update id="addCol">ALTER TABLE t_users ADD COLUMN last_seen int</update>\n'
        '    <select id="recent" resultType="User">\n'
        "        select * from t_users\n"
        "        <where>\n"
        '            <if test="since != null">id &gt; #{since}</if>\n'
        "        </where>\n"
        "    </select>\n"
        '    <insert id="add">\n'
        "        insert into t_users (id, user_name) values (#{id}, #{name})\n"
        "    </insert>\n",
    )
    code, out = _run("check", "--base", "HEAD")
    assert code == 0, out
