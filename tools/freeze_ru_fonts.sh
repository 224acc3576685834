#!/usr/bin/env bash
# Rebuild the Russian-forms copies of Sofia Sans from the shipped fonts (fonts/SOURCES.md,
# "Russian-forms copies"):
#   fonts/sofia-sans/SofiaSans_<w>.ttf -> fonts/sofia-sans-ru/SofiaSansRU_<w>.ttf
#   fonts/sofia-sans-extra-condensed/SofiaSansExtraCondensed_<w>.ttf
#       -> fonts/sofia-sans-extra-condensed-ru/SofiaSansExtraCondensedRU_<w>.ttf
#
# Sofia Sans draws Bulgarian Cyrillic by default; its GSUB has `locl` for script `cyrl`, language
# `RUS ` (single substitutions such as uni0434 -> uni0434.loclRUS). pyftfeatfreeze (PyPI package
# opentype-feature-freezer) applies that lookup to the cmap, so the code points map straight to
# the Russian glyphs, and renames the family ("Sofia Sans" -> "Sofia Sans RU", PostScript
# SofiaSans-Regular -> SofiaSansRU-Regular) so reportlab never confuses the two.
#
# The tools are installed at pinned versions into a throw-away venv (needs python3 and PyPI); the
# project's venv is not touched. The output is byte-identical on every run: SOURCE_DATE_EPOCH is
# set to the source file's own head.modified, which fontTools then writes back unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

FREEZER=opentype-feature-freezer==1.32.2
FONTTOOLS=fonttools==4.68.0  # the bytes of the output depend on the fontTools compiler

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "$FREEZER" "$FONTTOOLS"
py="$work/venv/bin/python"

freeze() {  # freeze <source folder> <target folder> <source prefix> <target prefix>
  local src_dir=fonts/$1 dst_dir=fonts/$2 src_prefix=$3 dst_prefix=$4
  mkdir -p "$dst_dir"
  rm -f "$dst_dir"/*.ttf
  local src weight epoch
  for src in "$src_dir/${src_prefix}"_*.ttf; do
    weight=${src##*/"${src_prefix}"_}  # 400Regular.ttf, 400Regular_Italic.ttf, ...
    # head.modified counts seconds from 1904-01-01; SOURCE_DATE_EPOCH from 1970-01-01
    epoch=$("$py" -c 'import sys; from fontTools.ttLib import TTFont
print(TTFont(sys.argv[1])["head"].modified - 2082844800)' "$src")
    SOURCE_DATE_EPOCH=$epoch "$work/venv/bin/pyftfeatfreeze" \
      --features locl --script cyrl --lang 'RUS ' --suffix --usesuffix RU \
      "$src" "$dst_dir/${dst_prefix}_${weight}"
  done
  cp "$src_dir/OFL.txt" "$dst_dir/OFL.txt"
}

freeze sofia-sans sofia-sans-ru SofiaSans SofiaSansRU
freeze sofia-sans-extra-condensed sofia-sans-extra-condensed-ru SofiaSansExtraCondensed SofiaSansExtraCondensedRU

# Check every copy: Russian glyphs in the cmap, the whole Russian alphabet, a new PostScript name.
"$py" - <<'EOF'
import sys
from pathlib import Path
from fontTools.ttLib import TTFont

RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
RUSSIAN += RUSSIAN.upper()
pairs = [("sofia-sans", "sofia-sans-ru", "SofiaSans", "SofiaSansRU"),
         ("sofia-sans-extra-condensed", "sofia-sans-extra-condensed-ru",
          "SofiaSansExtraCondensed", "SofiaSansExtraCondensedRU")]
bad = []
for src_dir, dst_dir, src_prefix, dst_prefix in pairs:
    for src in sorted(Path("fonts", src_dir).glob(f"{src_prefix}_*.ttf")):
        dst = Path("fonts", dst_dir, dst_prefix + src.name[len(src_prefix):])
        a, b = TTFont(src), TTFont(dst)
        gsub = a["GSUB"].table
        rus = next(ls.LangSys for sr in gsub.ScriptList.ScriptRecord if sr.ScriptTag == "cyrl"
                   for ls in sr.Script.LangSysRecord if ls.LangSysTag == "RUS ")
        locl = {}
        for i in rus.FeatureIndex:
            record = gsub.FeatureList.FeatureRecord[i]
            if record.FeatureTag == "locl":
                for j in record.Feature.LookupListIndex:
                    for sub in gsub.LookupList.Lookup[j].SubTable:
                        locl.update(sub.mapping)
        ca, cb = a.getBestCmap(), b.getBestCmap()
        changed = [chr(u) for u in sorted(ca) if cb[u] != ca[u]]
        if not changed:
            bad.append(f"{dst}: nothing remapped")
        for u in ca:
            if cb[u] != locl.get(ca[u], ca[u]):
                bad.append(f"{dst}: U+{u:04X} -> {cb[u]}, locl RUS gives {locl.get(ca[u], ca[u])}")
        missing = [c for c in RUSSIAN if ord(c) not in cb]
        if missing:
            bad.append(f"{dst}: no glyph for {''.join(missing)}")
        ps_a, ps_b = a["name"].getDebugName(6), b["name"].getDebugName(6)
        if ps_b == ps_a or not ps_b.startswith(dst_prefix + "-"):
            bad.append(f"{dst}: PostScript name {ps_b}")
        if a["head"].modified != b["head"].modified:
            bad.append(f"{dst}: head.modified changed")
        print(f"{dst}: {ps_b}, Russian forms for {''.join(changed)}")
if bad:
    sys.exit("\n".join(bad))
EOF
sha256sum fonts/sofia-sans-ru/*.ttf fonts/sofia-sans-extra-condensed-ru/*.ttf
