"""The classroom's configuration files, checked without a hub: the one-machine JupyterHub
config loads and sets what docs/classroom.md says; the Zero to JupyterHub values validate
against the chart's own schema (with the chart's defaults merged in, as helm does)."""

from __future__ import annotations

import copy
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
Z2JH = ROOT / "classroom" / "z2jh"


def merged(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        out[key] = (
            merged(out[key], value)
            if isinstance(value, dict) and isinstance(out.get(key), dict)
            else value
        )
    return out


def test_the_z2jh_values_validate_against_the_charts_schema():
    schema = yaml.safe_load((Z2JH / "values.schema.yaml").read_text(encoding="utf-8"))
    defaults = yaml.safe_load((Z2JH / "chart-defaults.yaml").read_text(encoding="utf-8"))
    ours = yaml.safe_load((Z2JH / "values.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(merged(defaults, ours), schema)
    assert ours["singleuser"]["memory"]["limit"] == "1536M"
    assert ours["cull"]["enabled"] and ours["cull"]["timeout"] == 3600


def test_a_misspelt_value_is_caught_by_the_same_check():
    schema = yaml.safe_load((Z2JH / "values.schema.yaml").read_text(encoding="utf-8"))
    defaults = yaml.safe_load((Z2JH / "chart-defaults.yaml").read_text(encoding="utf-8"))
    ours = yaml.safe_load((Z2JH / "values.yaml").read_text(encoding="utf-8"))
    ours["singleuser"]["memmory"] = {"limit": "1G"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(merged(defaults, ours), schema)


def load_config(monkeypatch, tmp_path):
    """classroom/jupyterhub_config.py as JupyterHub loads it, with the required settings."""
    from traitlets.config import Config

    monkeypatch.setenv("DVCEDU_CLASSROOM_PASSWORD", "lop-hoc-hom-nay")
    monkeypatch.setenv("DVCEDU_CLASSROOM_ADMIN_PASSWORD", "x" * 32)
    monkeypatch.setenv("DVCEDU_CLASSROOM_STATE", str(tmp_path))
    c = Config()
    source = (ROOT / "classroom" / "jupyterhub_config.py").read_text(encoding="utf-8")
    exec(
        compile(source, "jupyterhub_config.py", "exec"),  # our own file
        {"get_config": lambda: c, "__file__": str(ROOT / "classroom" / "jupyterhub_config.py")},
    )
    return c


def test_the_one_machine_config_loads_with_the_settings_the_docs_give(monkeypatch, tmp_path):
    c = load_config(monkeypatch, tmp_path)
    assert c.JupyterHub.spawner_class == "jupyterhub.spawner.LocalProcessSpawner"
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert "ulimit -d 1572864" in c.Spawner.cmd[2]  # 1536 MiB, in KiB
    assert "--MappingKernelManager.cull_idle_timeout=1200" in c.Spawner.args
    assert {s["name"] for s in c.JupyterHub.services} == {"idle-culler"}
    assert callable(c.Spawner.pre_spawn_hook) and callable(c.Spawner.server_token_scopes)


@pytest.mark.parametrize(
    ("lang", "opens"),
    [("vi", "notebooks/00_gioi_thieu.ipynb"), ("en", "notebooks/en/00_introduction.ipynb")],
)
def test_an_english_class_opens_the_english_edition(monkeypatch, tmp_path, lang, opens):
    monkeypatch.setenv("DVCEDU_LANG", lang)
    c = load_config(monkeypatch, tmp_path)
    assert c.Spawner.default_url == f"/lab/tree/{opens}" and (ROOT / opens).is_file()
    assert c.Spawner.environment["DVCEDU_LANG"] == lang
