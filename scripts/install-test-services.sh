#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real: Chromium for the browser tier.
# (PostgreSQL comes from npm: embedded-postgres.) Later issues add Postfix, Dovecot and PowerDNS here.
# Safe to run again: packages already present are skipped.
set -euo pipefail

packages=(chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "test services: all installed (${packages[*]})"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "test services: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "test services: installed ${missing[*]}"
