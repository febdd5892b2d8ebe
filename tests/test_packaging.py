"""environment.yml, binder/ and pyproject.toml name the same dependencies."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=\[ ]", r.strip(), maxsplit=1)[0].lower() for r in requirements}


def test_conda_env_lists_every_python_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = names(project["dependencies"]) | names(project["optional-dependencies"]["notebook"])
    wanted |= names(r for r in project["optional-dependencies"]["test"] if "dvcedu" not in r)
    for extra in ("site", "web"):
        wanted |= names(project["optional-dependencies"][extra])
    env = (ROOT / "environment.yml").read_text()
    listed = {m.lower() for m in re.findall(r"^\s*- ([A-Za-z0-9_.-]+)", env, re.MULTILINE)}
    assert wanted <= listed, wanted - listed


def test_binder_uses_the_same_environment_and_system_packages():
    assert (ROOT / "binder" / "environment.yml").read_text() == (
        ROOT / "environment.yml"
    ).read_text()
    apt = (ROOT / "binder" / "apt.txt").read_text().split()
    assert {"softhsm2", "opensc"} <= set(apt)


def test_the_readmes_link_only_to_what_a_clone_contains():
    for readme in (
        ROOT / "README.md",
        ROOT / "notebooks" / "README.md",
        ROOT / "docs" / "classroom.md",
        ROOT / "docs" / "architecture.md",
    ):
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", readme.read_text()):
            if "://" in target:
                continue
            inside = (readme.parent / target).resolve().is_relative_to(ROOT)
            assert inside, f"{readme.name} links outside the project: {target}"
            assert (readme.parent / target).exists(), f"{readme.name}: {target} is missing"


def test_lab_settings_are_installed_with_the_environment():
    assert "jupyter/overrides.json" in (ROOT / "binder" / "postBuild").read_text()
    assert "jupyter/overrides.json" in (ROOT / "Makefile").read_text()
    assert "fonts-noto-mono" in (ROOT / "binder" / "apt.txt").read_text()


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_the_code_is_lint_clean_and_formatted(command):
    """ruff with the project's rules (pyproject.toml), as `make lint` runs it."""
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists():
        pytest.skip("ruff is not installed next to this Python")
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [str(ruff), *command, "dvcedu", "tests", "benchmarks", "tools", "classroom"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:]
