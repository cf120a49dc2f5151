#!/bin/sh
# check-flatpak.sh MANIFEST APP_ID — flatpak-builder parses the manifest without a warning, it runs
# the window under the application id, and every downloaded source is pinned by sha256.
set -eu
manifest=$(realpath "$1")
app_id=$2
command -v flatpak-builder >/dev/null 2>&1 || { echo "flatpak-builder not installed: skipped"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A property of the wrong type is only a warning to flatpak-builder: make it fatal.
# From the temporary folder, where flatpak-builder leaves its .flatpak-builder state folder.
(cd "$tmp" && G_DEBUG=fatal-warnings flatpak-builder --show-manifest "$manifest") >"$tmp/manifest.json"

status=0
grep -q "^  \"id\" : \"$app_id\"," "$tmp/manifest.json" || { echo "FAIL: id is not $app_id"; status=1; }
grep -q '^  "command" : "saliency-lab",' "$tmp/manifest.json" || { echo "FAIL: command is not saliency-lab"; status=1; }
downloads=$(grep -cE '"type" : "(archive|file)"' "$tmp/manifest.json" || true)
pinned=$(grep -c '"sha256" : "[0-9a-f]\{64\}"' "$tmp/manifest.json" || true)
git_sources=$(grep -c '"type" : "git"' "$tmp/manifest.json" || true)
[ "$git_sources" -eq 0 ] || { echo "FAIL: $git_sources git source(s): pin archives by sha256 instead"; status=1; }
[ "$downloads" -eq "$pinned" ] || { echo "FAIL: $downloads downloaded sources but $pinned sha256 pins"; status=1; }
[ $status -eq 0 ] && echo "manifest parses; $downloads downloaded sources, all pinned by sha256"
exit $status
