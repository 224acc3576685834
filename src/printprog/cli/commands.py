"""The commands besides `build`: check, validate, the listings, and a batch's report (impose and proof:
sheets.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from printprog.diagnostics import Diagnostic, InputError, display_path

if TYPE_CHECKING:
    from printprog.build import Request

OK, INPUT_ERROR, USAGE_ERROR, PREFLIGHT_FAILED = 0, 1, 2, 3


def _int(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InputError([Diagnostic(f"{what} {text!r} is not a number", hint="e.g. --nup 4, or --nup auto")]) from None


def run_check(args: argparse.Namespace) -> int:
    """Preflight each file (a folder: its PDFs). Exit 3 if any fails, else 1 if any is missing, else
    2 if any is not a PDF, else 0. --json: one report object for a single file, else a list."""
    import json

    from printprog.load import load_shop
    from printprog.prepress.preflight import check

    shop = load_shop(args.shop)
    reports: list[dict] = []
    code = OK
    for path in check_targets(args.files):
        if not path.is_file():
            print(f"printprog: {path}: no such file", file=sys.stderr)
            reports.append({"file": str(path), "ok": False, "error": "no such file"})
            code = code if code == PREFLIGHT_FAILED else INPUT_ERROR
            continue
        try:
            report = check(path, shop)
        except _not_a_pdf() as e:  # "FILE: not a PDF (why)"
            why = str(e)
            message = why if "not a PDF" in why else f"{path}: not a PDF ({why})"
            print(f"printprog: {message}", file=sys.stderr)
            reports.append({"file": str(path), "ok": False, "error": message})
            code = code if code in (PREFLIGHT_FAILED, INPUT_ERROR) else USAGE_ERROR
            continue
        if args.json:
            reports.append(json.loads(report.to_json()))
        else:
            print(report.format_text())
        if not report.ok:
            code = PREFLIGHT_FAILED
    if args.json:
        if len(args.files) == 1 and not args.files[0].is_dir():
            # one file: its report as before (an object, not a list of one); an error only on stderr
            if reports and "error" not in reports[0]:
                print(json.dumps(reports[0], ensure_ascii=False, indent=2))
        else:
            print(json.dumps(reports, ensure_ascii=False, indent=2))
    return code


def check_targets(args: list[Path]) -> list[Path]:
    """The files to check, in the order given. A folder is every *.pdf in it, sorted, without contact,
    imposed and job sheets (they are made from the others); a job sheet or contact sheet named on
    its own is skipped too (not a print file: `check build/*.pdf` works; an imposed sheet is checked);
    a missing file stays, to be reported."""
    from printprog.contact import made_from_others

    paths: list[Path] = []
    for arg in args:
        if arg.is_dir():
            paths += sorted(p for p in arg.iterdir() if p.suffix.lower() == ".pdf" and p.is_file()
                            and not made_from_others(p.name))
        elif made_from_others(arg.name) in ("a job sheet", "a contact sheet") and arg.is_file():
            print(f"skipped {display_path(arg)} ({made_from_others(arg.name)}: not a print file)", file=sys.stderr)
        else:
            paths.append(arg)
    return paths


def _not_a_pdf() -> type[Exception]:
    """preflight.NotAPDF (a ValueError) when preflight has it; until then any ValueError of check()."""
    from printprog.prepress import preflight

    found: type[Exception] = getattr(preflight, "NotAPDF", ValueError)
    return found


def run_batch(req: Request, args: argparse.Namespace) -> int:
    from printprog.batch import build_per_venue

    quiet, as_json = getattr(args, "quiet", False), getattr(args, "json", False)
    bar = _progress_bar() if sys.stderr.isatty() and not quiet else None

    def progress(done: int, total: int, name: str) -> None:
        if bar:
            bar(done, total, name)
        elif not (quiet or as_json):
            print(f"[{done}/{total}] {name}")

    result = build_per_venue(req, venue=args.venue, keep_going=args.keep_going, jobs=args.jobs,
                             progress=progress, warn=(lambda ds: None) if quiet else warn)
    if bar:
        print(file=sys.stderr)
    if as_json:
        import json

        from printprog.cli.output import batch_record

        print(json.dumps(batch_record(result), ensure_ascii=False, indent=2))
    for d in ([] if quiet or as_json else result.written):
        print(f"wrote {display_path(d.item.target)} ({d.item.name}, {d.pages} page{'s' if d.pages != 1 else ''}, "
              f"{d.size / 1024:.0f} KiB, preflight {d.preflight})")
        for p in d.proofs:
            print(f"wrote {display_path(p)}")
    if result.manifest and not (quiet or as_json):
        print(f"wrote {display_path(result.manifest)}")
    for path in [] if quiet or as_json else result.job_sheet:
        print(f"wrote {display_path(path)}")
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


def warn(diagnostics: list[Diagnostic]) -> None:
    """Edition warnings, all at once before anything is built (--strict makes them errors)."""
    from printprog.cli.output import print_diagnostics

    print_diagnostics(diagnostics)


def _progress_bar() -> Callable[[int, int, str], None]:
    def draw(done: int, total: int, name: str) -> None:
        width = 30
        filled = round(width * done / total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:40}")
        sys.stderr.flush()

    return draw


def run_validate(path: Path) -> int:
    from printprog.load import load_film, load_layout
    from printprog.load.yamlsrc import read_yaml
    from printprog.text.fonts import font_names

    data, _ = read_yaml(path)
    # a layout that only extends another has no `pages:` of its own
    if (isinstance(data, dict) and ("pages" in data or "extends" in data)) or path.resolve().parent.name == "layouts":
        from printprog.ownfonts import register_layout_fonts

        register_layout_fonts(path)  # its `fonts:`, relative to it
        load_layout(path, font_names())
        print(f"{display_path(path)}: layout OK")
    else:
        load_film(path)
        print(f"{display_path(path)}: film data OK")
    return OK


def run_listing(args: argparse.Namespace) -> int:
    """layouts, fonts, cache and schema: what printprog has and where."""
    from printprog import build

    if args.command == "layouts":
        if args.reference:
            from printprog.load.reference import layout_reference

            print(layout_reference(), end="")
            return OK
        for name in build.layout_names():
            print(f"{name:16} {build.layout_description(name)}")
    elif args.command == "cache":
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
    elif args.command == "fonts":
        from printprog.fontinfo import print_coverage, print_families

        return print_coverage(args.check) if args.check else print_families()
    else:
        from printprog.load.schema import film_schema, layout_schema

        print(layout_schema() if args.layout else film_schema(), end="")
    return OK
