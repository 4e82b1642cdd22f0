"""gobuffalo/pop's query strings are SQL (trial s15, supabase/auth).

A new user renamed ``users.raw_user_meta_data`` -> ``user_metadata`` (and
more) in supabase/auth, a Go service on gobuffalo/pop. ``impact --diff``
patched the models' ``db:"..."`` tags and ``TableName()`` strings but rated
the column names pop's methods take as plain text and left them:
``tx.UpdateOnly(u, "raw_user_meta_data")``, ``q.Where("(email LIKE ? OR
raw_user_meta_data->>'full_name' ILIKE ?)")``, ``tx.Q().Where("provider_id =
? AND provider = ?").First(identity)``, and the cleanup job's
``fmt.Sprintf("delete from %q where ... not_after < now() ...",
tableSessions)`` with ``tableSessions := Session{}.TableName()``. The patched
code then disagreed with itself: the struct scanned ``user_metadata`` while
the update named ``raw_user_meta_data``.

The oracles: pop's own API (query.go ``Where(stmt string, args ...any)``,
finders.go ``Select(fields ...string)``, query_joins.go ``LeftJoin(table, on
string, ...)``, executors.go ``UpdateColumns(model, columnNames ...string)``,
query.go ``RawQuery(stmt string, ...)``), real git (the patch applies), gofmt
when installed, and real PostgreSQL: after the rename migration
``dbnamelint migrate`` writes, the statements pop builds from the patched
strings run, and those built from the strings as written fail.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.impact.pop import requires_pop
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = """\
CREATE TABLE users (id uuid PRIMARY KEY, instance_id uuid, aud text, email text,
  raw_user_meta_data jsonb, raw_app_meta_data jsonb, updated_at timestamptz);
CREATE TABLE identities (id uuid PRIMARY KEY, user_id uuid REFERENCES users (id),
  provider_id text, provider text);
CREATE TABLE sessions (id uuid PRIMARY KEY, user_id uuid REFERENCES users (id),
  not_after timestamptz, created_at timestamptz);
CREATE TABLE flow_state (id uuid PRIMARY KEY, created_at timestamptz);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Names", status: open}
entries:
  - {kind: column, name: users.raw_user_meta_data, phase: "1", target: user_metadata}
  - {kind: column, name: users.raw_app_meta_data, phase: "1", target: app_metadata}
  - {kind: column, name: identities.provider_id, phase: "1", target: provider_user_id}
  - {kind: column, name: sessions.not_after, phase: "1", target: expires_at}
  - {kind: column, name: sessions.created_at, phase: "1", target: started_at}
  - {kind: table, name: flow_state, phase: "1", target: flow_states}
  - {kind: table, name: sessions, phase: "1", target: auth_sessions}
"""
#: The module requires pop: its files need not import it to call its methods
#: (supabase's models call them on storage.Connection, which embeds pop's).
GO_MOD = """\
module example.com/auth

go 1.22

require (
	github.com/gobuffalo/pop/v6 v6.1.1
	github.com/gofrs/uuid v4.4.0+incompatible
)
"""
STORAGE = """\
package storage

import "github.com/gobuffalo/pop/v6"

// Connection is pop's, with the helpers the models use.
type Connection struct {
	*pop.Connection
}

// UpdateOnly updates the given columns only (supabase/auth's helper).
func (c *Connection) UpdateOnly(model interface{}, includeColumns ...string) error {
	return c.UpdateColumns(model, includeColumns...)
}
"""
USER = """\
package models

import (
	"log"

	"github.com/gobuffalo/pop/v6"
	"github.com/gofrs/uuid"

	"example.com/auth/storage"
)

// User is a user of the instance.
type User struct {
	ID           uuid.UUID `json:"id" db:"id"`
	Email        string    `json:"email" db:"email"`
	AppMetaData  JSONMap   `json:"app_metadata" db:"raw_app_meta_data"`
	UserMetaData JSONMap   `json:"user_metadata" db:"raw_user_meta_data"`
}

// TableName overrides the table name used by pop
func (User) TableName() string {
	tableName := "users"
	return tableName
}

// UpdateUserMetaData saves raw_user_meta_data.
func (u *User) UpdateUserMetaData(tx *storage.Connection) error {
	log.Printf("saving raw_user_meta_data of %s", u.ID)
	return tx.UpdateOnly(u, "raw_user_meta_data")
}

