# Sourced by scripts/bootstrap.sh and scripts/release-prereqs.sh.
# install_missing_debs LABEL PACKAGE...: installs those of Debian's packages that are missing
# (quietly, one apt-get update first), as root or via sudo.
install_missing_debs() {
  local label=$1 p
  shift
  local missing=()
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "$label: installing ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}
