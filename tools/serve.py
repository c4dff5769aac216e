#!/usr/bin/env python3
"""Serve a folder on 127.0.0.1 as python's http.server does, plus:
  - the two headers that make the page cross-origin isolated (COOP same-origin, COEP
    require-corp): the lab's worker then may share memory and runs its threaded engine
    (web/lab_worker.js). Plain static hosting without them works too, on one thread.
  - the Content-Security-Policy (CSP below) on every response: index.html carries the
    same policy in a <meta>, but a worker's policy comes only from its own script's
    response headers. tests/browser/page_security.mjs checks that the three agree.

    tools/serve.py SITE_DIR PORT
"""
import functools
import http.server
import sys

# Only the page's own origin, plus compiling WebAssembly (no eval, no inline script or
# style); data: images for the page's empty icon. No frame-ancestors: course notes on
# any site may embed the lab. The same string: index.html, web/embed_example.html and
# tests/browser/harness.mjs (CSP).
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'none'")


class IsolatingHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        self.send_header("Content-Security-Policy", CSP)
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
