#!/usr/bin/env bash
# Installs what `make release` and its tests need beyond scripts/bootstrap.sh, only what is
# missing: Debian's debootstrap, qemu-user-static, the aarch64 binutils (strip, objdump) and
# libclang 16 (bindgen for the zig builds, see build-ext.sh);
# zig from PyPI (ziglang) and cargo-zigbuild (old-glibc and aarch64 builds); the Rust target
# aarch64-unknown-linux-gnu; and the cached Debian roots (scripts/debian-root.sh) with the
# PHP 8.4 and arm64 PHP headers and binaries. Needs root for apt and debootstrap.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/debs.sh
. scripts/lib/debs.sh

ZIGLANG_VERSION=0.17.1
ZIGBUILD_VERSION=0.24.1

packages=(debootstrap qemu-user-static binutils-aarch64-linux-gnu libclang-16-dev)
if ! python3 -m pip --version >/dev/null 2>&1; then
  packages+=(python3-pip)
fi
install_missing_debs release-prereqs "${packages[@]}"

if ! python3 -m ziglang version >/dev/null 2>&1; then
  echo "release-prereqs: pip install ziglang==$ZIGLANG_VERSION"
  # Debian's own python3 refuses pip installs outside a venv (PEP 668): allow it there.
  python3 -m pip install --quiet "ziglang==$ZIGLANG_VERSION" \
    || python3 -m pip install --quiet --break-system-packages "ziglang==$ZIGLANG_VERSION"
fi
if ! command -v cargo-zigbuild >/dev/null 2>&1; then
  echo "release-prereqs: cargo install cargo-zigbuild $ZIGBUILD_VERSION"
  cargo install --quiet --locked cargo-zigbuild --version "$ZIGBUILD_VERSION"
fi
for target in wasm32-wasip2 aarch64-unknown-linux-gnu; do
  if ! rustup target list --installed | grep -qx "$target"; then
    rustup target add "$target"
  fi
done

for root in php84-amd64 php82-arm64 php84-arm64; do
  scripts/debian-root.sh "$root" >/dev/null
done
