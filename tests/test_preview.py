"""printprog serve / watch: the warm session gives the cold build's bytes, the page serves only
what the builds made (loopback only), an edit during a build restarts it, watch publishes whole."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

SYNOPSIS = "Ъндърграунд рок сцената кипи."


@pytest.fixture
def film(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data" / "leto.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cold(film: Path, fmt: str = "a4") -> bytes:
    from printprog import build

    job = build.prepare(build.Request(fmt, film))
    return build.finish_job(job, build.compose_job(job))


# --- the warm session -----------------------------------------------------------------------


def test_warm_rebuilds_give_the_cold_build_bytes(film: Path) -> None:
    from printprog.preview.session import Product, Session

    a4 = Product("a4")
    session = Session(film, [a4], pngs=False)
    first = session.build(a4)
    assert first is not None and first.ok and first.pdf == cold(film)
    for old, new in ((SYNOPSIS, "Ъндърграунд рок сцената ври."), ('time: "20:30"', 'time: "21:05"'),
                     ("year: 2018", "year: 2019")):
        edit(film, old, new)
        out = session.build(a4)
        assert out is not None and out.ok, [d.format() for d in out.diagnostics] if out else None
        assert out.pdf == cold(film), f"warm != cold after {old!r} -> {new!r}"
    cache = session._states[a4].cache
    assert cache.hits > 0 and cache.misses > 0  # blocks came from the cache, and changed ones did not


def test_a_per_venue_flyer_warm_is_the_batch_file(film: Path, tmp_path: Path) -> None:
    from printprog.batch import build_per_venue
    from printprog.build import Request
    from printprog.preview.session import Product, Session

    a5 = Product("flyer-a5")
    session = Session(film, [a5], pngs=False)
    assert session.build(a5) is not None
    edit(film, 'time: "17:30"', 'time: "18:10"')
    out = session.build(a5)
    assert out is not None and out.ok and out.venue and out.pdf
    build_per_venue(Request("flyer-a5", film, out=tmp_path / "batch"), venue=out.venue, jobs=1)
    assert (tmp_path / "batch" / out.name).read_bytes() == out.pdf


def test_a_picture_saved_again_under_its_name_is_drawn_anew(film: Path, tmp_path: Path) -> None:
    """The warm process keeps prepared pictures per file version, not per path: the new key art
    replaces the old one, and the flyer is the one a fresh build makes."""
    from PIL import Image as PILImage

    from printprog.batch import build_per_venue
    from printprog.build import Request
    from printprog.preview.session import Product, Session
    from printprog.render import images

    a5 = Product("flyer-a5")
    session = Session(film, [a5], pngs=False)
    first = session.build(a5)
    assert first is not None and first.ok and first.pdf
    picture = film.parent / "images" / "leto-keyart.jpg"
    with PILImage.open(picture) as im:
        im.load()
    im.paste(128, (im.width // 3, im.height // 3, im.width // 3 + 600, im.height // 3 + 600))  # same size, same crop
    im.save(picture, quality=85)
    again = session.build(a5)
    assert again is not None and again.ok and again.pdf != first.pdf
    images._prepared.cache_clear()  # a fresh build's memo
    build_per_venue(Request("flyer-a5", film, out=tmp_path / "batch"), venue=again.venue, jobs=1)
    assert (tmp_path / "batch" / again.name).read_bytes() == again.pdf


def test_a_block_is_composed_again_when_a_field_it_read_changes(film: Path) -> None:
    from printprog.load import load_film
    from printprog.preview.tracking import READS, BlockCache, observed

    plain, _ = load_film(film)
    seen = observed(plain)
    assert dict(seen) == dict(plain)
    cache = BlockCache()
    cache.use(seen)
    assert "k" not in cache  # a miss starts recording
    assert seen.synopsis is not None and seen.year
    cache["k"] = "content"
    assert READS.fields is None and set(cache.entries["k"][0]) == {"synopsis", "year"}
    assert "k" in cache and cache["k"] == "content"
    cache.use(observed(plain.model_copy(update={"year": 1999})))
    assert "k" not in cache  # the year it read changed
    cache.use(observed(plain.model_copy(update={"runtime": 1})))
    assert "k" in cache  # a field it never read changed


def test_problems_outline_the_block_they_are_about(film: Path) -> None:
    from printprog.diagnostics import Diagnostic
    from printprog.preview.session import Product, Session, outlines

    session = Session(film, [Product("a4")])
    out = session.build(Product("a4"))
    assert out is not None and out.pages
    path, layout, _ = session._layouts["a4"]
    plan = session._states[Product("a4")].plan
    assert plan is not None
    block = layout.pages[0].blocks[1]
    found = outlines([Diagnostic("x", path="pages[0].blocks[1].style"),
                      Diagnostic("y", hint=f"({block.type} block in region '{block.region}')"),
                      Diagnostic("z", path="title")], plan, layout, out.pages)
    (pl,) = [p for p in plan.pages[0].placements if p.region == block.region and p.block == block.type]
    assert [(o.diag, o.page) for o in found] == [(0, 0), (1, 0)]
    assert found[0].box == out.pages[0].frac(pl.box)
    x, y, w, h = found[0].box
    assert 0 < x < 1 and 0 < y < 1 and 0 < w <= 1 and 0 < h <= 1


def test_an_edit_during_a_build_restarts_it(tmp_path: Path) -> None:
    from printprog.preview.loop import Loop
    from printprog.preview.session import Outcome, Product

    watched = tmp_path / "film.yaml"
    watched.write_text("a")
    calls: list[bool] = []  # per build: whether it was told to stop
    reports: list[int] = []
    done = threading.Event()

    class Edited:  # a session whose first build sees the film saved under it
        products = [Product("a4")]

        def inputs(self) -> list[Path]:
            return [watched]

        def build(self, product: Product, cancelled: object) -> Outcome | None:
            assert callable(cancelled)
            if not calls:
                loop.bump()  # what the watcher does when the file changes
            calls.append(cancelled())
            return None if calls[-1] else Outcome(product, ok=True)

    def report(gen: int, outcome: Outcome) -> None:
        reports.append(gen)
        done.set()

    loop = Loop(Edited(), report, interval=0.05)  # type: ignore[arg-type]
    loop.start()
    try:
        assert done.wait(10)
    finally:
        loop.close()
    assert calls == [True, False] and reports == [1]  # the stale build was dropped, not reported


# --- the server -----------------------------------------------------------------------------

_OPENED: list[str] = []
_LISTEN = threading.Event()


def _audit(event: str, args: tuple) -> None:
    if _LISTEN.is_set() and threading.current_thread() is not threading.main_thread() \
            and event in ("open", "os.listdir", "os.scandir", "os.chdir"):
        _OPENED.append(f"{event} {args[0]!r}")


def _get(port: int, target: bytes, host: bytes | None = None) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: " + (host or b"127.0.0.1:%d" % port) +
                  b"\r\nConnection: close\r\n\r\n")
        head = b""
        while b"\r\n" not in head:
            chunk = s.recv(4096)
            if not chunk:
                break
            head += chunk
    return int(head.split()[1])


@pytest.fixture
def server():  # type: ignore[no-untyped-def]
    from printprog.preview.pages import PageView
    from printprog.preview.server import PreviewServer, Store
    from printprog.preview.session import Outcome, Product

    store = Store("test")
    view = PageView("0123456789abcdef01234567", b"\x89PNG fake", 10, 10, (0, 0, 1, 1), (0, 0, 1, 1), 0.0, (1.0, 1.0))
    store.publish(0, [Outcome(Product("a4"), ok=True, pages=[view])])
    srv = PreviewServer(store)
    srv.start()
    yield srv
    srv.stop()


def test_only_what_the_build_made_is_served(server) -> None:  # type: ignore[no-untyped-def]
    sys.addaudithook(_audit)
    port = server.server_address[1]
    assert _get(port, b"/") == 200 and _get(port, b"/state") == 200 and _get(port, b"/app.js") == 200
    assert _get(port, b"/blob/0123456789abcdef01234567.png") == 200
    hostile = [b"/../pyproject.toml", b"/%2e%2e%2fpyproject.toml", b"/..%2f..%2fetc%2fpasswd", b"/%2e%2e/%2e%2e/etc/passwd",
               b"//etc/passwd", b"/etc/passwd", b"http://127.0.0.1/etc/passwd", str(ROOT / "pyproject.toml").encode(),
               b"/app.js/../../pyproject.toml", b"/static/app.js", b"/static/../__init__.py", b"/preview/server.py",
               b"/blob/../../pyproject.toml", b"/blob/0123456789abcdef01234567.pdf", b"/blob/0123456789ABCDEF01234567.png",
               b"/blob/0123456789abcdef01234567.png%00", b"/%00", b"/\x00", b"/style.css\x00.png", b"/" + b"a" * 5000,
               b"/blob/" + b"0" * 3000 + b".png", b"/state/../../pyproject.toml", b"/index.html", b"/favicon.ico"]
    _OPENED.clear()
    _LISTEN.set()
    try:
        codes = {t[:40]: _get(port, t) for t in hostile}
        codes[b"evil host"] = _get(port, b"/", host=b"evil.example:80")  # DNS rebinding
    finally:
        _LISTEN.clear()
    assert set(codes.values()) == {404}, codes
    assert _get(port, b"/" + b"a" * 70000) in (404, 414)  # longer than http.server reads: 414
    assert _OPENED == []


def test_the_server_listens_on_loopback_only(server) -> None:  # type: ignore[no-untyped-def]
    port = server.server_address[1]
    assert server.server_address[0] == "127.0.0.1" and server.url.startswith("http://127.0.0.1:")
    others = set()
    try:
        others = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    except OSError:
        pass
    for address in others - {"127.0.0.1"}:
        if address.startswith("127."):
            continue
        with pytest.raises(OSError):
            socket.create_connection((address, port), timeout=2).close()


def test_events_announce_a_new_build(server) -> None:  # type: ignore[no-untyped-def]
    port = server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"GET /events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % port)
        first = s.recv(4096)
        while b"data: 1" not in first:
            first += s.recv(4096)
        server.store.publish(1, [])
        later = b""
        while b"data: 2" not in later:
            later += s.recv(4096)
    assert b"text/event-stream" in first


# --- watch ------------------------------------------------------------------------------------


def _lines(proc: subprocess.Popen) -> queue.Queue[str]:
    q: queue.Queue[str] = queue.Queue()
    for stream in (proc.stdout, proc.stderr):
        threading.Thread(target=lambda s=stream: [q.put(line) for line in iter(s.readline, "")], daemon=True).start()
    return q


def _until(q: queue.Queue[str], text: str, seen: list[str], timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not any(text in line for line in seen):
        seen.append(q.get(timeout=max(0.1, end - time.monotonic())))


def test_watch_publishes_good_builds_keeps_the_last_good_one_and_stops_on_ctrl_c(film: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "CI": "true", "NO_COLOR": "1", "PYTHONPATH": str(ROOT / "src")}
    seen: list[str] = []
    with subprocess.Popen([sys.executable, "-m", "printprog", "watch", "--data", str(film), "--out", str(out)],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=env, cwd=tmp_path) as proc:
        try:
            q = _lines(proc)
            _until(q, "wrote", seen)
            pdf = out / "leto-a4-bg.pdf"
            good = pdf.read_bytes()
            assert good == cold(film)
            edit(film, "year: 2018", "year: 1700")  # a broken edit: reported, the last good PDF stays
            _until(q, "leto.yaml:13:", seen)
            _until(q, "1 problem", seen)
            assert pdf.read_bytes() == good and sorted(p.name for p in out.iterdir()) == [pdf.name]
            edit(film, SYNOPSIS, "Ъндърграунд рок сцената ври.")
            edit(film, "year: 1700", "year: 2018")
            while sum("wrote" in line for line in seen) < 2:
                seen.append(q.get(timeout=60))
            assert pdf.read_bytes() == cold(film) != good
        finally:
            proc.send_signal(signal.SIGINT)
            code = proc.wait(30)
        time.sleep(0.2)  # the readers take the last lines
        while not q.empty():
            seen.append(q.get())
    assert code in (0, 130) and "Traceback" not in "".join(seen), seen
    assert any("stopped" in line for line in seen)
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_a_layout_of_ones_own_with_its_own_fonts_previews(film: Path, tmp_path: Path) -> None:
    """serve and watch register a layout's `fonts:` (relative to it) as build does, and take
    --font-path: the preview draws with the brand face."""
    import argparse

    import pikepdf

    from printprog import ownfonts
    from printprog.cli import _parser
    from printprog.preview.session import Product, Session
    from tests.test_cli_stumbles import brand_layout

    layout = brand_layout(tmp_path)
    ownfonts.reset()
    try:
        product = Product(str(layout))
        out = Session(film, [product], pngs=False).build(product)
        assert out is not None and out.ok, [d.format() for d in out.diagnostics] if out else None
        import io

        with pikepdf.open(io.BytesIO(out.pdf)) as pdf:
            names = {str(f.get("/BaseFont")) for page in pdf.pages for f in page.Resources.Font.values()}
        assert any(n.endswith("+Oswald-SemiBold") for n in names), names
    finally:
        ownfonts.reset()
    for command in ("serve", "watch"):
        args = _parser().parse_args([command, "--font-path", str(tmp_path / "fonts"), "--font-path", "x"])
        assert isinstance(args, argparse.Namespace) and args.font_path == [tmp_path / "fonts", Path("x")]
