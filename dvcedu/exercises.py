"""Bài tập — instant, local checks for self-study.

Each exercise keeps only a salted SHA-256 of its answer (the answer is not readable here) and
a hint for a wrong try, in Vietnamese and English. ``check(id, None)`` says "chưa trả lời"
(not answered yet), so a notebook with blank answers is still deterministic under nbval; the
solved copies in ``notebooks/solutions/`` fill the answers in.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import html
import re
import unicodedata
from dataclasses import dataclass

from dvcedu.style import GREEN, GREY, RED


def normalize(answer: object) -> str:
    """Forgiving comparison: case, spaces, ':' and '-', '0x', and Vietnamese marks ignored."""
    text = unicodedata.normalize("NFD", str(answer).strip().replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"^0x", "", text)
    return re.sub(r"[\s:_\-.]+", "", text)


@dataclass(frozen=True)
class Exercise:
    id: str
    question_vi: str
    question_en: str
    hint_vi: str
    hint_en: str
    salt: str
    digest: str

    def accepts(self, answer: object) -> bool:
        mine = hashlib.sha256(f"{self.salt}:{normalize(answer)}".encode()).hexdigest()
        return hmac.compare_digest(mine, self.digest)


class Outcome(enum.StrEnum):
    """How an exercise stands."""

    UNANSWERED = "unanswered"
    CORRECT = "correct"
    WRONG = "wrong"


@dataclass(frozen=True)
class Verdict:
    exercise: Exercise
    status: Outcome

    def text(self, lang: str = "vi") -> str:
        e = self.exercise
        if self.status is Outcome.UNANSWERED:
            return ("⏳ chưa trả lời — gán câu trả lời cho `answer` rồi chạy lại ô"
                    if lang == "vi" else "⏳ not answered yet — set `answer` and run the cell")
        if self.status is Outcome.CORRECT:
            return "✔ Đúng!" if lang == "vi" else "✔ Correct!"
        return (f"✘ Chưa đúng. Gợi ý: {e.hint_vi}" if lang == "vi"
                else f"✘ Not yet. Hint: {e.hint_en}")

    def __repr__(self) -> str:
        e = self.exercise
        return f"[{e.id}] {e.question_vi}\n{self.text('vi')}\n({self.text('en')})"

    def _repr_html_(self) -> str:
        color = {Outcome.CORRECT: GREEN, Outcome.WRONG: RED}.get(self.status, GREY)
        e = self.exercise
        return (f"<div style='border-left:4px solid {color};padding:4px 10px'>"
                f"<b>Bài tập {html.escape(e.id)}</b>: {html.escape(e.question_vi)}<br>"
                f"<i>{html.escape(e.question_en)}</i><br>"
                f"<span style='color:{color}'>{html.escape(self.text('vi'))}</span><br>"
                f"<span style='color:{color}'>{html.escape(self.text('en'))}</span></div>")


def check(exercise_id: str, answer: object) -> Verdict:
    exercise = EXERCISES[exercise_id]
    if answer is None:
        return Verdict(exercise, Outcome.UNANSWERED)
    return Verdict(exercise, Outcome.CORRECT if exercise.accepts(answer) else Outcome.WRONG)


def _e(exercise_id: str, q_vi: str, q_en: str, h_vi: str, h_en: str, salt: str,
       digest: str) -> tuple[str, Exercise]:
    return exercise_id, Exercise(exercise_id, q_vi, q_en, h_vi, h_en, salt, digest)


EXERCISES: dict[str, Exercise] = dict([
    _e("01.private-exponent",
       "Đọc CKA_PRIVATE_EXPONENT của khóa bí mật, token trả về gì (đúng như Python in ra)?",
       "What does the token return for the private key's CKA_PRIVATE_EXPONENT?",
       "xem ô 'Khóa bí mật không rời token'.", "see the cell 'the private key never leaves'.",
       "5b1e0c9a4d7f2e31",
       "6d3acae757dfef5e022032a4d58dd4fefc71c374a632bf8522854311b06df5f8"),
    _e("01.tries-left",
       "Token đào tạo mới, nhập sai PIN 2 lần liên tiếp: còn bao nhiêu lần thử?",
       "A fresh training token, two wrong PINs in a row: how many tries are left?",
       "token đào tạo khóa sau 5 lần sai.", "the training token locks after 5 wrong PINs.",
       "a3f07c2e915b64d8",
       "53b93be9ef9701ac697ffdd8d4b58f0bea0a7a029f22d8a30e456910b105a7c1"),
    _e("01.so-role",
       "Mở khóa mã PIN cần đăng nhập với vai trò PKCS#11 nào (CKU_…)?",
       "Which PKCS#11 user type unlocks the PIN (CKU_…)?",
       "không phải CKU_USER; là vai trò của người quản trị (Security Officer).",
       "not CKU_USER; the Security Officer's.", "0d6c8e1b7a2f3954",
       "3214d79a321f8c88fdf95a2a3d56741e79e6a141b3588a1b6237ce50f8f41567"),
    _e("02.mst", "MST trong UID của chứng thư doanh nghiệp mẫu là gì (10 chữ số)?",
       "What MST is in the sample enterprise certificate's UID (10 digits)?",
       "đọc dòng 'Định danh' trong bảng ở mục 1.", "read the 'Identifier' row in section 1.",
       "7e2b9d0c4f1a6358",
       "cb86e25a87041e9715eb6d5268517f8b06587c1694bfa2cfd488b6c1a1e37c9c"),
    _e("02.check-digit", "9 số đầu của MST là 039900111: chữ số kiểm tra (số thứ 10) là gì?",
       "The first nine MST digits are 039900111: what is the check digit?",
       "dùng identity.mst_check_digit hoặc làm như bảng tính ở mục 2.",
       "use identity.mst_check_digit or redo the table of section 2.",
       "c41e8a7b2d9f0653",
       "b7dd7f80bc3f92ff9b48c95d022423312334ab6c36a7908bdcdcb8f8e6e2bb6b"),
    _e("02.revoked-code", "Mã kết quả của plugin ký số cho chứng thư bị thu hồi là số mấy?",
       "Which plugin result code means 'revoked'?",
       "xem cột 'Mã plugin' ở mục 7.", "see the 'plugin code' column in section 7.",
       "92d05f3e8b1c7a46",
       "4dcceb2ef0a5266882426ea09095e8f26c216611cbb83a018d48748884afd9cf"),
    _e("02.uid-tag", "Byte tag (hex) ngay trước độ dài của chuỗi 'MST:0199001010' là gì?",
       "Which tag byte (hex) stands right before the length of 'MST:0199001010'?",
       "kiểu chuỗi UTF8String; xem bảng byte ở mục 3.", "UTF8String; see the byte table.",
       "3b7f1d0a9e2c5864",
       "5b7dcc4698dc4389ee051b89e79dc9b4c1bda9698c2171bd0e5db54b03916fc5"),
    _e("03.csign-bytes", "Bước C_Sign đưa bao nhiêu byte vào token?",
       "How many bytes does the C_Sign step give the token?",
       "xem cột 'Byte' của dòng C_Sign trong bảng trao đổi.",
       "see the 'Bytes' column of the C_Sign row.", "e85a2c7d1f0b3946",
       "8ff36aeda59a9f49ed7b389b90d0dc139931c86b481623f8ff5751e2d137f793"),
    _e("03.padding-ff", "Khối đã mở của chữ ký RSA-2048 có bao nhiêu byte FF?",
       "How many FF bytes are in the opened RSA-2048 signature block?",
       "256 − 2 − 1 − 19 − 32.", "256 − 2 − 1 − 19 − 32.", "1f6c0e8b4a2d7935",
       "fb4b88a121a09e36e006ec3c9f517dcef7f9856edd257822e4bdd132a1ebb488"),
    _e("03.digestinfo", "19 byte DigestInfo của SHA-256 bắt đầu bằng hai byte hex nào?",
       "Which two hex bytes start the 19-byte SHA-256 DigestInfo?",
       "một SEQUENCE (30) dài 0x31 byte.", "a SEQUENCE (30) of 0x31 bytes.",
       "6a9d3c0f2e7b1458",
       "3a4f9dcd636ab7ac0e877c7d985e496966f509dc860333f640757a795b7b94de"),
    _e("04.pin-to-portal", "Mã PIN có đi tới Cổng DVCQG không? (có / không)",
       "Does the PIN ever reach the portal? (có / không)",
       "xem các dòng có 'Cổng DVCQG' trong bảng trao đổi.",
       "look at the rows with 'Cổng DVCQG' in the exchange table.", "d27e0b9c5a1f3864",
       "78907d4b37f3fe13ea14769ba49ce9cbff8bfd4d02adcbe8f7560db6a52ba718"),
    _e("04.nonce-bytes", "Thử thách của cổng chứa bao nhiêu byte ngẫu nhiên?",
       "How many random bytes does the portal's challenge hold?",
       "nonce có 64 ký tự hex.", "the nonce has 64 hex characters.", "8c3f1a6e0d2b7945",
       "bec0235508e7312d3f1bd6b56438a03ca8b88ee3df6fe388cf9e534890f50dbd"),
    _e("04.failed-check",
       "Chứng thư bị thu hồi: cổng từ chối với lý do nào (ví dụ cert_expired)?",
       "A revoked certificate: which reason does the portal give (e.g. cert_expired)?",
       "xem dòng KHÔNG ĐẠT và lý do in ra.", "see the FAILED row and the printed reason.",
       "4e0a7d2c9b1f6538",
       "e22a65b57a4f2cee48c6d88d3e67b78da104c0c454fd4e5aa5018301fa523f6a"),
    _e("05.ttl", "Thử thách đăng nhập hết hạn sau bao nhiêu phút?",
       "After how many minutes does a login challenge expire?",
       "so 'issued' và 'expires'.", "compare 'issued' and 'expires'.", "b91c5e3a0f7d2468",
       "28d8c7ae012e3f2f9a9bc47d638f4c9766b7f4579dcbd663ba5e0ace496a14ef"),
    _e("05.renewed", "Sau khi đăng nhập bằng chứng thư gia hạn, tài khoản có mấy chứng thư?",
       "After logging in with the renewed certificate, how many certificates does the "
       "account hold?", "đếm dòng trong bảng certificates.",
       "count the rows of the certificates table.", "0f4d8a2e6c1b9357",
       "68687a99ed7aaff47e28c3c8f098e4ef2fe6a1f3ebc25cf334e4e729d65f53b5"),
    _e("05.mismatch",
       "Đăng nhập tài khoản doanh nghiệp bằng chứng thư công dân: lý do từ chối là gì?",
       "Logging in to the enterprise account with a citizen's certificate: which reason?",
       "định danh không khớp (tiếng Anh, dạng chữ_thường).",
       "the identifiers do not match (lower_case form).", "7c2e9f0a3d5b1846",
       "222fcbae97d832f396eb7143b1542ba539a462d3e4cbb6354a6d52ef066f0dbb"),
    _e("06.locked-after", "Token đào tạo bị khóa sau bao nhiêu lần nhập sai PIN liên tiếp?",
       "After how many wrong PINs in a row does the training token lock?",
       "xem mục sai PIN.", "see the wrong-PIN section.", "2a8f6d0c1e9b3754",
       "0842a1046cca7fe588ca0f10e90424cd08cc48e2a9181cf1625180dc94d8e784"),
    _e("06.expired-code", "Mã kết quả của plugin cho chứng thư hết hạn?",
       "The plugin's result code for an expired certificate?",
       "bảng mã của VNPT-CA Plugin.", "the VNPT-CA Plugin's code table.",
       "e3b70a1d9c4f2685",
       "971b21c91eaf706134c2820bb4b5061dd33c42d97e2e15bc3a39085dad0347f0"),
    _e("06.untrusted-code", "Mã kết quả của plugin khi CA không được tin cậy?",
       "The plugin's result code when the CA is not trusted?",
       "bảng mã của VNPT-CA Plugin.", "the VNPT-CA Plugin's code table.",
       "5d1c8e0b7a3f2946",
       "19807be0d735231bc5f71aa0e4f64cd6f390f1b4de925c885019e91599359adc"),
    _e("07.replay", "Cổng của dvcedu từ chối chữ ký phát lại với lý do nào?",
       "Which reason does dvcedu's portal give to a replayed signature?",
       "thử thách đã được dùng.", "the challenge was already used.", "9f2a4c7e0d1b6358",
       "a766c8f93e229a21a5ff98708d1e9a8fdca261b395510e4a209a055e581c3d95"),
    _e("07.phishing", "Chữ ký chuyển tiếp từ trang giả mạo bị từ chối với lý do nào?",
       "Which reason stops a signature relayed from a phishing site?",
       "trang web (origin) nằm trong phần được ký.", "the origin is inside the signature.",
       "c6e1b8d03a7f2495",
       "1877bd6af3afbc4bdd95efa7edef9cf34ac4200c1cc18a5210f54041fc9c92db"),
    _e("07.lookalike", "Chứng thư do CA nhái tên cấp bị từ chối với lý do nào?",
       "Which reason stops a certificate from a look-alike CA?",
       "tên CA giống hệt nhưng khóa khác.", "same CA name, other key.",
       "18d4f7a2c0e9b365",
       "69bfbb7664bce8dd40463acb56f7c5accde3541fe1cca5663ff7c2e58e242f04"),
])
