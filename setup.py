"""Ship the fact base inside the package: seeds/ becomes dprk_troops/seeds/ in a wheel.

Everything else is in pyproject.toml. A non-editable install (`pip install .`, a wheel, a
JupyterHub image) has no repository around it, so `dprk_troops.paths` finds the fact base
there; an editable install keeps reading the repo's seeds/.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SEEDS = Path(__file__).resolve().parent / "seeds"
#: What of seeds/ the package needs: the tables and their documentation.
SEED_FILES = ("*.yaml", "*.md")


class BuildPyWithSeeds(build_py):
    """build_py, plus a copy of seeds/ as the package's seeds/ (not for editable installs)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "dprk_troops" / "seeds"
        target.mkdir(parents=True, exist_ok=True)
        for pattern in SEED_FILES:
            for path in sorted(SEEDS.glob(pattern)):
                self.copy_file(str(path), str(target / path.name))


setup(cmdclass={"build_py": BuildPyWithSeeds})
