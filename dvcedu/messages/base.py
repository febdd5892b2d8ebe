"""Messages every layer may use: results, configuration and data files, parse errors."""

MESSAGES: dict[str, tuple[str, str]] = {
    "error.generic": ("Lỗi: {detail}", "Error: {detail}"),
    "ok": ("ĐẠT", "OK"),
    "fail": ("LỖI", "FAIL"),
    "simulated": ("mô phỏng", "simulated"),
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
}
