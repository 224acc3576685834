"""The command line: a thin layer over build.py. Exit codes: 0 ok, 1 input error, 2 usage/environment."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from printprog import __version__
from printprog.diagnostics import InputError, display_path

OK, INPUT_ERROR, USAGE_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="printprog", description="Print-ready film programmes from YAML.")
    p.add_argument("--version", action="version", version=f"printprog {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build a product (PDF) from film data and a layout")
    b.add_argument("--format", required=True, help="layout name (see `printprog layouts`) or a layout file")
    b.add_argument("--data", type=Path, help="film file (default: data/leto.yaml)")
    b.add_argument("--lang", choices=["bg", "en", "ru"], default="bg", help="edition language (default bg)")
    b.add_argument("--out", type=Path, default=Path("build"), help="output folder (default build/)")
    b.add_argument("--proof", action="store_true", help="also write a PNG of every page")
    b.add_argument("--shop", default="default", help="shop profile from shops/ or a YAML file (default: default)")
    b.add_argument("--icc", type=Path, help="the shop's CMYK output profile (.icc) instead of the shop profile's")
    lay = sub.add_parser("layouts", help="list the layouts")
    lay.add_argument("--reference", action="store_true", help="print the layout format reference (Markdown)")
    sub.add_parser("fonts", help="list the font names styles may use")
    v = sub.add_parser("validate", help="check a film file (or a layout file) and report every problem")
    v.add_argument("file", type=Path)
    s = sub.add_parser("schema", help="print the JSON Schema of the film format (or --layout)")
    s.add_argument("--layout", action="store_true")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return OK if e.code == 0 else USAGE_ERROR
    try:
        return _run(args)
    except InputError as e:
        for d in e.diagnostics:
            print(d.format(), file=sys.stderr)
        n = len(e.diagnostics)
        print(f"{n} problem{'s' if n != 1 else ''}; nothing was written.", file=sys.stderr)
        return INPUT_ERROR
    except OSError as e:
        print(f"printprog: {e}", file=sys.stderr)
        return USAGE_ERROR


def _run(args: argparse.Namespace) -> int:
    from printprog import build

    if args.command == "layouts":
        if args.reference:
            from printprog.load.reference import layout_reference

            print(layout_reference(), end="")
            return OK
        for name in build.layout_names():
            print(f"{name:16} {build.layout_description(name)}")
        return OK
    if args.command == "fonts":
        from printprog.text.fonts import catalogue

        for name in catalogue():
            print(name)
        return OK
    if args.command == "schema":
        from printprog.load.schema import film_schema, layout_schema

        print(layout_schema() if args.layout else film_schema(), end="")
        return OK
    if args.command == "validate":
        return _validate(args.file)
    data = args.data or build.default_data()
    req = build.Request(args.format, data, args.lang, args.out, args.proof, args.shop, args.icc)
    out = build.build(req, progress=lambda s: print(s))
    print(f"wrote {display_path(out.pdf)} ({out.pages} page{'s' if out.pages != 1 else ''}, {out.size / 1024:.0f} KiB)")
    for p in out.proofs:
        print(f"wrote {display_path(p)}")
    return OK


def _validate(path: Path) -> int:
    from printprog.load import load_film, load_layout
    from printprog.load.yamlsrc import read_yaml
    from printprog.text.fonts import font_names

    data, _ = read_yaml(path)
    if isinstance(data, dict) and "pages" in data:
        load_layout(path, font_names())
        print(f"{display_path(path)}: layout OK")
    else:
        load_film(path)
        print(f"{display_path(path)}: film data OK")
    return OK


def main_entry() -> None:
    code = main()
    # Every file is already fsynced and renamed into place; skip the interpreter's ~100 ms of
    # module teardown (pydantic, reportlab, pikepdf) that a command-line run does not need.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
