"""Every user-facing sentence, in Vietnamese and English.

Messages live in one table keyed by a dotted id; each entry is ``(vi, en)`` and is formatted
with ``str.format`` fields. The default language is Vietnamese; ``DVCEDU_LANG=en`` or
:func:`set_lang` switches it (the CLI's ``--lang`` calls :func:`set_lang`). A test checks that
every id has both languages and the same fields in each.
"""

from __future__ import annotations

import os
import unicodedata

LANGS = ("vi", "en")
_override: str | None = None


def current_lang() -> str:
    """The active language: :func:`set_lang`, else ``DVCEDU_LANG``, else Vietnamese."""
    lang = _override or os.environ.get("DVCEDU_LANG", "vi").strip().lower()[:2]
    return lang if lang in LANGS else "vi"


def set_lang(lang: str | None) -> None:
    """Choose ``"vi"`` or ``"en"`` for this process; ``None`` goes back to ``DVCEDU_LANG``."""
    global _override
    if lang is not None and lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}, not {lang!r}")
    _override = lang


class Msg:
    """A field that is itself a message: rendered in the same language as the message around
    it (e.g. the reason inside "no usable certificate: …"), with fields of its own. (A plain
    class: importing ``typing`` for a NamedTuple costs the CLI's start-up 5 ms.)"""

    __slots__ = ("fields", "id")

    def __init__(self, msg_id: str, fields: tuple[tuple[str, object], ...] = ()) -> None:
        self.id, self.fields = msg_id, fields

    @classmethod
    def of(cls, msg_id: str, /, **fields: object) -> Msg:
        return cls(msg_id, tuple(fields.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.id, self.fields) == (other.id, other.fields)

    def __hash__(self) -> int:
        return hash((self.id, self.fields))

    def __repr__(self) -> str:
        return f"Msg({self.id!r}, {self.fields!r})"


def t(msg_id: str, /, lang: str | None = None, **fields: object) -> str:
    """The message ``msg_id`` in ``lang`` (default: the active language), fields filled in."""
    lang = lang or current_lang()
    vi, en = MESSAGES[msg_id]
    text = vi if lang == "vi" else en
    shown = {k: t(v.id, lang, **dict(v.fields)) if isinstance(v, Msg) else v
             for k, v in fields.items()}
    return unicodedata.normalize("NFC", text.format(**shown))


def both(msg_id: str, /, **fields: object) -> str:
    """Active language first, the other one on a second line: what errors show."""
    first = current_lang()
    second = "en" if first == "vi" else "vi"
    return f"{t(msg_id, first, **fields)}\n[{second}] {t(msg_id, second, **fields)}"


MESSAGES: dict[str, tuple[str, str]] = {
    # --- generic ---------------------------------------------------------------------------
    "error.generic": ("Lỗi: {detail}", "Error: {detail}"),
    "ok": ("ĐẠT", "OK"),
    "fail": ("LỖI", "FAIL"),
    "simulated": ("mô phỏng", "simulated"),
    # --- configuration / files -------------------------------------------------------------
    "config.unknown_keys": (
        "Tệp {file}: mục {section} có khóa không hợp lệ: {keys}. Các khóa được phép: {allowed}.",
        "File {file}: section {section} has unexpected key(s): {keys}. Allowed keys: {allowed}.",
    ),
    "config.missing_key": (
        "Tệp {file}: mục {section} thiếu khóa bắt buộc '{key}'.",
        "File {file}: section {section} is missing the required key '{key}'.",
    ),
    "config.unknown_label": (
        "Tệp {file}: mục {section} tham chiếu '{label}', nhưng không có mục nào mang nhãn đó. "
        "Các nhãn có: {known}.",
        "File {file}: section {section} refers to '{label}', but no section has that label. "
        "Known labels: {known}.",
    ),
    "config.bad_value": (
        "Tệp {file}: mục {section}, khóa '{key}': {problem}.",
        "File {file}: section {section}, key '{key}': {problem}.",
    ),
    "config.unreadable": (
        "Không đọc được tệp cấu hình {file}: {problem}.",
        "Cannot read the configuration file {file}: {problem}.",
    ),
    "parse.pem_base64": (
        "phần chữ base64 trong khối PEM bị hỏng (có ký tự lạ, hoặc bị cắt mất) — chi tiết: {detail}",
        "the base64 text inside the PEM block is damaged (a stray character, or cut short) — detail: {detail}",
    ),
    "parse.der_structure": (
        "các byte DER không theo đúng cấu trúc của một chứng thư X.509 (tệp bị sửa hoặc bị cắt) — chi tiết: {detail}",
        "the DER bytes do not follow the structure of an X.509 certificate (the file was altered or cut short) — detail: {detail}",
    ),
    "parse.not_certificate": (
        "không phải chứng thư dạng PEM, DER hay PKCS#7 (các byte đầu: {first})",
        "not a certificate in PEM, DER or PKCS#7 form (first bytes: {first})",
    ),
    "parse.cms_structure": (
        "các byte không theo đúng cấu trúc CMS SignedData (bị sửa hoặc bị cắt) — chi tiết: {detail}",
        "the bytes do not follow the CMS SignedData structure (altered or cut short) — detail: {detail}",
    ),
    "parse.empty": ("tệp rỗng", "the file is empty"),
    "parse.no_certificate": ("không có chứng thư nào bên trong", "no certificate inside"),
    "parse.other": (
        "dữ liệu không đọc được như một chứng thư — chi tiết: {detail}",
        "the data cannot be read as a certificate — detail: {detail}",
    ),
    "data.unreadable": (
        "Không đọc được tệp {file}: {problem}. Hãy kiểm tra đường dẫn và định dạng (PEM, DER "
        "hoặc .p7b).",
        "Cannot read the file {file}: {problem}. Check the path and the format (PEM, DER or "
        ".p7b).",
    ),
    "data.unknown_identity": (
        "Không có danh tính đào tạo '{name}'. Các danh tính có sẵn: {known}.",
        "There is no training identity '{name}'. Available identities: {known}.",
    ),
    "data.sample_missing": (
        "Thiếu dữ liệu mẫu {file}. Chạy 'dvcedu pki build' để tạo lại từ data/training-pki.toml.",
        "Sample data {file} is missing. Run 'dvcedu pki build' to rebuild it from "
        "data/training-pki.toml.",
    ),
    # --- PKCS#11 module ----------------------------------------------------------------------
    "module.not_found": (
        "Không tìm thấy thư viện PKCS#11 tại {path} (lấy từ {source}). Cài SoftHSM2 "
        "('sudo apt-get install softhsm2') hoặc trình điều khiển token của CA, rồi đặt "
        "DVCEDU_PKCS11_MODULE đúng đường dẫn. Chạy 'dvcedu doctor' để kiểm tra.",
        "No PKCS#11 library at {path} (taken from {source}). Install SoftHSM2 "
        "('sudo apt-get install softhsm2') or your CA's token driver, then set "
        "DVCEDU_PKCS11_MODULE to its path. Run 'dvcedu doctor' to check.",
    ),
    "module.none": (
        "Không tìm thấy thư viện PKCS#11 nào: đã thử {tried}. Cài SoftHSM2 "
        "('sudo apt-get install softhsm2') hoặc trình điều khiển token của CA, hoặc đặt "
        "DVCEDU_PKCS11_MODULE.",
        "No PKCS#11 library found; tried {tried}. Install SoftHSM2 "
        "('sudo apt-get install softhsm2') or your CA's token driver, or set "
        "DVCEDU_PKCS11_MODULE.",
    ),
    "module.not_loadable": (
        "Tệp {path} không nạp được như một thư viện PKCS#11 ({problem}). Có thể sai kiến trúc "
        "(32/64-bit) hoặc không phải mô-đun PKCS#11. Hãy chỉ tới tệp .so/.dll/.dylib mà CA cung "
        "cấp.",
        "The file {path} cannot be loaded as a PKCS#11 library ({problem}). It may be built for "
        "another architecture (32/64-bit) or not be a PKCS#11 module. Point to the "
        ".so/.dll/.dylib your CA ships.",
    ),
    "module.no_function_list": (
        "đây là một thư viện, nhưng không phải mô-đun PKCS#11: không có hàm C_GetFunctionList — chi tiết: {detail}",
        "it is a library, but not a PKCS#11 module: it has no C_GetFunctionList — detail: {detail}",
    ),
    "module.not_a_library": (
        "đây không phải một thư viện dùng chung (.so/.dll/.dylib) — chi tiết: {detail}",
        "it is not a shared library (.so/.dll/.dylib) — detail: {detail}",
    ),
    # --- token -----------------------------------------------------------------------------
    "token.not_present": (
        "Không thấy token có nhãn '{label}'. Token đang có: {present}. Hãy cắm token (USB) hoặc "
        "tạo token đào tạo bằng 'dvcedu token init'.",
        "No token labelled '{label}'. Tokens present: {present}. Plug the USB token in, or "
        "create the training token with 'dvcedu token init'.",
    ),
    "token.removed": (
        "Token đã bị rút ra hoặc không còn phản hồi ({code}). Cắm lại token rồi thử lại.",
        "The token was removed or stopped answering ({code}). Plug it in again and retry.",
    ),
    "token.exists": (
        "Đã có token nhãn '{label}'. Dùng lại token này, hoặc thêm --force (cần mã PIN quản trị "
        "SO) để khởi tạo lại.",
        "A token labelled '{label}' already exists. Reuse it, or add --force (needs the SO PIN) "
        "to initialise it again.",
    ),
    "token.no_free_slot": (
        "Không còn khe (slot) trống để tạo token mới.",
        "There is no free (uninitialised) slot to create a new token in.",
    ),
    "token.label_too_long": (
        "Nhãn token '{label}' dài {length} byte; PKCS#11 chỉ cho tối đa 32 byte.",
        "Token label '{label}' is {length} bytes long; PKCS#11 allows at most 32 bytes.",
    ),
    "pin.incorrect": (
        "Sai mã PIN. Token báo còn {left} lần thử trước khi bị khóa.",
        "Wrong PIN. The token reports {left} tries left before it locks.",
    ),
    "pin.incorrect_sim": (
        "Sai mã PIN. Token đào tạo còn {left}/{max} lần thử trước khi bị khóa (bộ đếm mô phỏng "
        "của dvcedu: SoftHSM2 không tự khóa).",
        "Wrong PIN. The training token has {left} of {max} tries left before it locks "
        "(dvcedu's simulated counter: SoftHSM2 never locks by itself).",
    ),
    "pin.incorrect_unknown": (
        "Sai mã PIN (CKR_PIN_INCORRECT). Token thật sẽ bị khóa sau vài lần sai: hãy kiểm tra kỹ "
        "trước khi thử lại.",
        "Wrong PIN (CKR_PIN_INCORRECT). A real token locks after a few wrong tries: check "
        "carefully before trying again.",
    ),
    "pin.now_locked_sim": (
        "Sai mã PIN lần thứ {tries} liên tiếp: token đào tạo đã bị khóa (CKR_PIN_LOCKED, mô phỏng). Mở "
        "khóa bằng mã PIN quản trị: 'dvcedu token unlock --label {label} --so-pin ...'. Với token "
        "thật, hãy liên hệ CA đã cấp token.",
        "Wrong PIN ({tries} in a row): the training token is now locked (CKR_PIN_LOCKED, "
        "simulated). Unlock it with the SO PIN: 'dvcedu token unlock --label {label} --so-pin ...'. "
        "For a real token, contact the CA that issued it.",
    ),
    "pin.locked_sim": (
        "Token đào tạo đã bị khóa mã PIN (CKR_PIN_LOCKED, mô phỏng); kể cả mã PIN đúng cũng bị "
        "từ chối. Mở khóa bằng mã PIN quản trị: 'dvcedu token unlock --label {label} --so-pin ...'.",
        "The training token's PIN is locked (CKR_PIN_LOCKED, simulated); even the right PIN is "
        "refused. Unlock it with the SO PIN: 'dvcedu token unlock --label {label} --so-pin ...'.",
    ),
    "pin.locked": (
        "Token đã bị khóa mã PIN (CKR_PIN_LOCKED); kể cả mã PIN đúng cũng bị từ chối. Hãy liên "
        "hệ CA đã cấp token để mở khóa bằng mã PIN quản trị (SO PIN).",
        "The token's PIN is locked (CKR_PIN_LOCKED); even the right PIN is refused. Contact the "
        "CA that issued the token to unlock it with the SO PIN.",
    ),
    "pin.len_range": (
        "Mã PIN vừa nhập dài {length} ký tự; token này chỉ nhận mã PIN từ {min} đến {max} ký tự. Lần thử này không bị tính là sai.",
        "This token accepts PINs of {min} to {max} characters; the one typed has {length}. This try does not count as wrong.",
    ),
    "pin.len_range_unknown": (
        "Độ dài mã PIN không hợp lệ với token này (CKR_PIN_LEN_RANGE).",
        "The PIN length is not valid for this token (CKR_PIN_LEN_RANGE).",
    ),
    "pin.so_incorrect": (
        "Sai mã PIN quản trị (SO PIN). Token chưa được mở khóa.",
        "Wrong SO PIN. The token was not unlocked.",
    ),
    "pin.new_needed": (
        "Token thật cần mã PIN mới khi mở khóa: thêm --new-pin.",
        "A real token needs a new PIN when it is unlocked: add --new-pin.",
    ),
    "pin.missing": (
        "Cần mã PIN để đăng nhập token (thêm --pin).",
        "A PIN is needed to log in to the token (add --pin).",
    ),
    "object.not_found": (
        "Không tìm thấy {what} khớp {criteria} trên token.",
        "No {what} matching {criteria} on the token.",
    ),
    "object.ambiguous": (
        "Có {count} {what} khớp {criteria} trên token; hãy chỉ rõ hơn (id hoặc label).",
        "{count} {what}s match {criteria} on the token; be more specific (id or label).",
    ),
    "token.operation": (
        "Token từ chối thao tác {operation}: {code}.",
        "The token refused {operation}: {code}.",
    ),
    "mechanism.unknown": (
        "Cơ chế ký '{name}' không được hỗ trợ; dùng một trong: {known}.",
        "Signing mechanism '{name}' is not supported; use one of: {known}.",
    ),
    # --- doctor ----------------------------------------------------------------------------
    "doctor.python": ("Python và thư viện", "Python and packages"),
    "doctor.notebook": ("Thư viện notebook (tùy chọn)", "Notebook packages (optional)"),
    "doctor.module": ("Thư viện PKCS#11", "PKCS#11 module"),
    "doctor.home": ("Thư mục DVCEDU_HOME (cấu hình SoftHSM2)", "DVCEDU_HOME (SoftHSM2 config)"),
    "doctor.token": ("Token đào tạo", "Training token"),
    "doctor.samples": ("Dữ liệu PKI mẫu", "Sample PKI data"),
    "doctor.warn": ("CẢNH BÁO", "WARN"),
    "doctor.skipped": ("bỏ qua vì chưa có thư viện PKCS#11", "skipped: no PKCS#11 module"),
    "doctor.no_cert": ("token '{label}' không có chứng thư số nào", "token '{label}' holds no certificate"),
    "doctor.locked": ("mã PIN đang bị khóa (mô phỏng)", "its PIN is locked (simulated)"),
    "doctor.changed": ("các tệp đã bị sửa: {files}", "files were changed: {files}"),
    "doctor.samples_ok": ("{count} tệp khớp manifest.json", "{count} files match manifest.json"),
    "doctor.fix_python": (
        "Cần Python ≥ 3.11; cài gói: 'pip install -e .' trong thư mục dự án (hoặc 'make lab').",
        "Needs Python ≥ 3.11; install the package: 'pip install -e .' in the project (or 'make lab').",
    ),
    "doctor.fix_notebook": (
        "Để dùng notebook: pip install -e '.[notebook]' (hoặc 'make lab').",
        "For the notebooks: pip install -e '.[notebook]' (or 'make lab').",
    ),
    "doctor.fix_module": (
        "Cài SoftHSM2: 'sudo apt-get install softhsm2' (Debian/Ubuntu), 'brew install softhsm' "
        "(macOS), bộ cài SoftHSM2-for-Windows; hoặc đặt DVCEDU_PKCS11_MODULE=<đường dẫn .so/.dll>.",
        "Install SoftHSM2: 'sudo apt-get install softhsm2' (Debian/Ubuntu), 'brew install softhsm' "
        "(macOS), the SoftHSM2-for-Windows installer; or set DVCEDU_PKCS11_MODULE=<path to .so/.dll>.",
    ),
    "doctor.fix_home": (
        "Đặt DVCEDU_HOME tới một thư mục bạn có quyền ghi.",
        "Set DVCEDU_HOME to a folder you can write to.",
    ),
    "doctor.fix_token": (
        "Tạo token đào tạo: 'dvcedu token init' (hoặc 'make lab').",
        "Create the training token: 'dvcedu token init' (or 'make lab').",
    ),
    "doctor.fix_locked": (
        "Mở khóa: 'dvcedu token unlock --label {label} --so-pin <SO PIN đào tạo>'.",
        "Unlock it: 'dvcedu token unlock --label {label} --so-pin <training SO PIN>'.",
    ),
    "doctor.fix_samples": (
        "Lấy lại data/sample_certs từ git ('git checkout data/'), hoặc 'dvcedu pki build'.",
        "Restore data/sample_certs from git ('git checkout data/'), or run 'dvcedu pki build'.",
    ),
    "doctor.summary_ok": (
        "Sẵn sàng: có thể mở khóa học ('make lab').",
        "Ready: you can start the course ('make lab').",
    ),
    "doctor.summary_fail": (
        "Chưa sẵn sàng: sửa các dòng LỖI ở trên rồi chạy lại 'dvcedu doctor'.",
        "Not ready: fix the FAIL lines above, then run 'dvcedu doctor' again.",
    ),
    # --- CLI: token / pki -------------------------------------------------------------------
    "token.created": (
        "Đã tạo token '{label}' với danh tính đào tạo '{identity}' ({how}); CKA_ID={key_id}.",
        "Created token '{label}' holding training identity '{identity}' ({how}); CKA_ID={key_id}.",
    ),
    "token.reused": (
        "Token '{label}' đã có sẵn: dùng lại (không đổi gì).",
        "Token '{label}' already exists: reusing it (nothing changed).",
    ),
    "token.imported": ("khóa mẫu được nhập vào token", "sample key imported into the token"),
    "token.generated": ("khóa sinh ngay trên token, CA đào tạo cấp chứng thư",
                        "key generated on the token, certificate issued by the training CA"),
    "token.line": (
        "Token '{label}' — nhà sản xuất {manufacturer}, mẫu {model}, số sê-ri {serial}",
        "Token '{label}' — manufacturer {manufacturer}, model {model}, serial {serial}",
    ),
    "token.spare_slot": (
        "(khe trống chưa khởi tạo — SoftHSM2 luôn giữ sẵn một khe để tạo token mới; cờ "
        "CKF_SO_PIN_LOCKED ở đây nghĩa là 'chưa khởi tạo', không phải token bị khóa)",
        "(spare uninitialised slot — SoftHSM2 always keeps one free to create a new token; its "
        "CKF_SO_PIN_LOCKED flag means 'not initialised', not a locked token)",
    ),
    "token.flags": ("Cờ trạng thái (CK_TOKEN_INFO.flags):", "Flags (CK_TOKEN_INFO.flags):"),
    "token.pin_state": (
        "Bộ đếm PIN (mô phỏng): sai {failures}/{max}, còn {left} lần thử",
        "PIN counter (simulated): {failures}/{max} wrong, {left} tries left",
    ),
    "token.objects": ("Đối tượng trên token:", "Objects on the token:"),
    "token.validity": ("hiệu lực", "validity"),
    "token.refused": ("None — token từ chối tiết lộ (khóa bí mật không rời token)",
                      "None — the token refuses to reveal it (the private key never leaves)"),
    "token.unlocked": (
        "Đã mở khóa mã PIN của token '{label}'.",
        "The PIN of token '{label}' is unlocked.",
    ),
    "cli.bad_date": ("Ngày '{value}' không đúng dạng YYYY-MM-DD.", "The date '{value}' is not in YYYY-MM-DD form."),
    "cli.need_path": ("Cần đường dẫn tệp chứng thư, hoặc --token.", "A certificate file path is needed, or --token."),
    "cli.offset": ("vị trí", "offset"),
    "cli.length": ("độ dài", "length"),
    "cli.meaning": ("ý nghĩa", "meaning"),
    "cli.valid": ("HỢP LỆ tại {at}. Chuỗi tin cậy:", "VALID at {at}. Chain:"),
    "cli.invalid": ("KHÔNG HỢP LỆ", "NOT VALID"),
    "cli.revocation_good": ("Thu hồi: chưa bị thu hồi (theo {source}).", "Revocation: not revoked (per {source})."),
    "cli.revocation_unknown": ("Thu hồi: KHÔNG RÕ — không có CRL/OCSP dùng được khi ngoại tuyến (không tính là lỗi; thêm --require-revocation để coi là lỗi).", "Revocation: UNKNOWN — no usable CRL/OCSP offline (not a failure; add --require-revocation to make it one)."),
    "cli.revocation_revoked": ("Thu hồi: ĐÃ BỊ THU HỒI.", "Revocation: REVOKED."),
    "cli.checks": ("  Cổng đã kiểm tra (theo đúng thứ tự trong mã):", "  What the portal checked (in code order):"),
    "cli.registration": ("ĐĂNG KÝ (bước 1–2)", "REGISTRATION (steps 1–2)"),
    "cli.login": ("ĐĂNG NHẬP (bước 3)", "LOGIN (step 3)"),
    "cli.picture_saved": ("Đã lưu sơ đồ: {path}", "Diagram saved: {path}"),
    "cli.already_registered": ("Định danh này đã đăng ký từ trước: chuyển sang đăng nhập.", "This identifier registered earlier: going on to log in."),
    "cli.logged_in": ("Đã đăng nhập. Góc trên bên phải của cổng hiện: {name}", "Logged in. The portal's top-right corner shows: {name}"),
    "cli.renewed": ("Lưu ý: chứng thư mới (gia hạn) cùng định danh đã được ghi nhận vào tài khoản.", "Note: a new (renewed) certificate with the same identifier was added to the account."),
    "cli.no_accounts": ("Cổng chưa có tài khoản nào. Chạy 'dvcedu walkthrough'.", "The portal has no accounts yet. Run 'dvcedu walkthrough'."),
    "cli.identifier": ("Định danh", "Identifier"),
    "cli.kind": ("Loại", "Kind"),
    "cli.name": ("Tên", "Name"),
    "cli.certificates": ("Chứng thư", "Certificates"),
    "pki.built": ("Đã ghi {count} tệp vào {out}.", "Wrote {count} files to {out}."),
    # --- identifiers (pki/identity.py) -----------------------------------------------------
    "id.mst_shape": ("MST phải có 10 chữ số, hoặc 10 chữ số + '-' + 3 chữ số (chi nhánh)", "an MST has 10 digits, or 10 digits + '-' + 3 digits (branch)"),
    "id.mst_check": ("chữ số kiểm tra (số thứ 10) của MST không khớp", "the MST check digit (10th digit) does not match"),
    "id.cccd_shape": ("số CCCD phải có 12 chữ số", "a CCCD number has 12 digits"),
    "id.cccd_province": ("3 số đầu của CCCD không phải mã tỉnh/thành", "the first 3 CCCD digits are not a province code"),
    "id.cccd_year": ("năm sinh trong số CCCD ở tương lai", "the birth year in the CCCD number is in the future"),
    "id.cmnd_shape": ("số CMND phải có 9 hoặc 12 chữ số", "a CMND number has 9 or 12 digits"),
    "id.unverified_prefix": ("tiền tố hộ chiếu (HC) chưa thấy trong chứng thư thật nào; giữ nguyên", "passport prefix (HC) not seen in any real certificate; kept as-is"),
    "id.unknown_prefix": ("tiền tố lạ, giữ nguyên để người hỗ trợ đọc", "unknown prefix, kept as-is for a helpdesk to read"),
    "id.why_enterprise": ("có MST 10 số ({identifier}) → doanh nghiệp", "has a 10-digit MST ({identifier}) → an enterprise"),
    "id.why_branch": ("có MST 10 số + 3 số đơn vị phụ thuộc ({identifier}) → chi nhánh", "has a 10-digit MST + 3-digit unit ({identifier}) → a branch"),
    "id.why_citizen": ("có số CCCD ({identifier}) và không có MST → công dân", "has a CCCD number ({identifier}) and no MST → a citizen"),
    "id.why_cmnd": ("có số CMND ({identifier}) và không có MST → công dân", "has a CMND number ({identifier}) and no MST → a citizen"),
    "id.why_invalid": ("có định danh {identifier} nhưng định danh này không hợp lệ (xem dòng định danh) → không xác định được chủ thể", "has the identifier {identifier}, which is not valid (see the identifier line) → the holder cannot be identified"),
    "id.why_ca": ("chứng thư của một CA (tổ chức cung cấp dịch vụ chứng thực)", "a CA's certificate (certification authority)"),
    "id.why_unknown": ("không có UID với MST/CCCD/CMND → không xác định được chủ thể", "no UID with an MST/CCCD/CMND → the holder cannot be identified"),
    # --- certificate summary (pki/decode.py) -----------------------------------------------
    "cert.issuer": ("CA cấp (issuer)", "Issuer"),
    "cert.identifier": ("Định danh", "Identifier"),
    "cert.holder": ("Chủ thể", "Holder"),
    "cert.serial": ("Số hiệu (serial)", "Serial number"),
    "cert.validity": ("Hiệu lực", "Validity"),
    "cert.status": ("Tình trạng", "Status"),
    "cert.status_valid": ("còn hiệu lực, còn {days} ngày (tính tại {at})", "valid, {days} days left (at {at})"),
    "cert.status_expired": ("ĐÃ HẾT HẠN {days} ngày (tính tại {at})", "EXPIRED {days} days ago (at {at})"),
    "cert.status_not_yet_valid": ("CHƯA CÓ HIỆU LỰC (tính tại {at})", "NOT VALID YET (at {at})"),
    "cert.key": ("Khóa công khai", "Public key"),
    "cert.signature_algorithm": ("Thuật toán chữ ký", "Signature algorithm"),
    "cert.is_ca": ("Là CA?", "Is a CA?"),
    "cert.ca_yes": ("có — chứng thư của CA (pathLen {path}), không dùng để ký hồ sơ", "yes — a CA certificate (pathLen {path}), not for signing documents"),
    "cert.ca_no": ("không — chứng thư thuê bao (end-entity)", "no — a subscriber (end-entity) certificate"),
    "cert.key_usage": ("Mục đích khóa (key usage)", "Key usage"),
    "cert.eku": ("Mục đích mở rộng (EKU)", "Extended key usage"),
    "cert.policy": ("Chính sách (policy)", "Policy"),
    "cert.warning": ("⚠ Cảnh báo", "⚠ Warning"),
    "cert.warn_sha1": ("chữ ký dùng SHA-1, nay không còn an toàn; cổng sẽ từ chối", "signed with SHA-1, no longer safe; the portal will refuse it"),
    "cert.warn_rsa_small": ("khóa RSA dưới 2048 bit, quá ngắn theo chuẩn hiện nay", "RSA key under 2048 bits, too short by today's standards"),
    "cert.warn_expired": ("chứng thư đã hết hạn: liên hệ CA để gia hạn", "the certificate has expired: ask the CA to renew it"),
    "cert.warn_not_yet_valid": ("chứng thư chưa đến ngày hiệu lực: kiểm tra đồng hồ máy tính", "the certificate is not valid yet: check the computer's clock"),
    "cert.warn_expires_soon": ("chứng thư hết hạn trong chưa đầy 30 ngày: gia hạn ngay", "the certificate expires in under 30 days: renew it now"),
    "cert.warn_no_eku": ("không có EKU (một số CA không ghi; cổng vẫn có thể chấp nhận)", "no EKU (some CAs omit it; the portal may still accept it)"),
    "cert.warn_no_signing": ("không có digitalSignature/nonRepudiation: không dùng để ký được", "no digitalSignature/nonRepudiation: cannot be used to sign"),
    "cert.warn_no_identifier": ("không có UID với MST/CCCD: cổng không biết bạn là ai", "no UID with an MST/CCCD: the portal cannot tell who you are"),
    "cert.warn_bad_identifier": ("định danh trong UID không hợp lệ", "the identifier in the UID is not valid"),
    # --- verification verdicts (RejectReason) -----------------------------------------------
    "reject.malformed_message": ("Thông điệp sai cấu trúc: {detail}.", "Malformed message: {detail}."),
    "reject.challenge_unknown": ("Cổng không hề phát ra thử thách (challenge) này: có thể đã bị sửa hoặc lấy từ nơi khác. Bấm lại 'Đăng nhập' để nhận thử thách mới.", "The portal never issued this challenge: it was altered or taken from elsewhere. Press 'Log in' again for a new challenge."),
    "reject.challenge_used": ("Thử thách này đã được dùng một lần: đây là một lần phát lại (replay). Mỗi lần đăng nhập cần một thử thách mới.", "This challenge was already used: this is a replay. Every login needs a new challenge."),
    "reject.challenge_expired": ("Thử thách đã hết hạn (quá {minutes} phút). Bấm lại 'Đăng nhập' để nhận thử thách mới.", "The challenge expired (older than {minutes} minutes). Press 'Log in' again for a new one."),
    "reject.challenge_wrong_purpose": ("Thử thách dành cho '{expected}' nhưng được dùng để '{found}'.", "The challenge was issued for '{expected}' but used for '{found}'."),
    "reject.origin_mismatch": ("Chữ ký được làm cho trang '{found}', không phải '{expected}': có thể là trang giả mạo chuyển tiếp (phishing relay).", "The signature was made for '{found}', not '{expected}': possibly a phishing site relaying the challenge."),
    "reject.cms_malformed": ("Không đọc được gói chữ ký CMS: {detail}.", "The CMS signature package cannot be read: {detail}."),
    "reject.content_digest_mismatch": ("Dữ liệu đã bị thay đổi sau khi ký: giá trị băm (messageDigest) không khớp.", "The data changed after signing: the hash (messageDigest) does not match."),
    "reject.bad_signature": ("Chữ ký không hợp lệ với khóa công khai trong chứng thư số.", "The signature does not verify with the certificate's public key."),
    "reject.cert_altered": ("Chữ ký của CA trên chứng thư không khớp: chứng thư đã bị sửa sau khi CA cấp.", "The CA's signature on the certificate does not match: the certificate was altered after it was issued."),
    "reject.cert_unreadable": ("Không đọc được chứng thư số: {detail}. (mã plugin 8)", "The certificate cannot be read: {detail}. (plugin code 8)"),
    "reject.cert_expired": ("Chứng thư số đã hết hạn từ {when}. Liên hệ CA để gia hạn. (mã plugin 2)", "The certificate expired on {when}. Ask your CA to renew it. (plugin code 2)"),
    "reject.cert_not_yet_valid": ("Chứng thư số chưa có hiệu lực (từ {when}). Kiểm tra đồng hồ máy tính. (mã plugin 3)", "The certificate is not valid until {when}. Check the computer's clock. (plugin code 3)"),
    "reject.cert_revoked": ("Chứng thư số đã bị thu hồi ngày {when} (lý do: {why}). Liên hệ CA để được cấp chứng thư mới. (mã plugin 4)", "The certificate was revoked on {when} (reason: {why}). Ask your CA for a new one. (plugin code 4)"),
    "reject.revocation_unknown": ("Không kiểm tra được tình trạng thu hồi (CRL/OCSP không trả lời). Thử lại sau. (mã plugin 6)", "The revocation status could not be checked (no CRL/OCSP answer). Try again later. (plugin code 6)"),
    "reject.untrusted_root": ("Chứng thư không do CA tin cậy cấp (bên cấp: {issuer}). (mã plugin 7)", "The certificate was not issued by a trusted CA (issuer: {issuer}). (plugin code 7)"),
    "reject.lookalike_issuer": ("CA GIẢ MẠO: bên cấp mang đúng tên '{issuer}' của một CA tin cậy nhưng khóa khác — chữ ký không khớp. (mã plugin 7)", "LOOK-ALIKE CA: the issuer copies the name '{issuer}' of a trusted CA but has another key — the signature does not match. (plugin code 7)"),
    "reject.ca_as_leaf": ("Đây là chứng thư của một CA, không phải của thuê bao: không dùng để đăng nhập.", "This is a CA certificate, not a subscriber's: it cannot be used to log in."),
    "reject.key_usage_missing": ("Chứng thư không cho phép ký (thiếu digitalSignature và nonRepudiation).", "The certificate does not allow signing (no digitalSignature or nonRepudiation)."),
    "reject.legacy_algorithm": ("Thuật toán cũ không còn được chấp nhận: {detail}. Liên hệ CA để đổi chứng thư mới.", "Legacy algorithm no longer accepted: {detail}. Ask your CA for a new certificate."),
    "reject.identifier_missing": ("Chứng thư không có định danh MST/CCCD trong UID.", "The certificate has no MST/CCCD identifier in its UID."),
    "reject.identifier_invalid": ("Định danh '{identifier}' không hợp lệ.", "The identifier '{identifier}' is not valid."),
    "reject.email_invalid": ("Địa chỉ thư điện tử '{email}' không hợp lệ.", "The e-mail address '{email}' is not valid."),
    "reject.captcha_wrong": ("Mã xác thực (captcha) không đúng.", "The verification code (captcha) is wrong."),
    "reject.captcha_used": ("Mã xác thực đã được dùng; hãy lấy mã mới.", "That verification code was already used; get a new one."),
    "reject.already_registered": ("Định danh {identifier} đã có tài khoản: hãy đăng nhập.", "{identifier} already has an account: log in instead."),
    "reject.account_unknown": ("Chưa có tài khoản cho {identifier}: hãy đăng ký trước.", "There is no account for {identifier}: register first."),
    "reject.identifier_mismatch": ("Chứng thư mang định danh {found}, không phải {expected} của tài khoản.", "The certificate carries {found}, not the account's {expected}."),
    # --- the portal's checks, in code order ------------------------------------------------------
    "check.shape": ("Thông điệp đúng cấu trúc (JSON, đủ trường, không quá lớn)", "Message shape (JSON, the right fields, not too big)"),
    "check.challenge": ("Thử thách do cổng phát, chưa dùng, còn hạn, đúng mục đích", "Challenge issued here, unused, unexpired, right purpose"),
    "check.origin": ("Đúng trang web (origin), cả phần được ký", "Right web origin, the signed one too"),
    "check.cms": ("Chữ ký CMS hợp lệ, dữ liệu không bị sửa", "CMS signature valid, data unchanged"),
    "check.chain": ("Chứng thư: chuỗi lên gốc tin cậy, còn hạn, thuật toán an toàn", "Certificate: chain to a trusted root, in validity, safe algorithms"),
    "check.usage": ("Chứng thư được phép ký (key usage)", "Certificate may sign (key usage)"),
    "check.revocation": ("Chưa bị thu hồi (hỏi OCSP, dự phòng CRL)", "Not revoked (OCSP, CRL as fallback)"),
    "check.identifier": ("Có định danh MST/CCCD hợp lệ trong UID", "A valid MST/CCCD identifier in the UID"),
    "check.email": ("Địa chỉ e-mail hợp lệ", "Valid e-mail address"),
    "check.captcha": ("Mã xác thực đúng, dùng một lần", "Captcha right, single use"),
    "check.new_account": ("Định danh chưa có tài khoản", "No account yet for this identifier"),
    "check.account": ("Đã có tài khoản, đúng định danh", "Account exists, same identifier"),
    "check.ok": ("đạt", "passed"),
    "check.failed": ("KHÔNG ĐẠT", "FAILED"),
    "check.not_reached": ("chưa tới", "not reached"),
    # --- signing plugin ----------------------------------------------------------------------
    "plugin.error": ("Plugin ký số báo lỗi: {detail}", "The signing plugin failed: {detail}"),
    "plugin.cancelled": ("Bạn đã đóng hộp thoại ({dialog}): không có gì được ký.", "You closed the dialog ({dialog}): nothing was signed."),
    "plugin.no_certificate": (
        "Token '{label}' không có chứng thư nào dùng để ký được lúc này: plugin đã ẩn {count} chứng thư ({why}). Liên hệ CA hoặc cắm đúng token.",
        "Token '{label}' holds no certificate that may sign now: the plugin hid {count} ({why}). Contact your CA or plug in the right token.",
    ),
    "hidden.cert_expired": ("chứng thư đã hết hạn — mã plugin 2", "the certificate has expired — plugin code 2"),
    "hidden.cert_not_yet_valid": ("chứng thư chưa có hiệu lực — mã plugin 3", "the certificate is not valid yet — plugin code 3"),
    "hidden.ca_as_leaf": ("đó là chứng thư của CA", "it is a CA certificate"),
    "hidden.key_usage_missing": ("chứng thư không có quyền ký", "the certificate may not sign"),
    "hidden.untrusted_root": ("CA cấp không có trong danh sách tin cậy — mã plugin 7", "its CA is not in the trusted list — plugin code 7"),
    "hidden.none": ("token không có chứng thư nào", "the token holds no certificate"),
    "plugin.unknown_function": ("Plugin không có chức năng '{name}'.", "The plugin has no function '{name}'."),
    "plugin.bad_format": ("Định dạng ký '{name}' không được hỗ trợ (dùng 'cmsdetached' hoặc 'raw').", "Signing format '{name}' is not supported (use 'cmsdetached' or 'raw')."),
    "plugin.not_on_token": ("Chứng thư số hiệu {serial} không còn trên token.", "The certificate with serial {serial} is no longer on the token."),
    # --- widgets ---------------------------------------------------------------------------
    "widget.pin_title": ("Nhập mã PIN của token '{label}'", "Enter the PIN of token '{label}'"),
    "widget.pin_placeholder": ("Mã PIN", "PIN"),
    "widget.pin_empty": ("Chưa nhập mã PIN: ô đang trống. Gõ mã PIN rồi bấm nút (hoặc Enter).", "No PIN entered: the box is empty. Type the PIN, then press the button (or Enter)."),
    "widget.pin_login": ("Đăng nhập token", "Log in to the token"),
    "widget.pin_ok": (
        "Đăng nhập token thành công (C_Login trả về CKR_OK); token có {count} chứng thư số.",
        "Logged in to the token (C_Login returned CKR_OK); it holds {count} certificate(s).",
    ),
    # --- PKCS#11 token flags (PKCS#11 v2.40 §3.2, CK_TOKEN_INFO) -----------------------
    "flag.CKF_RNG": ("có bộ sinh số ngẫu nhiên riêng", "has its own random number generator"),
    "flag.CKF_WRITE_PROTECTED": ("chống ghi: không tạo hay sửa đối tượng được", "write-protected: objects cannot be created or changed"),
    "flag.CKF_LOGIN_REQUIRED": ("phải đăng nhập bằng mã PIN trước khi ký", "a PIN login is required before signing"),
    "flag.CKF_USER_PIN_INITIALIZED": ("mã PIN người dùng đã được đặt", "the user PIN has been set"),
    "flag.CKF_RESTORE_KEY_NOT_NEEDED": ("khôi phục phiên không cần khóa riêng", "restoring a session needs no separate key"),
    "flag.CKF_CLOCK_ON_TOKEN": ("token có đồng hồ riêng", "the token has its own clock"),
    "flag.CKF_PROTECTED_AUTHENTICATION_PATH": ("nhập PIN trên thiết bị (bàn phím/vân tay), không qua máy tính", "the PIN is entered on the device itself, not on the computer"),
    "flag.CKF_DUAL_CRYPTO_OPERATIONS": ("làm được hai phép mã hóa cùng lúc", "can run two crypto operations at once"),
    "flag.CKF_TOKEN_INITIALIZED": ("token đã được khởi tạo (có nhãn, có SO PIN)", "the token is initialised (has a label and an SO PIN)"),
    "flag.CKF_SECONDARY_AUTHENTICATION": ("có xác thực phụ cho từng khóa", "has secondary authentication per key"),
    "flag.CKF_USER_PIN_COUNT_LOW": ("đã có lần nhập sai mã PIN gần đây", "a wrong user PIN was entered recently"),
    "flag.CKF_USER_PIN_FINAL_TRY": ("chỉ còn MỘT lần thử mã PIN", "only ONE PIN try is left"),
    "flag.CKF_USER_PIN_LOCKED": ("mã PIN người dùng đã bị khóa", "the user PIN is locked"),
    "flag.CKF_USER_PIN_TO_BE_CHANGED": ("phải đổi mã PIN mặc định", "the default PIN must be changed"),
    "flag.CKF_SO_PIN_COUNT_LOW": ("đã có lần nhập sai SO PIN gần đây", "a wrong SO PIN was entered recently"),
    "flag.CKF_SO_PIN_FINAL_TRY": ("chỉ còn MỘT lần thử SO PIN", "only ONE SO PIN try is left"),
    "flag.CKF_SO_PIN_LOCKED": ("SO PIN bị khóa (ở khe trống của SoftHSM: nghĩa là CHƯA khởi tạo, không phải bị khóa)", "the SO PIN is locked (on SoftHSM's spare slot: it means NOT initialised, not locked)"),
    "flag.CKF_SO_PIN_TO_BE_CHANGED": ("phải đặt SO PIN (khe chưa khởi tạo)", "the SO PIN must be set (slot not initialised)"),
    "flag.CKF_ERROR_STATE": ("token báo lỗi phần cứng/tự kiểm tra", "the token reports a hardware / self-test failure"),
}
