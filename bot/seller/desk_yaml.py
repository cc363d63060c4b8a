"""seller/desk.yml rewritten in place: the settings the console changed get their new values;
the seller's comments (at the top, at the end of a line, between sections), the order of the
keys, the quoting and every setting the console left alone stay as the file has them.

ruamel.yaml reads the file with its comments. A comment on its own line is kept by ruamel with
the value above it, at the end of a block the last entry of that block: when that entry is
replaced or dropped, its following lines move to the entry that now ends the block (an end-of-
line comment goes with its entry). A value the page sent that means what the file says already
(its hours written as mon-fri, a number as 5 or 5.0) is not rewritten at all.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any, Dict, Optional

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString
from ruamel.yaml.tokens import CommentToken

from bot.seller.desk import parse_targets
from bot.seller.hours import parse_working_hours

# The line the console writes first, naming who saved last (the one line it replaces), and the
# first line of the header it wrote when it dropped the seller's comments.
MARKER = "# Written by the console ({by}, {at}); edit it here or on the console's Settings page.\n"
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
OWN_LINES = re.compile(r"\A(?:# Written by the console \(.*\n|# The desk's settings \(see the comments.*\n)+")


def edited_text(text: str, settings: Dict[str, Any], by: str, at: str) -> str:
    """The file's text with its settings made `settings` (the file's own mapping with the
    console's values in place), every comment kept; ValueError when the text is not a mapping."""
    rt = YAML(typ="rt")
    rt.preserve_quotes = True  # type: ignore[assignment]
    rt.width = 4096  # type: ignore[assignment]  # a long value is not folded onto a second line
    body = OWN_LINES.sub("", text)
    tree = rt.load(body)
    if tree is None:  # nothing but comments (or nothing): they stay on top of the settings
        tree, above = CommentedMap(), body
    elif not isinstance(tree, CommentedMap):
        raise ValueError("expected a mapping of settings")
    else:
        above = ""
    homeless = _merge(tree, settings)
    out = io.StringIO()
    rt.dump(tree, out)
    return MARKER.format(by=by, at=at) + above + homeless + out.getvalue()


def _same(key: Any, old: Any, new: Any) -> bool:
    """Whether the file's value already says what the console sent (5 and 5.0; mon-fri and
    each of mon..fri; a day off as a date or as text)."""
    try:
        if key == "working_hours":
            return parse_working_hours({key: old}).week == parse_working_hours({key: new}).week
        if key == "holidays":
            return parse_working_hours({key: old}).holidays == parse_working_hours({key: new}).holidays
        if key == "first_response_targets":
            return parse_targets(old) == parse_targets(new)
    except (ValueError, TypeError, AttributeError):
        return False
    return old == new and isinstance(old, bool) == isinstance(new, bool)


def _merge(node: CommentedMap, value: Dict[str, Any]) -> str:
    """The mapping's entries made `value`'s: the same ones left as they are, others set, added
    or dropped; the comment lines left with no entry to go with (it is empty now) returned."""
    closing = (_take_lines(node, _last(node)) if _is_block(node) else None) or ""
    for key, new in value.items():
        if not (key in node and _same(key, node[key], new)):
            _set(node, key, new)
    homeless = "".join(_drop(node, key) for key in [key for key in node if key not in value])
    if not node:
        return homeless + closing
    _give(node, _last(node), closing)
    return ""


def _set(parent: CommentedMap, key: Any, new: Any) -> None:
    """An entry given its new value (a mapping entry by entry); one that is new goes last."""
    old = parent.get(key)
    if isinstance(old, CommentedMap) and isinstance(new, dict) and old:
        homeless = _merge(old, new)
        if not old:
            old.fa.set_flow_style()  # {}, its comments after it
        _give(parent, key, homeless)
        return
    lines = _take_lines(parent, key) if key in parent else None
    parent[key] = _node(new, old)
    _give(parent, key, lines)


def _node(new: Any, old: Any) -> Any:
    """A value as the file writes it: lists on one line ([a, b]), text quoted as the old text was
    (new text in double quotes, which YAML 1.1 and 1.2 read alike), mappings as blocks."""
    if isinstance(new, dict):
        node = CommentedMap()
        for key, value in new.items():
            node[key] = _node(value, None)
        return node
    if isinstance(new, list):
        seq = CommentedSeq(_node(item, None) for item in new)
        seq.fa.set_flow_style()
        return seq
    if isinstance(new, str) and not isinstance(new, ScalarString):
        if isinstance(old, ScalarString):
            return type(old)(new)
        if ISO_DAY.fullmatch(new):  # a day off, written as YYYY-MM-DD like the seller's
            return date.fromisoformat(new)
        return new if isinstance(old, str) else DoubleQuotedScalarString(new)
    return new


def _is_block(node: Any) -> bool:
    return isinstance(node, (CommentedMap, CommentedSeq)) and bool(node) and not node.fa.flow_style()


def _last(node: Any) -> Any:
    return list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1


def _slot(node: Any) -> int:
    """Where ruamel keeps the comment after an entry: a mapping's third place, a list's first."""
    return 2 if isinstance(node, CommentedMap) else 0


def _take_lines(parent: Any, key: Any) -> Optional[str]:
    """The whole-line comments after an entry (after its block, if it is one), taken off it; its
    end-of-line comment stays."""
    value = parent[key]
    if _is_block(value):
        return _take_lines(value, _last(value))
    entry = parent.ca.items.get(key)
    token = entry[_slot(parent)] if entry else None
    if not isinstance(token, CommentToken):
        return None
    own, newline, lines = token.value.partition("\n")
    if not lines:
        return None
    token.value = own + newline
    if not own:
        entry[_slot(parent)] = None
    return lines


def _give(parent: Any, key: Any, lines: Optional[str]) -> None:
    """Whole-line comments put after an entry (after its block, if it is one)."""
    if not lines:
        return
    value = parent[key]
    if _is_block(value):
        _give(value, _last(value), lines)
        return
    entry = parent.ca.items.setdefault(key, [None, None, None, None])
    token = entry[_slot(parent)]
    if isinstance(token, CommentToken):
        token.value = token.value + lines if token.value.endswith("\n") else f"{token.value}\n{lines}"
    else:
        entry[_slot(parent)] = CommentToken("\n" + lines, _mark(), None)


def _drop(node: CommentedMap, key: Any) -> str:
    """An entry taken out, not its comments: those above it, at the end of its line (made a line
    of its own) and after it go after the entry before it, or above the entry after it; with
    neither, they are returned."""
    keys = list(node)
    at = keys.index(key)
    after = _take_lines(node, key) or ""
    entry = node.ca.items.pop(key, None) or [None, None, None, None]
    above = "".join(token.value for token in entry[1] or [] if isinstance(token, CommentToken))
    own = entry[_slot(node)]
    if isinstance(own, CommentToken) and own.value.strip() and not _is_block(node[key]):
        indent = " " * node.lc.key(key)[1] if key in node.lc.data else ""
        above += f"{indent}{own.value.strip()}\n"
    del node[key]
    lines = above + after
    if not lines.strip():
        return ""
    if at > 0:
        _give(node, keys[at - 1], lines)
    elif len(keys) > 1:
        entry = node.ca.items.setdefault(keys[1], [None, None, None, None])
        entry[1] = [CommentToken(lines, _mark(), None), *(entry[1] or [])]
    else:
        return lines
    return ""


def _mark() -> Any:
    return CommentMark(0)
