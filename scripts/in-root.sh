#!/usr/bin/env bash
# Runs a command inside a cached Debian root (scripts/debian-root.sh) with this repository at
# /src (bind mount) and /proc, /dev mounted; unmounts on exit. Needs root (chroot, mount).
#
#   scripts/in-root.sh php84-amd64 php -v
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: $0 ROOT-NAME COMMAND...}"
shift
root=$(scripts/debian-root.sh "$name")
repo=$(pwd)

mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount "${mounted[$i]}" 2>/dev/null || umount -l "${mounted[$i]}" 2>/dev/null || true
  done
}
trap cleanup EXIT
mount_into() { # source target [options...]
  local target="$root$2"
  mkdir -p "$target"
  if mountpoint -q "$target"; then return 0; fi
  mount "${@:3}" "$1" "$target"
  mounted+=("$target")
}
mount_into "$repo" /src --bind
mount_into proc /proc -t proc
mount_into /dev /dev --bind
mount_into /tmp /tmp --bind

chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
  ${ODR_IN_ROOT_ENV:-} sh -c 'cd /src && exec "$@"' sh "$@"
