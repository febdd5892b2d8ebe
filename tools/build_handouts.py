"""Build docs/handouts.md: two pages a trainer prints from the course site — the helpdesk
sheet (notebook 06's quick-reference table, as the notebook has it) and the glossary card
(every term of dvcedu.glossary: Vietnamese, English, PKCS#11 / X.509).

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


def handouts() -> str:
    return f"""# Tờ in — Handouts

Hai trang để in cho lớp học, sinh từ mã nguồn của khóa học (`tools/build_handouts.py`); đừng
sửa tay. *Two pages to print for a class, generated from the course's sources.*

## Bảng tra nhanh cho bộ phận hỗ trợ — Helpdesk sheet

Từ notebook 06 (Sự cố thường gặp). "Bước" là bước của hướng dẫn gốc.

{helpdesk_table()}

Token đào tạo: mở khóa mã PIN bằng `dvcedu token unlock --so-pin 87654321`. Token thật: chỉ
CA đã cấp token mở khóa được.

## Thẻ thuật ngữ — Glossary card

{glossary_card()}

Định nghĩa đầy đủ: [Thuật ngữ](../notebooks/glossary.md).
"""


if __name__ == "__main__":
    OUT.write_text(handouts(), encoding="utf-8")
    print(OUT.relative_to(ROOT))
