#!/bin/sh
# check-potfiles.sh SRCROOT — po/POTFILES.in lists every file of the window (src/app, ui/,
# resources/) that marks text for translation, and every file it lists exists.
set -eu
srcroot=$1
potfiles=$srcroot/po/POTFILES.in
listed=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$potfiles")

status=0
for f in $listed; do
  [ -f "$srcroot/$f" ] || { echo "FAIL: po/POTFILES.in lists $f, which does not exist"; status=1; }
done

cd "$srcroot"
dirs=
for d in src/app ui resources; do
  [ -d "$d" ] && dirs="$dirs $d"
done
n=0
if [ -n "$dirs" ]; then
  # _( N_( C_( NC_( in code and Blueprint, translatable="yes" in GtkBuilder XML.
  for f in $(grep -rlE '(^|[^A-Za-z0-9_])(N|C|NC)?_\(|translatable="yes"' $dirs | sort); do
    n=$((n + 1))
    printf '%s\n' "$listed" | grep -qxF "$f" || { echo "FAIL: $f has translatable text but is not in po/POTFILES.in"; status=1; }
  done
fi
[ $status -eq 0 ] && echo "po/POTFILES.in is complete ($n translatable files under$dirs)"
exit $status
