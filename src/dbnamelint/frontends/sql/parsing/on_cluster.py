"""ClickHouse's ``ON CLUSTER <cluster>`` clause of DDL, read as if not written.

ClickHouse manual, "Distributed DDL Queries (ON CLUSTER Clause)": CREATE,
DROP, ALTER and RENAME take ``ON CLUSTER cluster`` to run the same statement
on every host of the cluster; what the statement does to each host's schema is
what it does without the clause. The grammar puts the clause after the object's
name (``CREATE TABLE [IF NOT EXISTS] [db.]t [ON CLUSTER c] (...)``, ``ALTER
TABLE [db.]t [ON CLUSTER c] ADD COLUMN ...``, ``DROP TABLE [IF EXISTS] [db.]t
[ON CLUSTER c] [SYNC]``, ``CREATE INDEX i ON t [ON CLUSTER c] (...)``...) or,
in RENAME, after the renamed pairs. The cluster is an identifier or a string
literal (``ASTQueryWithOnCluster::parse``: ``parseIdentifierOrStringLiteral``;
sqlglot's clickhouse ``_parse_on_property`` reads the same), so
``ON CLUSTER '{cluster}'`` (a macro) and ``ON CLUSTER `my-cluster``` are one.
"""

from __future__ import annotations

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.parsing.lexer import Token, TokenType

#: A bare word ClickHouse's lexer reads as an identifier (keywords included).
_BARE_WORD = lazy_compile(r"[A-Za-z_][A-Za-z0-9_$]*")
#: Where a CREATE's body starts: an ``ON CLUSTER`` after it (a view's join
#: condition on a column named ``cluster``) is not the clause.
_BODY_WORDS = frozenset({"AS", "SELECT", "WITH"})


def _cluster_name(token: Token) -> bool:
    if token.token_type in (TokenType.STRING, TokenType.IDENTIFIER):
        return True
    return _BARE_WORD.fullmatch(token.text) is not None and token.text.upper() != "ON"


def without_on_cluster(tokens: list[Token], head: str) -> list[Token]:
    """``tokens`` of a ClickHouse CREATE/ALTER/DROP/RENAME statement without its
    ``ON CLUSTER <cluster>`` clause (the first at the top level; a statement
    has one); ``tokens`` itself when it has none."""
    depth = 0
    for j, token in enumerate(tokens):
        kind = token.token_type
        if kind in (TokenType.L_PAREN, TokenType.L_BRACKET):
            depth += 1
        elif kind in (TokenType.R_PAREN, TokenType.R_BRACKET):
            depth -= 1
        elif depth:
            continue
        elif head == "CREATE" and token.text.upper() in _BODY_WORDS:
            return tokens
        elif (
            kind is TokenType.ON
            and j + 2 < len(tokens)
            and tokens[j + 1].text.upper() == "CLUSTER"
            and _cluster_name(tokens[j + 2])
        ):
            return tokens[:j] + tokens[j + 3 :]
    return tokens
