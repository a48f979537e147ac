#!/bin/sh
# install-deps.sh - installs everything netrca needs to build, test, fuzz,
# benchmark and run its incident lab, from Debian 12's archive.  Idempotent:
# packages already present are not fetched again.  Needs root (or sudo).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
pkgs="build-essential autoconf automake pkg-config libpcap-dev libndpi-dev libssl-dev
libxml2-dev libxml2-utils zlib1g-dev libzstd-dev zstd check clang libclang-rt-14-dev tshark time python3 python3-scapy"
if [ -f "$here/fixtures/lab/packages.txt" ]; then
	pkgs="$pkgs $(grep -v '^#' "$here/fixtures/lab/packages.txt" | tr '\n' ' ')"
fi
missing=""
for p in $pkgs; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && { echo "install-deps: all packages present"; exit 0; }
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
# Packaged daemons (nginx, unbound, ...) must never start in the host's
# namespace: the lab runs them inside its own namespaces only.
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
	$SUDO chmod +x /usr/sbin/policy-rc.d
	trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
echo "install-deps: installing$missing"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
