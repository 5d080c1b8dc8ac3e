"""The CLI run as a user runs it, and the textbook formulas, written here
independently of journeymap's metric library, to check its figures."""

import subprocess
import sys


def run(*args):
    return subprocess.run([sys.executable, "-m", "journeymap", *args], capture_output=True, text=True, timeout=120)


def nps(scores):
    """Bain's NPS: % of 9-10 minus % of 0-6."""
    return 100.0 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)


def top2(scores):
    """Top-two-box CSAT: % of 4 and 5 on 1-5."""
    return 100.0 * sum(s >= 4 for s in scores) / len(scores)


def quarter(month):
    return f"2026-Q{(month - 1) // 3 + 1}"
