#!/usr/bin/env bash
# Rebuild the Bulgarian-forms copies of Source Serif 4 from the shipped fonts (fonts/SOURCES.md,
# "Bulgarian-forms copies"):
#   fonts/source-serif-4/SourceSerif4_<w>.ttf -> fonts/source-serif-4-bg/SourceSerif4BG_<w>.ttf
# and the Bulgarian-forms title face that stands in for Oswald (which has no Bulgarian forms):
#   fonts/sofia-sans-extra-condensed/SofiaSansExtraCondensed_<w>.ttf
#       -> fonts/sofia-sans-extra-condensed-title/SofiaSansExtraCondensedTitle_<w>.ttf
#
# Source Serif 4 draws Russian-style Cyrillic by default; its GSUB has `locl` for script `cyrl`,
# language `BGR ` (single substitutions such as uni0434 -> uni0434.bgr, and one for the combining
# breve). We shape without `locl` (a copy maps its own forms in the cmap), so pyftfeatfreeze (PyPI
# package opentype-feature-freezer) applies that lookup to the cmap: the code points map straight to
# the Bulgarian glyphs. The family is renamed ("Source Serif 4" -> "Source Serif 4 BG", PostScript
# SourceSerif4-Regular -> SourceSerif4BG-Regular) so reportlab and the PDF never confuse the two.
#
# Same method as tools/freeze_ru_fonts.sh: the tools are installed at pinned versions into a
# throw-away venv (needs python3 and PyPI), the project's venv is not touched, and the output is
# byte-identical on every run (SOURCE_DATE_EPOCH = the source file's own head.modified).
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
      --features locl --script cyrl --lang 'BGR ' --suffix --usesuffix BG \
      "$src" "$dst_dir/${dst_prefix}_${weight}"
  done
  cp "$src_dir/OFL.txt" "$dst_dir/OFL.txt"
}

freeze source-serif-4 source-serif-4-bg SourceSerif4 SourceSerif4BG

