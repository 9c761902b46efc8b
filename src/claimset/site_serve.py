"""`claimset site --serve`: serve a written site on the loopback address, for the search.

Browsers refuse fetch() from file://, and Pagefind loads its index with fetch(): served over
http, the index's search and filters work. The server binds 127.0.0.1 only, so nothing
outside this machine reaches it.
"""

from __future__ import annotations

import functools
import http.server
from pathlib import Path
from typing import Callable, Optional

HOST = "127.0.0.1"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files; logs nothing per request (a page loads dozens of index chunks)."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


def server(directory: Path, port: int = 0) -> http.server.ThreadingHTTPServer:
    """A server of ``directory`` on 127.0.0.1:``port`` (0: any free port), not yet serving."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    return http.server.ThreadingHTTPServer((HOST, port), handler)


def serve(directory: Path, port: int, ready: Optional[Callable[[str], None]] = None) -> None:
    """Serve ``directory`` until interrupted (Ctrl-C)."""
    with server(directory, port) as httpd:
        if ready:
            ready(f"http://{HOST}:{httpd.server_address[1]}/index.html")
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
