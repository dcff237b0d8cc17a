"""What `mkdocs serve` adds: previews made in the background and read in place of the published.

`Previews` brings one example's preview up to date at a time, in a
subprocess (`python -m sitebuild.preview`), so a failing or slow example
never blocks the server. `read_from` makes MkDocs read an example's files
from its preview folder. The plugin (`plugin.py`) drives both.
"""

import logging
import subprocess
import sys
import threading

from mkdocs.structure.files import File, set_exclusions

from . import layout, settings

log = logging.getLogger("mkdocs.plugins.tutorial-examples")
STOP_SECONDS = 10  # a preview asked to stop gets this long before it is killed


def read_from(files, config, name, root):
    """Serve the example's pages and figures from the preview `root` instead of the published ones.

    The preview root mirrors docs_dir's `generated/` (`<root>/<name>/`), so
    each file is a plain MkDocs File whose source folder is the root's
    parent: other plugins (mkdocs-jupyter) read it like any docs file.
    """
    site = layout.in_site(name)
    prefix = f"{site.folder.as_posix()}/"
    published = {f.src_uri: f for f in files if f.src_uri.startswith(prefix)}
    for file in published.values():
        files.remove(file)
    folder = layout.on_disk(root, name).folder
    src_dir = root.parent  # holds generated/<name>/
    added = [
        File(
            f"{layout.GENERATED}/{path.relative_to(root).as_posix()}",
            str(src_dir),
            config.site_dir,
            config.use_directory_urls,
        )
        for path in sorted(p for p in folder.rglob("*") if p.is_file())
    ]
    set_exclusions(added, config)  # exclude_docs (snippets) as for any docs file
    for file in added:
        files.append(file)


def updating_banner(name):
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
        self._queue = {}  # name -> priority: the last edit first
        self._process = None
        self._stopped = False
        threading.Thread(target=self._work, daemon=True).start()

    def request(self, name, priority=0):
        """Queue a preview of `name`; the highest `priority` (an edit time) goes first."""
        with self._wanted:
            if name not in self.pending:
                self.pending.add(name)
                self._queue[name] = priority
                self._wanted.notify()

    def stop(self):
        """Stop the worker; a running preview may end (and stop its kernel) before it is killed."""
        with self._wanted:
            self._stopped = True
            self._wanted.notify()
            process = self._process
        if process and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()  # gone when stop returns, not soon after

    def _work(self):
        while True:
            with self._wanted:
                self._wanted.wait_for(lambda: self._queue or self._stopped)
                if self._stopped:
                    return
                name = max(self._queue, key=self._queue.get)
                del self._queue[name]
            log.info("preview of %s: started", name)
            said = self._run(name)
            log.info("preview of %s: %s", name, said)
            with self._wanted:
                self.pending.discard(name)
                self._process = None

    def _run(self, name):
        try:
            with self._wanted:
                if self._stopped:  # stop() came after this preview was taken
                    return "not started (the server stopped)"
                self._process = subprocess.Popen(
                    [*self.command, name], stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT, text=True, cwd=self.cwd,
                )  # fmt: skip
                process = self._process
            said, _ = process.communicate()
            return said.strip()
        except OSError as error:  # the page must not wait for it forever
            return f"could not be started ({error})"