// UpdateAppMetaData saves raw_app_meta_data.
func (u *User) UpdateAppMetaData(tx *storage.Connection) error {
	return tx.UpdateColumns(u, "raw_app_meta_data", "updated_at")
}

// FindUsersInAudience finds users with the matching audience.
func FindUsersInAudience(tx *storage.Connection, aud string, filter string) ([]*User, error) {
	users := []*User{}
	q := tx.Q().Where("instance_id = ? and aud = ?", uuid.Nil, aud)

	if filter != "" {
		lf := "%" + filter + "%"
		q = q.Where("(email LIKE ? OR raw_user_meta_data->>'full_name' ILIKE ?)", lf, lf)
	}

	err := q.All(&users)
	return users, err
}

// FindUsersByProvider finds the users with an identity at a provider.
func FindUsersByProvider(tx *storage.Connection, providerID string) ([]User, error) {
	var users []User
	err := tx.Q().Select("users.id", "raw_app_meta_data").
		LeftJoin("identities", "identities.user_id = users.id").
		Where("provider_id = ?", providerID).
		All(&users)
	return users, err
}

// Keys are the API's, not columns.
func (u *User) Keys() map[string]interface{} {
	return map[string]interface{}{"raw_user_meta_data": u.UserMetaData}
}

var _ = pop.Model{}
"""
#: Imports no pop: its module's go.mod says it is pop's.
IDENTITY = """\
package models

import (
	"github.com/gofrs/uuid"

	"example.com/auth/storage"
)

// Identity is a user's identity at a provider.
type Identity struct {
	ID         uuid.UUID `db:"id"`
	ProviderID string    `json:"id" db:"provider_id"`
	Provider   string    `json:"provider" db:"provider"`
}

// TableName overrides the table name used by pop
func (Identity) TableName() string {
	return "identities"
}

// FindIdentityByIdAndProvider searches for an identity.
func FindIdentityByIdAndProvider(tx *storage.Connection, providerId, provider string) (*Identity, error) {
	identity := &Identity{}
	if err := tx.Q().Where("provider_id = ? AND provider = ?", providerId, provider).First(identity); err != nil {
		return nil, err
	}
	return identity, nil
}
"""  # noqa: E501
SESSIONS = """\
package models

import (
	"time"

	"github.com/gofrs/uuid"
)

// Session is a user's session.
type Session struct {
	ID       uuid.UUID  `db:"id"`
	NotAfter *time.Time `json:"not_after,omitempty" db:"not_after"`
}

func (Session) TableName() string {
	tableName := "sessions"
	return tableName
}

// FlowState is a PKCE flow's state.
type FlowState struct {
	ID uuid.UUID `db:"id"`
}

func (FlowState) TableName() string {
	tableName := "flow_state"
	return tableName
}
"""
#: supabase/auth's cleanup job and Logout: the tables come from TableName().
CLEANUP = """\
package models

import (
	"fmt"

	"github.com/gobuffalo/pop/v6"
	"github.com/gofrs/uuid"

	"example.com/auth/storage"
)

// NewCleanup returns the statements that remove stale rows.
func NewCleanup() []string {
	tableSessions := Session{}.TableName()
	tableFlowStates := FlowState{}.TableName()

	return []string{
		fmt.Sprintf("delete from %q where id in (select id from %q where not_after < now() - interval '72 hours' limit 10 for update skip locked);", tableSessions, tableSessions),
		fmt.Sprintf("delete from %q where id in (select id from %q where created_at < now() - interval '24 hours' limit 100 for update skip locked);", tableFlowStates, tableFlowStates),
		fmt.Sprintf("delete from %q where created_at < (select max(%q.not_after) from %q)", tableFlowStates, tableSessions, tableSessions),
	}
}

// Logout deletes a user's expired sessions.
func Logout(tx *storage.Connection, userID uuid.UUID) error {
	return tx.RawQuery("DELETE FROM "+(&pop.Model{Value: Session{}}).TableName()+" WHERE user_id = ? AND not_after < now()", userID).Exec()
}
"""  # noqa: E501
#: The model is a function's result: which table is not known here.
ADMIN = """\
package api

import (
	"example.com/auth/models"
	"example.com/auth/storage"
)

