"""PHP's interpolation of ``"..."`` strings and heredocs, filled in from known values.

``$t->string("{$field}")`` or ``"{$prefix}_id"`` in a loop over a literal
array (or a helper called with a literal) names what ``$field`` holds:
:func:`filled` gives the string PHP makes when every hole it fills in
(``{$x}``, ``{$x['k']}``, ``{$this->p}``, ``${x}``, ``$x``, ``$x[k]``,
``$x->p``) reads a known string, else None (the reader then sees a string it
cannot read: ``DBN013``, never a name it guessed). A nowdoc or ``'...'``
string fills nothing in (:func:`dbnamelint.php_const_expr.literal`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.php_const_expr import PhpArray, literal

Value = str | PhpArray

#: One piece of a double-quoted body: an escape, a ``{$...}``, a ``${...}``,
#: a simple ``$name`` with one ``[key]`` or ``->prop`` (PHP reads no more).
_PIECE = lazy_compile(
    r"(?P<esc>\\(?:u\{[0-9A-Fa-f]+\}|x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.))"
    r"|\{\$(?P<complex>[^{}\n]*)\}"
    r"|\$\{(?P<dollar>[^{}\n]*)\}"
    r"|\$(?P<name>[A-Za-z_]\w*)(?P<open>\[(?P<key>-?\d+|[A-Za-z_]\w*|\$[A-Za-z_]\w*)\]"
    r"|\[|\??->(?P<prop>[A-Za-z_]\w*))?",
    re.DOTALL,
)
#: An accessor of a ``{$...}`` hole: ``['k']``, ``["k"]``, ``[3]``, ``[$k]``, ``->p``.
_ACCESS = lazy_compile(
    r"\[(?P<key>'(?:[^'\\]|\\.)*'|\"[^\"$\\]*\"|-?\d+|\$[A-Za-z_]\w*)\]|->(?P<prop>[A-Za-z_]\w*)"
)
_CHARS = {"n": "\n", "r": "\r", "t": "\t", "v": "\v", "e": "\x1b", "f": "\f"}


def _escape(text: str, heredoc: bool) -> str:
    """One backslash escape as PHP reads it (``\\"`` is none in a heredoc)."""
    c = text[1]
    if c in _CHARS:
        return _CHARS[c]
    if c in "\\$" or (c == '"' and not heredoc):
        return c
    if c == "u" and text.startswith("\\u{"):
        return chr(int(text[3:-1], 16))
    if c == "x" and len(text) > 2:
        return chr(int(text[2:], 16))
    if c in "01234567":
        return chr(int(text[1:], 8) & 0xFF)
    return text


def item(array: Value, key: str) -> Value | None:
    """``array[key]`` (PHP's key: ``"1"`` is ``1``); None when ``array`` is
    no array or has no such key (PHP: a warning and null)."""
    if not isinstance(array, PhpArray):
        return None
    return next((v for k, v in array.items if k == key), None)


def _key(text: str, env: Mapping[str, Value]) -> str | None:
    """The key an accessor's text names: a quoted literal, an integer, a bound variable."""
    if text.startswith("$"):
        found = env.get(text)
        return found if isinstance(found, str) else None
    if text[0] in "'\"":
        return literal(text)
    return str(int(text))


def _hole(name: str, rest: str, env: Mapping[str, Value], props: Mapping[str, Value]) -> str | None:
    """The string ``$name`` then accessors ``rest`` read, or None."""
    accessors = list(_ACCESS.finditer(rest))
    if "".join(m.group() for m in accessors) != rest:
        return None
    found: Value | None
    if name == "this":
        if not accessors or accessors[0].group("prop") is None:
            return None
        found = props.get("$" + accessors[0].group("prop"))
        accessors = accessors[1:]
    else:
        found = env.get("$" + name)
    for m in accessors:
        if found is None or m.group("prop") is not None:
            return None
        key = _key(m.group("key"), env)
        found = None if key is None else item(found, key)
    return found if isinstance(found, str) else None


def filled(text: str, env: Mapping[str, Value], props: Mapping[str, Value]) -> str | None:
    """The value of the PHP string literal ``text`` (``"..."`` or a heredoc;
    ``'...'`` and a nowdoc as :func:`literal`) with each hole filled in from
    ``env`` (``$var`` to its value) and ``props`` (``$name`` of a property
    ``$this->name``); None when one reads what they do not hold."""
    heredoc = text.startswith("<<<")
    if heredoc:
        first, _, rest = text.partition("\n")
        if "'" in first:
            return literal(text)
        lines = rest.split("\n")
        indent = len(lines[-1]) - len(lines[-1].lstrip())
        body = "\n".join(line[indent:] for line in lines[:-1])
    elif text.startswith('"'):
        body = text[1:-1]
    else:
        return literal(text)
    out: list[str] = []
    at = 0
    for m in _PIECE.finditer(body):
        out.append(body[at : m.start()])
        at = m.end()
        if m.group("esc"):
            out.append(_escape(m.group(), heredoc))
            continue
        if m.group("complex") is not None:
            head = re.match(r"([A-Za-z_]\w*)", m.group("complex"))
            if head is None:
                return None
            one = _hole(head.group(1), m.group("complex")[head.end() :], env, props)
        elif m.group("dollar") is not None:
            inner = re.fullmatch(r"([A-Za-z_]\w*)(.*)", m.group("dollar"))
            one = None if inner is None else _hole(inner.group(1), inner.group(2), env, props)
        elif m.group("open") == "[":
            return None  # "$x[" with a key PHP's simple syntax does not take
        else:
            rest = ""
            if m.group("key") is not None:
                key = m.group("key")
                # "$x[k]": an unquoted word is the string key 'k'
                rest = f"['{key}']" if key[0].isalpha() or key[0] == "_" else f"[{key}]"
            elif m.group("prop") is not None:
                rest = "->" + m.group("prop")
            one = _hole(m.group("name"), rest, env, props)
        if one is None:
            return None
        out.append(one)
    out.append(body[at:])
    return "".join(out)
