"""Serve a built site on localhost and visit it with Debian's chromium, recording traffic."""

import contextlib
import functools
import http.server
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
# Headless, and nothing the browser would fetch for itself (updates, sync, field trials).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_SCHEMES = {"data", "blob", "about"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass  # the test records requests in the browser instead


@contextlib.contextmanager
def serve(folder):
    """Serve folder over HTTP on a free localhost port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass
class Traffic:
    """Everything a browser context asked for, and everything that went wrong."""

    origin: str
    requests: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)

    def third_party(self):
        return [url for url in self.requests if not self._is_own(url)]

    def _is_own(self, url):
        parts = urlsplit(url)
        return parts.scheme in LOCAL_SCHEMES or f"{parts.scheme}://{parts.netloc}" == (
            self.origin
        )

    def problems(self):
        return self.failures + self.console_errors


def record(context, base_url):
    """Attach listeners to a browser context; return the Traffic they fill."""
    parts = urlsplit(base_url)
    traffic = Traffic(origin=f"{parts.scheme}://{parts.netloc}")
    context.on("request", lambda request: traffic.requests.append(request.url))
    context.on("requestfailed", lambda request: _check_failure(request, traffic))
    context.on("response", lambda response: _check_status(response, traffic))
    context.on("console", lambda message: _check_console(message, traffic))
    context.on(
        "weberror", lambda error: traffic.console_errors.append(str(error.error))
    )
    return traffic


def _check_failure(request, traffic):
    # A navigation cancels what the page still had in flight with
    # net::ERR_ABORTED: the next page visited, or the redirect of mike's root
    # page, which can cut that page's own load short. That is the browser's
    # doing, not the site's: a missing file shows up as an HTTP status, a page
    # that does not load fails open_page, and a refused third-party request is
    # counted by third_party().
    if request.failure != "net::ERR_ABORTED":
        traffic.failures.append(f"request failed: {request.url} ({request.failure})")


def _check_status(response, traffic):
    if response.status >= 400:
        traffic.failures.append(f"HTTP {response.status}: {response.url}")


def _check_console(message, traffic):
    if message.type == "error":
        traffic.console_errors.append(
            f"console error: {message.text} ({message.location})"
        )
