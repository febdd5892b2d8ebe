"""Each layer of DESIGN.md may import only the layers below it (after click's test_imports).

Every module is imported alone in a fresh interpreter; the dvcedu modules and the heavy
third-party packages it pulled in are compared with that layer's allow-list.
"""

from __future__ import annotations

import json
import pathlib
import pkgutil
import re
import subprocess
import sys

import pytest

import dvcedu

BASE = {
    "dvcedu",
    "dvcedu.errors",
    "dvcedu.i18n",
    "dvcedu.clock",
    "dvcedu.model",
    "dvcedu.paths",
    "dvcedu.style",
    "dvcedu.messages",
}
WEB = {"starlette", "uvicorn", "authlib", "jinja2", "joserfc", "httpx", "httpx2"}
PDF = {"pyhanko", "pyhanko_certvalidator"}
HEAVY = (
    {
        "PyKCS11",
        "cryptography",
        "asn1crypto",
        "ipywidgets",
        "matplotlib",
        "IPython",
        "captcha",
        "PIL",
    }
    | WEB
    | PDF
)

# layer prefix -> (dvcedu prefixes it may import, heavy packages it may import)
RULES: dict[str, tuple[set[str], set[str]]] = {
    "dvcedu.errors": (BASE, set()),
    "dvcedu.i18n": (BASE, set()),
    "dvcedu.clock": (BASE, set()),
    "dvcedu.model": (BASE, set()),
    "dvcedu.paths": (BASE, set()),
    "dvcedu.style": (BASE, set()),
    "dvcedu.messages": (BASE, set()),
    "dvcedu.pki": (BASE | {"dvcedu.pki"}, {"cryptography", "asn1crypto"}),
    "dvcedu.token": (BASE | {"dvcedu.token"}, {"PyKCS11", "cryptography", "asn1crypto"}),
    # a PDF dossier: only this layer imports pyHanko (the plugin reaches it when asked for a PDF)
    "dvcedu.dossier": (
        BASE | {"dvcedu.dossier", "dvcedu.pki"},
        {"cryptography", "asn1crypto", "aiohttp"} | PDF,
    ),
    "dvcedu.plugin": (
        BASE | {"dvcedu.plugin", "dvcedu.token", "dvcedu.pki"},
        {"PyKCS11", "cryptography", "asn1crypto"},
    ),
    # remote signing: its key on a token of its own (through dvcedu.token), its chain from the PKI
    "dvcedu.rssp": (
        BASE | {"dvcedu.rssp", "dvcedu.token", "dvcedu.pki"},
        {"PyKCS11", "cryptography", "asn1crypto"},
    ),
    "dvcedu.portal": (
        BASE | {"dvcedu.portal", "dvcedu.pki"},
        {"cryptography", "asn1crypto", "captcha", "PIL"},
    ),
    "dvcedu.viz": (
        BASE | {"dvcedu.viz", "dvcedu.pki"},
        {"matplotlib", "PIL", "cryptography", "asn1crypto"},
    ),
    "dvcedu.scenario": (
        BASE | {"dvcedu.scenario", "dvcedu.portal", "dvcedu.plugin", "dvcedu.pki", "dvcedu.token"},
        {"PyKCS11", "cryptography", "asn1crypto", "captcha", "PIL"},
    ),
    "dvcedu.widgets": (
        BASE
        | {
            "dvcedu.widgets",
            "dvcedu.scenario",
            "dvcedu.portal",
            "dvcedu.plugin",
            "dvcedu.pki",
            "dvcedu.token",
            "dvcedu.viz",
        },
        HEAVY,
    ),
    "dvcedu.web": (
        BASE
        | {
            "dvcedu.web",
            "dvcedu.portal",
            "dvcedu.plugin",
            "dvcedu.pki",
            "dvcedu.dossier",
            "dvcedu.token",
            "dvcedu.rssp",
        },
        {"PyKCS11", "cryptography", "asn1crypto", "captcha", "PIL"} | WEB,
    ),
    # the trainer's tools speak to JupyterHub over HTTP and WebSocket, and to nothing else
    "dvcedu.classroom": (BASE | {"dvcedu.classroom"}, {"httpx2", "websockets"}),
    "dvcedu.lab": (
        BASE | {"dvcedu.lab", "dvcedu.pki", "dvcedu.token"},
        {"PyKCS11", "cryptography", "asn1crypto"},
    ),
    "dvcedu.doctor": (BASE | {"dvcedu.doctor"}, set()),
    "dvcedu.cli": (BASE | {"dvcedu.cli"}, set()),
    "dvcedu.exercises": (BASE | {"dvcedu.exercises"}, set()),
    # the learner's function is checked against references imported when a check runs
    "dvcedu.tasks": (BASE | {"dvcedu.tasks", "dvcedu.exercises"}, set()),
    "dvcedu.glossary": (BASE | {"dvcedu.glossary"}, set()),
}
"""Every module has a rule (a test checks it): a new import that runs up or sideways fails.
doctor and cli import what a command needs when it runs, so at import time they are light."""


