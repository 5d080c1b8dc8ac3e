"""The pure side (model, io, analysis, cli) must import with PySide6 blocked."""

import pkgutil
import subprocess
import sys

PURE = ("journeymap.model", "journeymap.io", "journeymap.analysis", "journeymap.drawing")


def pure_modules():
    names = ["journeymap.cli"]
    for pkg in PURE:
        module = __import__(pkg, fromlist=["_"])
        names.append(pkg)
        names += [f"{pkg}.{m.name}" for m in pkgutil.iter_modules(module.__path__)]
    return names


def test_pure_modules_import_without_qt():
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('Qt is blocked on the pure side: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for name in {pure_modules()!r}:\n"
        "    __import__(name)\n"
        "print('ok')\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok", r.stderr
