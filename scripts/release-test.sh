#!/usr/bin/env bash
# `make test-release`: the release in dist/ (from `make release`) tested where it will run.
#
#   1. release-check: every artefact's architecture, GLIBC <= 2.28, PHP API, .cwasm CPU flags;
#   2. the x86_64 .cwasm loads into an engine configured for a baseline x86-64 CPU (no AVX), and
#      loads and answers under qemu-x86_64 -cpu qemu64 (a CPU without SSSE3/SSE4/AVX); the
#      module's message for a .cwasm needing AVX there, of another wasmtime, of another arch;
#   3. one call through each odr.so: PHP 8.2 (this machine) and PHP 8.4 (Debian 13 root) on
#      x86_64; PHP 8.2 and 8.4 of Debian's arm64 packages under qemu-aarch64;
#   4. the installer for real with this machine's PHP 8.2 (a scratch ini folder and WHMCS root);
#      scripts/build-ext.sh --php-config for PHP 8.4 and 8.2, each build loaded by its PHP;
#   5. the extension tests and the WHMCS end-to-end tests under PHP 8.4 in the Debian 13 root,
#      with the release's x86_64 odr.so, .cwasm and CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
dist="$PWD/dist"
roots="${ODR_ROOT_CACHE:-/var/cache/odr-registrar/roots}"
module="$dist/whmcs/modules/registrars/odr"
smoke=php-host/tests/release/smoke.php
passed=0 failed=0

step() { echo "== test-release: $*"; }
check() { # name command...: counts one result
  local name=$1 start=$SECONDS
  shift
  if "$@"; then
    passed=$((passed + 1)); echo "   ok: $name ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); echo "   FAILED: $name"
  fi
}
smoke_ok() { # expected-prefix command...: the smoke line must say ok and name the PHP
  local want=$1 out
  shift
  out=$("$@" 2>&1) || { echo "$out"; return 1; }
  echo "   $out"
  case "$out" in "smoke ok: $want"*) ;; *) return 1 ;; esac
}

scripts/release-prereqs.sh

step "artefacts"
check "release-check" scripts/release-check.sh "$dist"

step "baseline CPU"
check "x86_64 .cwasm loads into a baseline-CPU engine" env ODR_RELEASE_CWASM="$module/component/x86_64/odr_registrar.cwasm" \
  cargo test --profile host -p odr-host --test baseline_cpu -- --ignored --exact the_release_cwasm_loads_on_a_baseline_cpu

step "any x86-64 CPU: PHP 8.2 under qemu-x86_64 -cpu qemu64 (no SSSE3, SSE4, AVX)"
qemu64() { qemu-x86_64-static -cpu qemu64 /usr/bin/php8.2 -n -d "extension=$dist/php/8.2-nts-x86_64/odr.so" "$@"; }
check "the x86_64 .cwasm loads and answers on a qemu64 CPU" smoke_ok "PHP 8.2" qemu64 "$smoke" \
  "$module/component/x86_64/odr_registrar.cwasm"
check "a .cwasm that needs AVX is refused there with the module's message" qemu64 \
  php-host/tests/release/wrong-cpu.php "$module/component/x86_64/odr_registrar.cwasm" "$module"
check "a .cwasm of another wasmtime is refused with the module's message" \
  php8.2 -n -d "extension=$dist/php/8.2-nts-x86_64/odr.so" php-host/tests/release/wrong-version.php \
  "$module/component/x86_64/odr_registrar.cwasm" "$module"

step "one call per build"
check "PHP 8.2 x86_64" smoke_ok "PHP 8.2" php8.2 -n -d "extension=$dist/php/8.2-nts-x86_64/odr.so" "$smoke" \
  "$module/component/x86_64/odr_registrar.cwasm"
check "PHP 8.4 x86_64 (Debian 13 root)" smoke_ok "PHP 8.4" scripts/in-root.sh php84-amd64 php8.4 -n \
  -d extension=/src/dist/php/8.4-nts-x86_64/odr.so "$smoke" /src/dist/whmcs/modules/registrars/odr/component/x86_64/odr_registrar.cwasm
for php in 8.2 8.4; do
  root="$roots/php${php/./}-arm64"
  check "PHP $php aarch64 (qemu-aarch64)" smoke_ok "PHP $php" qemu-aarch64-static -L "$root" "$root/usr/bin/php$php" -n \
    -d "extension=$dist/php/$php-nts-aarch64/odr.so" "$smoke" "$module/component/aarch64/odr_registrar.cwasm"
