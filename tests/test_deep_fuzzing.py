"""On demand (`pytest -m slow`): every property target again, with 10,000 examples each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TARGETS = [
    "tests/test_hardening.py::test_any_bytes_get_an_answer",
    "tests/test_hardening.py::test_no_altered_message_is_accepted",
    "tests/test_hardening.py::test_email_and_captcha_inputs",
    "tests/test_pki_decode.py::test_fuzzed_der_raises_only_dvcedu_errors",
    "tests/test_pki_identity.py::test_parser_never_crashes",
    "tests/test_pki_cms.py::test_hand_written_der_matches_asn1crypto",
]


@pytest.mark.slow
@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.split("::")[1])
def test_ten_thousand_examples(target):
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, HYPOTHESIS_PROFILE="deep"),
    )
    assert done.returncode == 0, done.stdout[-3000:]