def modules() -> list[str]:
    found = [m.name for m in pkgutil.walk_packages(dvcedu.__path__, "dvcedu.")]
    return sorted(n for n in found if not n.endswith("__main__"))


def imported_by(name: str) -> set[str]:
    code = f"import sys, json, {name}; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout))


def rule_for(name: str) -> tuple[set[str], set[str]] | None:
    matches = [prefix for prefix in RULES if name == prefix or name.startswith(prefix + ".")]
    return RULES[max(matches, key=len)] if matches else None


@pytest.mark.parametrize("name", [m for m in modules() if rule_for(m)])
def test_layer_imports_only_what_it_may(name):
    allowed_own, allowed_heavy = rule_for(name)
    loaded = imported_by(name)
    own = {m for m in loaded if m.startswith("dvcedu.")}
    bad_own = {m for m in own if not any(m == a or m.startswith(a + ".") for a in allowed_own)}
    heavy = {m.split(".")[0] for m in loaded} & HEAVY
    assert not bad_own, f"{name} imports {sorted(bad_own)}"
    assert heavy <= allowed_heavy, f"{name} imports {sorted(heavy - allowed_heavy)}"


def test_every_module_has_a_rule():
    assert [m for m in modules() if rule_for(m) is None] == []


def test_import_dvcedu_is_light():
    heavy = {m.split(".")[0] for m in imported_by("dvcedu")} & HEAVY
    assert not heavy


def test_only_the_token_layer_imports_pykcs11():
    root = pathlib.Path(dvcedu.__path__[0])
    pattern = re.compile(r"^\s*(import|from)\s+PyKCS11\b", re.MULTILINE)
    offenders = [
        str(f.relative_to(root))
        for f in root.rglob("*.py")
        if f.relative_to(root).parts[0] != "token" and pattern.search(f.read_text())
    ]
    assert not offenders


def test_the_token_layer_reads_the_environment_in_one_place():
    """Token state has one owner, a loaded Module; what it is made from, the environment, is
    read by ``token/environment.py`` alone — no cache elsewhere keyed on a variable."""
    root = pathlib.Path(dvcedu.__path__[0]) / "token"
    reads = re.compile(r"os\.environ|os\.getenv|paths\.home\(")
    offenders = {
        f.name: reads.findall(f.read_text())
        for f in root.glob("*.py")
        if f.name != "environment.py"
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_only_the_oidc_adapter_imports_authlib():
    """The three web services have one shape; what is Authlib's (client and server, and its
    JOSE library) is adapted in ``web/oidc.py`` alone."""
    root = pathlib.Path(dvcedu.__path__[0])
    pattern = re.compile(r"^\s*(import|from)\s+(authlib|joserfc)\b", re.MULTILINE)
    offenders = [
        str(f.relative_to(root)) for f in root.rglob("*.py") if pattern.search(f.read_text())
    ]
    assert offenders == ["web/oidc.py"]


def test_a_token_object_does_not_import_the_session_that_makes_it():
    """objects ↔ session was an import circle: an object now names only what it needs of its
    session (objects.Holder)."""
    source = (pathlib.Path(dvcedu.__path__[0]) / "token" / "objects.py").read_text()
    assert "dvcedu.token.session" not in source


def test_cli_help_loads_no_heavy_package():
    """`dvcedu --help` should start as fast as Python: no PyKCS11, cryptography, matplotlib."""
    code = (
        "import sys, json\nfrom dvcedu import cli\n"
        "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    heavy = {m.split(".")[0] for m in json.loads(done.stderr)} & HEAVY
    assert not heavy, f"dvcedu --help imports {sorted(heavy)}"


@pytest.mark.parametrize("package", ["pki", "portal", "plugin", "dossier", "web", "token"])
def test_each_package_says_what_is_public_and_it_is_there(package):
    import importlib.util

    module = importlib.import_module(f"dvcedu.{package}")
    assert module.__all__, f"dvcedu.{package} has no __all__"
    for name in module.__all__:
        assert hasattr(module, name) or importlib.util.find_spec(f"dvcedu.{package}.{name}"), (
            f"dvcedu.{package}.__all__ names {name}, which is not there"
        )


def test_the_package_says_it_is_typed():
    assert (pathlib.Path(dvcedu.__path__[0]) / "py.typed").exists()


def test_the_token_layers_lazy_names_are_the_ones_it_exports():
    import dvcedu.token as token

    assert sorted(token.__all__) == sorted(token._WHERE)
