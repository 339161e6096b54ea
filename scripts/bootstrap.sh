#!/usr/bin/env bash
# Installs what building and testing odr-registrar needs, and only what is missing:
# the wasm32-wasip2 Rust target and Debian's PHP, PHPUnit, Illuminate and PHP_CodeSniffer packages.
# `--mariadb` also installs MariaDB (the WHMCS tests' second database).
# Idempotent and quiet when everything is present; runs apt-get as root or via sudo.
set -euo pipefail
# shellcheck source=lib/debs.sh
. "$(dirname "$0")/lib/debs.sh"

want_mariadb=0
for arg in "$@"; do
  case "$arg" in
    --mariadb) want_mariadb=1 ;;
    *) echo "bootstrap: unknown option $arg" >&2; exit 2 ;;
  esac
done

if ! command -v cargo >/dev/null 2>&1; then
  echo "bootstrap: cargo not found; install Rust with rustup first (https://rustup.rs)" >&2
  exit 1
fi
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-wasip2; then
  echo "bootstrap: adding Rust target wasm32-wasip2"
  rustup target add wasm32-wasip2
fi

packages=(php-cli php-dev libclang-dev phpunit php-illuminate-database php-sqlite3 php-mysql php-curl php-mbstring php-codesniffer)
if [ "$want_mariadb" = 1 ]; then
  packages+=(mariadb-server)
fi
install_missing_debs bootstrap "${packages[@]}"