// Promote marks a user as an admin.
func Promote(tx *storage.Connection, id string) error {
	user, err := models.FindUserByID(tx, id)
	if err != nil {
		return err
	}
	user.AppMetaData["role"] = "admin"
	return tx.UpdateOnly(user, "raw_app_meta_data")
}
"""
#: Another module, which does not require pop: a Where there is no pop's.
REPORT_MOD = "module example.com/report\n\ngo 1.22\n"
REPORT = """\
package main

import "example.com/report/store"

func main() {
	store.Open().Where("provider_id = ?", 1).Order("not_after desc")
}
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "go.mod": GO_MOD,
        "storage/storage.go": STORAGE,
        "models/user.go": USER,
        "models/identity.go": IDENTITY,
        "models/sessions.go": SESSIONS,
        "models/cleanup.go": CLEANUP,
        "api/admin.go": ADMIN,
        "tools/report/go.mod": REPORT_MOD,
        "tools/report/main.go": REPORT,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _refs() -> list[tuple[str, str, int, int, str, str]]:
    data = impact_json()
    return sorted(
        (i["path"], obj["name"], i["line"], i["column"], i["confidence"], i["context"])
        for obj, i in impact_items(data)
        if i["context"] != "comment"
    )


def test_pops_query_strings_are_references_to_their_models_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    assert _refs() == [
        # The model is a function's result: plain, and --diff notes it.
        ("api/admin.go", "users.raw_app_meta_data", 15, 30, "plain", "pop query (model not known)"),
        # The second statement reads flow_state only (its %q is tableFlowStates), which
        # has a created_at: no session's, no reference (line 19).
        # fmt.Sprintf("... from %q where not_after ...", tableSessions), tableSessions :=
        # Session{}.TableName(): that table's column.
        ("models/cleanup.go", "sessions.not_after", 18, 68, "high", "SQL"),
        # Two tables: %q.not_after is the column of the table its verb takes.
        ("models/cleanup.go", "sessions.not_after", 20, 65, "high", "SQL (table.column)"),
        # "DELETE FROM " + (&pop.Model{Value: Session{}}).TableName() + " WHERE ...".
        ("models/cleanup.go", "sessions.not_after", 26, 103, "high", "SQL"),
        ("models/identity.go", "identities.provider_id", 12, 38, "high", "Go struct tag db"),
        # tx.Q().Where(...).First(identity), identity := &Identity{}, in a file that
        # does not import pop: its module requires it.
        ("models/identity.go", "identities.provider_id", 24, 26, "high", "SQL"),
        ("models/sessions.go", "flow_state", 26, 16, "high", "pop TableName()"),
        ("models/sessions.go", "sessions", 16, 16, "high", "pop TableName()"),
        ("models/sessions.go", "sessions.not_after", 12, 29, "plain", "text"),  # json: the API's
        ("models/sessions.go", "sessions.not_after", 12, 54, "high", "Go struct tag db"),
        # Where("provider_id = ?") in a chain joining identities: the joined table's.
        ("models/user.go", "identities.provider_id", 56, 10, "high", "SQL"),
        ("models/user.go", "users.raw_app_meta_data", 16, 50, "high", "Go struct tag db"),
        ("models/user.go", "users.raw_app_meta_data", 34, 30, "high", "SQL"),  # UpdateColumns
        ("models/user.go", "users.raw_app_meta_data", 54, 36, "high", "SQL"),  # Select
        ("models/user.go", "users.raw_user_meta_data", 17, 51, "high", "Go struct tag db"),
        ("models/user.go", "users.raw_user_meta_data", 28, 21, "plain", "text"),  # a log
        ("models/user.go", "users.raw_user_meta_data", 29, 27, "high", "SQL"),  # UpdateOnly
        # q = q.Where(...): the query variable's model, from q.All(&users) below.
        ("models/user.go", "users.raw_user_meta_data", 44, 33, "high", "SQL"),
        ("models/user.go", "users.raw_user_meta_data", 63, 33, "plain", "text"),  # a map key
        # Another module, whose go.mod does not require pop: nothing is pop's there.
        ("tools/report/main.go", "identities.provider_id", 6, 22, "plain", "text"),
        ("tools/report/main.go", "sessions.not_after", 6, 50, "plain", "text"),
    ]


