"""Build docs/handouts.md: pages a trainer prints from the course site — the helpdesk sheet
(notebook 06's quick-reference table, as the notebook has it), the glossary card (every term
of dvcedu.glossary: Vietnamese, English, PKCS#11 / X.509) and the trainer's view: every
instructor note of the notebooks (cells tagged ``instructor``), in course order.

    python tools/build_handouts.py          # rewrite docs/handouts.md
tests/test_handouts.py checks the committed file is what this script writes.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "handouts.md"


def helpdesk_table() -> str:
    source = (ROOT / "notebooks" / "src" / "06_su_co_thuong_gap.py").read_text(encoding="utf-8")
    section = source[source.index("## Điểm chính: bảng tra nhanh"):]
    rows = re.findall(r"^# (\|.*\|)$", section, re.MULTILINE)
    return "\n".join(rows)


def glossary_card() -> str:
    from dvcedu.glossary import slug
    from dvcedu.messages.glossary import TERMS

    rows = ["| Tiếng Việt | English | PKCS#11 / X.509 |", "|---|---|---|"]
    rows += [f"| **{vi}** | {en} | {technical} |"
             for vi, en, technical, _ in sorted(TERMS, key=lambda term: slug(term[0]))]
    return "\n".join(rows)


NOTE = re.compile(r'# %% \[markdown\] tags=\["instructor"\]\n(.*?)\n\n# %%', re.DOTALL)


def instructor_notes() -> str:
    parts = []
    for source in sorted((ROOT / "notebooks" / "src").glob("[0-9][0-9]_*.py")):
        text = source.read_text(encoding="utf-8")
        title = re.search(r"^# # (.+)$", text, re.MULTILINE)
        for found in NOTE.findall(text):
            lines = [line.removeprefix("# ").removeprefix("#") for line in found.splitlines()]
            body = "\n".join(lines)
            body = body[body.index("</summary>") + len("</summary>"):body.index("</details>")]
            parts.append(f"### {title.group(1)}\n\n{body.strip()}")
    return "\n\n".join(parts)


def handouts() -> str:
    return f"""# Tờ in — Handouts

Các trang để in cho lớp học, sinh từ mã nguồn của khóa học (`tools/build_handouts.py`); đừng
sửa tay. *Pages to print for a class, generated from the course's sources.*

## Bảng tra nhanh cho bộ phận hỗ trợ — Helpdesk sheet

Từ notebook 06 (Sự cố thường gặp). "Bước" là bước của hướng dẫn gốc.

{helpdesk_table()}

Token đào tạo: mở khóa mã PIN bằng `dvcedu token unlock --so-pin 87654321`. Token thật: chỉ
CA đã cấp token mở khóa được.

## Thẻ thuật ngữ — Glossary card

{glossary_card()}

Định nghĩa đầy đủ: [Thuật ngữ](../notebooks/glossary.md).

## Ghi chú cho giảng viên — Trainer's view

Trong notebook, mỗi ghi chú là một ô gắn thẻ `instructor`, gập sẵn ("Ghi chú cho giảng
viên"): học viên bỏ qua, giảng viên mở ra. Tất cả ở đây, theo thứ tự khóa học.

{instructor_notes()}
"""


if __name__ == "__main__":
    OUT.write_text(handouts(), encoding="utf-8")
    print(OUT.relative_to(ROOT))
