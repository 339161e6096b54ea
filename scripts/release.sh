#!/usr/bin/env bash
# `make release`: builds the release matrix into dist/ on this Debian 12 machine, then checks it.
#
#   dist/php/{8.2,8.4}-nts-{x86_64,aarch64}/odr.so     the extension (GLIBC <= 2.28)
#   dist/bin/{x86_64,aarch64}/odr, dist/bin/odr        the CLI (GLIBC <= 2.28) and a launcher
#   dist/whmcs/modules/registrars/odr/                 the module, with component/odr_registrar.wasm
#                                                      and shared/ (php-host/lib)
#     component/{x86_64,aarch64}/odr_registrar.cwasm   precompiled for each architecture's baseline CPU
#   dist/install.php, dist/INSTALL.md, dist/scripts/build-ext.sh
#   dist/odr-registrar-VERSION-linux.tar.gz            all of the above in one folder
#   dist/SHA256SUMS                                    every file above and the archive
#
# The x86_64 builds link against glibc 2.28 with cargo-zigbuild; aarch64 is cross-compiled the
# same way against the headers of Debian's arm64 PHP packages. PHP 8.4's headers come from a
# cached Debian 13 root (scripts/debian-root.sh). The aarch64 .cwasm is made by the aarch64 CLI
# under qemu-aarch64. Prerequisites: scripts/release-prereqs.sh (run first).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
scripts/release-prereqs.sh

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
roots="${ODR_ROOT_CACHE:-/var/cache/odr-registrar/roots}"
glibc=2.28
module=dist/whmcs/modules/registrars/odr
wasm=target/wasm32-wasip2/release/odr_registrar.wasm

step() { echo "== release: $*"; }
timed() { local start=$SECONDS; "$@"; echo "   ($((SECONDS - start)) s)"; }

rm -rf dist
mkdir -p dist/bin/x86_64 dist/bin/aarch64 dist/php dist/whmcs/modules/registrars dist/scripts

step "component (wasm32-wasip2)"
timed cargo build --release --target wasm32-wasip2 -p odr-registrar

for arch in x86_64 aarch64; do
  step "CLI $arch (glibc $glibc)"
  timed cargo zigbuild --profile host -p odr-cli --target "$arch-unknown-linux-gnu.$glibc"
  cp "target/$arch-unknown-linux-gnu/host/odr" "dist/bin/$arch/odr"
done

step "module and components"
cp -r php-host/modules/registrars/odr "$module"
cp -r php-host/lib "$module/shared"
mkdir -p "$module/component/x86_64" "$module/component/aarch64"
cp "$wasm" "$module/component/odr_registrar.wasm"
timed dist/bin/x86_64/odr precompile --arch x86_64 "$wasm" "$module/component/x86_64/odr_registrar.cwasm"
# The aarch64 CLI compiles for aarch64 (this machine's CLI has only the x86_64 backend).
timed qemu-aarch64-static -L "$roots/php82-arm64" dist/bin/aarch64/odr \
  precompile --arch aarch64 "$wasm" "$module/component/aarch64/odr_registrar.cwasm"

build_ext() { # php-version arch root php-config
  local out="dist/php/$1-nts-$2/odr.so"
  step "extension PHP $1 NTS $2 (glibc $glibc)"
  local root_args=()
  if [ -n "$3" ]; then root_args=(--root "$3"); fi
  timed scripts/build-ext.sh --php-config "$4" "${root_args[@]}" \
    --target "$2-unknown-linux-gnu.$glibc" --out "$out"
}
build_ext 8.2 x86_64 "" /usr/bin/php-config8.2
build_ext 8.4 x86_64 "$roots/php84-amd64" /usr/bin/php-config8.4
build_ext 8.2 aarch64 "$roots/php82-arm64" /usr/bin/php-config8.2
build_ext 8.4 aarch64 "$roots/php84-arm64" /usr/bin/php-config8.4

step "strip"
strip --strip-unneeded dist/bin/x86_64/odr dist/php/*-x86_64/odr.so
aarch64-linux-gnu-strip --strip-unneeded dist/bin/aarch64/odr dist/php/*-aarch64/odr.so

cat >dist/bin/odr <<'EOF'
#!/bin/sh
# The odr CLI for this machine's architecture; `odr install ...` runs the release's installer.
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = install ]; then
  shift
  exec "${PHP:-php}" "$here/../install.php" "$@"
fi
case "$(uname -m)" in
  x86_64|amd64) arch=x86_64 ;;
  aarch64|arm64) arch=aarch64 ;;
  *) echo "odr: no build for $(uname -m) (x86_64, aarch64)" >&2; exit 1 ;;
esac
exec "$here/$arch/odr" "$@"
EOF
chmod +x dist/bin/odr
cp php-host/installer/install.php dist/install.php
cp docs/INSTALL.md dist/INSTALL.md
cp scripts/build-ext.sh dist/scripts/build-ext.sh

step "archive and SHA256SUMS"
name="odr-registrar-$version-linux"
tar -C dist --owner=0 --group=0 --transform "s,^,$name/," -czf "dist/$name.tar.gz" \
  install.php INSTALL.md bin php whmcs scripts
(cd dist && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs sha256sum) >dist/SHA256SUMS

scripts/release-check.sh dist
