"""environment.yml (conda) and pyproject.toml (pip) stay in step."""

from __future__ import annotations

import re
import tomllib

import yaml
from dprk_troops import paths


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_pip_dependency_is_in_environment_yml() -> None:
    project = tomllib.loads((paths.PROJ_ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    wanted |= {_name(r) for r in project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((paths.PROJ_ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert wanted == conda, f"only in pyproject: {wanted - conda}; only in conda: {conda - wanted}"


def test_version_bounds_agree() -> None:
    project = tomllib.loads((paths.PROJ_ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["dev"]
    env = yaml.safe_load((paths.PROJ_ROOT / "environment.yml").read_text())
    conda = {_name(d): d for d in env["dependencies"] if isinstance(d, str)}
    for req in reqs:
        assert conda[_name(req)].replace(" ", "") == req.replace(" ", ""), req


def test_the_classroom_extras_are_part_of_dev() -> None:
    """`student` and `course` (course/README.md) add nothing dev lacks, so the conda
    environment and .venv run the course too."""
    extras = tomllib.loads((paths.PROJ_ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    dev = set(extras["dev"])
    for name in ("student", "course"):
        assert set(extras[name]) <= dev, (name, set(extras[name]) - dev)
        assert not {_name(r) for r in extras[name]} & {"pytest", "ruff", "playwright"}, name
