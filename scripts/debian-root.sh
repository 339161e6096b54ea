#!/usr/bin/env bash
# Makes (once) and prints the path of a cached Debian root used to build against and test
# under PHP versions this machine's Debian does not ship:
#
#   scripts/debian-root.sh php84-amd64   Debian 13 (trixie) amd64: PHP 8.4 CLI + dev headers,
#                                        PHPUnit and Illuminate (the extension and WHMCS tests)
#   scripts/debian-root.sh php84-arm64   Debian 13 arm64: PHP 8.4 CLI + dev headers (unpacked only)
#   scripts/debian-root.sh php82-arm64   Debian 12 (bookworm) arm64: PHP 8.2 CLI + dev headers
#
# amd64 roots are complete (debootstrap, chroot-able). arm64 roots are debootstrap's first
# stage only (--foreign: packages unpacked, not configured): enough for their headers
# (cross builds) and to run their PHP under qemu-aarch64 with `-L ROOT`.
#
# Roots live in $ODR_ROOT_CACHE (default /var/cache/odr-registrar/roots) and are reused while
# their stamp file matches this script's package list; CI keeps that folder between runs.
# Needs root (debootstrap); installs debootstrap itself when missing.
set -euo pipefail

name="${1:-}"
cache="${ODR_ROOT_CACHE:-/var/cache/odr-registrar/roots}"
mirror="${ODR_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

case "$name" in
  php84-amd64)
    suite=trixie arch=amd64 foreign=0
    include="php8.4-cli,php8.4-dev,php8.4-sqlite3,php8.4-curl,php8.4-mbstring,php8.4-xml,php8.4-intl,phpunit,php-illuminate-database,ca-certificates"
    ;;
  php84-arm64)
    suite=trixie arch=arm64 foreign=1
    include="php8.4-cli,php8.4-dev"
    ;;
  php82-arm64)
    suite=bookworm arch=arm64 foreign=1
    include="php8.2-cli,php8.2-dev"
    ;;
  *)
    echo "usage: $0 php84-amd64|php84-arm64|php82-arm64" >&2
    exit 2
    ;;
esac

root="$cache/$name"
stamp="$root/.odr-root"
want="$suite $arch foreign=$foreign $include"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "$root"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "debian-root: making $root needs root (debootstrap)" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

rm -rf "$root"
mkdir -p "$cache"
args=(--variant=minbase --arch="$arch" --include="$include")
if [ "$foreign" = 1 ]; then
  args+=(--foreign)
fi
echo "debian-root: making $root ($suite $arch; takes a few minutes, cached afterwards)" >&2
log="$cache/$name.log"
if ! debootstrap "${args[@]}" "$suite" "$root" "$mirror" >"$log" 2>&1; then
  echo "debian-root: debootstrap failed, see $log:" >&2
  tail -20 "$log" >&2
  exit 1
fi
if [ "$foreign" = 1 ]; then
  # First stage only leaves the .debs unpacked in the root, not the packages listed in
  # --include: unpack every downloaded package so headers and binaries are in place.
  for deb in "$root"/var/cache/apt/archives/*.deb; do
    dpkg-deb -x "$deb" "$root"
  done
fi
echo "$want" >"$stamp"
echo "$root"
