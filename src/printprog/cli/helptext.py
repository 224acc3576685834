"""Each subcommand's description and examples, shown by `printprog COMMAND --help`."""

from __future__ import annotations

# command: (description, examples)
HELP: dict[str, tuple[str, str]] = {
    "build": (
        "Build a print-ready PDF/X product from a film file and a layout, preflight it, and publish it\n"
        "atomically (with --proof, a PNG of every page beside it).",
        "printprog build --format a4 --proof\n"
        "printprog build --format flyer-a5 --per venue --from 2019-03-16 --json",
    ),
    "new": (
        "Start a film folder: a commented film.yaml with every field, its JSON Schema and a README.",
        "printprog new my-film --title \"Урок\"\n"
        "printprog new --example leto leto",
    ),
    "impose": (
        "Place finished pages of one trim size on press sheets (cut-and-stack, cut marks), as a\n"
        "preflighted PDF/X file of its own.",
        "printprog impose build/leto-flyer-a6-bg-*.pdf --sheet SRA3\n"
        "printprog impose build/leto-flyer-a5-bg-kino-odeon.pdf --nup 4 --gutter 6mm --out sheets.pdf",
    ),
    "proof": (
        "Draw one contact sheet (contact-sheet.png and contact-sheet.pdf) of every PDF in a folder.",
        "printprog proof build/\n"
        "printprog proof build/ --columns 4",
    ),
    "check": (
        "Preflight finished PDFs against a shop profile. A folder means every *.pdf in it (sorted),\n"
        "except contact sheets and imposed sheets. Exit 3 if a file fails, 2 if one is missing or not a\n"
        "PDF, else 0.",
        "printprog check build/leto-a4-bg.pdf --shop conservative-x1a\n"
        "printprog check build/ extra/poster.pdf --json",
    ),
    "layouts": (
        "List the shipped layouts with a line about each, or print the layout format reference.",
        "printprog layouts\n"
        "printprog layouts --reference > layouts.md",
    ),
    "fonts": (
        "List each shipped font family: its files, styles, licence and the scripts it covers. With\n"
        "--check FILM, list the characters of the film's texts that a face the layouts use lacks\n"
        "(exit 1 if any).",
        "printprog fonts\n"
        "printprog fonts --check data/leto.yaml",
    ),
    "cache": (
        "Show where the prepared-picture cache is and how big it is, or empty it.",
        "printprog cache\n"
        "printprog cache --clear",
    ),
    "validate": (
        "Check a film file (or a layout file) and report every problem with its line and a hint.",
        "printprog validate data/leto.yaml\n"
        "printprog validate layouts/a4.yaml",
    ),
    "schema": (
        "Print the JSON Schema of the film format (or, with --layout, of the layout format).",
        "printprog schema > film.schema.json\n"
        "printprog schema --layout > layout.schema.json",
    ),
}


def epilog(command: str) -> str:
    return "examples:\n" + "".join(f"  {line}\n" for line in HELP[command][1].splitlines())
