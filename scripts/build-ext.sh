#!/usr/bin/env bash
# Builds the odr PHP extension for one PHP, named by its php-config.
#
#   scripts/build-ext.sh --php-config /usr/bin/php-config8.3            # on the server: any PHP 8.1-8.4
#   scripts/build-ext.sh --php-config /opt/cpanel/ea-php83/root/usr/bin/php-config --out /tmp/odr.so
#
# Release builds (scripts/release.sh) add:
#   --target TRIPLE   cross/old-glibc build with cargo-zigbuild, e.g. x86_64-unknown-linux-gnu.2.28
#                     or aarch64-unknown-linux-gnu.2.28
#   --root DIR        the php-config and headers are inside the Debian root DIR (path given as
#                     inside the root, e.g. /usr/bin/php-config8.4): read there, nothing of the
#                     root is run, so a root of another architecture works.
#
# Needs Rust (rustup) and, for a PHP on this machine, its headers (Debian: php8.x-dev; cPanel:
# ea-php8x-php-devel; Plesk: plesk-php8x-dev; CloudLinux: alt-php8x-devel) and libclang
# (Debian: libclang-dev; RHEL family: clang-devel). Prints the extension's path and the ini line.
set -euo pipefail
cd "$(dirname "$0")/.."

php_config="" target="" root="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --php-config) php_config="${2:?}"; shift 2 ;;
    --target) target="${2:?}"; shift 2 ;;
    --root) root="${2:?}"; shift 2 ;;
    --out) out="${2:?}"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "build-ext: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$php_config" ]; then
  echo "build-ext: --php-config PATH is required (e.g. /usr/bin/php-config8.3); see --help" >&2
  exit 2
fi

config_file="$root$php_config"
if [ ! -f "$config_file" ]; then
  echo "build-ext: no php-config at $config_file (install the PHP development package)" >&2
  exit 1
fi
# php-config is a shell script: run it with sh, whatever architecture the root is.
cfg() { sh "$config_file" "$@"; }

version=$(cfg --version)
api=$(cfg --phpapi 2>/dev/null || true)
include_dir=$(cfg --include-dir)
case "$version" in
  8.1.*|8.2.*|8.3.*|8.4.*) ;;
  *) echo "build-ext: PHP $version is not supported (8.1 to 8.4)" >&2; exit 1 ;;
esac
if [ ! -f "$root$include_dir/main/php_config.h" ]; then
  echo "build-ext: no PHP headers at $root$include_dir (install the PHP development package)" >&2
  exit 1
fi
zts=disabled
if grep -q '^#define ZTS 1' "$root$include_dir/main/php_config.h"; then zts=enabled; fi
debug=no
if grep -q '^#define ZEND_DEBUG 1' "$root$include_dir/main/php_config.h"; then debug=yes; fi
if [ -z "$api" ]; then
  api=$(sed -n 's/^#define PHP_API_VERSION \([0-9]*\).*/\1/p' "$root$include_dir/main/php.h")
fi

# ext-php-rs reads `php -i` (PHP API, thread safety, debug) and `php-config --includes`. Both come
# from the php-config named here, through two small stand-ins, so the build never runs a PHP of
# another architecture and never picks up another PHP from PATH.
# A stable folder per PHP and target, so cargo sees the same PHP / PHP_CONFIG on the next run.
shim="$PWD/target/build-ext/$(printf '%s %s' "$config_file" "$target" | sha1sum | cut -c1-12)"
mkdir -p "$shim"
cat >"$shim/php" <<EOF
#!/bin/sh
printf 'PHP Version => %s\nPHP API => %s\nThread Safety => %s\nDebug Build => %s\n' '$version' '$api' '$zts' '$debug'
EOF
includes=$(cfg --includes | sed "s# -I# -I$root#g; s#^-I#-I$root#")
cat >"$shim/php-config" <<EOF
#!/bin/sh
case "\$1" in
  --includes) echo '$includes' ;;
  *) exec sh '$config_file' "\$@" ;;
esac
EOF
chmod +x "$shim/php" "$shim/php-config"

profile=host
build=(build)
artifact="target/$profile/libodr_php.so"
if [ -n "$target" ]; then
  build=(zigbuild --target "$target")
  triple="${target%.2.*}"
  artifact="target/$triple/$profile/libodr_php.so"
  # cargo-zigbuild hands bindgen zig's own C headers, which need the (newer) clang zig was built
  # with. So bindgen (libclang 16, Debian's libclang-16-dev) gets the usual header search path
  # first: clang 16's own headers, then glibc's of the target (this machine's for x86_64, the
  # Debian root's for aarch64); zig's come after and are not reached. Bindings only describe
  # PHP's types, which do not depend on the glibc version; the link uses zig's glibc 2.28.
  llvm="${ODR_LLVM_DIR:-/usr/lib/llvm-16}"
  if [ ! -e "$llvm/lib/libclang.so" ]; then
    echo "build-ext: --target needs libclang 16 at $llvm (scripts/release-prereqs.sh installs it)" >&2
    exit 1
  fi
  export LIBCLANG_PATH="$llvm/lib"
  resource=$(ls -d "$llvm"/lib/clang/*/include | head -1)
  # (the plain name: cargo-zigbuild appends its options to it under both per-target names)
  sysroot="${root:-}"
  multiarch="${triple%%-*}-linux-gnu"
  if [ ! -d "$sysroot/usr/include/$multiarch" ]; then
    echo "build-ext: no C library headers for $multiarch in ${sysroot:-/}usr/include (libc6-dev)" >&2
    exit 1
  fi
  export BINDGEN_EXTRA_CLANG_ARGS="-isystem $resource -isystem $sysroot/usr/include/$multiarch -isystem $sysroot/usr/include"
fi
echo "build-ext: PHP $version (API $api, ZTS $zts)${target:+, target $target}" >&2
# Its own cargo invocation: wasmtime stays runtime-only (no Cranelift) in the extension.
PHP="$shim/php" PHP_CONFIG="$shim/php-config" cargo "${build[@]}" --profile "$profile" -p odr-php >&2

if [ -n "$out" ]; then
  mkdir -p "$(dirname "$out")"
  cp "$artifact" "$out"
  artifact="$out"
fi
echo "build-ext: built $artifact" >&2
echo "build-ext: enable it with the line  extension=$(realpath "$artifact")  in $(cfg --ini-dir 2>/dev/null || echo "this PHP's conf.d")/90-odr.ini" >&2
echo "$artifact"
