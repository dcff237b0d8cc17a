"""MkDocs plugin `tutorial-examples`: the site never shows stale results, and serve previews edits.

    plugins:
      - tutorial-examples:
          examples_dir: examples        # default; relative to mkdocs.yml
          preview_dir: build/preview    # default; where `mkdocs serve` writes

`mkdocs build` (and `mike deploy`, which calls it) compares every example
with its published artifacts under `docs_dir/generated/`, using the same
rules as `build_figures.py` (`freshness`):

- code inputs changed, or no artifacts: the build fails, one line per
  example naming what changed and the command that refreshes it;
- only prose changed: merged into the stored outputs (nothing runs) and
  written, as `build_figures.py` would.

`mkdocs serve` watches the examples. For each example that differs from its
published artifacts it brings a preview up to date in a background process
(`preview`): prose edits merged, code edits run in fast mode. The served
site reads the preview instead of the published folder, and the page says
while a preview is being made. Nothing under `docs_dir` is written by serve.
"""

import logging
import subprocess
import sys
import threading
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from . import (
    errors,
    freshness,
    layout,
    lock,
    pipeline,
    preview,
    produce,
    settings,
    sources,
)

log = logging.getLogger("mkdocs.plugins.tutorial-examples")


class ExamplesConfig(Config):
    examples_dir = config_options.Type(str, default="examples")
    preview_dir = config_options.Type(str, default="build/preview")


class ExamplesPlugin(BasePlugin[ExamplesConfig]):
    def __init__(self):
        self.serving = False
        self.previews = None
        self.overlay = {}  # example name -> its preview folder, while serving

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"  # kept across serve's rebuilds

    def on_config(self, config):
        base = Path(config.config_file_path or ".").resolve().parent
        self.examples = base / self.config.examples_dir
        self.published = Path(config.docs_dir) / layout.GENERATED
        self.preview = base / self.config.preview_dir / layout.GENERATED
        if not self.examples.is_dir():
            raise PluginError(
                f"tutorial-examples: examples_dir {self.examples} is not a folder; "
                "set `examples_dir` under the plugin in mkdocs.yml."
            )

    def on_pre_build(self, config):
        paths = sources.discover(self.examples)
        if self.serving:
            self.overlay = self._plan_previews(paths)
        else:
            self._publish_prose_or_fail(paths)

    def on_files(self, files, config):
        for name, folder in self.overlay.items():
            _read_from(files, config, name, folder)
        return files

    def on_page_content(self, html, page, config, files):
        name = layout.example_of(page.file.src_uri)
        if self.previews and name in self.previews.pending:
            return _updating_banner(name) + html
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
        problems = []
        for path in paths:
            try:
                example = sources.load(path)
                status = freshness.status(
                    example, self.published, "full", self.examples
                )
            except errors.ExampleError as error:
                problems.append(f"{path.stem}: cannot be read: {error}")
                continue
            if status.needs_run:
                problems.append(pipeline.advice(path.stem, status))
            elif status.state == freshness.PROSE:
                with lock.exclusive(self.published, say=log.info):
                    produce.merge_prose(example, status, self.published)
                log.info("%s: prose updated, nothing run", path.stem)
        problems += [
            f"{orphan}: published, but examples/{orphan}.py is gone; delete "
            f"docs/{layout.GENERATED}/{orphan}/"
            for orphan in freshness.orphans(self.published, paths)
        ]
        if problems:
            raise PluginError(
                "the published results are stale:\n  " + "\n  ".join(problems)
            )

    def _plan_previews(self, paths):
        if self.previews is None:
            self.previews = Previews(
                self.examples, self.published, self.preview, self.examples.parent
            )
        overlay = {}
        for path in paths:
            try:
                example = sources.load(path)
                action = preview.plan(
                    example, self.published, self.preview, self.examples
                )
            except errors.ExampleError:
                current = preview.is_current_failure(path, self.preview)
                action = preview.CURRENT if current else preview.RUN
            if action in preview.ACTIONS:
                self.previews.request(path.stem)
            folder = layout.on_disk(self.preview, path.stem)
            if action != preview.PUBLISHED and folder.manifest.is_file():
                overlay[path.stem] = folder.folder
        return overlay


def _read_from(files, config, name, folder):
    """Serve the example's pages and figures from `folder` instead of the published ones.

    The preview root mirrors docs_dir (`<preview_dir>/generated/<name>/`), so
    each file is a plain MkDocs File whose source folder is the preview
    folder: other plugins (mkdocs-jupyter) read it like any docs file.
    """
    prefix = f"{layout.in_site(name).folder.as_posix()}/"
    published = {f.src_uri: f for f in files if f.src_uri.startswith(prefix)}
    for file in published.values():
        files.remove(file)
    src_dir = folder.parent.parent  # <preview_dir>, holding generated/<name>/
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        src_uri = path.relative_to(src_dir).as_posix()
        old = published.get(src_uri)
        extra = {"inclusion": old.inclusion} if old else {}
        files.append(
            File(
                src_uri,
                str(src_dir),
                config.site_dir,
                config.use_directory_urls,
                **extra,
            )
        )


def _updating_banner(name):
    return (
        '<div class="admonition info preview-status"><p class="admonition-title">'
        "Updating the preview</p><p>Your edit of <code>"
        f"{name}.py</code> is being previewed; this page reloads when it is "
        "ready.</p></div>\n"
    )


class Previews:
    """One background worker bringing previews up to date, one example at a time."""

    def __init__(self, examples, published, preview, cwd):
        self.cwd = cwd
        self.command = [
            sys.executable, "-m", "sitebuild.preview",
            "--examples", str(examples), "--published", str(published),
            "--preview", str(preview), "--command", settings.BUILD_COMMAND,
        ]  # fmt: skip
        self.pending = set()
        self._wanted = threading.Condition()
        self._queue = []
        self._process = None
        self._stopped = False
        threading.Thread(target=self._work, daemon=True).start()

    def request(self, name):
        with self._wanted:
            if name not in self.pending:
                self.pending.add(name)
                self._queue.append(name)
                self._wanted.notify()

    def stop(self):
        with self._wanted:
            self._stopped = True
            self._wanted.notify()
        if self._process:
            self._process.kill()

    def _work(self):
        while True:
            with self._wanted:
                self._wanted.wait_for(lambda: self._queue or self._stopped)
                if self._stopped:
                    return
                name = self._queue.pop(0)
            log.info("preview of %s: started", name)
            self._process = subprocess.Popen(
                [*self.command, name], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, cwd=self.cwd,
            )  # fmt: skip
            said, _ = self._process.communicate()
            log.info("preview of %s: %s", name, said.strip())
            with self._wanted:
                self.pending.discard(name)