# The title copies: Sofia Sans Extra Condensed draws Bulgarian forms by default, nothing to freeze.
# Its capitals are 655/1000 em tall, Oswald's 810/1000: the copy declares unitsPerEm 809 instead of
# 1000 (round(1000 * 655 / 810); outlines, metrics and kerning untouched, all in font units), so at
# the same point size its capitals are as tall as Oswald's, and the black weight is as wide as Oswald
# SemiBold. A layout's sizes, and the preflight's nominal glyph box (0.85 em above the baseline),
# then hold for either face. Renamed "Sofia Sans Extra Condensed Title" (PostScript
# SofiaSansExtraCondensedTitle-<Style>); head.modified kept, so the bytes are reproducible.
title=fonts/sofia-sans-extra-condensed-title
mkdir -p "$title"
rm -f "$title"/*.ttf
for weight in 400Regular 600SemiBold 800ExtraBold 900Black; do
  "$py" - "fonts/sofia-sans-extra-condensed/SofiaSansExtraCondensed_$weight.ttf" \
    "$title/SofiaSansExtraCondensedTitle_$weight.ttf" fonts/oswald/Oswald_600SemiBold.ttf <<'PY'
import sys
from fontTools.ttLib import TTFont

src, dst, oswald = sys.argv[1:]
font = TTFont(src, recalcTimestamp=False)
cap, cap_oswald = font["OS/2"].sCapHeight, TTFont(oswald)["OS/2"].sCapHeight
upem = font["head"].unitsPerEm
font["head"].unitsPerEm = round(upem * cap / cap_oswald)  # 1000 * 655 / 810 -> 809
for record in font["name"].names:
    text = record.toUnicode()
    if record.nameID in (3, 6, 25):
        text = text.replace("SofiaSansExtraCondensed", "SofiaSansExtraCondensedTitle")
    elif record.nameID in (1, 4, 16):
        text = text.replace("Sofia Sans Extra Condensed", "Sofia Sans Extra Condensed Title")
    if record.nameID == 3:
        text += ";upem" + str(font["head"].unitsPerEm)
    record.string = text
font.save(dst)
PY
done
cp fonts/sofia-sans-extra-condensed/OFL.txt "$title/OFL.txt"

# Check every copy: exactly the `locl BGR` targets in the cmap, the whole Bulgarian alphabet, a new
# PostScript name, the source's timestamp.
"$py" - <<'EOF'
import sys
from pathlib import Path
from fontTools.ttLib import TTFont

BULGARIAN = "абвгдежзийклмнопрстуфхцчшщъьюяѝ"
BULGARIAN += BULGARIAN.upper()
pairs = [("source-serif-4", "source-serif-4-bg", "SourceSerif4", "SourceSerif4BG")]
bad = []
for src_dir, dst_dir, src_prefix, dst_prefix in pairs:
    for src in sorted(Path("fonts", src_dir).glob(f"{src_prefix}_*.ttf")):
        dst = Path("fonts", dst_dir, dst_prefix + src.name[len(src_prefix):])
        a, b = TTFont(src), TTFont(dst)
        gsub = a["GSUB"].table
        bgr = next(ls.LangSys for sr in gsub.ScriptList.ScriptRecord if sr.ScriptTag == "cyrl"
                   for ls in sr.Script.LangSysRecord if ls.LangSysTag == "BGR ")
        locl = {}
        for i in bgr.FeatureIndex:
            record = gsub.FeatureList.FeatureRecord[i]
            if record.FeatureTag == "locl":
                for j in record.Feature.LookupListIndex:
                    for sub in gsub.LookupList.Lookup[j].SubTable:
                        locl.update(sub.mapping)
        # Source Serif 4 has a format-3 `post` table (no glyph names): fontTools names glyphs after
        # the cmap, so the copy's names differ from the original's; compare glyph ids instead
        ca, cb = a.getBestCmap(), b.getBestCmap()
        ga = {u: a.getGlyphID(g) for u, g in ca.items()}
        gb = {u: b.getGlyphID(g) for u, g in cb.items()}
        want = {u: a.getGlyphID(locl.get(g, g)) for u, g in ca.items()}
        changed = [chr(u) for u in sorted(ga) if gb[u] != ga[u]]
        if not changed:
            bad.append(f"{dst}: nothing remapped")
        if a.getGlyphOrder() and len(a.getGlyphOrder()) != len(b.getGlyphOrder()):
            bad.append(f"{dst}: glyph count changed")
        for u in ga:
            if gb.get(u) != want[u]:
                bad.append(f"{dst}: U+{u:04X} -> glyph {gb.get(u)}, locl BGR gives glyph {want[u]}")
        missing = [c for c in BULGARIAN if ord(c) not in cb]
        if missing:
            bad.append(f"{dst}: no glyph for {''.join(missing)}")
        ps_a, ps_b = a["name"].getDebugName(6), b["name"].getDebugName(6)
        if ps_b == ps_a or not ps_b.startswith(dst_prefix + "-"):
            bad.append(f"{dst}: PostScript name {ps_b}")
        if a["head"].modified != b["head"].modified:
            bad.append(f"{dst}: head.modified changed")
        print(f"{dst}: {ps_b}, Bulgarian forms for {''.join(c for c in changed if c.isalpha())}")

# The title copies: the same glyphs and cmap as the source, capitals as tall as Oswald's.
oswald_cap = TTFont("fonts/oswald/Oswald_600SemiBold.ttf")["OS/2"].sCapHeight / 1000
for dst in sorted(Path("fonts/sofia-sans-extra-condensed-title").glob("*.ttf")):
    src = Path("fonts/sofia-sans-extra-condensed", dst.name.replace("CondensedTitle_", "Condensed_"))
    a, b = TTFont(src), TTFont(dst)
    if a.getBestCmap() != b.getBestCmap() or a.getGlyphOrder() != b.getGlyphOrder():
        bad.append(f"{dst}: glyphs differ from {src}")
    cap = b["OS/2"].sCapHeight / b["head"].unitsPerEm
    if abs(cap - oswald_cap) > 0.002:
        bad.append(f"{dst}: capitals {cap:.3f} em, Oswald's {oswald_cap:.3f} em")
    missing = [c for c in BULGARIAN if ord(c) not in b.getBestCmap()]
    if missing:
        bad.append(f"{dst}: no glyph for {''.join(missing)}")
    if a["head"].modified != b["head"].modified:
        bad.append(f"{dst}: head.modified changed")
    print(f"{dst}: {b['name'].getDebugName(6)}, unitsPerEm {b['head'].unitsPerEm}, capitals {cap:.3f} em")
if bad:
    sys.exit("\n".join(bad))
EOF
sha256sum fonts/source-serif-4-bg/*.ttf fonts/sofia-sans-extra-condensed-title/*.ttf
