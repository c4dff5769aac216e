#!/usr/bin/env python3
"""Serve a folder on 127.0.0.1 as python's http.server does, plus the two headers that
make the page cross-origin isolated (COOP same-origin, COEP require-corp): the lab's
worker then may share memory and runs its threaded engine (web/lab_worker.js). Plain
static hosting without them works too, on one thread.

    tools/serve.py SITE_DIR PORT
"""
import functools
import http.server
import sys


class IsolatingHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    site, port = sys.argv[1], int(sys.argv[2])
    handler = functools.partial(IsolatingHandler, directory=site)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
