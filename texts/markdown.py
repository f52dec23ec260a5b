"""Text for Markdown fields (Teams messages, card TextBlocks) versus what people typed.

Everything people type (names, comments, plan items) is shown as text, never as Markdown: a name
like "[Klicka här](http://…) **Fet** kommun" must not turn into a link and bold type. `Markdown`
marks text that is already fit to show; `escape` makes typed text so. `texts.Texts` escapes
every value it formats unless it is `Markdown` already, so the bot's own words stay formatted and
typed words stay text without each call site remembering to escape.
"""
from __future__ import annotations

import re

# Characters that start emphasis, links, code, HTML or tables anywhere in a line, and "&" where it
# would start an entity such as "&copy;".
_INLINE = re.compile(r"([\\`*_\[\]<>~|]|&(?=#?\w+;))")
# Marks that start a heading or a list only at the start of a line: "# ", "- ", "+ ", "3. ", "3) ".
_LINE_START = re.compile(r"^([ \t]*)(#|[-+](?=\s|$)|\d+(?=[.)](?:\s|$)))([.)]?)", re.MULTILINE)
_ESCAPED = re.compile(r"\\([\\`*_\[\]<>~|#\-+.)&])")


class Markdown(str):
    """Text already fit for a Markdown field: the bot's own words, or typed text escaped once."""


def escape(text: str) -> Markdown:
    """Typed text as it should read: every Markdown mark made literal with a backslash."""
    if isinstance(text, Markdown):
        return text
    inline = _INLINE.sub(r"\\\1", text)
    return Markdown(_LINE_START.sub(_escape_line_start, inline))


def _escape_line_start(found: re.Match) -> str:
    indent, mark, dot = found.groups()
    return f"{indent}{mark}\\{dot}" if dot else f"{indent}\\{mark}"


def plain(text: str) -> str:
    """Markdown as the words it shows, for places that show no Markdown: button titles, notifications."""
    return _ESCAPED.sub(r"\1", text)

