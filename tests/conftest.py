"""Shared fixtures. Token tests run on a real SoftHSM2 token in a throw-away DVCEDU_HOME."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

VIETNAMESE = re.compile(
    "[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE
)
"""A letter only Vietnamese writes (what the i18n and English-edition scans look for)."""

REALWORLD = Path(__file__).resolve().parent / "data" / "realworld"
"""Public Vietnamese certificates kept in the project as test vectors (see its README)."""


def softhsm_available() -> bool:
    from dvcedu.token.modules import SOFTHSM_PATHS, platform_key

    return any(os.path.isfile(p) for p in SOFTHSM_PATHS.get(platform_key(), ()))


requires_softhsm = pytest.mark.skipif(
    not softhsm_available(),
    reason="SoftHSM2 is not installed (apt-get install softhsm2); token tests need a real token",
)


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

settings.register_profile(
    "ci", derandomize=True, deadline=None, max_examples=150, suppress_health_check=list(HealthCheck)
)
settings.register_profile(
    "deep", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def opencryptoki_token(tmp_path_factory):
    """opencryptoki's software token holding the sample enterprise, as a CA delivers it
    (see tests/opencryptoki.py). The slot daemon is started when it is not running, and left
    running: it waits for every process that loaded the module, this one included (dvcedu
    never finalizes a module other than SoftHSM2). The token is delivered once per run, by the
    first pytest-xdist worker to get here (a second delivery would re-initialise it under the
    first one's feet); a daemon left by an earlier run that cannot serve is restarted once,
    and if it still cannot, the tests skip with what it said."""
    from filelock import FileLock

    from . import opencryptoki

    reason = opencryptoki.why_not()
    if reason:
        pytest.skip(reason)
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # the workers' folders share one parent
        shared = shared.parent
    delivered = shared / "opencryptoki-key-id"
    with FileLock(str(shared / "opencryptoki.lock")):
        if delivered.exists():
            return bytes.fromhex(delivered.read_text())
        try:
            opencryptoki.start_daemon()
            key_id = opencryptoki.deliver()
        except RuntimeError:
            opencryptoki.restart_daemon()  # a stale daemon (its shared memory gone)
            try:
                key_id = opencryptoki.deliver()
            except RuntimeError as error:
                pytest.skip(f"opencryptoki's slot daemon cannot serve here: {error}")
        delivered.write_text(key_id.hex())
        return key_id


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The opencryptoki tests keep their file order when pytest-randomly shuffles the rest:
    opencryptoki 3.x keeps a per-process view of its token that a re-initialisation by
    another process (pkcs11-tool, as the tests that lock the token or put an EC key on it do
    afterwards) does not refresh — so in one process the tests that only read the token must
    run before the ones that re-deliver it. Everything else stays in the shuffled order."""
    slots = [
        i
        for i, item in enumerate(items)
        if item.module.__name__.endswith("test_token_opencryptoki")
    ]
    in_file_order = sorted(
        (items[i] for i in slots), key=lambda item: item.function.__code__.co_firstlineno
    )
    for slot, item in zip(slots, in_file_order, strict=True):
        items[slot] = item
