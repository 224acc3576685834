"""`printprog serve` (a live preview page) and `printprog watch` (rebuild on save, in the terminal).

Both keep one warm process (preview.session.Session) and rebuild when the film or a layout is
saved (preview.loop.Loop); Ctrl-C stops them cleanly (exit 130), never mid-publication.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from printprog.diagnostics import display_path

if TYPE_CHECKING:
    from printprog.preview.loop import Loop
    from printprog.preview.session import Outcome

HELP = {
    "serve": ("Show every product of a film side by side on a local web page (127.0.0.1 only), redrawn within\n"
              "a second of saving the film or a layout: pages, problems with file:line and the preflight verdict.\n"
              "Click a page to see it large with trim, bleed and safe zone. Nothing is written to disk.",
              "printprog serve\n"
              "printprog serve --data my-film/film.yaml --format a4 --format poster-b1 --lang en"),
    "watch": ("Rebuild the chosen products whenever the film or a layout is saved, print the problems, and\n"
              "publish each good PDF atomically (a broken edit keeps the last good file in place).",
              "printprog watch\n"
              "printprog watch --data my-film/film.yaml --format a4 --format flyer-a5 --out build/"),
}


def add_parsers(sub: Any) -> None:
    """The `serve` and `watch` subcommands (sub: the parser's subparsers)."""
    for name, short in (("serve", "a live preview page of every product, redrawn on save"),
                        ("watch", "rebuild products on save, print the problems, keep the last good PDFs")):
        description, examples = HELP[name]
        p = sub.add_parser(name, help=short, description=description, allow_abbrev=False,
                           epilog="examples:\n" + "".join(f"  {e}\n" for e in examples.splitlines()),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--data", type=Path, help="film file (default: data/leto.yaml)")
        p.add_argument("--format", action="append", metavar="NAME",
                       help="a layout name or file; may be repeated (default: " +
                            ("every layout)" if name == "serve" else "a4)"))
        p.add_argument("--lang", default="bg", help="edition language: bg, en or ru (default bg)")
        p.add_argument("--shop", default="default", help="shop profile from shops/ or a YAML file (default: default)")
        p.add_argument("--icc", type=Path, help="the shop's CMYK output profile (.icc) instead of the shop profile's")
        p.add_argument("--font-path", type=Path, action="append", metavar="DIR", default=[],
                       help="a folder (or .ttf file) of your own fonts; may be repeated")
        if name == "serve":
            p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one, printed)")
        else:
            p.add_argument("--out", type=Path, default=Path("build"), help="output folder (default build/)")


def run(args: argparse.Namespace) -> int:
    from printprog import build
    from printprog.cli import _edition, resolve_format
    from printprog.preview.loop import Loop, products
    from printprog.preview.session import Session

    from printprog import ownfonts

    ownfonts.reset()
    if args.font_path:
        ownfonts.register(args.font_path)
    data = args.data or build.default_data()
    if not data.is_file():
        raise FileNotFoundError(f"{display_path(data)}: no such film file")
    formats = [resolve_format(f) for f in args.format or (build.layout_names() if args.command == "serve" else ["a4"])]
    session = Session(data, products(formats, _edition(args.lang)), args.shop, args.icc,
                      pngs=args.command == "serve")
    if args.command == "serve":
        return _serve(session, args, Loop)
    return _watch(session, args, Loop)


def summary(out: Outcome) -> str:
    errors = sum(d.severity != "warning" for d in out.diagnostics)
    what = f"{Path(out.product.format).stem} {out.product.lang}" + (f" ({out.venue})" if out.venue else "")
    if errors:
        return f"{what}: {errors} problem{'s' if errors != 1 else ''}"
    return f"{what}: preflight {out.preflight or 'not run'} ({out.seconds * 1000:.0f} ms)"


def _wait(loop: Loop, note: str) -> int:
    """Until Ctrl-C (or SIGTERM): then stop the threads, a build under way ending whole."""
    try:
        while not loop.stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    loop.close()
    print(f"printprog: stopped{note}", file=sys.stderr)
    return 130


def _serve(session: Any, args: argparse.Namespace, make_loop: type[Loop]) -> int:
    from printprog.preview.server import PreviewServer, Store

    store = Store(display_path(session.data))
    server = PreviewServer(store, args.port)

    def report(gen: int, out: Outcome) -> None:
        store.put(gen, out)  # the page shows each product as soon as it is ready
        print(f"[{gen}] {summary(out)}", flush=True)

    loop = make_loop(session, report)
    server.start()
    print(f"serving {server.url} (film {display_path(session.data)}; Ctrl-C stops)", flush=True)
    loop.start()
    try:
        return _wait(loop, "")
    finally:
        server.stop()


def _watch(session: Any, args: argparse.Namespace, make_loop: type[Loop]) -> int:
    from printprog import build
    from printprog.cli.output import print_diagnostics

    published: dict[Path, bytes] = {}
    loop: Loop | None = None

    def report(gen: int, out: Outcome) -> None:
        print_diagnostics(out.diagnostics)
        line = summary(out)
        target = args.out / out.name if out.name else None
        if out.venue:
            line += "; a per-venue layout is not published here (printprog build --per venue)"
        elif out.ok and out.pdf is not None and target is not None and loop is not None and loop.generation == gen:
            try:
                if published.get(target) != out.pdf or not target.exists():
                    build.publish(target, out.pdf, False)  # atomic: all of it, or the last good file stays
                    published[target] = out.pdf
                line += f"; wrote {display_path(target)}"
            except OSError as e:  # a folder in the way, a full disk: said, and the loop goes on
                line += f"; cannot write: {e}"
        elif target is not None and target.exists():
            line += f"; kept {display_path(target)}"
        print(line, flush=True)

    loop = make_loop(session, report)
    print(f"watching {', '.join(display_path(p) for p in session.inputs())} (Ctrl-C stops)", flush=True)
    loop.start()
    return _wait(loop, "; the files already published stay")
