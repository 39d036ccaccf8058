#!/usr/bin/env bash
# Genuine MTAs for the bounce fixtures (scripts/generate-mta-bounces.ts), unpacked beside the
# installed Postfix rather than installed: Debian's MTAs conflict with each other as packages
# (they all provide mail-transport-agent and /usr/sbin/sendmail). Each package is fetched with
# `apt-get download` and unpacked with `dpkg -x` into /var/cache/coldframe-mtas/<mta>; the
# generator runs the binaries from there with their own config files on loopback ports.
# Idempotent: a package already unpacked is skipped. Needs root and the package index.
# Not run by CI: the fixtures it leads to are committed.
set -euo pipefail

ROOT="${MTA_ROOT:-/var/cache/coldframe-mtas}"
DEBS="$ROOT/debs"
mkdir -p "$DEBS"
# apt-get download fetches as the _apt user where it can write
chown _apt "$DEBS" 2>/dev/null || true

# mta → packages unpacked into its directory (the libraries that are not installed already)
declare -A PACKAGES=(
  [exim]="exim4-base exim4-config exim4-daemon-light libgnutls-dane0 libidn12 libunbound8 libevent-2.1-7"
  [opensmtpd]="opensmtpd libevent-2.1-7"
  [sendmail]="m4 sendmail-bin sendmail-base sendmail-cf liblockfile1 libwrap0 libldap-2.5-0 libsasl2-2 libsasl2-modules-db"
  [courier]="courier-mta courier-base courier-authlib libcourier-unicode4 libnet-cidr-perl libgdbm6 libidn12 libltdl7"
)

if ! apt-cache show exim4-daemon-light >/dev/null 2>&1; then apt-get update; fi

for mta in "${!PACKAGES[@]}"; do
  target="$ROOT/$mta"
  mkdir -p "$target"
  for pkg in ${PACKAGES[$mta]}; do
    # a package that does not exist in this release is skipped (names of libraries change)
    apt-cache show "$pkg" >/dev/null 2>&1 || { echo "skip $pkg (not in the index)"; continue; }
    [ -e "$target/.done-$pkg" ] && continue
    deb=$(ls "$DEBS"/"${pkg}"_*.deb 2>/dev/null | head -1 || true)
    if [ -z "$deb" ]; then
      (cd "$DEBS" && apt-get download "$pkg")
      deb=$(ls "$DEBS"/"${pkg}"_*.deb | head -1)
    fi
    dpkg -x "$deb" "$target"
    touch "$target/.done-$pkg"
    echo "unpacked $pkg into $target"
  done
done
