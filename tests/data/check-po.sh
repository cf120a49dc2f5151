#!/bin/sh
# check-po.sh SRCROOT — every .po compiles cleanly (msgfmt --check), and every message of a
# template freshly extracted from po/POTFILES.in is translated in every language of po/LINGUAS.
set -eu
srcroot=$1
po=$srcroot/po
for tool in msgfmt xgettext msgcmp; do
  command -v $tool >/dev/null 2>&1 || { echo "$tool not installed: skipped"; exit 77; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

status=0
for file in "$po"/*.po; do
  msgfmt --check --output-file=/dev/null "$file" || { echo "FAIL: msgfmt --check $file"; status=1; }
done

# The keywords of meson's i18n 'glib' preset, so this template is the one saliency-lab-pot makes.
xgettext --package-name=saliency-lab --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --directory="$srcroot" --files-from="$po/POTFILES.in" --output="$tmp/template.pot"

for lang in $(sed -e 's/#.*//' "$po/LINGUAS"); do
  [ -f "$po/$lang.po" ] || { echo "FAIL: po/LINGUAS lists $lang but po/$lang.po is missing"; status=1; continue; }
  # msgcmp fails on any message of the template that $lang.po lacks or leaves untranslated.
  msgcmp "$po/$lang.po" "$tmp/template.pot" || { echo "FAIL: po/$lang.po is behind the sources (meson compile -C build saliency-lab-update-po)"; status=1; }
done
[ $status -eq 0 ] && echo "every .po compiles and translates all $(($(grep -c "^msgid " "$tmp/template.pot") - 1)) template messages"
exit $status
