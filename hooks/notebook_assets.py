"""mkdocs hook: notebook pages share one cached CSS file and load nothing from a CDN.

mkdocs-jupyter 0.26.3 has no option for either: its template inlines about
590 KB of JupyterLab and Pygments CSS into every notebook page, and adds
nbconvert's Mermaid loader (an ES module imported from cdnjs) and an empty
MathJax <script src="">. This hook moves the CSS into one content-addressed
file under assets/, linked from each notebook page's <head>, and drops the
loaders: our notebooks have no Mermaid output and MathJax is never configured.

Only the template's own header (before the notebook's wrapper <div>) and its
trailer (after it) are touched; cell inputs and outputs are left as they are.
"""

import hashlib
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

WRAPPER_START = '<div class="jupyter-wrapper">'
WRAPPER_END = "<!-- jupyter-wrapper -->"
STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
# Scripts that would fetch from a CDN, or that only configure such a script.
DROPPED_SCRIPTS = [
    re.compile(r'<script type="module">(?:(?!</script>).)*?mermaid.*?</script>', re.S),
    re.compile(r'<script src="">\s*</script>'),
    re.compile(r'<script type="text/x-mathjax-config">.*?</script>', re.S),
]
CSS_FOLDER = "assets/stylesheets"

_page_css = {}  # page src_uri -> the CSS file (site-relative) that page links


def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    start, end = html.find(WRAPPER_START), html.rfind(WRAPPER_END)
    if start < 0 or end < 0:
        raise PluginError(
            f"hooks/notebook_assets.py: {page.file.src_uri} has no {WRAPPER_START!r}; "
            "mkdocs-jupyter's template changed: update this hook for the new version."
        )
    end += len(WRAPPER_END)
    header, body, trailer = html[:start], html[start:end], html[end:]
    css = []
    header, trailer = (_strip(part, css) for part in (header, trailer))
    _page_css[page.file.src_uri] = _write_css("\n".join(css), config["site_dir"])
    return header + body + trailer


def on_post_page(output, page, config):
    css = _page_css.get(page.file.src_uri)
    if css is None:
        return output
    href = "../" * page.url.count("/") + css
    link = f'<link rel="stylesheet" href="{href}">'
    return output.replace("</head>", f"  {link}\n  </head>", 1)


def _strip(part, css):
    """Remove the dropped scripts and the <style> blocks, appending their CSS."""
    for script in DROPPED_SCRIPTS:
        part = script.sub("", part)
    css.extend(match.group(1).strip() for match in STYLE.finditer(part))
    return STYLE.sub("", part)


def _write_css(css, site_dir):
    """Write the CSS once per distinct content; return its site-relative path."""
    digest = hashlib.sha256(css.encode()).hexdigest()[:8]
    relative = f"{CSS_FOLDER}/notebook.{digest}.css"
    target = Path(site_dir) / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")
    return relative
