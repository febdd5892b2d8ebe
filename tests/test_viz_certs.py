"""The data behind the certificate pictures (tested as data, not pixels)."""

import pytest

pytest.importorskip("matplotlib")

from dvcedu.clock import COURSE_DAY
from dvcedu.pki import samples
from dvcedu.viz import certs


def test_chain_boxes_follow_the_verified_chain():
    chain = samples.training_trust().verify(samples.load_certificate("branch"), at=COURSE_DAY).chain
    boxes = certs.chain_boxes(chain)
    assert [b.role for b in boxes] == ["root", "ca", "leaf"]
    assert boxes[0].title.startswith("Vietnam National Root CA")
    assert boxes[-1].subtitle == "MST:0199001010-001"
    picture = certs.draw_chain(chain)
    assert len(picture.figure.axes[0].patches) == 3
    assert "Vietnam National Root CA" in picture.alt


def test_timeline_status_at_the_course_day():
    rows = certs.timeline_rows(
        {
            label: samples.load_certificate(label)
            for label in ("enterprise", "expired", "not-yet-valid")
        },
        COURSE_DAY,
    )
    assert [(r.label, r.status) for r in rows] == [
        ("enterprise", "valid"),
        ("expired", "expired"),
        ("not-yet-valid", "not_yet_valid"),
    ]
    picture = certs.draw_timeline(
        {r.label: samples.load_certificate(r.label) for r in rows}, COURSE_DAY
    )
    assert len(picture.figure.axes[0].patches) == 3
    assert "expired hết hạn" in picture.alt
