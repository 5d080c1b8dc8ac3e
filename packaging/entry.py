"""Entry point of the standalone bundle (PyInstaller runs this file)."""

import multiprocessing
import sys

from journeymap.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
