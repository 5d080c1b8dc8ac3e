"""Packaging: the wheel carries its resources and works in a fresh virtual
environment; the Linux desktop files are valid."""

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.journeymap.JourneyMap"


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_and_runs(tmp_path):
    dist = tmp_path / "dist"
    r = subprocess.run([sys.executable, "-m", "build", "--wheel", "--sdist", "--outdir", str(dist), str(ROOT)],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    wheel = next(dist.glob("journeymap-*.whl"))
    assert next(dist.glob("journeymap-*.tar.gz"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("journeymap/resources/samples/acme-b2b-saas.journey",
                   "journeymap/resources/templates/b2b-saas.journey",
                   "journeymap/resources/icons/journeymap.svg",
                   "journeymap/resources/icons/LICENSE-lucide.txt"):
        assert needed in names, needed
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = venv / "bin" / "pip"
    r = subprocess.run([str(pip), "install", "--quiet", str(wheel)], capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, r.stderr[-3000:]
    exe = venv / "bin" / "journeymap"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    sample = subprocess.run([str(venv / "bin" / "python"), "-c",
                             "from journeymap.io.templates import sample_path; print(sample_path())"],
                            capture_output=True, text=True, env=env, cwd=tmp_path).stdout.strip()
    assert str(venv) in sample  # the installed copy, not this source tree
    r = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.stdout.strip() == "journeymap 0.1.0"
    r = subprocess.run([str(exe), "report", sample], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Weak touchpoints" in r.stdout, r.stderr
    for out in ("summary.xlsx", "map.png"):
        r = subprocess.run([str(exe), "export", sample, str(tmp_path / out)], capture_output=True, text=True,
                           env=env, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        assert (tmp_path / out).stat().st_size > 1000


def test_desktop_entry():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].startswith("journeymap ")
    assert entry["Icon"] == APP_ID
    assert "application/x-journeymap" in entry["MimeType"]
    if shutil.which("desktop-file-validate"):
        r = subprocess.run(["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr


def test_appstream_metainfo():
    path = LINUX / f"{APP_ID}.metainfo.xml"
    root = ET.parse(path).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    if not shutil.which("appstreamcli"):
        pytest.skip("appstreamcli is not installed")
    r = subprocess.run(["appstreamcli", "validate", "--no-net", str(path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mime_type_for_journey_files():
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(LINUX / "journeymap-mime.xml").getroot()
    mime = root.find("m:mime-type", ns)
    assert mime.get("type") == "application/x-journeymap"
    assert mime.find("m:glob", ns).get("pattern") == "*.journey"
    # The magic must match what the program writes.
    match = mime.find("m:magic/m:match", ns).get("value")
    assert match in (ROOT / "journeymap/resources/samples/acme-b2b-saas.journey").read_text()[:64]


@pytest.mark.usefixtures("qapp")
def test_icons_in_every_size():
    from PySide6.QtGui import QImage
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        image = QImage(str(ROOT / "packaging/icons/hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
        assert (image.width(), image.height()) == (size, size)
    assert (ROOT / "packaging/icons/journeymap.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert (ROOT / "packaging/icons/journeymap.icns").read_bytes()[:4] == b"icns"
    assert (ROOT / "resources/journeymap-icon.svg").exists()
    spec = (ROOT / "packaging/journeymap.spec").read_text()
    assert "journeymap.ico" in spec
    assert "journeymap.icns" in spec

