"""Thuật ngữ — the course glossary: Vietnamese ↔ English ↔ PKCS#11 / X.509, one line each.

In a kernel: ``dvcedu.glossary("chứng thư số")``. ``python -m dvcedu.glossary`` writes
``notebooks/glossary.md``, which the notebooks link to on a term's first use (a test checks
that every linked term is here).
"""

from __future__ import annotations

import re
import sys
import types
import unicodedata
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Term:
    vi: str
    en: str
    technical: str
    definition: str

    @property
    def anchor(self) -> str:
        return slug(self.vi)

    def __repr__(self) -> str:
        tech = f" · {self.technical}" if self.technical else ""
        return f"{self.vi} ({self.en}{tech}): {self.definition}"

    def _repr_markdown_(self) -> str:
        tech = f" · `{self.technical}`" if self.technical else ""
        return f"**{self.vi}** (*{self.en}*{tech}): {self.definition}"


def slug(text: str) -> str:
    """ASCII anchor: "chứng thư số" → "chung-thu-so" (đ → d, marks dropped)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


TERMS: tuple[Term, ...] = (
    Term("chứng thư số", "digital certificate", "X.509 certificate",
         "lời xác nhận có chữ ký của CA rằng một khóa công khai thuộc về một người hay tổ chức"),
    Term("chữ ký số", "digital signature", "RSASSA-PKCS1-v1_5",
         "dãy byte chỉ người giữ khóa bí mật tạo được, ai có khóa công khai cũng kiểm tra được"),
    Term("khóa bí mật", "private key", "CKO_PRIVATE_KEY",
         "nửa bí mật của cặp khóa, nằm trong token và không bao giờ ra ngoài"),
    Term("khóa công khai", "public key", "CKO_PUBLIC_KEY / SubjectPublicKeyInfo",
         "nửa công khai của cặp khóa, nằm trong chứng thư số, dùng để kiểm tra chữ ký"),
    Term("cặp khóa", "key pair", "C_GenerateKeyPair",
         "khóa bí mật và khóa công khai sinh cùng nhau"),
    Term("mã PIN", "user PIN", "CKU_USER",
         "mật mã mở khóa token để ký; nhập sai nhiều lần thì token bị khóa"),
    Term("mã PIN quản trị", "security officer PIN", "SO PIN, CKU_SO",
         "mã của người quản trị token (thường là CA), dùng để mở khóa mã PIN người dùng"),
    Term("thiết bị lưu khóa", "token", "PKCS#11 token",
         "USB ký số: thẻ thông minh giữ khóa bí mật và tự ký bên trong"),
    Term("USB ký số", "USB signing token", "hardware token",
         "thiết bị lưu khóa dạng USB mà CA giao cho doanh nghiệp"),
    Term("tổ chức cung cấp dịch vụ chứng thực", "certification authority", "CA",
         "tổ chức được cấp phép cấp chứng thư số (VNPT-CA, Viettel-CA, FPT-CA, …)"),
    Term("CA gốc quốc gia", "national root CA", "trust anchor",
         "CA đầu chuỗi, do NEAC vận hành, ký chứng thư cho các CA công cộng"),
    Term("CA trung gian", "subordinate CA", "intermediate CA, pathLen 0",
         "CA do CA gốc cấp chứng thư, trực tiếp cấp chứng thư cho thuê bao"),
    Term("chuỗi tin cậy", "chain of trust", "certification path",
         "dãy chứng thư từ thuê bao lên gốc, mỗi cái được cái trên ký"),
    Term("danh sách thu hồi", "certificate revocation list", "CRL",
         "tệp do CA ký, liệt kê số hiệu các chứng thư đã bị thu hồi trước hạn"),
    Term("OCSP", "Online Certificate Status Protocol", "RFC 6960",
         "hỏi trực tiếp CA: chứng thư số hiệu này còn hiệu lực không?"),
    Term("thu hồi", "revocation", "CRLReason",
         "CA hủy chứng thư trước hạn, ví dụ khi lộ khóa bí mật"),
    Term("mã số thuế", "tax identification number", "MST, UID=MST:…",
         "10 số (chi nhánh thêm -3 số) định danh doanh nghiệp; số cuối là số kiểm tra"),
    Term("căn cước công dân", "citizen identity card number", "CCCD, UID=CCCD:…",
         "12 số định danh công dân: mã tỉnh, thế kỷ và giới tính, năm sinh, số ngẫu nhiên"),
    Term("định danh", "identifier", "UID 0.9.2342.19200300.100.1.1",
         "thuộc tính trong chứng thư chứa MST hoặc CCCD của chủ thể"),
    Term("chủ thể", "subject", "Subject DN",
         "người hay tổ chức mà chứng thư nói về"),
    Term("bên cấp", "issuer", "Issuer DN", "CA đã ký chứng thư"),
    Term("số hiệu chứng thư", "serial number", "serialNumber",
         "số duy nhất CA gán cho mỗi chứng thư (chứng thư CA Việt Nam thường bắt đầu bằng 54)"),
    Term("thời hạn hiệu lực", "validity period", "notBefore / notAfter",
         "khoảng thời gian chứng thư được dùng"),
    Term("mục đích sử dụng khóa", "key usage", "keyUsage",
         "những việc khóa được phép làm: ký, chống chối bỏ, mã hóa khóa, …"),
    Term("mục đích mở rộng", "extended key usage", "EKU",
         "các ứng dụng được phép: xác thực máy khách, ký tài liệu, e-mail, …"),
    Term("chống chối bỏ", "non-repudiation", "contentCommitment",
         "người ký không thể chối là mình đã ký"),
    Term("dấu vân tay", "fingerprint", "SHA-256 of the DER",
         "giá trị băm của toàn bộ chứng thư, để so sánh nhanh"),
    Term("hàm băm", "hash function", "SHA-256",
         "biến dữ liệu bất kỳ thành 32 byte; đổi một byte là kết quả đổi hẳn"),
    Term("đệm", "padding", "PKCS#1 v1.5 (00 01 FF…FF 00 DigestInfo)",
         "phần thêm vào giá trị băm cho đủ độ dài khóa trước khi ký RSA"),
    Term("CMS tách rời", "detached CMS", "SignedData, RFC 5652",
         "gói chứa chữ ký, chứng thư người ký và giá trị băm, nhưng không chứa dữ liệu"),
    Term("thuộc tính đã ký", "signed attributes", "signedAttrs",
         "contentType, signingTime, messageDigest…: phần token thật sự ký trong CMS"),
    Term("mô-đun PKCS#11", "PKCS#11 module", "libsofthsm2.so / vnpt-ca_csp11.dll",
         "thư viện trình điều khiển để phần mềm nói chuyện với token"),
    Term("khe", "slot", "CK_SLOT_ID", "chỗ cắm token mà mô-đun PKCS#11 thấy"),
    Term("phiên làm việc", "session", "C_OpenSession",
         "một lần mở token: đăng nhập, ký, đóng"),
    Term("đối tượng", "object", "CK_OBJECT_HANDLE",
         "thứ token giữ: chứng thư, khóa công khai, khóa bí mật"),
    Term("plugin ký số", "signing plugin", "VNPT-CA Plugin",
         "phần mềm trên máy người dùng nhận lệnh từ trang web và điều khiển token"),
    Term("thử thách", "challenge", "nonce",
         "dữ liệu ngẫu nhiên, dùng một lần, cổng gửi để token ký"),
    Term("phát lại", "replay attack", "",
         "gửi lại một chữ ký cũ đã nghe lén được để giả làm người khác"),
    Term("trang giả mạo", "phishing site", "relay attack",
         "trang web nhái cổng, chuyển tiếp thử thách thật để lừa người dùng ký"),
    Term("nguồn gốc trang web", "web origin", "scheme://host",
         "địa chỉ trang đang gọi plugin; được ký kèm để chặn trang giả mạo"),
    Term("mã xác thực", "captcha", "CAPTCHA",
         "chữ méo trong hình để phân biệt người với máy"),
    Term("phiên đăng nhập", "login session", "session id",
         "trạng thái đã đăng nhập; góc phải hiện tên doanh nghiệp"),
    Term("Cổng Dịch vụ công Quốc gia", "National Public Service Portal", "DVCQG",
         "cổng một cửa nộp hồ sơ dịch vụ công trực tuyến, dichvucong.gov.vn"),
    Term("VNeID", "national electronic identification", "VNeID",
         "tài khoản định danh điện tử của Bộ Công an; công dân dùng từ 7/2024"),
    Term("gia hạn chứng thư", "certificate renewal", "",
         "CA cấp chứng thư mới (khóa mới, cùng MST) khi chứng thư cũ sắp hết hạn"),
    Term("SoftHSM2", "software token", "SoftHSM v2",
         "token bằng phần mềm, nói PKCS#11 như USB thật; dùng để học"),
    Term("DER", "Distinguished Encoding Rules", "ASN.1 / X.690",
         "cách viết chứng thư thành byte: mỗi giá trị là Tag ‖ Length ‖ Value"),
)


def glossary(term: str) -> Term:
    """Look a term up in Vietnamese, English or by its technical name."""
    wanted = slug(term)
    for entry in TERMS:
        if wanted in (slug(entry.vi), slug(entry.en), slug(entry.technical)):
            return entry
    matches = [e for e in TERMS if wanted in slug(e.vi) or wanted in slug(e.en)]
    if len(matches) == 1:
        return matches[0]
    raise KeyError(f"không có thuật ngữ / no term '{term}'")


def markdown() -> str:
    lines = ["# Thuật ngữ — Glossary", "",
             "Sinh từ `dvcedu/glossary.py` (`python -m dvcedu.glossary`); đừng sửa tay.", "",
             "| Tiếng Việt | English | PKCS#11 / X.509 | Nghĩa |", "|---|---|---|---|"]
    for term in sorted(TERMS, key=lambda t: slug(t.vi)):
        lines.append(f"| <a id=\"{term.anchor}\"></a>**{term.vi}** | {term.en} | "
                     f"{term.technical} | {term.definition} |")
    return "\n".join(lines) + "\n"


class _CallableModule(types.ModuleType):
    """Lets a learner write ``dvcedu.glossary("chứng thư số")`` in a kernel."""

    def __call__(self, term: str) -> Term:
        return glossary(term)


sys.modules[__name__].__class__ = _CallableModule

if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else (
        Path(__file__).resolve().parents[1] / "notebooks" / "glossary.md")
    out.write_text(markdown(), encoding="utf-8")
    print(out)
