"""The terminal's views: the sequence diagram as text, and aligned tables (Vietnamese text
included, whose combining marks take no column)."""

from __future__ import annotations

import unicodedata

from dvcedu.model import Actor, Transcript
from dvcedu.viz.tables import Table, display_width
from dvcedu.viz.text import text_diagram


def _transcript() -> Transcript:
    t = Transcript()
    t.seed_step = "2.3"
    t.record(Actor.PAGE, Actor.PLUGIN, "signArrDataAdvanced", b"{}")
    t.record(Actor.PLUGIN, Actor.TOKEN, "C_Sign", b"\x00" * 87)
    t.seed_step = "2.5"
    t.record(Actor.PORTAL, Actor.PAGE, "từ chối / refused", b"", ok=False)
    return t


def test_a_diagram_has_a_lane_per_actor_that_speaks_and_an_arrow_per_message():
    lines = text_diagram(_transcript(), lang="en").splitlines()
    assert lines[0].split() == [
        "Portal",
        "page",
        "Signing",
        "plugin",
        "USB",
        "token",
        "Portal",
        "server",
    ]
    assert lines[1] == "  — 2.3 —" and lines[4] == "  — 2.5 —"
    sign = lines[3]
    assert sign.startswith("  2  ") and "●" in sign and "▶" in sign
    assert sign.index("●") < sign.index("▶") and sign.endswith("C_Sign (87 B)")
    refused = lines[5]
    assert "◀" in refused and "┄" in refused and refused.endswith("từ chối / refused ✘")
    assert refused.index("◀") < refused.index("●")  # the portal answers leftwards


def test_the_diagram_speaks_the_language_asked_for():
    assert "Trang web" in text_diagram(_transcript(), lang="vi").splitlines()[0]


def test_display_width_counts_letters_not_combining_marks():
    decomposed = unicodedata.normalize("NFD", "Đăng ký")
    assert len(decomposed) > 7 and display_width(decomposed) == display_width("Đăng ký") == 7


def test_a_table_aligns_vietnamese_columns_and_escapes_html():
    table = Table.of(["Bước", "Kết quả"], [["2.3", "<ký>"], ["Đăng nhập", 1]], mono=[1])
    lines = str(table).splitlines()
    assert lines[1] == "---------  -------"
    assert [line.index(line.split("  ")[-1].strip()) for line in lines[2:]] == [11, 11]
    html = table._repr_html_()
    assert "&lt;ký&gt;" in html and "<ký>" not in html
    assert html.count("font-family:monospace") == 2  # the mono column's cells, not its header
