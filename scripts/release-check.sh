#!/usr/bin/env bash
# Lists and checks every artefact of a release folder (default dist/): size, architecture,
# highest GLIBC symbol version (objdump -T), the PHP API and thread safety an odr.so was built
# for, and for each .cwasm its wasmtime version, target and the CPU features it needs.
# Fails when a file needs more than GLIBC_2.28, sits in the wrong architecture's or PHP's
# folder, is ZTS, or a .cwasm needs any CPU feature beyond its architecture's baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
dist="${1:-dist}"
max_glibc=2.28
failed=0

fail() { echo "   FAIL: $*"; failed=1; }

elf_arch() { # x86_64 | aarch64 | other, from the ELF header
  case "$(readelf -h "$1" | sed -n 's/^ *Machine: *//p')" in
    *X86-64*) echo x86_64 ;;
    *AArch64*) echo aarch64 ;;
    *) echo other ;;
  esac
}
objdump_for() { if [ "$1" = aarch64 ]; then echo aarch64-linux-gnu-objdump; else echo objdump; fi; }
highest_glibc() { # arch file
  "$(objdump_for "$1")" -T "$2" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -1
}
version_le() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -1)" = "$1" ]; }
api_for() { case "$1" in 8.1) echo 20210902 ;; 8.2) echo 20220829 ;; 8.3) echo 20230831 ;; 8.4) echo 20240924 ;; esac; }

printf '%-48s %9s  %-8s %-7s %s\n' artefact bytes arch glibc "details"
check_elf() { # file expected-arch details
  local file=$1 want=$2 details=$3 arch glibc
  arch=$(elf_arch "$file")
  glibc=$(highest_glibc "$arch" "$file")
  printf '%-48s %9s  %-8s %-7s %s\n' "${file#"$dist"/}" "$(stat -c %s "$file")" "$arch" "${glibc:-none}" "$details"
  [ "$arch" = "$want" ] || fail "$file is $arch, expected $want"
  if [ -n "$glibc" ] && ! version_le "$glibc" "$max_glibc"; then
    fail "$file needs GLIBC_$glibc (> $max_glibc): $("$(objdump_for "$arch")" -T "$file" | grep "GLIBC_$glibc" | head -3 | awk '{print $NF}' | tr '\n' ' ')"
  fi
}

count=0
for so in "$dist"/php/*/odr.so; do
  build=$(basename "$(dirname "$so")") # 8.4-nts-x86_64
  php=${build%%-*}
  arch=${build##*-}
  build_id=$(strings -a "$so" | grep -o '^API[0-9]\{8\},N\?TS' | head -1 || true)
  check_elf "$so" "$arch" "PHP build ${build_id:-unknown} (API number, thread safety)"
  [ "$build_id" = "API$(api_for "$php"),NTS" ] || fail "$so is ${build_id:-of unknown PHP API}, expected API$(api_for "$php"),NTS (PHP $php NTS)"
  count=$((count + 1))
done
for arch in x86_64 aarch64; do
  bin="$dist/bin/$arch/odr"
  if [ -f "$bin" ]; then check_elf "$bin" "$arch" "odr CLI"; count=$((count + 1)); else fail "missing $bin"; fi
done

cli="$dist/bin/x86_64/odr"
for cwasm in "$dist"/whmcs/modules/registrars/odr/component/*/odr_registrar.cwasm; do
  arch=$(basename "$(dirname "$cwasm")")
  info=$("$cli" inspect "$cwasm" | cut -f2-)
  printf '%-48s %9s  %-8s %-7s %s\n' "${cwasm#"$dist"/}" "$(stat -c %s "$cwasm")" "$arch" "-" "$info"
  case "$info" in
    *"$arch-unknown-linux-gnu"*) ;;
    *) fail "$cwasm is not for $arch: $info" ;;
  esac
  case "$info" in
    *"cpu features: none (baseline)"*) ;;
    *) fail "$cwasm needs CPU features beyond the baseline: $info" ;;
  esac
  count=$((count + 1))
done
wasm="$dist/whmcs/modules/registrars/odr/component/odr_registrar.wasm"
printf '%-48s %9s  %-8s %-7s %s\n' "${wasm#"$dist"/}" "$(stat -c %s "$wasm")" wasm32 - "portable component (odr precompile it on the server)"
for archive in "$dist"/*.tar.gz; do
  printf '%-48s %9s\n' "${archive#"$dist"/}" "$(stat -c %s "$archive")"
done

want=$(( 4 + 2 + 2 ))
[ "$count" = "$want" ] || fail "$count artefacts checked, expected $want"
(cd "$dist" && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match"
if [ "$failed" != 0 ]; then
  echo "release-check: FAILED"
  exit 1
fi
echo "release-check: $count artefacts ok (GLIBC <= $max_glibc, baseline CPU, SHA256SUMS)"
