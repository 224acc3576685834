#!/usr/bin/env bash
# Rebuild icc/printprog-FOGRA39L.icc from Debian's Zlib-licensed FOGRA39L.ti3
# characterisation data with ArgyllCMS colprof. See icc/SOURCES.md.
#
# Usage: tools/build_icc.sh [OUTPUT.icc]
#   default OUTPUT: <repo>/icc/printprog-FOGRA39L.icc
#
# Reproducibility: colprof writes the build time (local time) into the ICC
# header's date field; nothing else differs between runs of the same colprof
# build on the same .ti3. This script overwrites that field with a fixed UTC
# time: $SOURCE_DATE_EPOCH if set, otherwise ICC_DATE_EPOCH below. If the
# header carries an MD5 profile ID (ICC v4; colprof writes v2.2 with the ID
# field zero), it is recomputed per ICC.1:2010 section 7.2.18.
set -euo pipefail

ICC_DATE_EPOCH=1735689600   # 2025-01-01T00:00:00Z
# -l 300: total ink limit 300 % (as "ISO Coated v2 300%"), the default shop's limit, so that
# RGB pictures separated through this profile never exceed it (FOGRA39L.ti3 itself sets no limit
# and an unlimited -qm build separates sRGB shadows to up to about 340 %).
# -qm: medium quality. -ql's B2A tables are too coarse for pastels and skin tones (sRGB round trip
# skin ΔE2000 mean 3.2 / max 5.2, vs 1.8 / 3.1 with -qm); -qm takes ~25 s instead of ~6 s.
DESC="printprog FOGRA39L TAC300 (ArgyllCMS colprof -qm -l300)"
COPYRIGHT="Derived from Debian icc-profiles-free FOGRA39L.ti3 (Zlib licence); built with ArgyllCMS colprof"
TI3_DEFAULT=/usr/share/color/icc/FOGRA39L.ti3
PKGS="argyll icc-profiles-free"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="${1:-$repo/icc/printprog-FOGRA39L.icc}"

find_ti3() {
    if [ -f "$TI3_DEFAULT" ]; then
        echo "$TI3_DEFAULT"
    elif command -v dpkg >/dev/null 2>&1; then
        dpkg -L icc-profiles-free 2>/dev/null | grep -i '/FOGRA39L\.ti3$' | head -n1 || true
    fi
}

ti3="$(find_ti3)"
if ! command -v colprof >/dev/null 2>&1 || [ -z "$ti3" ] || [ ! -f "$ti3" ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "build_icc: installing $PKGS" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update
        apt-get install -y $PKGS
        ti3="$(find_ti3)"
    else
        echo "build_icc: need colprof and FOGRA39L.ti3." >&2
        echo "  Install them with:  sudo apt-get install $PKGS" >&2
        exit 1
    fi
fi
if ! command -v colprof >/dev/null 2>&1 || [ -z "$ti3" ] || [ ! -f "$ti3" ]; then
    echo "build_icc: colprof or FOGRA39L.ti3 still missing after install" >&2
    exit 1
fi

python=""
for p in python3 python; do
    if command -v "$p" >/dev/null 2>&1; then python="$p"; break; fi
done
if [ -z "$python" ]; then
    echo "build_icc: python3 is needed to normalise the ICC header" >&2
    exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp "$ti3" "$tmp/FOGRA39L.ti3"

echo "build_icc: $(colprof 2>&1 | head -n1 || true)" >&2
echo "build_icc: ti3 $ti3 sha256 $(sha256sum "$ti3" | cut -d' ' -f1)" >&2
(
    cd "$tmp"
    colprof -v -qm -l 300 -D "$DESC" -C "$COPYRIGHT" FOGRA39L > colprof.log 2>&1 \
        || { cat colprof.log >&2; exit 1; }
)
grep -E '^Profile check complete' "$tmp/colprof.log" >&2 || true

"$python" - "$tmp/FOGRA39L.icc" "${SOURCE_DATE_EPOCH:-$ICC_DATE_EPOCH}" <<'PY'
import hashlib, struct, sys, time

path, epoch = sys.argv[1], int(sys.argv[2])
d = bytearray(open(path, "rb").read())
if len(d) < 128 or d[36:40] != b"acsp":
    sys.exit("build_icc: %s is not an ICC profile" % path)
if struct.unpack(">I", d[0:4])[0] != len(d):
    sys.exit("build_icc: ICC header size does not match file size")
t = time.gmtime(epoch)
d[24:36] = struct.pack(">6H", t.tm_year, t.tm_mon, t.tm_mday,
                       t.tm_hour, t.tm_min, t.tm_sec)
# Drop the measurement data (targ and its aliases DevD, CIED: the .ti3, half the file). No CMM
# reads it, and every PDF/X file embeds the profile; the A2B/B2A/gamt tables stay byte for byte.
n = struct.unpack(">I", d[128:132])[0]
tags = [struct.unpack(">4sII", d[132 + 12 * i:144 + 12 * i]) for i in range(n)]
keep = [t for t in tags if t[0] not in (b"targ", b"DevD", b"CIED")]
blobs, table, placed = bytearray(), [], {}
for sig, off, size in keep:  # shared data (A2B0/1/2) stays shared
    if (off, size) not in placed:
        blobs += bytes(-(132 + 12 * len(keep) + len(blobs)) % 4)
        placed[(off, size)] = 132 + 12 * len(keep) + len(blobs)
        blobs += d[off:off + size]
    table.append(struct.pack(">4sII", sig, placed[(off, size)], size))
d = bytearray(d[:128] + struct.pack(">I", len(keep)) + b"".join(table) + blobs)
d[0:4] = struct.pack(">I", len(d))
if any(d[84:100]):
    # Profile ID = MD5 of the whole profile with flags (44-47),
    # rendering intent (64-67) and the profile ID (84-99) set to zero.
    tmp = bytearray(d)
    tmp[44:48] = bytes(4)
    tmp[64:68] = bytes(4)
    tmp[84:100] = bytes(16)
    d[84:100] = hashlib.md5(tmp).digest()
open(path, "wb").write(bytes(d))
PY

# Compact the tables (256-entry curves, 10-bit CLUT: icc/SOURCES.md, "Size") and write the
# zopfli-deflated copy that PDF/X files embed (needs `pip install zopfli`, the tools extra).
mkdir -p "$(dirname "$out")"
"$python" "$repo/tools/compact_icc.py" "$tmp/FOGRA39L.icc" "$out"
echo "build_icc: wrote $out and $out.zopfli" >&2
sha256sum "$out" "$out.zopfli"
