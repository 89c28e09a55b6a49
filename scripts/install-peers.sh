#!/usr/bin/env bash
# Installs the Debian packages the I/O tests use as real peers (servers,
# proxies), listed in scripts/peers.txt. Does nothing when all are present.
# Needs root (or sudo) and Debian's package lists; says so and fails otherwise.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
missing=()
while read -r pkg proof; do
  [[ -z "${pkg}" || "${pkg}" == \#* ]] && continue
  [[ -e "${proof}" ]] || missing+=("${pkg}")
done <"${here}/peers.txt"
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "peers: all installed"
  exit 0
fi
echo "peers: installing ${missing[*]}"
sudo=""
if [[ "$(id -u)" != "0" ]]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "peers: not root and no sudo; install these Debian packages: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
${sudo} apt-get update -qq
${sudo} apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts some daemons on install (squid, danted); the tests run their own
# instances on free loopback ports, so stop the system ones if they came up.
for svc in squid danted tinyproxy; do
  if command -v service >/dev/null && service "${svc}" status >/dev/null 2>&1; then
    ${sudo} service "${svc}" stop >/dev/null 2>&1 || true
  fi
done
echo "peers: done"
