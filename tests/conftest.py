"""Shared fixtures. Token tests run on a real SoftHSM2 token in a throw-away DVCEDU_HOME."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

VIETNAMESE = re.compile("[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]",
                        re.IGNORECASE)
"""A letter only Vietnamese writes (what the i18n and English-edition scans look for)."""

REALWORLD = Path(__file__).resolve().parent / "data" / "realworld"
"""Public Vietnamese certificates kept in the project as test vectors (see its README)."""


def softhsm_available() -> bool:
    from dvcedu.token.modules import SOFTHSM_PATHS, platform_key

    return any(os.path.isfile(p) for p in SOFTHSM_PATHS.get(platform_key(), ()))


requires_softhsm = pytest.mark.skipif(
    not softhsm_available(),
    reason="SoftHSM2 is not installed (apt-get install softhsm2); token tests need a real token")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private DVCEDU_HOME for one test; the module is finalized afterwards."""
    monkeypatch.setenv("DVCEDU_HOME", str(tmp_path / "home"))
    for var in ("DVCEDU_PKCS11_MODULE", "PYKCS11LIB", "DVCEDU_LANG", "DVCEDU_PIN_MAX_TRIES"):
        monkeypatch.delenv(var, raising=False)
    yield tmp_path / "home"
    from dvcedu import i18n
    from dvcedu.token import library

    library.unload()
    i18n.set_lang(None)


@pytest.fixture
def training_token(home: Path):
    """The sample enterprise on a fresh SoftHSM2 token labelled DVCEDU-TRAINING."""
    if not softhsm_available():
        pytest.skip("SoftHSM2 is not installed (apt-get install softhsm2)")
    from dvcedu import lab

    return lab.provision("enterprise")


@pytest.fixture
def realworld() -> Path:
    return REALWORLD


# Property tests: a fixed, CI-sized run by default (the same examples every time, so CI is
# never flaky); `pytest -m slow` reruns every property target with 10,000 examples
# (tests/test_deep_fuzzing.py sets HYPOTHESIS_PROFILE=deep for that run).
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("ci", derandomize=True, deadline=None, max_examples=150,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("deep", max_examples=10_000, deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def opencryptoki_token():
    """opencryptoki's software token holding the sample enterprise, as a CA delivers it
    (see tests/opencryptoki.py). The slot daemon is started when it is not running, and left
    running: it waits for every process that loaded the module, this one included (dvcedu
    never finalizes a module other than SoftHSM2)."""
    from . import opencryptoki

    reason = opencryptoki.why_not()
    if reason:
        pytest.skip(reason)
    opencryptoki.start_daemon()
    return opencryptoki.deliver()
