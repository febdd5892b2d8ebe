"""Build the printable handouts of each edition: ``docs/handouts.md`` (Vietnamese) and
``notebooks/en/handouts.md`` (English). Pages a trainer prints from the course site: the
helpdesk sheet (notebook 06's quick-reference table, as that edition of the notebook has it),
the glossary card (every term of dvcedu.glossary) and the trainer's view: every instructor
note of the notebooks (cells tagged ``instructor``), in course order.

    python tools/build_handouts.py          # rewrite both
tests/test_handouts.py checks the committed files are what this script writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from build_notebooks import SRC, edition, parse  # noqa: E402

OUT = {"vi": ROOT / "docs" / "handouts.md", "en": ROOT / "notebooks" / "en" / "handouts.md"}


def notebooks(lang: str) -> list[list]:
    """Every notebook's cells in ``lang``, in course order."""
    return [
        edition(parse(src.read_text(encoding="utf-8")), lang)
        for src in sorted(SRC.glob("[0-9][0-9]_*.py"))
    ]


def helpdesk_table(lang: str) -> str:
    """The last table of notebook 06: its keypoints, the quick reference."""
    (six,) = [cells for cells in notebooks(lang) if cells[0].source.startswith("# 06")]
    last = [cell for cell in six if cell.cell_type == "markdown" and "\n|" in cell.source][-1]
    return "\n".join(line for line in last.source.splitlines() if line.startswith("|"))


def glossary_card(lang: str) -> str:
    """The glossary page's table without its definitions."""
    from dvcedu.glossary import ordered
    from dvcedu.i18n import t

    rows = [t("glossary.columns", lang).rsplit("|", 2)[0] + "|", "|---|---|---|"]
    for term in ordered(lang):
        name, other, _ = term.words(lang)
        rows.append(f"| **{name}** | {other} | {term.technical} |")
    return "\n".join(rows)


def instructor_notes(lang: str) -> str:
    parts = []
    for cells in notebooks(lang):
        title = cells[0].source.splitlines()[0].removeprefix("# ")
        for cell in cells:
            if "instructor" in cell.metadata.get("tags", []):
                body = cell.source
                body = body[body.index("</summary>") + len("</summary>") : body.index("</details>")]
                parts.append(f"### {title}\n\n{body.strip()}")
    return "\n\n".join(parts)


def handouts(lang: str = "vi") -> str:
    if lang == "en":
        return f"""# Handouts

Pages to print for a class, generated from the course's sources (`tools/build_handouts.py`);
do not edit by hand.

## Helpdesk sheet

From notebook 06 (Common problems). "Step" is the step of the original guide.

{helpdesk_table(lang)}

Training tokens: unlock the PIN with `dvcedu token unlock --so-pin 87654321`. A real token:
only the CA that issued it can unlock it.

## Glossary card

{glossary_card(lang)}

Full definitions: [Glossary](glossary.md).

## Trainer's view

In the notebooks, each note is a cell tagged `instructor`, folded ("Instructor note"): learners
skip it, the trainer opens it. Here they all are, in course order.

{instructor_notes(lang)}
"""
    return f"""# Tờ in — Handouts

Các trang để in cho lớp học, sinh từ mã nguồn của khóa học (`tools/build_handouts.py`); đừng
sửa tay. *Pages to print for a class, generated from the course's sources.*

## Bảng tra nhanh cho bộ phận hỗ trợ — Helpdesk sheet

Từ notebook 06 (Sự cố thường gặp). "Bước" là bước của hướng dẫn gốc.

{helpdesk_table(lang)}

Token đào tạo: mở khóa mã PIN bằng `dvcedu token unlock --so-pin 87654321`. Token thật: chỉ
CA đã cấp token mở khóa được.

## Thẻ thuật ngữ — Glossary card

{glossary_card(lang)}

Định nghĩa đầy đủ: [Thuật ngữ](../notebooks/glossary.md).

## Ghi chú cho giảng viên — Trainer's view

Trong notebook, mỗi ghi chú là một ô gắn thẻ `instructor`, gập sẵn ("Ghi chú cho giảng
viên"): học viên bỏ qua, giảng viên mở ra. Tất cả ở đây, theo thứ tự khóa học.

{instructor_notes(lang)}
"""


if __name__ == "__main__":
    for lang, out in OUT.items():
        out.write_text(handouts(lang), encoding="utf-8")
        print(out.relative_to(ROOT))
