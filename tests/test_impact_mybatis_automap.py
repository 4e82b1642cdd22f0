"""``impact --diff`` on MyBatis selects whose result columns are auto-mapped. Trial s8-t3 F15.

Oracles: MyBatis documentation ("Mapper XML Files: Auto-mapping": a result
column is given to the property of the same name, ignoring case, and a
``resultMap`` select auto-maps the columns its map does not name; with
``mapUnderscoreToCamelCase`` underscores are dropped first) and PostgreSQL
15, which says what label each column of the patched select returns.
Renamed bare, ``"unitPrice"`` comes back as ``unit_price`` and the
``unitPrice`` property is silently left unset; ``"unit_price" AS
"unitPrice"`` keeps the label MyBatis maps, under either setting.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from pg_server import PgServer

MAPPER = """\
<?xml version="1.0" encoding="UTF-8" ?>
<mapper namespace="com.example.ProductMapper">
    <resultMap id="P" type="com.example.Product">
        <id column="id" property="id"/>
        <result column="unitPrice" property="unitPrice"/>
    </resultMap>
    <resultMap id="Q" type="com.example.Product">
        <id column="id" property="id"/>
    </resultMap>
    <select id="byId" resultType="com.example.Product">
        select id, name, "unitPrice" from shop_product where id = #{id}
    </select>
    <select id="mapped" resultMap="P">
        select id, name, "unitPrice" from shop_product where id = #{id}
    </select>
    <select id="partial" resultMap="Q">
        select p.id, p."unitPrice", p.stock_count from shop_product p where p.id = #{id}
    </select>
    <select id="aliased" resultType="map">
        select "unitPrice" as price, "unitPrice" * 2 from shop_product where id = #{id}
    </select>
    <select id="cdata" resultType="com.example.Product">
        <![CDATA[ select id, "unitPrice" from shop_product where id < #{id} ]]>
    </select>
    <select id="dynamic" resultType="com.example.Product">
        select id<if test="all">, "unitPrice"</if> from shop_product
    </select>
    <update id="price">
        update shop_product set "unitPrice" = #{unitPrice} where id = #{id}
    </update>
</mapper>
"""

WHITELIST = """\
phases:
  - {id: "1", title: "x", status: open}
entries:
  - {kind: table, name: shop_product, phase: "1", target: shop_products}
  - {kind: column, name: shop_product.unitPrice, phase: "1", target: unit_price}
  - {kind: column, name: shop_product.stock_count, phase: "1", target: stock}
"""

SCHEMA = (
    'CREATE TABLE shop_product (id int PRIMARY KEY, name text, "unitPrice" int, stock_count int);\n'
)


@pytest.fixture
def diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """(the mapper once the patch applied, impact --diff's notes)."""
    root = committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "db/001.sql": SCHEMA,
            "src/main/resources/mapper/ProductMapper.xml": MAPPER,
        },
        monkeypatch,
    )
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (root / "p.patch").write_text(result.stdout)
    git(root, "apply", "p.patch")
    return (root / "src/main/resources/mapper/ProductMapper.xml").read_text(), result.stderr


def _statement(mapper: str, ident: str) -> str:
    found = re.search(rf'<(\w+) id="{ident}"[^>]*>(.*?)</\1>', mapper, re.DOTALL)
    assert found is not None
    return found.group(2).strip().replace("#{id}", "1").replace("#{unitPrice}", "5")


def test_auto_mapped_columns_are_aliased_back_to_the_property_name(
    diff: tuple[str, str],
) -> None:
    patched, notes = diff
    assert _statement(patched, "byId") == (
        'select id, name, "unit_price" AS "unitPrice" from shop_products where id = 1'
    )
    # The result map names unitPrice by column=, which the patch renames: no alias.
    assert '<result column="unit_price" property="unitPrice"/>' in patched
    assert _statement(patched, "mapped") == (
        'select id, name, "unit_price" from shop_products where id = 1'
    )
    # Q maps id alone: the rest is auto-mapped.
    assert _statement(patched, "partial") == (
        'select p.id, p."unit_price" AS "unitPrice", p.stock AS stock_count '
        "from shop_products p where p.id = 1"
    )
    # An alias or an expression already decides the label.
    assert _statement(patched, "aliased") == (
        'select "unit_price" as price, "unit_price" * 2 from shop_products where id = 1'
    )
    assert _statement(patched, "cdata") == (
        '<![CDATA[ select id, "unit_price" AS "unitPrice" from shop_products where id < 1 ]]>'
    )
    # A dynamic tag in the select list: renamed in place, with a note (see below).
    assert _statement(patched, "dynamic") == (
        'select id<if test="all">, "unit_price"</if> from shop_products'
    )
    assert (
        "ProductMapper.xml:26:36: unitPrice renamed in the select list of an auto-mapped <select> "
        "whose tags hide what it returns; if a property reads it, alias it back by hand "
        "(unit_price AS unitPrice)" in notes
    )
    assert _statement(patched, "price") == (
        'update shop_products set "unit_price" = 5 where id = 1'
    )


def test_the_patched_selects_return_the_labels_mybatis_maps(
    pg: PgServer, diff: tuple[str, str]
) -> None:
    patched, _notes = diff
    renamed = SCHEMA.replace("shop_product", "shop_products").replace('"unitPrice"', "unit_price")
    renamed = renamed.replace("stock_count", "stock")
    with pg.fresh_database("mybatis_automap") as db:
        pg.run(sql=renamed + "INSERT INTO shop_products VALUES (1, 'a', 3, 4);", dbname=db)
        labels = {
            ident: list(pg.query_json(_statement(patched, ident), dbname=db)[0])
            for ident in ("byId", "mapped", "partial")
        }
    assert labels["byId"] == ["id", "name", "unitPrice"]  # Product's properties
    assert labels["mapped"] == ["id", "name", "unit_price"]  # P maps unit_price by column=
    assert labels["partial"] == ["id", "unitPrice", "stock_count"]
