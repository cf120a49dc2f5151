#!/bin/sh
# Runs a validator, or tells meson the test is skipped (77) when the tool is not installed.
command -v "$1" >/dev/null 2>&1 || { echo "$1 not installed: skipped"; exit 77; }
exec "$@"
