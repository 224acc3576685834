"""`printprog impose` and `printprog proof`: sheets made from finished products.

`--out` means what it means for `build`: a name ending in .pdf is the file itself, anything else
a folder (created when missing)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from printprog.diagnostics import Diagnostic, InputError, display_path

OK, INPUT_ERROR, USAGE_ERROR, PREFLIGHT_FAILED = 0, 1, 2, 3


def out_target(out: Path | None, default_folder: Path) -> tuple[Path, Path | None]:
    """(folder, file or None) for --out: `x.pdf` is a file, anything else a folder."""
    if out is None:
        return default_folder, None
    if out.suffix.lower() == ".pdf":
        return out.parent, out
    return out, None


def missing_inputs(paths: list[Path]) -> None:
    """A missing input is a problem in the input (exit 1), like everywhere else."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise InputError([Diagnostic(f"{p}: no such file or folder", hint="check the path and the working directory")
                          for p in missing])


def run_impose(args: argparse.Namespace) -> int:
    from printprog import build
    from printprog.cli.commands import _int
    from printprog.impose import impose, sheet_size
    from printprog.prepress.preflight import check
    from printprog.sheetsets import group, inputs
    from printprog.write import Publication

    missing_inputs(args.files)
    files, skipped = inputs(args.files)
    for f, what in skipped:
        print(f"skipped {display_path(f)} ({what}, made from other files)")
    if not files:
        raise InputError([Diagnostic("nothing to impose: no PDF product among the files given",
                                     hint="pass the finished PDFs, e.g. printprog impose build/*.pdf")])
    nup = args.nup if args.nup == "auto" else _int(args.nup, "--nup")
    shop, intent = build.load_shop_intent(args.shop)
    try:
        sheet = sheet_size(args.sheet)[0].lower()
        sets = group(files)
    except ValueError as e:
        print(f"printprog: {e}", file=sys.stderr)
        return INPUT_ERROR
    folder, file = out_target(args.out, files[0].parent)
    if file is not None and len(sets) > 1:
        sizes = ", ".join(s.label for s in sets)
        raise InputError([Diagnostic(f"--out {args.out}: the files have {len(sets)} trim sizes ({sizes}), one sheet "
                                     "file each, so --out is a folder", hint=f"pass a folder, e.g. --out "
                                                                              f"{args.out.with_suffix('')}")])
    made = []
    for s in sets:
        name = f"imposed-{sheet}.pdf" if len(sets) == 1 else f"imposed-{sheet}-{s.label}.pdf"
        try:
            pdf, plan = impose(list(s.files), sheet=args.sheet, nup=nup, gutter=args.gutter, shop=shop,
                               intent=intent, when=build.source_date(list(s.files)), title=s.files[0].stem)
        except ValueError as e:
            print(f"printprog: {e}", file=sys.stderr)
            return INPUT_ERROR
        report = check(pdf, shop)  # the sheet is a PDF/X file of its own
        if not report.ok:
            print(report.format_text(), file=sys.stderr)
            print("preflight failed; nothing was written.", file=sys.stderr)
            return PREFLIGHT_FAILED
        made.append((file or folder / name, pdf, plan, s))
    with Publication() as pub:  # every size's sheets, or none
        for target, pdf, _, _ in made:
            pub.add(target, pdf)
        pub.commit()
    for target, pdf, plan, s in made:
        n = len(plan.sheets)
        print(f"{s.label}: {plan.summary()}")
        print(f"wrote {display_path(target)} ({n} sheet{'s' if n != 1 else ''}, {len(pdf) / 1024:.0f} KiB, "
              "preflight pass)")
    return OK


def run_proof(args: argparse.Namespace) -> int:
    from printprog.contact import SHEET_NAME, contact_sheet

    missing_inputs([args.folder])
    if not args.folder.is_dir():
        raise InputError([Diagnostic(f"{args.folder}: not a folder", hint="pass the folder of PDFs, e.g. "
                                     "printprog proof build/")])
    folder, file = out_target(args.out, args.folder)
    pdf = file or folder / f"{SHEET_NAME}.pdf"
    png = pdf.with_suffix(".png")
    try:
        contact_sheet(args.folder, out_png=png, out_pdf=pdf, columns=args.columns)
    except ValueError as e:
        print(f"printprog: {e}", file=sys.stderr)
        return INPUT_ERROR
    for path in (png, pdf):
        print(f"wrote {display_path(path)}")
    return OK
