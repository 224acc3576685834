"""`printprog completion bash|zsh|fish`: a completion script written from the argparse parser, so
it always knows every command and option. Values are completed too: choices, layout names for
--format, shop profiles for --shop, editions for --lang, press sheets for --sheet; the rest
(paths) complete as file names."""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

SHELLS = ("bash", "zsh", "fish")


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]
    help: str
    takes_value: bool
    values: tuple[str, ...]  # the values to offer, if known
    path: bool = False  # the value is a file or folder


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    options: tuple[Option, ...]
    positional: bool  # takes arguments besides options
    choices: tuple[str, ...] = ()  # …from this list (completion: bash zsh fish), else files


def _values(action: argparse.Action) -> tuple[str, ...]:
    if action.choices:
        return tuple(str(c) for c in action.choices)
    flag = action.option_strings[-1] if action.option_strings else ""
    if flag == "--format":
        from printprog.build import layout_names

        return tuple(layout_names())
    if flag == "--lang":
        from printprog.cli import EDITIONS

        return tuple(EDITIONS)
    if flag == "--shop":
        from printprog.assets import asset_dir

        return tuple(sorted(p.stem for p in asset_dir("shops").glob("*.yaml")))
    if flag == "--sheet":
        from printprog.impose import SHEETS

        return tuple(SHEETS)
    return ()


def commands(parser: argparse.ArgumentParser) -> list[Command]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {a.dest: a.help or "" for a in sub._choices_actions}
    out = []
    for name, p in sub.choices.items():
        options: list[Option] = []
        positional = False
        choices: tuple[str, ...] = ()
        for a in p._actions:
            if not a.option_strings:
                positional, choices = True, tuple(str(c) for c in a.choices or ())
                continue
            takes = a.nargs != 0
            options.append(Option(tuple(a.option_strings), a.help or "", takes, _values(a) if takes else (),
                                  takes and a.type is Path))
        out.append(Command(name, helps.get(name, ""), tuple(options), positional, choices))
    return out


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    cmds = commands(parser)
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](cmds)


def _plain(text: str) -> str:
    """Help text safe inside single quotes and zsh's [...] descriptions."""
    return re.sub(r"[\[\]:'`\\$]", "", text.replace("%%", "%")).strip()


def _bash(cmds: list[Command]) -> str:
    values = {}
    for c in cmds:
        for o in c.options:
            for f in o.flags:
                if o.values:
                    values[f] = " ".join(o.values)
    lines = [
        "# printprog completion for bash: `source <(printprog completion bash)` in ~/.bashrc,",
        "# or save it as ~/.local/share/bash-completion/completions/printprog",
        "_printprog() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" opts="" words=""',
        "    if [ \"$COMP_CWORD\" -eq 1 ]; then",
        f'        COMPREPLY=($(compgen -W "{" ".join(c.name for c in cmds)} --help --version" -- "$cur"))',
        "        return",
        "    fi",
        '    case "$prev" in',
    ]
    for flag, vals in sorted(values.items()):
        lines.append(f'        {flag}) COMPREPLY=($(compgen -W "{vals}" -- "$cur")); return ;;')
    lines += ["    esac", '    case "${COMP_WORDS[1]}" in']
    for c in cmds:
        flags = " ".join(f for o in c.options for f in o.flags)
        words = f' words="{" ".join(c.choices)}"' if c.choices else ""
        lines.append(f'        {c.name}) opts="{flags}"{words} ;;')
    lines += [
        "    esac",
        '    if [[ "$cur" == -* ]]; then',
        '        COMPREPLY=($(compgen -W "$opts" -- "$cur"))',
        '    elif [ -n "$words" ]; then',
        '        COMPREPLY=($(compgen -W "$words" -- "$cur"))',
        "    else",
        '        COMPREPLY=($(compgen -f -- "$cur"))',
        "    fi",
        "}",
        "complete -o filenames -o bashdefault -F _printprog printprog",
    ]
    return "\n".join(lines) + "\n"


def _zsh(cmds: list[Command]) -> str:
    lines = [
        "#compdef printprog",
        "# printprog completion for zsh: save as _printprog in a folder on $fpath,",
        "# or `source <(printprog completion zsh)` after compinit",
        "_printprog() {",
        "    local -a commands",
        "    commands=(",
    ]
    lines += [f"        '{c.name}:{_plain(c.help)}'" for c in cmds]
    lines += [
        "    )",
        "    if (( CURRENT == 2 )); then",
        "        _describe 'command' commands",
        "        return",
        "    fi",
        "    local cmd=$words[2]",
        "    shift words",
        "    (( CURRENT-- ))",
        "    case $cmd in",
    ]
    for c in cmds:
        specs = []
        for o in c.options:
            excl = f"({' '.join(o.flags)})" if len(o.flags) > 1 else ""
            names = f"{{{','.join(o.flags)}}}" if len(o.flags) > 1 else o.flags[0]
            spec = f"'{excl}'{names}'[{_plain(o.help)}]" if excl else f"'{names}[{_plain(o.help)}]"
            if o.takes_value:
                spec += f":value:({' '.join(o.values)})" if o.values else ":file:_files" if o.path else ":value: "
            specs.append(spec + "'")
        if c.choices:
            specs.append(f"'1:value:({' '.join(c.choices)})'")
        elif c.positional:
            specs.append("'*:file:_files'")
        lines.append(f"        {c.name}) _arguments {' '.join(specs)} ;;")
    lines += ["    esac", "}", 'if [ "$funcstack[1]" = "_printprog" ]; then', '    _printprog "$@"', "else",
              "    compdef _printprog printprog", "fi"]
    return "\n".join(lines) + "\n"


def _fish(cmds: list[Command]) -> str:
    names = " ".join(c.name for c in cmds)
    lines = ["# printprog completion for fish: printprog completion fish > ~/.config/fish/completions/printprog.fish",
             "complete -c printprog -f"]
    for c in cmds:
        lines.append(f"complete -c printprog -n 'not __fish_seen_subcommand_from {names}' -a {c.name} "
                     f"-d '{_plain(c.help)}'")
    for c in cmds:
        cond = f"-n '__fish_seen_subcommand_from {c.name}'"
        for o in c.options:
            parts = [f"-l {f[2:]}" if f.startswith("--") else f"-s {f[1:]}" for f in o.flags]
            value = ""
            if o.takes_value:
                value = f" -x -a '{' '.join(o.values)}'" if o.values else " -r -F" if o.path else " -x"
            lines.append(f"complete -c printprog {cond} {' '.join(parts)}{value} -d '{_plain(o.help)}'")
        if c.choices:
            lines.append(f"complete -c printprog {cond} -x -a '{' '.join(c.choices)}'")
        elif c.positional:
            lines.append(f"complete -c printprog {cond} -F")
    return "\n".join(lines) + "\n"
