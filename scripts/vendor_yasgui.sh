#!/usr/bin/env bash
# Copy YASGUI's built files from node_modules (after `npm ci`) into server/static/yasgui/,
# where the app serves them: the SPARQL editor then needs no CDN and no other host.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/node_modules/@zazuko/yasgui/build"
dest="$root/server/static/yasgui"
if [[ ! -f "$src/yasgui.min.js" ]]; then
  echo "vendor_yasgui: $src/yasgui.min.js is missing; run 'npm ci' in $root first" >&2
  exit 1
fi
mkdir -p "$dest"
cp "$src/yasgui.min.js" "$src/yasgui.min.css" "$dest/"
version="$(node -p "require('$root/node_modules/@zazuko/yasgui/package.json').version" 2>/dev/null || echo unknown)"
printf '@zazuko/yasgui %s (MIT), copied from node_modules by scripts/vendor_yasgui.sh\n' "$version" > "$dest/VERSION"
echo "vendor_yasgui: copied YASGUI $version to ${dest#"$root"/}"
