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
# The tests run their own proxy instances on free loopback ports: keep Debian
# from starting the system daemons (squid, danted …) during the install, where
# a daemon without a configuration could fail the package's set-up step.
policy=/usr/sbin/policy-rc.d
made_policy=""
if [[ ! -e "${policy}" ]]; then
  printf '#!/bin/sh\nexit 101\n' | ${sudo} tee "${policy}" >/dev/null
  ${sudo} chmod +x "${policy}"
  made_policy=1
fi
trap '[[ -n "${made_policy}" ]] && ${sudo} rm -f "${policy}"' EXIT
${sudo} apt-get update -qq
${sudo} apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Stop any system instance that came up anyway.
for svc in squid danted tinyproxy; do
  if command -v service >/dev/null && service "${svc}" status >/dev/null 2>&1; then
    ${sudo} service "${svc}" stop >/dev/null 2>&1 || true
  fi
done
echo "peers: done"
