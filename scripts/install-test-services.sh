#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real: Chromium for the browser tier, and
# Postfix + Dovecot (IMAP, LMTP) for the mail tests (tests/integration/helpers/mail-server.ts runs
# private instances of them on loopback; no system service is started or configured).
# PowerDNS (authoritative, SQLite backend) serves the DNS tests and the local DNSBL zones; the tests
# run a private pdns_server on loopback (tests/integration/helpers/dns-server.ts).
# (PostgreSQL comes from npm: embedded-postgres.)
# Safe to run again: packages already present are skipped.
set -euo pipefail

packages=(chromium postfix dovecot-imapd dovecot-lmtpd pdns-server pdns-backend-sqlite3)
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
# Without this Postfix's installer asks what kind of mail server this is; the tests configure
# their own instance, so the system one gets no configuration (and is never started).
echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "test services: installed ${missing[*]}"
