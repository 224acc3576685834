#!/usr/bin/env bash
# Re-fetch the shipped fonts from the npm registry (static TrueType files of Google Fonts
# packaged by Expo) into fonts/. Needs npm and network access to registry.npmjs.org.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetch() {  # fetch <npm package@version> <folder> <style>...
  local pkg=$1 dir=$2; shift 2
  (cd "$work" && npm pack --silent "$pkg" >/dev/null)
  local tgz; tgz=$(ls "$work"/*.tgz)
  mkdir -p "$work/x" fonts/"$dir"
  tar xzf "$tgz" -C "$work/x"
  for style in "$@"; do cp "$work"/x/package/"$style"/*.ttf fonts/"$dir"/; done
  cp "$work/x/package/LICENSE_FONT" fonts/"$dir"/OFL.txt
  rm -rf "$work"/x "$tgz"
}
fetch @expo-google-fonts/sofia-sans@0.4.3 sofia-sans 300Light 400Regular 400Regular_Italic 500Medium 600SemiBold 700Bold 800ExtraBold
fetch @expo-google-fonts/sofia-sans-extra-condensed@0.4.2 sofia-sans-extra-condensed 300Light 400Regular 500Medium 600SemiBold 700Bold 800ExtraBold 900Black
fetch @expo-google-fonts/oswald@0.4.2 oswald 300Light 400Regular 500Medium 600SemiBold 700Bold
fetch @expo-google-fonts/source-serif-4@0.4.1 source-serif-4 400Regular 400Regular_Italic 300Light_Italic 600SemiBold 600SemiBold_Italic
sha256sum fonts/*/*.ttf
