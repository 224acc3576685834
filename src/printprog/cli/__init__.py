"""The command line: a thin layer over build.py and batch.py.

Exit codes: 0 ok, 1 a problem in the input, 2 usage or environment, 3 a file failed preflight,
130 interrupted (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import argparse
import gc
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
EDITIONS = {"bg": "Bulgarian", "en": "English", "ru": "Russian"}

SHORT_HELP = """\
usage: printprog COMMAND [options]     (printprog --help lists every command; COMMAND --help its options)

The most common commands:
  printprog new my-film                          start a film: my-film/film.yaml, commented
  printprog validate my-film/film.yaml           check a film file, list every problem
  printprog build --format a4 --proof            the A4 programme (build/…-a4-bg.pdf) and PNG proofs
  printprog build --format flyer-a5 --per venue  one flyer per venue
  printprog check build/leto-a4-bg.pdf           preflight a finished PDF
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="printprog", description="Print-ready film programmes from YAML.",
                                allow_abbrev=False)
    p.add_argument("--version", action="version", version=f"printprog {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        from printprog.cli.helptext import HELP, epilog

        return sub.add_parser(name, help=help, description=HELP[name][0], epilog=epilog(name), allow_abbrev=False,
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    b = command("build", "build a product (PDF) from film data and a layout")
    b.add_argument("--format", required=True, help="layout name (see `printprog layouts`) or a layout file")
    b.add_argument("--data", type=Path, help="film file (default: data/leto.yaml)")
    b.add_argument("--lang", default="bg", help="edition language: bg, en or ru (default bg)")
    b.add_argument("--out", type=Path, default=Path("build"),
                   help="output folder (default build/), or the PDF's file name when it ends in .pdf")
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
    b.add_argument("--jobs", type=int, help="worker processes for a batch (default, or 0: one per core)")
    b.add_argument("--json", action="store_true", help="print what was written as JSON (and nothing else on stdout)")
    b.add_argument("--font-path", type=Path, action="append", metavar="DIR", default=[],
                   help="also use the .ttf fonts in DIR (or a font file); may be repeated")
    b.add_argument("--show-focus", action="store_true", help="with --proof: mark the key art's focus point on the PNGs")
    b.add_argument("--no-job-sheet", action="store_true", help="do not write job-sheet-<format>-<lang>.txt/.pdf")
    talk = b.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    talk.add_argument("-v", "--verbose", action="store_true", help="also print each step, its time and the settings")
    n = command("new", "start a film folder: a commented film.yaml, its JSON Schema and a README")
    n.add_argument("folder", type=Path, help="the folder to create (it must be empty or absent)")
    n.add_argument("--title", help="the film's title (default: a placeholder)")
    n.add_argument("--example", help="copy a shipped sample film instead (leto)")
    i = command("impose", "place finished pages on press sheets (cut-and-stack, cut marks, PDF/X)")
    i.add_argument("files", type=Path, nargs="+", help="finished PDFs, or folders of them (one sheet set per trim size)")
    i.add_argument("--sheet", default="SRA3", help="press sheet: SRA3, A3, SRA2, B2 (default SRA3)")
    i.add_argument("--nup", default="auto", help="copies per sheet, or auto (default)")
    i.add_argument("--gutter", default="4mm", help="space between copies' bleeds (default 4mm)")
    i.add_argument("--shop", default="default", help="shop profile (default: default)")
    i.add_argument("--out", type=Path, help="output file (ends in .pdf) or folder (default: beside the first input)")
    pr = command("proof", "one contact sheet (PNG and PDF) of every PDF in a folder")
    pr.add_argument("folder", type=Path, help="a folder of PDFs (contact, imposed and job sheets are left out)")
    pr.add_argument("--out", type=Path, help="output folder, or the PDF's file name when it ends in .pdf "
                    "(default: the folder itself)")
    pr.add_argument("--columns", type=int, help="thumbnails per row (default: about the square root)")
    c = command("check", "preflight finished PDFs (files or folders) against a shop profile")
    c.add_argument("files", type=Path, nargs="+", metavar="FILE", help="PDF files, or folders of them")
    c.add_argument("--shop", default="default", help="shop profile (default: default)")
    c.add_argument("--json", action="store_true", help="print the reports as JSON: a list (a single file: its report)")
    lay = command("layouts", "list the layouts")
    lay.add_argument("--reference", action="store_true", help="print the layout format reference (Markdown)")
    f = command("fonts", "list the font families: files, styles, licence, scripts")
    f.add_argument("--check", type=Path, metavar="FILM",
                   help="list the characters of the film's texts that the layouts' faces lack")
    f.add_argument("--font-path", type=Path, action="append", metavar="DIR", default=[],
                   help="also list the .ttf fonts in DIR (or a font file); may be repeated")
    ca = command("cache", "where the picture cache is and how big; --clear empties it")
    ca.add_argument("--clear", action="store_true", help="remove every prepared picture (they are made again)")
    v = command("validate", "check a film file (or a layout file) and report every problem")
    v.add_argument("file", type=Path, help="a film file, or a layout file")
    v.add_argument("--font-path", type=Path, action="append", metavar="DIR", default=[],
                   help="fonts a layout file may name besides the shipped ones; may be repeated")
    s = command("schema", "print the JSON Schema of the film format (or --layout)")
    s.add_argument("--layout", action="store_true", help="the layout format's schema instead")
    co = command("completion", "print a shell completion script (bash, zsh or fish)")
    co.add_argument("shell", choices=["bash", "zsh", "fish"], help="the shell the script is for")
    from printprog.cli.serve import add_parsers

    add_parsers(sub)  # serve, watch: cli/serve.py
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
    collecting = gc.isenabled()
    try:
        return _main(argv)
    except KeyboardInterrupt:
        # temporary files are already removed (write.Publication); say what is on disk
        kept = "the files already published stay" if commits() > before else "nothing was written"
        print(f"printprog: interrupted; {kept}", file=sys.stderr)
        return INTERRUPTED
    finally:
        if collecting:
            gc.enable()  # main() called as a library function leaves the caller's collector as it was
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
    if not (sys.argv[1:] if argv is None else argv):
        # no command at all: a usage error (exit 2), answered with the commands people need most
        print(SHORT_HELP, end="", file=sys.stderr)
        return USAGE_ERROR
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return OK if e.code == 0 else USAGE_ERROR
    try:
        return _run(args)
    except InputError as e:
        from printprog.cli.output import print_diagnostics

        print_diagnostics(e.diagnostics)
        n = len(e.diagnostics)
        # validate, check and the listings write nothing anyway: no "nothing was written" there
        tail = "; nothing was written" if args.command in ("build", "new", "impose", "proof") else ""
        print(f"{n} problem{'s' if n != 1 else ''}{tail}.", file=sys.stderr)
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
    from printprog.cli import commands

    if args.command in ("serve", "watch"):
        from printprog.cli.serve import run

        return run(args)
    if args.command == "completion":
        from printprog.cli.completion import script

        print(script(_parser(), args.shell), end="")
        return OK
    from printprog import ownfonts

    ownfonts.reset()
    if getattr(args, "font_path", None):
        ownfonts.register(args.font_path)
    if args.command in ("layouts", "cache", "fonts", "schema"):
        return commands.run_listing(args)
    if args.command == "new":
        from printprog.scaffold import new_film

        for path in new_film(args.folder, title=args.title, example=args.example):
            print(f"wrote {display_path(path)}")
        return OK
    if args.command == "validate":
        return commands.run_validate(args.file)
    if args.command == "check":
        return commands.run_check(args)
    if args.command in ("impose", "proof"):
        from printprog.cli import sheets

        return sheets.run_impose(args) if args.command == "impose" else sheets.run_proof(args)
    if args.show_focus and not args.proof:
        print("printprog: --show-focus marks the PNG proofs; add --proof", file=sys.stderr)
        return USAGE_ERROR
    data = args.data or build.default_data()
    fmt, lang, jobs = resolve_format(args.format), _edition(args.lang), _jobs(args.jobs)
    if fmt not in build.layout_names():  # a layout file of one's own may name its own fonts
        from printprog.ownfonts import register_layout_fonts

        register_layout_fonts(build.layout_path(fmt))
    out_file = args.out if args.out.suffix.lower() == ".pdf" else None
    if out_file and args.per:
        raise InputError([Diagnostic(f"--out {args.out}: --per venue writes several files, so --out is a folder",
                                     hint=f"pass a folder, e.g. --out {args.out.with_suffix('')}")])
    req = build.Request(fmt, data, lang, out_file.parent if out_file else args.out, args.proof, args.shop,
                        args.icc, since=args.since, until=args.until, strict=args.strict, out_file=out_file,
                        job_sheet=not args.no_job_sheet, show_focus=args.show_focus)
    if args.per:
        args.jobs = jobs
        return commands.run_batch(req, args)
    if args.venue or args.keep_going:
        print("printprog: --venue and --keep-going go with --per venue", file=sys.stderr)
        return USAGE_ERROR
    # one file's build leaves little cyclic garbage, and its memory peaks the same without the
    # collector, which otherwise walks pydantic's and reportlab's objects again and again (~60 ms)
    gc.disable()
    return _build_one(req, args)


def _build_one(req: Request, args: argparse.Namespace) -> int:
    """One file: `wrote …` lines (none with --quiet), or with --json only the JSON record."""
    import json
    import time

    from printprog import build
    from printprog.cli import commands, output

    start = time.monotonic()

    def progress(line: str) -> None:
        if args.verbose:
            print(f"[{time.monotonic() - start:6.2f}s] {line}")
        elif not (args.quiet or args.json):
            print(line)

    if args.verbose:
        print(f"film {display_path(req.data)}, format {req.format}, edition {req.lang}, shop {req.shop}"
              f"{f', profile {display_path(req.icc)}' if req.icc else ''}, out {display_path(req.out)}")
    out = build.build(req, progress=progress, warn=commands.warn if not args.quiet else lambda ds: None)
    if args.json:
        print(json.dumps(output.build_record(out), ensure_ascii=False, indent=2))
        return OK
    if args.quiet:
        return OK
    print(f"wrote {display_path(out.pdf)} ({out.pages} page{'s' if out.pages != 1 else ''}, {out.size / 1024:.0f} KiB)")
    for p in (*out.proofs, *out.job_sheet):
        print(f"wrote {display_path(p)}")
    if args.verbose:
        record = output.build_record(out)["files"][0]
        print(f"[{time.monotonic() - start:6.2f}s] preflight pass; sha256 {record['sha256']}")
    return OK


def resolve_format(name: str) -> str:
    """A layout name in any case (`A4` → `a4`); a name printprog lacks is an input error that
    lists the layouts and the close ones. Layout files (`x.yaml`, `dir/x`) pass through."""
    from printprog.build import layout_names

    if name.endswith((".yaml", ".yml")) or os.sep in name or "/" in name:
        return name
    names = layout_names()
    key = name.strip().lower()
    if key in names:
        return key
    import difflib

    # `a5` means flyer-a5, `b1` poster-b1: a name that ends (or starts) a layout's name is close
    close = [n for n in names if key and (n.endswith(f"-{key}") or n.startswith(f"{key}-"))]
    close += [n for n in difflib.get_close_matches(key, names, n=3, cutoff=0.6) if n not in close]
    hint = f"did you mean {' or '.join(close[:3])}? " if close else ""
    raise InputError([Diagnostic(f"unknown format {name!r}",
                                 hint=f"{hint}choose one of: {', '.join(names)} (printprog layouts)")])


def _edition(lang: str) -> str:
    key = lang.strip().lower()
    if key in EDITIONS:
        return key
    editions = ", ".join(f"{code} ({name})" for code, name in EDITIONS.items())
    raise InputError([Diagnostic(f"--lang {lang!r}: printprog makes no edition in that language",
                                 hint=f"choose one of: {editions}")])


def _jobs(jobs: int | None) -> int | None:
    """--jobs N worker processes; 0 (or none given) is one per core."""
    if jobs is not None and jobs < 0:
        raise InputError([Diagnostic(f"--jobs {jobs}: the number of worker processes cannot be negative",
                                     hint="pass --jobs 0 (or leave it out) for one per core, or --jobs 1 for one")])
    if jobs == 0:
        return os.cpu_count() or 1
    return jobs


def main_entry() -> None:
    code = main()
    # Every file is already fsynced and renamed into place; skip the interpreter's ~100 ms of
    # module teardown (pydantic, reportlab, pikepdf) that a command-line run does not need.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
