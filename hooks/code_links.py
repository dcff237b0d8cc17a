"""Put links on tokens of the code cells that mkdocs-jupyter renders.

A cell's code is Pygments' HTML: one `<span>` per token in a `<pre>`. The
build recorded each use as a line and character columns of the cell's
source (`sitebuild.apirefs`); Pygments drops the source's leading blank
lines, so the cell's plain source (mkdocs-jupyter's hidden copy of it, which
the copy button copies) gives the offset. A link is put only where its span
starts and ends between tokens, and only if the code shown there is the
name the source has there: a use that does not land on its token is
reported, never guessed.
"""

import html
import re
from dataclasses import dataclass

CELL = re.compile(r'id="cell-id=([^"]+)"')
CODE = re.compile(
    r'(<div class="highlight-ipynb[^"]*"><pre>)(.*?)(</pre>)'
    r'(\s*</div>\s*<div[^>]*class="clipboard-copy-txt"[^>]*>)(.*?)(</div>)',
    re.S,
)
PIECE = re.compile(r"(<[^>]*>)")
NAME_CHAIN = re.compile(r"[A-Za-z_]\w*(\s*\.\s*[A-Za-z_]\w*)*")


@dataclass(frozen=True)
class Link:
    cell: str
    line: int
    start: int
    end: int
    name: str  # the name as the code reaches it
    url: str
    title: str  # the documented name, shown on hover


def link_cells(page_html, cells, choose):
    """`page_html` with links on the uses in `cells` ({cell id: [[line, spans]]}).

    `choose(spans)` returns (start, end, name, url, title) for the span to
    link, or None. Returns (html, links made, problems).
    """
    starts = [(m.start(), m.group(1)) for m in CELL.finditer(page_html)]
    pieces, links, problems, done = [], [], [], 0
    for index, (at, cell) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(page_html)
        if cell not in cells:
            continue
        match = CODE.search(page_html, at, end)
        if match is None:
            problems.append(f"{cell}: no highlighted code found")
            continue
        chosen = [
            (line, *found)
            for line, spans in cells[cell]
            if (found := choose(spans)) is not None
        ]
        source = html.unescape(match.group(5))
        linked, made, missed = _link_pre(match.group(2), source, cell, chosen)
        pieces += [page_html[done : match.start(2)], linked]
        done = match.end(2)
        links += made
        problems += missed
    pieces.append(page_html[done:])
    return "".join(pieces), links, problems


def _link_pre(inner, source, cell, chosen):
    """Wrap each chosen span of the source in a link inside Pygments' `<pre>` content."""
    skipped = len(source) - len(source.lstrip("\n"))  # lines Pygments dropped
    out, starts, ends = _tokens(inner)
    text = "".join(html.unescape(p) for p in out if not p.startswith("<"))
    lines = text.split("\n")
    made, missed, inserts = [], [], []
    source_lines = source.splitlines()
    for line, start, end, name, url, title in sorted(chosen):
        shown = line - skipped
        where = f"{cell} line {line} columns {start}-{end} ({name})"
        token = source_lines[line - 1][start:end] if line <= len(source_lines) else ""
        if not NAME_CHAIN.fullmatch(token):
            missed.append(f"{where}: the source there is {token!r}, not a name")
            continue
        if not 0 < shown <= len(lines) or lines[shown - 1][start:end] != token:
            missed.append(f"{where}: the shown code there is not {token!r}")
            continue
        if (shown, start) not in starts or (shown, end) not in ends:
            missed.append(f"{where}: not at token boundaries")
            continue
        opening = (
            f'<a class="api-link" href="{html.escape(url)}" '
            f'title="{html.escape(title)}">'
        )
        inserts += [(ends[(shown, end)], "</a>"), (starts[(shown, start)], opening)]
        made.append(Link(cell, line, start, end, name, url, title))
    for index, tag in sorted(inserts, key=lambda item: item[0], reverse=True):
        out.insert(index, tag)
    return "".join(out), made, missed


def _tokens(inner):
    """Pieces of the `<pre>` content, and where tokens start and end in them.

    Text outside any tag is split into single characters, so that a
    position between two of them is a boundary too. `starts` maps (line,
    column) to the piece index just before the token there, `ends` to the
    index just after the token that ends there.
    """
    out, starts, ends = [], {}, {}
    depth, line, column = 0, 1, 0

    def boundary():
        starts[(line, column)] = len(out)  # the last one: before the next token
        ends.setdefault((line, column), len(out))  # the first: after the last

    def advance(text):
        nonlocal line, column
        for char in text:
            line, column = (line + 1, 0) if char == "\n" else (line, column + 1)

    boundary()
    for piece in PIECE.split(inner):
        if piece.startswith("<"):
            depth += -1 if piece.startswith("</") else 0 if piece.endswith("/>") else 1
            out.append(piece)
        elif depth:
            out.append(piece)  # a token's text, as Pygments escaped it
            advance(html.unescape(piece))
            continue
        else:
            for char in html.unescape(piece):
                out.append(html.escape(char, quote=False))
                advance(char)
                boundary()
            continue
        if depth == 0:
            boundary()
    return out, starts, ends
