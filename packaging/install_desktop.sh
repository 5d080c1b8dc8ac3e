#!/usr/bin/env bash
# Install the menu entry, icons, AppStream metadata and the .journey MIME
# type for the current user (XDG locations under ~/.local/share).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$data/applications" "$data/metainfo" "$data/mime/packages" "$data/icons"
cp "$here/linux/org.journeymap.JourneyMap.desktop" "$data/applications/"
cp "$here/linux/org.journeymap.JourneyMap.metainfo.xml" "$data/metainfo/"
cp "$here/linux/journeymap-mime.xml" "$data/mime/packages/"
cp -r "$here/icons/hicolor" "$data/icons/"
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q "$data/icons/hicolor" || true
echo "installed journeymap desktop integration in $data"
