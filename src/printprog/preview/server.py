"""The preview page: a loopback-only HTTP server (standard library) with server-sent events.

It serves only what the builds made, from memory: the page and its script and style (read from
the package once, at start), the state as JSON, and PNGs and PDFs under ids generated from their
bytes. No part of a URL ever reaches the file system: a request is matched against a fixed table
and a dict of ids, everything else is 404.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any

from printprog.diagnostics import Diagnostic
from printprog.preview.session import Outcome

HOST = "127.0.0.1"  # loopback only, never an option
MAX_PATH = 2048
_BLOB = re.compile(r"/blob/([0-9a-f]{24})\.(png|pdf)")
TYPES = {"png": "image/png", "pdf": "application/pdf", "js": "text/javascript; charset=utf-8",
         "css": "text/css; charset=utf-8", "html": "text/html; charset=utf-8", "json": "application/json"}


def diagnostic_json(d: Diagnostic) -> dict[str, str]:
    return {"where": str(d.mark) if d.mark else "", "path": d.path, "message": d.message, "hint": d.hint,
            "severity": d.severity, "text": d.format().split("\n")[0]}


class Store:
    """What the page may see, replaced whole after every build; readers wait for a new version."""

    def __init__(self, title: str = "") -> None:
        self.title = title
        self.version = 0
        self.state: dict[str, Any] = {"version": 0, "generation": -1, "title": title, "products": []}
        self.blobs: dict[str, tuple[str, bytes]] = {}  # id -> (type, bytes)
        self._latest: dict[str, Outcome] = {}  # product key -> its newest outcome, in first-built order
        self._cond = threading.Condition()

    def put(self, generation: int, outcome: Outcome) -> None:
        """One product's newest outcome; the others stay as they were."""
        with self._cond:
            self._latest[outcome.product.key] = outcome
            outcomes = list(self._latest.values())
        self.publish(generation, outcomes)

    def publish(self, generation: int, outcomes: list[Outcome]) -> None:
        blobs: dict[str, tuple[str, bytes]] = {}
        products = []
        for out in outcomes:
            pages = []
            for v in out.pages:
                blobs[v.id] = ("png", v.png)
                pages.append({"src": f"/blob/{v.id}.png", "w": v.width, "h": v.height, "trim": v.trim, "safe": v.safe})
            pdf = None
            if out.pdf is not None and out.ok:
                pid = hashlib.sha256(out.pdf).hexdigest()[:24]
                blobs[pid] = ("pdf", out.pdf)
                pdf = f"/blob/{pid}.pdf"
            products.append({
                "key": out.product.key, "format": out.product.format, "lang": out.product.lang, "venue": out.venue,
                "name": out.name, "ok": out.ok, "preflight": out.preflight, "findings": out.findings,
                "stale": out.stale, "ms": round(out.seconds * 1000, 1), "pdf": pdf, "pages": pages,
                "diagnostics": [diagnostic_json(d) for d in out.diagnostics],
                "outlines": [{"diag": o.diag, "page": o.page, "box": o.box} for o in out.outlines]})
        with self._cond:
            self.version += 1
            self.blobs = blobs
            self.state = {"version": self.version, "generation": generation, "title": self.title,
                          "products": products}
            self._cond.notify_all()

    def snapshot(self) -> tuple[int, bytes]:
        with self._cond:
            return self.version, json.dumps(self.state, ensure_ascii=False).encode()

    def wait(self, version: int, timeout: float) -> int:
        with self._cond:
            self._cond.wait_for(lambda: self.version != version, timeout)
            return self.version


def _static() -> dict[str, tuple[str, bytes]]:
    files = resources.files("printprog.preview") / "static"
    return {name: (name.rsplit(".", 1)[1], (files / name).read_bytes()) for name in ("index.html", "app.js", "style.css")}


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the terminal shows builds
        pass

    def do_GET(self) -> None:
        srv, path = self.server, self.path
        if len(path) > MAX_PATH or self.headers.get("Host", "") not in srv.hosts:
            return self._send(404, "text", b"not found")
        path = path.split("?", 1)[0]
        if path == "/":
            _, state = srv.store.snapshot()
            page = srv.static["index.html"][1].replace(b"{{STATE}}", state.replace(b"<", b"\\u003c"))
            return self._send(200, "html", page)
        if path in ("/app.js", "/style.css"):
            kind, data = srv.static[path[1:]]
            return self._send(200, kind, data)
        if path == "/state":
            return self._send(200, "json", srv.store.snapshot()[1])
        if path == "/events":
            return self._events()
        m = _BLOB.fullmatch(path)
        blob = srv.store.blobs.get(m[1]) if m else None
        if m and blob and blob[0] == m[2]:
            return self._send(200, blob[0], blob[1], cache=True)
        return self._send(404, "text", b"not found")

    def _send(self, code: int, kind: str, body: bytes, cache: bool = False) -> None:
        self.send_response(code)
        self.send_header("Content-Type", TYPES.get(kind, "text/plain; charset=utf-8"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600, immutable" if cache else "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "default-src 'self'; img-src 'self'; frame-ancestors 'none'")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: the state's version whenever it changes, a comment line as keep-alive."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        version, idle = -1, 0
        try:
            while not self.server.closing.is_set():
                now = self.server.store.wait(version, 0.5)
                if now != version:
                    version, idle = now, 0
                    self.wfile.write(f"data: {now}\n\n".encode())
                else:
                    idle += 1
                    if idle % 30 == 0:
                        self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, store: Store, port: int = 0) -> None:
        super().__init__((HOST, port), Handler)
        self.store = store
        self.static = _static()
        self.closing = threading.Event()
        port = self.server_address[1]
        self.hosts = {f"{HOST}:{port}", f"localhost:{port}"}

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that went away mid-answer is not an error worth a traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def start(self) -> threading.Thread:
        t = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.2}, name="printprog-serve",
                             daemon=True)
        t.start()
        return t

    def stop(self) -> None:
        self.closing.set()
        self.shutdown()
        self.server_close()
