"""A quote inside a Ruby regular expression literal opens no string.

Trial s30 mastodon (``app/models/concerns/account/search.rb``): the
constant ``DISALLOWED_TSQUERY_CHARACTERS = /['?\\\\:]/`` holds a ``'``;
read as a string's opening quote, it paired with quotes inside the heredocs
after it, so heredoc bodies and the Ruby between them swapped places and
``PlainTextFormatter.new(note, ...)`` was labelled SQL by ``impact``. The
Ruby manual ("Regexp": ``/.../`` and ``%r{...}`` literals) is the oracle.
"""

from __future__ import annotations

import pytest

from dbnamelint.impact.sqlscope import string_literals

SEARCH_RB = """\
module Account::Search
  DISALLOWED = /['?\\\\:]/
  MATCHES = %r{it's}i

  RANKS = <<~SQL.squish
    setweight(to_tsvector('simple', accounts.display_name), 'A')
  SQL

  def searchable_text
    PlainTextFormatter.new(note, local?).to_s if discoverable?
  end

  def half(x) = x / 2 + size / 4
  def bot = 'bot'
  def check(t) = t =~ /a"b/ ? "yes" : "no"
end
"""


def _literals(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in string_literals("app/models/search.rb", text)]


def test_a_regex_quote_opens_no_string() -> None:
    found = _literals(SEARCH_RB)
    assert found[0].strip() == ("setweight(to_tsvector('simple', accounts.display_name), 'A')")
    assert not any("PlainTextFormatter" in f for f in found), found
    assert found[1:] == ["bot", "yes", "no"], found


@pytest.mark.parametrize(
    "line",
    ["x = a / b; y = 'q'", "total / count.to_f + 'q'.size", "[1, 2].sum / 2 if 'q'"],
)
def test_division_is_not_a_regex(line: str) -> None:
    assert _literals(line + "\n") == ["q"]
