#!/bin/sh
# The README's set-up command: Debian's chromium for the docs tests (when there is none and
# apt-get is at hand), pnpm, the dependencies as locked, and the build of everything.
set -eu
cd "$(dirname "$0")/.."

if [ -z "${PAYSPEC_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null 2>&1; }; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    $sudo apt-get install -y --no-install-recommends chromium
  else
    echo "payspec set-up: no chromium, and no apt-get to install it; the docs tests need a Chromium or Chrome: set PAYSPEC_CHROMIUM to it" >&2
  fi
fi

npm install -g pnpm@10.34.8
pnpm install --frozen-lockfile
pnpm build