done
check "the aarch64 .cwasm is refused on x86_64 with the module's message" \
  php8.2 -n -d "extension=$dist/php/8.2-nts-x86_64/odr.so" php-host/tests/release/wrong-arch.php \
  "$module/component/aarch64/odr_registrar.cwasm" "$module"

check "the x86_64 .cwasm is refused on aarch64 with the module's message (qemu-aarch64)" \
  qemu-aarch64-static -L "$roots/php82-arm64" "$roots/php82-arm64/usr/bin/php8.2" -n -d "extension=$dist/php/8.2-nts-aarch64/odr.so" \
  php-host/tests/release/wrong-arch.php "$module/component/x86_64/odr_registrar.cwasm" "$module"

step "installer, for real, PHP 8.2"
installer_for_real() {
  local scratch
  scratch=$(mktemp -d)
  mkdir -p "$scratch/conf.d" "$scratch/whmcs/modules/registrars"
  # This PHP reads its ini files from the scratch folder (PHP_INI_SCAN_DIR), so the machine's
  # own PHP configuration is untouched; odr.so goes into PHP 8.2's extension_dir as on a server.
  PHP_INI_SCAN_DIR="$scratch/conf.d" php8.2 "$dist/install.php" --php=/usr/bin/php8.2 \
    --whmcs="$scratch/whmcs" >"$scratch/out.txt" 2>&1 || true
  sed 's/^/   | /' "$scratch/out.txt"
  local ok=0
  grep -q '^  ready  php -m lists odr; api-endpoint answered https://' "$scratch/out.txt" || ok=1
  [ -f "$scratch/conf.d/90-odr.ini" ] || ok=1
  [ -f "$scratch/whmcs/modules/registrars/odr/component/x86_64/odr_registrar.cwasm" ] || ok=1
  PHP_INI_SCAN_DIR="$scratch/conf.d" php8.2 -m | grep -qx odr || ok=1
  rm -rf "$scratch"
  return $ok
}
check "install.php with /usr/bin/php8.2" installer_for_real

step "build from source: scripts/build-ext.sh --php-config (as on a server, this machine's glibc)"
built_from_source() { # php-version root php-config cwasm php-command...
  local version=$1 root=$2 config=$3 cwasm=$4 out
  shift 4
  out=$(mktemp -d)/odr.so
  scripts/build-ext.sh ${root:+--root "$root"} --php-config "$config" --out "$out" >/dev/null || return 1
  smoke_ok "PHP $version" "$@" -n -d "extension=$out" "$smoke" "$cwasm"
  local ok=$?
  rm -rf "$(dirname "$out")"
  return $ok
}
# 8.4 first, 8.2 last: target/host/libodr_php.so is left as the PHP 8.2 build `make test` uses.
check "build-ext.sh for PHP 8.4 (php-config of the Debian 13 root), loaded there" \
  built_from_source 8.4 "$roots/php84-amd64" /usr/bin/php-config8.4 \
  /src/dist/whmcs/modules/registrars/odr/component/x86_64/odr_registrar.cwasm scripts/in-root.sh php84-amd64 php8.4
check "build-ext.sh for PHP 8.2 (/usr/bin/php-config8.2), loaded by php8.2" \
  built_from_source 8.2 "" /usr/bin/php-config8.2 "$module/component/x86_64/odr_registrar.cwasm" php8.2

step "PHP 8.4 test suites (Debian 13 root)"
in84() { ODR_IN_ROOT_ENV="ODR_CWASM=/src/dist/whmcs/modules/registrars/odr/component/x86_64/odr_registrar.cwasm ODR_PHP_EXT=/src/dist/php/8.4-nts-x86_64/odr.so ODR_CLI=/src/dist/bin/x86_64/odr PHP=php8.4 PHPUNIT=/usr/bin/phpunit" \
  scripts/in-root.sh php84-amd64 "$@"; }
check "extension tests, PHP 8.4" in84 php8.4 -d extension=/src/dist/php/8.4-nts-x86_64/odr.so /usr/bin/phpunit \
  -c php-host/tests/ext/phpunit.xml
check "WHMCS unit and end-to-end tests, PHP 8.4" in84 php-host/tests/run-whmcs-tests.sh
check "FOSSBilling adapter tests, PHP 8.4" in84 php8.4 -d extension=/src/dist/php/8.4-nts-x86_64/odr.so /usr/bin/phpunit \
  -c php-host/tests/fossbilling/phpunit.xml

echo "test-release: $passed passed, $failed failed"
[ "$failed" = 0 ]