def _patched(root: Path, tmp_path: Path) -> str:
    """Applies ``impact --diff`` with git; returns its notes (stderr)."""
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", str(tmp_path / "fix.patch"))
    return result.stderr


def test_diff_renames_pops_strings_with_the_tags_and_notes_what_it_leaves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    notes = _patched(root, tmp_path)
    user = (root / "models/user.go").read_text(encoding="utf-8")
    assert user == (
        USER.replace('db:"raw_app_meta_data"', 'db:"app_metadata"')
        .replace('db:"raw_user_meta_data"', 'db:"user_metadata"')
        .replace('UpdateOnly(u, "raw_user_meta_data")', 'UpdateOnly(u, "user_metadata")')
        .replace('UpdateColumns(u, "raw_app_meta_data"', 'UpdateColumns(u, "app_metadata"')
        .replace("OR raw_user_meta_data->>", "OR user_metadata->>")
        .replace('Select("users.id", "raw_app_meta_data")', 'Select("users.id", "app_metadata")')
        .replace('Where("provider_id = ?"', 'Where("provider_user_id = ?"')
    )
    # The log message and the API's map key are left as written.
    assert 'log.Printf("saving raw_user_meta_data of %s"' in user
    assert '{"raw_user_meta_data": u.UserMetaData}' in user
    assert (root / "models/cleanup.go").read_text(encoding="utf-8") == CLEANUP.replace(
        "not_after", "expires_at"
    )
    assert (root / "models/identity.go").read_text(encoding="utf-8") == IDENTITY.replace(
        "provider_id", "provider_user_id"
    )
    assert (root / "models/sessions.go").read_text(encoding="utf-8") == (
        SESSIONS.replace('db:"not_after"', 'db:"expires_at"')
        .replace('"sessions"', '"auth_sessions"')
        .replace('"flow_state"', '"flow_states"')
    )
    assert (root / "api/admin.go").read_text(encoding="utf-8") == ADMIN
    assert (root / "tools/report/main.go").read_text(encoding="utf-8") == REPORT
    assert (
        "api/admin.go:15:30: raw_app_meta_data left as written: a pop query string whose "
        "model this reading does not know; if it names users.raw_app_meta_data (to "
        "app_metadata), rename it by hand"
    ) in notes
    gofmt = shutil.which("gofmt")
    if gofmt is not None:
        done = subprocess.run(
            [gofmt, "-l", "models", "api", "storage"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        assert (done.returncode, done.stdout) == (0, "")


#: The statements pop builds from the strings (pop's sqlBuilder: SELECT the
#: model's columns FROM its table, the Where clauses joined with AND; ``?``
#: bound as $n, here NULL), with fmt's %q of a table name as its quoted identifier.
def _statements(user: str, cleanup: str, identity: str, names: dict[str, str]) -> list[str]:
    def literal(text: str, call: str, nth: int = 0) -> str:
        found = re.findall(re.escape(call) + r'\(\s*(?:\w+,\s*)?"((?:[^"\\]|\\.)*)"', text)
        return found[nth].replace("?", "NULL").replace('\\"', '"')

    users, sessions, flows = names["users"], names["sessions"], names["flow_state"]
    updated = literal(user, "UpdateOnly")
    columns = re.search(r'Select\(("[^)]*")\)', user)
    assert columns is not None
    selected = ", ".join(c.strip().strip('"') for c in columns.group(1).split(","))
    join = re.search(r'LeftJoin\("identities", "([^"]*)"\)', user)
    assert join is not None
    joined = join.group(1)
    formats = re.findall(r'Sprintf\("((?:[^"\\]|\\.)*)"', cleanup)
    return [
        f"UPDATE {users} SET {updated} = NULL, {literal(user, 'UpdateColumns')} = NULL",
        f"SELECT * FROM {users} WHERE ({literal(user, 'Where')}) AND ({literal(user, 'Where', 1)})",
        f"SELECT {selected} FROM {users} LEFT JOIN identities ON {joined}"
        f" WHERE {literal(user, 'Where', 2)}",
        f"SELECT * FROM identities WHERE {literal(identity, 'Where')}",
        *(
            f.replace("%q", '"{}"').format(*args)
            for f, args in zip(
                formats,
                [(sessions, sessions), (flows, flows), (flows, sessions, sessions)],
                strict=True,
            )
        ),
        f"DELETE FROM {sessions}"
        + re.findall(r'TableName\(\)\+"((?:[^"\\]|\\.)*)"', cleanup)[0].replace("?", "NULL"),
    ]


def test_the_statements_pop_builds_from_the_patched_strings_run_on_the_renamed_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: Any
) -> None:
    root = _repo(tmp_path, monkeypatch)
    written = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert written.exit_code == 0, written.stderr
    forward = sorted((root / "db").glob("002_*.sql"))
    assert len(forward) == 1
    old = {"users": "users", "sessions": "sessions", "flow_state": "flow_state"}
    before = _statements(USER, CLEANUP, IDENTITY, old)
    _patched(root, tmp_path)
    after = _statements(
        (root / "models/user.go").read_text(encoding="utf-8"),
        (root / "models/cleanup.go").read_text(encoding="utf-8"),
        (root / "models/identity.go").read_text(encoding="utf-8"),
        {"users": "users", "sessions": "auth_sessions", "flow_state": "flow_states"},
    )
    with pg.fresh_database("dbnl_impact_pop") as db:
        pg.run(files=[root / "db/001_init.sql"], dbname=db)
        for statement in before:  # the premise: as written, they ran before the rename
            pg.run(sql=f"BEGIN; {statement}; ROLLBACK", dbname=db)
        pg.run(files=forward, dbname=db)
        for statement in after:
            pg.run(sql=f"BEGIN; {statement}; ROLLBACK", dbname=db)
        # The columns of the tables kept: no view bridges them, so the strings as
        # written fail (the renamed tables' views still show the old columns).
        gone = [b for b in before if re.search(r"raw_\w+_meta_data|provider_id", b)]
        assert len(gone) == 4
        for statement in gone:
            with pytest.raises(Exception, match=r"column \S+ (?:of relation \S+ )?does not exist"):
                pg.run(sql=f"BEGIN; {statement}; ROLLBACK", dbname=db)


@pytest.mark.parametrize(
    ("go_mod", "expected"),
    [
        (GO_MOD, True),
        ("module x\n\nrequire github.com/gobuffalo/pop v4.13.1+incompatible\n", True),
        # Ory's fork, the one kratos, hydra and keto require.
        ("module x\n\nrequire (\n\tgithub.com/ory/pop/v6 v6.3.1\n)\n", True),
        # Indirect: no package of the module imports pop.
        ("module x\n\nrequire (\n\tgithub.com/gobuffalo/pop/v6 v6.1.1 // indirect\n)\n", False),
        ("module x\n\nrequire (\n\tgithub.com/gobuffalo/popx v1.0.0\n)\n", False),
        ("module github.com/gobuffalo/pop/v6\n\ngo 1.22\n", False),
        (REPORT_MOD, False),
    ],
)
def test_a_module_requires_pop_when_its_go_mod_says_so(go_mod: str, expected: bool) -> None:
    assert requires_pop(go_mod) is expected


#: Any Go ORM's model (GORM here, no pop in the module): a Sprintf whose table
#: verb a TableName() call fills reads that table; a name built from it does not.
GORM_ARCHIVE = """\
package store

import (
	"fmt"

	"gorm.io/gorm"
)

type Session struct{ ID int }

func (Session) TableName() string { return "sessions" }

func Expire(db *gorm.DB) error {
	name := Session{}.TableName()
	err := db.Exec(fmt.Sprintf("DELETE FROM %s WHERE not_after < now()", name)).Error
	if err != nil {
		return err
	}
	archive := Session{}.TableName() + "_archive"
	return db.Exec(fmt.Sprintf("DELETE FROM %s WHERE not_after < now()", archive)).Error
}
"""


def test_a_table_name_call_fills_a_sprintf_table_in_any_go_orms_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "go.mod": "module example.com/store\n\ngo 1.22\n\nrequire gorm.io/gorm v1.25.0\n",
        "store/session.go": GORM_ARCHIVE,
    }
    committed_repo(tmp_path / "repo", files, monkeypatch)
    assert [r for r in _refs() if r[1] == "sessions.not_after"] == [
        ("store/session.go", "sessions.not_after", 15, 51, "high", "SQL"),
        ("store/session.go", "sessions.not_after", 20, 51, "plain", "text"),
    ]
