#!/usr/bin/env bash
# Debian packages Qt needs on a bare machine (checked on a clean Debian 12).
# Installs the missing ones when run as root with apt-get; otherwise prints
# the exact command and carries on (the pure tests need none of them).
set -euo pipefail
QT_PKGS="libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfreetype6 libfontconfig1 libdbus-1-3 fonts-dejavu-core libcups2"
X_PKGS="xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0"
# Exports and tests read PDFs back as pictures and as text.
TOOL_PKGS="poppler-utils"
want="$QT_PKGS $X_PKGS $TOOL_PKGS ${EXTRA_DEBIAN_PACKAGES:-}"

command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: not a Debian-like system; install the Qt runtime libraries yourself"; exit 0; }
missing=""
# Debian's own python3 makes virtual environments only with python3-venv.
if ! "${PYTHON:-python3}" -c "import ensurepip, venv" >/dev/null 2>&1; then
  missing="$missing python3-venv"
fi
for pkg in $want; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "system-deps: Qt needs these Debian packages; please run:"
  echo "  sudo apt-get install -y$missing"
fi
