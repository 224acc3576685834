"""`printprog serve` in a real browser (headless Chromium; skipped when there is none): the page
shows the products, follows an edit of the film (live, through server-sent events), shows a broken
edit's file:line message and outlines the block a problem is about; a click shows a page large."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, Callable

import pytest

from tests.conftest import ROOT

BROWSER = next((b for b in ("chromium", "chromium-browser", "google-chrome", "chrome") if shutil.which(b)), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no chromium binary")


def chromium(url: str, *args: str, cwd: Path) -> str:
    assert BROWSER is not None
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
             f"--user-data-dir={cwd / 'profile'}"]
    done = subprocess.run([BROWSER, *flags, *args, url], capture_output=True, text=True, timeout=60, cwd=cwd,
                          stdin=subprocess.DEVNULL)
    return done.stdout


def state(url: str) -> dict:
    with urllib.request.urlopen(url + "state", timeout=10) as r:
        return json.load(r)


def poll(check: Callable[[], object], timeout: float, what: str) -> Any:
    """check() every 0.1 s until it gives something true; that value."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(what)


def wait_for_version(url: str, above: int, timeout: float = 60) -> dict:
    return poll(lambda: (now := state(url))["version"] > above and now, timeout, f"no build after version {above}")


def test_the_page_follows_edits_and_shows_problems_with_their_line(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    film = tmp_path / "data" / "leto.yaml"
    env = {**os.environ, "CI": "true", "PYTHONPATH": str(ROOT / "src")}
    with subprocess.Popen([sys.executable, "-m", "printprog", "serve", "--data", str(film), "--format", "a4"],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                          env=env, cwd=tmp_path) as proc:
        try:
            assert proc.stdout is not None
            first = proc.stdout.readline()
            assert first.startswith("serving http://127.0.0.1:"), first
            url = first.split()[1]
            before = wait_for_version(url, 0)
            dom = chromium(url, "--dump-dom", cwd=tmp_path)
            assert "preflight pass" in dom and "leto-a4-bg.pdf" in dom
            assert before["products"][0]["pages"][0]["src"] in dom

            text = film.read_text(encoding="utf-8")
            film.write_text(text.replace("id: leto", "id: leto-live").replace("кипи.", "ври."), encoding="utf-8")
            after = wait_for_version(url, before["version"])
            dom = chromium(url, "--dump-dom", cwd=tmp_path)
            assert "leto-live-a4-bg.pdf" in dom
            new_src = after["products"][0]["pages"][0]["src"]
            assert new_src != before["products"][0]["pages"][0]["src"] and new_src in dom  # page 1 redrawn

            film.write_text(text.replace("year: 2018", "year: 1700", 1), encoding="utf-8")
            wait_for_version(url, after["version"])
            shot = tmp_path / "page.png"
            dom = chromium(url, "--dump-dom", cwd=tmp_path)
            chromium(url, f"--screenshot={shot}", "--window-size=1200,900", cwd=tmp_path)
            assert 'class="diag error"' in dom and "leto.yaml:13:" in dom and "year" in dom
            assert "1 error" in dom and new_src in dom  # the last good pages stay, dimmed
            assert shot.stat().st_size > 20_000
        finally:
            proc.terminate()
            proc.wait(30)


class DevTools:
    """A minimal client of Chromium's DevTools protocol over a websocket (standard library only)."""

    def __init__(self, ws_url: str) -> None:
        m = re.fullmatch(r"ws://([^/:]+):(\d+)(/.*)", ws_url)
        assert m, ws_url
        self.sock = socket.create_connection((m[1], int(m[2])), timeout=20)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {m[3]} HTTP/1.1\r\nHost: {m[1]}:{m[2]}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self._read(1)
        assert b" 101 " in head.split(b"\r\n")[0], head
        self.n = 0

    def _read(self, n: int) -> bytes:
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise EOFError
            out += chunk
        return out

    def call(self, method: str, **params: object) -> dict:
        self.n += 1
        data = json.dumps({"id": self.n, "method": method, "params": params}).encode()
        mask, n = os.urandom(4), len(data)
        size = bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack(">H", n)
        self.sock.sendall(bytes([0x81]) + size + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))
        while True:
            head = self._read(2)
            length = head[1] & 127
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(length)
            if head[0] & 15 == 1:
                msg = json.loads(payload)
                if msg.get("id") == self.n:
                    return msg.get("result", msg)

    def js(self, expression: str) -> object:
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return r.get("result", {}).get("value")

    def until(self, expression: str, timeout: float = 20) -> object:
        return poll(lambda: self.js(expression), timeout, f"never true: {expression}")


def test_the_open_page_updates_itself_and_zooms(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    film = tmp_path / "data" / "leto.yaml"
    text = film.read_text(encoding="utf-8")
    env = {**os.environ, "CI": "true", "PYTHONPATH": str(ROOT / "src")}
    assert BROWSER is not None
    closing: list[socket.socket] = []
    with subprocess.Popen([sys.executable, "-m", "printprog", "serve", "--data", str(film), "--format", "a4"],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                          env=env, cwd=tmp_path) as serve, \
            subprocess.Popen([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                              "--remote-debugging-port=0", f"--user-data-dir={tmp_path / 'profile'}", "about:blank"],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             cwd=tmp_path) as browser:
        try:
            assert serve.stdout is not None and browser.stderr is not None
            url = serve.stdout.readline().split()[1]
            wait_for_version(url, 0)
            port = next(m[1] for line in browser.stderr
                        if (m := re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)))
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
                page = next(t for t in json.load(r) if t["type"] == "page")
            tab = DevTools(page["webSocketDebuggerUrl"])
            closing.append(tab.sock)
            tab.call("Page.navigate", url=url)
            tab.until("document.querySelector('.product .meta')?.textContent.includes('leto-a4-bg.pdf')")

            film.write_text(text.replace("id: leto", "id: leto-live"), encoding="utf-8")  # no reload below
            tab.until("document.querySelector('.product .meta').textContent.includes('leto-live-a4-bg.pdf')")

            long_title = "  bg: " + "Лятото на Виктор Цой и Майк в Ленинград, когато рокендролът беше забранен " * 2 + "\n"
            film.write_text(text.replace("  bg: Лято\n", long_title, 1), encoding="utf-8")
            where = tab.until("[...document.querySelectorAll('.diag.error')].map(e => e.textContent)"
                              ".find(t => t.includes('does not fit a4'))")
            assert isinstance(where, str) and where.startswith("data/leto.yaml:8:3: title.bg:") and "hint:" in where
            assert tab.js("document.querySelectorAll('.page[data-page=\"0\"] .box.problem').length") == 1

            assert tab.js("document.querySelector('.page').click(); document.getElementById('zoom').hidden") is False
            assert tab.js("document.querySelectorAll('#zoom-page .box.trim, #zoom-page .box.safe').length") == 2
            assert tab.js("document.querySelector('#zoom-page .page').style.clipPath") == ""
            clip = tab.js("document.getElementById('show-bleed').click();"
                          "document.querySelector('#zoom-page .page').style.clipPath")
            assert isinstance(clip, str) and clip.startswith("inset(")  # bleed hidden: the page as cut
            assert tab.js("document.getElementById('show-safe').click();"
                          "document.querySelectorAll('#zoom-page .box.safe').length") == 0
        finally:
            for sock in closing:
                sock.close()
            browser.terminate()
            serve.terminate()
            browser.wait(30)
            serve.wait(30)
