"""Every picture the course draws shows itself as an image (not as ``<Figure size …>``)."""

import pytest

pytest.importorskip("matplotlib")

from IPython.core.formatters import DisplayFormatter
from PIL import Image

from dvcedu.clock import COURSE_DAY
from dvcedu.model import Actor, Transcript
from dvcedu.pki import samples
from dvcedu.viz import certs
from dvcedu.viz.picture import SCALE, Picture
from dvcedu.viz.sequence import draw_sequence


def pictures() -> list[Picture]:
    tr = Transcript()
    tr.seed_step = "2.3"
    tr.record(Actor.PAGE, Actor.PLUGIN, "signArrDataAdvanced", {"data": "ký số"})
    chain = (
        samples.training_trust().verify(samples.load_certificate("enterprise"), at=COURSE_DAY).chain
    )
    return [
        draw_sequence(tr, title="Bước 2.3"),
        certs.draw_chain(chain),
        certs.draw_timeline({"enterprise": samples.load_certificate("enterprise")}, COURSE_DAY),
    ]


@pytest.mark.parametrize("picture", pictures(), ids=["sequence", "chain", "timeline"])
def test_ipython_displays_a_png_at_twice_the_shown_size(picture, tmp_path):
    bundle, metadata = DisplayFormatter().format(picture)
    assert "image/png" in bundle, "IPython would show only text"
    assert not bundle["text/plain"].startswith("<Figure size")
    assert bundle["text/plain"] == f"<{picture.alt}>"
    width, height = metadata["image/png"]["width"], metadata["image/png"]["height"]
    saved = picture.save(tmp_path / "p.png")
    with Image.open(saved) as image:
        assert image.size == (width * SCALE, height * SCALE)
    assert saved.read_bytes() == bundle["image/png"]


def test_the_same_drawing_gives_the_same_bytes():
    first, second = pictures()[0], pictures()[0]
    assert first.png() == second.png()
    assert b"Software" not in first.png()[:200]
