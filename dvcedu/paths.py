"""Where dvcedu keeps a learner's things (stdlib only).

``DVCEDU_HOME`` decides; without it, a per-user data folder (XDG on Linux, Application Support
on macOS, LOCALAPPDATA on Windows). Tests and notebooks point ``DVCEDU_HOME`` at a temporary
folder so they never touch a learner's own token or portal store. Sample data (the training
PKI) is found inside the installed package, or in the source tree for an editable install.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_made: dict[str, Path] = {}


def home() -> Path:
    """The learner's dvcedu folder (created on first use, private to the user). Asked for on
    every token operation, so each folder is made once per process, not on every call."""
    return home_at(os.environ.get("DVCEDU_HOME", ""))


def home_at(key: str) -> Path:
    """The folder a ``DVCEDU_HOME`` of ``key`` names ("" for the per-user default)."""
    known = _made.get(key)
    if known is not None and known.is_dir():
        return known
    explicit = key
    if explicit:
        path = Path(explicit).expanduser()
    elif sys.platform == "win32":
        path = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "dvcedu"
    elif sys.platform == "darwin":
        path = Path.home() / "Library" / "Application Support" / "dvcedu"
    else:
        path = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "dvcedu"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    _made[key] = path
    return path


def data_dir() -> Path:
    """The folder holding ``training-pki.toml`` and ``sample_certs/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data", here.parent / "data"):
        if (candidate / "training-pki.toml").is_file():
            return candidate
    raise FileNotFoundError("dvcedu's data folder (training-pki.toml) is missing")
