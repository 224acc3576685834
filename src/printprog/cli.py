"""The command line: a thin layer over build.py and batch.py.

Exit codes: 0 ok, 1 a problem in the input, 2 usage or environment, 3 a file failed preflight,
130 interrupted (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from printprog import __version__
from printprog.diagnostics import Diagnostic, InputError, display_path

if TYPE_CHECKING:  # imported late at run time: the CLI starts fast
    import datetime as dt
    from types import FrameType

    from printprog.build import PreflightFailed, Request

OK, INPUT_ERROR, USAGE_ERROR, PREFLIGHT_FAILED, INTERRUPTED = 0, 1, 2, 3, 130


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
    b.add_argument("--per", choices=["venue"], help="one file per venue, each with only its screenings")
    b.add_argument("--venue", help="with --per venue: only this venue (its id)")
    b.add_argument("--from", dest="since", type=_date,
                   help="leave out screenings before this day (YYYY-MM-DD or DD.MM.YYYY; named in file names)")
    b.add_argument("--until", type=_date, help="leave out screenings after this day (YYYY-MM-DD or DD.MM.YYYY)")
    b.add_argument("--strict", action="store_true", help="texts missing in the edition's language are errors")
    b.add_argument("--keep-going", action="store_true", help="with --per venue: publish the good files, list the bad")
    b.add_argument("--jobs", type=int, help="worker processes for a batch (default: one per core)")
    i = sub.add_parser("impose", help="place finished pages on press sheets (cut-and-stack, cut marks, PDF/X)")
    i.add_argument("files", type=Path, nargs="+", help="finished PDFs of one trim size")
    i.add_argument("--sheet", default="SRA3", help="press sheet: SRA3, A3, SRA2, B2 (default SRA3)")
    i.add_argument("--nup", default="auto", help="copies per sheet, or auto (default)")
    i.add_argument("--gutter", default="4mm", help="space between copies' bleeds (default 4mm)")
    i.add_argument("--shop", default="default", help="shop profile (default: default)")
    i.add_argument("--out", type=Path, help="output file (default: imposed-<sheet>.pdf beside the first input)")
    pr = sub.add_parser("proof", help="one contact sheet (PNG and PDF) of every PDF in a folder")
    pr.add_argument("folder", type=Path)
    pr.add_argument("--columns", type=int, help="thumbnails per row (default: about the square root)")
    c = sub.add_parser("check", help="preflight a finished PDF against a shop profile")
    c.add_argument("file", type=Path)
    c.add_argument("--shop", default="default", help="shop profile (default: default)")
    c.add_argument("--json", action="store_true", help="print the report as JSON")
    lay = sub.add_parser("layouts", help="list the layouts")
    lay.add_argument("--reference", action="store_true", help="print the layout format reference (Markdown)")
    sub.add_parser("fonts", help="list the font names styles may use")
    ca = sub.add_parser("cache", help="where the picture cache is and how big; --clear empties it")
    ca.add_argument("--clear", action="store_true", help="remove every prepared picture (they are made again)")
    v = sub.add_parser("validate", help="check a film file (or a layout file) and report every problem")
    v.add_argument("file", type=Path)
    s = sub.add_parser("schema", help="print the JSON Schema of the film format (or --layout)")
    s.add_argument("--layout", action="store_true")
    return p


def _date(text: str) -> dt.date:
    import datetime as dt

    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):  # the forms the film file accepts
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a date; write 2019-03-16 or 16.03.2019")


def main(argv: list[str] | None = None) -> int:
    from printprog.write import commits

    before = commits()
    previous = _stop_on_sigterm()
    try:
        return _main(argv)
    except KeyboardInterrupt:
        # temporary files are already removed (write.Publication); say what is on disk
        kept = "the files already published stay" if commits() > before else "nothing was written"
        print(f"printprog: interrupted; {kept}", file=sys.stderr)
        return INTERRUPTED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _stop_on_sigterm() -> Callable[[int, FrameType | None], Any] | int | None:
    """SIGTERM ends a run like Ctrl-C: the same clean-up, the same message. Returns the handler
    to put back (None off the main thread, where handlers cannot be set)."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, interrupt)
    except ValueError:
        return None


def _main(argv: list[str] | None) -> int:
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
    except _preflight_failed() as e:
        for report in e.reports:
            print(report.format_text(), file=sys.stderr)
        print("preflight failed; nothing was written.", file=sys.stderr)
        return PREFLIGHT_FAILED


def _preflight_failed() -> type[PreflightFailed]:
    from printprog.build import PreflightFailed

    return PreflightFailed


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
    if args.command == "cache":
        from printprog.imagecache import cache_dir, clear_cache

        if args.clear:
            files, size = clear_cache()
            print(f"removed {files} prepared picture{'s' if files != 1 else ''} ({size / 2**20:.1f} MiB) "
                  f"from {display_path(cache_dir())}")
        else:
            entries = [p for p in cache_dir().glob("*.jpg")] if cache_dir().is_dir() else []
            size = sum(p.stat().st_size for p in entries)
            print(f"{display_path(cache_dir())}: {len(entries)} prepared pictures, {size / 2**20:.1f} MiB "
                  "(printprog cache --clear empties it)")
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
    if args.command == "check":
        return _check(args)
    if args.command == "impose":
        return _impose(args)
    if args.command == "proof":
        return _proof(args)
    data = args.data or build.default_data()
    req = build.Request(args.format, data, args.lang, args.out, args.proof, args.shop, args.icc,
                        since=args.since, until=args.until, strict=args.strict)
    if args.per:
        return _batch(req, args)
    if args.venue or args.keep_going:
        print("printprog: --venue and --keep-going go with --per venue", file=sys.stderr)
        return USAGE_ERROR
    out = build.build(req, progress=lambda s: print(s), warn=_warn)
    print(f"wrote {display_path(out.pdf)} ({out.pages} page{'s' if out.pages != 1 else ''}, {out.size / 1024:.0f} KiB)")
    for p in out.proofs:
        print(f"wrote {display_path(p)}")
    return OK


