"""A wheelhouse for offline lab machines: the workbook's wheel and every wheel a student needs.

    python -m course.wheelhouse wheelhouse                       # for machines like this one
    python -m course.wheelhouse wheelhouse --platform win_amd64  # for Windows lab machines

Run it once on a machine with internet access (`make wheelhouse` does); copy the folder to
the lab machines (a USB stick, a share) and install there with no network at all:

    python -m pip install --no-index --find-links wheelhouse "dprk-troops[student]"

It builds the workbook's own wheel (pure Python, the fact base inside), then has pip download
the wheels of everything ``dprk-troops[student]`` needs for Python 3.11 on ``--platform``
(binary wheels only, so that no lab machine needs a compiler).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON_VERSION = "3.11"


def build_command(out: Path) -> list[str]:
    """pip builds the workbook's wheel into ``out``."""
    return [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(out),
            str(REPO)]


def download_command(out: Path, wheel: Path, platform: str | None) -> list[str]:
    """pip downloads into ``out`` the binary wheels that ``wheel[student]`` needs."""
    command = [sys.executable, "-m", "pip", "download", "--dest", str(out),
               "--only-binary=:all:", "--python-version", PYTHON_VERSION]
    if platform:
        command += ["--platform", platform]
    return [*command, f"{wheel}[student]"]


def _run(command: list[str]) -> bool:
    if subprocess.run(command, check=False).returncode == 0:
        return True
    print(f"course.wheelhouse: failed: {' '.join(command)}", file=sys.stderr)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.wheelhouse",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to fill (created when missing)")
    parser.add_argument("--platform", default=None, metavar="TAG",
                        help="the lab machines' platform: win_amd64, macosx_11_0_arm64, "
                             "manylinux2014_x86_64 (default: this machine's)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if not _run(build_command(args.out)):
        return 1
    wheel = max(args.out.glob("dprk_troops-*.whl"), key=lambda p: p.stat().st_mtime)
    if not _run(download_command(args.out, wheel, args.platform)):
        return 1
    print(f"wheelhouse ready: {args.out} ({len(list(args.out.glob('*.whl')))} wheels); "
          f"install with: pip install --no-index --find-links {args.out} 'dprk-troops[student]'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
