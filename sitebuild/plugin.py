"""MkDocs plugin `tutorial-examples`: the site never shows stale results, and serve previews edits.

    plugins:
      - tutorial-examples:
          examples_dir: examples        # default; relative to mkdocs.yml
          preview_dir: build/preview    # default; where `mkdocs serve` writes
          nav_section: Experiments      # optional; where unlisted examples go

`mkdocs build` (and `mike deploy`, which calls it) compares every example
with its published artifacts under `docs_dir/generated/`, using the same
rules as `build_figures.py` (`freshness`), under the published folder's lock:

- code inputs changed, no artifacts, or files that are not what the build
  wrote (their SHA-256 differs from the manifest's): the build fails, one
  line per example naming what and the command that refreshes it;
- only prose changed: merged into the stored outputs (nothing runs) and
  written, as `build_figures.py` would; a prose error (an unknown `{name}`)
  fails the build naming the example.

`mkdocs serve` watches the examples. For each example that differs from its
published artifacts it brings a preview up to date in a background process
(`serving`, `preview`): prose edits merged, code edits run in fast mode. The
served site reads the preview instead of the published folder (`catalog`
with an overlay): pages, figures, the gallery, the nav and `{example.name}`
values, a brand-new example included. Nothing under `docs_dir` is written by
serve, so `preview_dir` may not lie inside it.

Every example the nav does not list is added to it (`site_nav`). The hooks
read the artifacts through this plugin's `catalog` (`catalog.for_site`).
"""

import logging
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from . import (
    catalog,
    freshness,
    layout,
    lock,
    pipeline,
    preview,
    produce,
    serving,
    settings,
    site_nav,
    sources,
)
from .errors import ExampleError

log = logging.getLogger("mkdocs.plugins.tutorial-examples")
# mkdocs-jupyter says "Converting notebook" and "Cache hit" at INFO for every
# notebook on every build: two lines per page that tell a maintainer nothing.
QUIETED = ("mkdocs.mkdocs-jupyter", "mkdocs.plugins.mkdocs_jupyter")


class ExamplesConfig(Config):
    examples_dir = config_options.Type(str, default="examples")
    preview_dir = config_options.Type(str, default=settings.PREVIEW_DIR)
    nav_section = config_options.Optional(config_options.Type(str))


class ExamplesPlugin(BasePlugin[ExamplesConfig]):
    def __init__(self):
        self.serving = False
        self.previews = None
        self.catalog = None

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"  # kept across serve's rebuilds
        for name in QUIETED:
            logging.getLogger(name).setLevel(logging.WARNING)

    def on_config(self, config):
        base = Path(config.config_file_path or ".").resolve().parent
        self.examples = base / self.config.examples_dir
        self.published = Path(config.docs_dir) / layout.GENERATED
        self.preview = (base / self.config.preview_dir).resolve() / layout.GENERATED
        if not self.examples.is_dir():
            raise PluginError(
                f"tutorial-examples: examples_dir {self.examples} is not a folder; "
                "set `examples_dir` under the plugin in mkdocs.yml."
            )
        docs = Path(config.docs_dir).resolve()
        if docs == self.preview.parent or docs in self.preview.parents:
            raise PluginError(
                f"tutorial-examples: preview_dir {self.config.preview_dir} is inside "
                f"docs_dir ({docs}); serve would publish its previews. Choose a "
                "folder outside it, such as build/preview."
            )
        self.catalog = catalog.Catalog(self.published)

    def on_pre_build(self, config):
        paths = sources.discover(self.examples)
        if self.serving:
            overlay = self._plan_previews(paths)
        else:
            overlay = {}
            self._publish_prose_or_fail(paths)
        self.catalog = catalog.Catalog(self.published, overlay)

    def on_files(self, files, config):
        for name, root in self.catalog.overlay.items():
            serving.read_from(files, config, name, root)
        if config.nav is not None:
            entries = _entries(self.catalog)
            for added in site_nav.complete(
                config.nav, entries, self.config.nav_section
            ):
                log.debug("nav: adding %s (%s)", added.page, added.title)
        return files

    def on_page_content(self, html, page, config, files):
        name = layout.example_of(page.file.src_uri)
        if self.previews and name in self.previews.pending:
            return serving.updating_banner(name) + html
        return html

    def on_serve(self, server, config, builder):
        self.preview.mkdir(parents=True, exist_ok=True)
        server.watch(str(self.examples))
        server.watch(str(self.preview))  # a finished preview reloads the page
        return server

    def on_shutdown(self):
        if self.previews:
            self.previews.stop()

    def _publish_prose_or_fail(self, paths):
        with lock.exclusive(self.published, say=log.info):
            problems = [self._publish_or_problem(path) for path in paths]
        problems = [problem for problem in problems if problem]
        problems += [
            f"{orphan}: published, but {self.examples.name}/{orphan}.py is gone; "
            f"delete {layout.on_disk(self.published, orphan).folder}/"
            for orphan in freshness.orphans(self.published, paths)
        ]
        if problems:
            raise PluginError(
                "the published results cannot be shown:\n  " + "\n  ".join(problems)
            )

    def _publish_or_problem(self, path):
        """Merge a prose edit of the example at `path`; or say why it cannot be shown."""
        try:
            example = sources.load(path)
            status = freshness.status(
                example, self.published, settings.FULL, self.examples
            )
            if status.needs_run or status.edited:
                return pipeline.advice(path.stem, status)
            if status.state == freshness.PROSE:
                produce.merge_prose(example, status, self.published)
                log.info("%s: prose updated, nothing run", path.stem)
        except ExampleError as error:
            return f"{path.stem}: {error}"
        return None

    def _plan_previews(self, paths):
        if self.previews is None:
            self.previews = serving.Previews(
                self.examples, self.published, self.preview, self.examples.parent
            )
        overlay = {}
        for path in paths:
            try:
                example = sources.load(path)
                action = preview.plan(
                    example, self.published, self.preview, self.examples
                )
            except ExampleError:
                current = preview.is_current_failure(path, self.preview)
                action = preview.CURRENT if current else preview.RUN
            if action in preview.ACTIONS:  # the file saved last is previewed first
                self.previews.request(path.stem, priority=path.stat().st_mtime)
            folder = layout.on_disk(self.preview, path.stem)
            if action != preview.PUBLISHED and folder.manifest.is_file():
                overlay[path.stem] = self.preview
        return overlay


def _entries(found):
    try:
        return found.entries()
    except ExampleError as error:
        raise PluginError(str(error)) from None
