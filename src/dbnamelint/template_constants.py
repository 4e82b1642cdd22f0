"""Template actions whose output is constant, rendered in place of the action.

Go's ``text/template`` (pop renders every ``.sql`` migration with it, zdb
and golang-migrate's ``.tmpl`` too) copies a pipeline's value to the output:
``{{ "user_session" }}`` writes ``user_session``, ``{{ print "a" "b" }}``
``ab`` (``fmt.Sprint``: no space between two strings), ``{{ printf "%s_x"
"a" }}`` ``a_x``, and a comment ``{{/* ... */}}`` nothing; ``{{-`` and
``-}}`` also trim the blanks before and after the action (text/template's
package documentation, "Text and spaces", "Actions", "Functions"). Read as
an unknown placeholder, such a name was never checked: ``create table
{{ "user_session" }} (...)`` passed the gate (trial s37 supabase/auth, F2),
and ``"Bad{{/* c */}}Things"`` was read as a name holding blanks.

The rendered text replaces the *word* holding the action (the run of
characters up to a blank, ``.``, ``,``, ``(``, ``)`` or ``;`` on each side,
and the blanks a trim marker takes), kept at the word's start and padded
with blanks to its length, so every location outside the word stays exact
(line breaks a trim marker takes are kept at the word's end).
"""

from __future__ import annotations

import re

__all__ = ["render_constant_actions"]

#: One action: ``{{`` or ``{{- ``, its pipeline, ``}}`` or `` -}}``.
_ACTION = re.compile(r"\{\{(?P<l>- )?\s*(?P<body>.*?)\s*(?P<r> -)?\}\}", re.DOTALL)
#: A Go string constant, interpreted or raw.
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`')
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "r": "\r"}
#: What ends a word on either side.
_STOP = frozenset(" \t\r\n.,();")


def _string(token: str) -> str:
    if token.startswith("`"):
        return token[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), token[1:-1])


def _constant(body: str) -> str | None:
    """What the pipeline ``body`` writes when it is constant, else None."""
    if body.startswith("/*") and body.endswith("*/"):
        return ""
    words = body.split(None, 1)
    head = words[0] if words else ""
    rest = body if head not in ("print", "printf") else (words[1] if len(words) > 1 else "")
    strings: list[str] = []
    at = 0
    while at < len(rest):
        if rest[at].isspace():
            at += 1
            continue
        found = _STRING.match(rest, at)
        if found is None:
            return None  # a field, a variable, a function: not constant
        strings.append(_string(found.group()))
        at = found.end()
    if head == "printf":
        if not strings:
            return None
        return _sprintf(strings[0], strings[1:])
    if head == "print" or len(strings) == 1:
        return "".join(strings)
    return None


def _sprintf(form: str, args: list[str]) -> str | None:
    """``fmt.Sprintf`` of string arguments for ``%s``, ``%v`` and ``%%`` only."""
    out: list[str] = []
    pending = iter(args)
    i = 0
    while i < len(form):
        ch = form[i]
        if ch != "%":
            out.append(ch)
            i += 1
            continue
        verb = form[i + 1 : i + 2]
        if verb == "%":
            out.append("%")
        elif verb in ("s", "v"):
            value = next(pending, None)
            if value is None:
                return None
            out.append(value)
        else:
            return None  # widths, %q, %d...: not read
        i += 2
    return "".join(out)


def render_constant_actions(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """``text`` with each constant action rendered (see the module docstring),
    of the same length and line breaks, and ``(offset, action, rendered)``
    for each, at the start of the word it renders into."""
    if "{{" not in text:
        return text, []
    done: list[tuple[int, str, str]] = []
    out = text
    at = 0
    while True:
        found = _ACTION.search(out, at)
        if found is None:
            return out, done
        value = _constant(found.group("body"))
        if value is None:
            at = found.end()
            continue
        start, end = found.span()
        if found.group("l"):
            while start > 0 and out[start - 1].isspace():
                start -= 1
        if found.group("r"):
            while end < len(out) and out[end].isspace():
                end += 1
        while start > 0 and out[start - 1] not in _STOP:
            start -= 1
        while end < len(out) and out[end] not in _STOP and not out.startswith("{{", end):
            end += 1
        word = out[start:end]
        head = (
            out[start : found.start()].rstrip() if found.group("l") else out[start : found.start()]
        )
        tail = out[found.end() : end].lstrip() if found.group("r") else out[found.end() : end]
        rendered = head + value + tail
        breaks = word.count("\n")
        if len(rendered) + breaks > len(word) or "\n" in rendered:
            at = found.end()  # no room to keep every location: left to the placeholder pass
            continue
        out = (
            out[:start]
            + rendered
            + " " * (len(word) - len(rendered) - breaks)
            + "\n" * breaks
            + out[end:]
        )
        done.append((start, found.group(), value))
        at = start + len(rendered)
