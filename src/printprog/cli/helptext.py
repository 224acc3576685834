"""Each subcommand's description and examples, shown by `printprog COMMAND --help`."""

from __future__ import annotations

# command: (description, examples)
HELP: dict[str, tuple[str, str]] = {
    "build": (
        "Build a print-ready PDF/X product from a film file and a layout, preflight it, and publish it\n"
        "atomically with its job sheet for the shop (job-sheet-<format>-<lang>.txt and .pdf) and, with\n"
        "--proof, a PNG of every page. --out x.pdf is the file itself; any other --out is a folder.",
        "printprog build --format a4 --proof\n"
        "printprog build --format flyer-a5 --per venue --from 2019-03-16 --json",
    ),
    "new": (
        "Start a film folder: a commented film.yaml with every field, its JSON Schema and a README.",
        "printprog new my-film --title \"Урок\"\n"
        "printprog new --example leto leto",
    ),
    "impose": (
        "Place finished pages on press sheets (cut-and-stack, cut marks), as preflighted PDF/X files.\n"
        "Files of several trim sizes make one sheet file per size (imposed-<sheet>-<w>x<h>mm.pdf);\n"
        "contact sheets, imposed sheets and job sheets among the inputs are skipped. --out x.pdf is the\n"
        "file itself (one trim size), any other --out a folder.",
        "printprog impose build/*.pdf --sheet SRA3 --out sheets/\n"
        "printprog impose build/leto-flyer-a5-bg-kino-odeon.pdf --nup 4 --gutter 6mm --out sheets.pdf",
    ),
    "proof": (
        "Draw one contact sheet (contact-sheet.png and contact-sheet.pdf) of every PDF in a folder\n"
        "(imposed and job sheets left out). --out x.pdf names the sheet (x.png beside it); any other\n"
        "--out is a folder.",
        "printprog proof build/\n"
        "printprog proof build/ --columns 4 --out review/",
    ),
    "check": (
        "Preflight finished PDFs against a shop profile. A folder means every *.pdf in it (sorted),\n"
        "except contact, imposed and job sheets; job and contact sheets named on their own are skipped\n"
        "too (they are not print files). Exit 3 if a file fails, else 1 if one is missing, else 2 if one\n"
        "is not a PDF, else 0.",
        "printprog check build/leto-a4-bg.pdf --shop conservative-x1a\n"
        "printprog check build/ extra/poster.pdf --json",
    ),
    "layouts": (
        "List the shipped layouts with a line about each, or print the layout format reference.",
        "printprog layouts\n"
        "printprog layouts --reference > layouts.md",
    ),
    "fonts": (
        "List each font family (shipped, and your own with --font-path): its files, styles, licence\n"
        "and the scripts it covers. With --check FILM, list the characters of the film's texts that a\n"
        "face the layouts use lacks (exit 1 if any). Own fonts must be TrueType (.ttf).",
        "printprog fonts --font-path ~/fonts/brand\n"
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
    "completion": (
        "Print a completion script for bash, zsh or fish: commands, options and their values (layout\n"
        "names, shops, editions, sheets) complete with Tab.",
        "printprog completion bash > ~/.local/share/bash-completion/completions/printprog\n"
        "printprog completion fish > ~/.config/fish/completions/printprog.fish",
    ),
    "schema": (
        "Print the JSON Schema of the film format (or, with --layout, of the layout format).",
        "printprog schema > film.schema.json\n"
        "printprog schema --layout > layout.schema.json",
    ),
}


def epilog(command: str) -> str:
    return "examples:\n" + "".join(f"  {line}\n" for line in HELP[command][1].splitlines())
