#!/bin/sh
# make-locale.sh DIR LOCALE CHARSET — compiles a glibc locale (e.g. fr_FR, UTF-8) into DIR for
# LOCPATH, so the French GUI test needs no system-wide locale-gen (nor root). Without the locale
# sources (Debian's `locales` package) DIR stays empty and the test falls back to C.UTF-8.
set -u
dir=$1 locale=$2 charset=$3
mkdir -p "$dir"
if [ -f "/usr/share/i18n/locales/$locale" ] && command -v localedef >/dev/null 2>&1; then
  # -c: write the locale even if localedef warns about the definition (it does for most).
  localedef -c -i "$locale" -f "$charset" "$dir" >/dev/null 2>&1 || true
fi
[ -f "$dir/LC_CTYPE" ] || echo "make-locale: no $locale.$charset; the test runs in C.UTF-8" >&2
exit 0