def _impose(args: argparse.Namespace) -> int:
    from printprog import build
    from printprog.impose import impose
    from printprog.write import write_atomic

    missing = [f for f in args.files if not f.is_file()]
    if missing:
        print(f"printprog: no such file: {', '.join(map(str, missing))}", file=sys.stderr)
        return USAGE_ERROR
    nup = args.nup if args.nup == "auto" else _int(args.nup, "--nup")
    shop, intent = build.load_print(build.Request("a4", build.default_data(), shop=args.shop))
    try:
        pdf, plan = impose(args.files, sheet=args.sheet, nup=nup, gutter=args.gutter, shop=shop, intent=intent,
                           when=build.source_date(args.files), title=args.files[0].stem)
    except ValueError as e:
        print(f"printprog: {e}", file=sys.stderr)
        return INPUT_ERROR
    from printprog.prepress.preflight import check

    report = check(pdf, shop)  # the sheet is a PDF/X file of its own
    if not report.ok:
        print(report.format_text(), file=sys.stderr)
        print("preflight failed; nothing was written.", file=sys.stderr)
        return PREFLIGHT_FAILED
    out = args.out or args.files[0].parent / f"imposed-{args.sheet.lower()}.pdf"
    write_atomic(out, pdf)
    print(plan.summary())
    print(f"wrote {display_path(out)} ({len(plan.sheets)} sheet{'s' if len(plan.sheets) != 1 else ''}, "
          f"{len(pdf) / 1024:.0f} KiB, preflight pass)")
    return OK


def _int(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InputError([Diagnostic(f"{what} {text!r} is not a number", hint="e.g. --nup 4, or --nup auto")]) from None


def _proof(args: argparse.Namespace) -> int:
    from printprog.contact import contact_sheet

    if not args.folder.is_dir():
        print(f"printprog: {args.folder}: not a folder", file=sys.stderr)
        return USAGE_ERROR
    try:
        contact_sheet(args.folder, columns=args.columns)
    except ValueError as e:
        print(f"printprog: {e}", file=sys.stderr)
        return INPUT_ERROR
    for ext in ("png", "pdf"):
        print(f"wrote {display_path(args.folder / f'contact-sheet.{ext}')}")
    return OK


def _check(args: argparse.Namespace) -> int:
    from printprog.load import load_shop
    from printprog.prepress.preflight import check

    if not args.file.is_file():
        print(f"printprog: {args.file}: no such file", file=sys.stderr)
        return USAGE_ERROR
    shop = load_shop(args.shop)
    try:
        report = check(args.file, shop)
    except _not_a_pdf() as e:  # "FILE: not a PDF (why)"
        why = str(e)
        print(f"printprog: {why if 'not a PDF' in why else f'{args.file}: not a PDF ({why})'}", file=sys.stderr)
        return USAGE_ERROR
    print(report.to_json() if args.json else report.format_text())
    return OK if report.ok else PREFLIGHT_FAILED


def _not_a_pdf() -> type[Exception]:
    """preflight.NotAPDF (a ValueError) when preflight has it; until then any ValueError of check()."""
    from printprog.prepress import preflight

    found: type[Exception] = getattr(preflight, "NotAPDF", ValueError)
    return found


def _batch(req: Request, args: argparse.Namespace) -> int:
    from printprog.batch import build_per_venue

    bar = _progress_bar() if sys.stderr.isatty() else None

    def progress(done: int, total: int, name: str) -> None:
        if bar:
            bar(done, total, name)
        else:
            print(f"[{done}/{total}] {name}")

    result = build_per_venue(req, venue=args.venue, keep_going=args.keep_going, jobs=args.jobs,
                             progress=progress, warn=_warn)
    if bar:
        print(file=sys.stderr)
    for d in result.written:
        print(f"wrote {display_path(d.item.target)} ({d.item.name}, {d.pages} page{'s' if d.pages != 1 else ''}, "
              f"{d.size / 1024:.0f} KiB, preflight {d.preflight})")
        for p in d.proofs:
            print(f"wrote {display_path(p)}")
    if result.manifest:
        print(f"wrote {display_path(result.manifest)}")
    for item, kind, reasons in result.failed:
        print(f"FAILED {item.target.name} ({item.venue}, {kind}):", file=sys.stderr)
        for r in reasons:
            print(f"  {r}", file=sys.stderr)
    if result.failed:
        kept = "the others were published" if result.written else "nothing was written"
        print(f"{len(result.failed)} of {len(result.failed) + len(result.written)} files failed; {kept}.",
              file=sys.stderr)
        return INPUT_ERROR if any(kind == "input" for _, kind, _ in result.failed) else PREFLIGHT_FAILED
    return OK


def _warn(diagnostics: list[Diagnostic]) -> None:
    """Edition warnings, all at once before anything is built (--strict makes them errors)."""
    for d in diagnostics:
        print(d.format(), file=sys.stderr)


def _progress_bar() -> Callable[[int, int, str], None]:
    def draw(done: int, total: int, name: str) -> None:
        width = 30
        filled = round(width * done / total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:40}")
        sys.stderr.flush()

    return draw


def _validate(path: Path) -> int:
    from printprog.load import load_film, load_layout
    from printprog.load.yamlsrc import read_yaml
    from printprog.text.fonts import font_names

    data, _ = read_yaml(path)
    # a layout that only extends another has no `pages:` of its own
    if (isinstance(data, dict) and ("pages" in data or "extends" in data)) or path.resolve().parent.name == "layouts":
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
