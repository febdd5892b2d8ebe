"""Messages of the signing plugin: its errors and why its picker hides a certificate."""

MESSAGES: dict[str, tuple[str, str]] = {
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
    "licence.invalid": ("Giấy phép (licence) của trang không hợp lệ: chữ ký của nhà cung cấp plugin không khớp.", "The page's licence is not valid: the plugin vendor's signature does not match."),
    "licence.other_domain": ("Giấy phép này cấp cho '{licensed}', không phải cho '{domain}' — trang đang gọi plugin. Plugin từ chối ký cho trang này.", "This licence was issued for '{licensed}', not for '{domain}', the page calling the plugin. The plugin refuses to sign for this page."),
    "licence.missing": ("Trang chưa gửi giấy phép (setLicenseKey) cho tên miền '{domain}': plugin chưa ký cho trang này.", "The page has not sent a licence (setLicenseKey) for '{domain}': the plugin does not sign for it yet."),
    "plugin.domain_mismatch": ("Yêu cầu ghi tên miền '{domain}' nhưng trình duyệt báo trang thuộc {origin}: plugin không tin tên miền do trang tự khai.", "The request says domain '{domain}' but the browser reports the page is from {origin}: the plugin does not trust a domain the page states itself."),
    "plugin.bad_request": ("Yêu cầu gửi plugin không đúng dạng ({detail}).", "The request to the plugin is malformed ({detail})."),
    "plugin.unknown_function": ("Plugin không có chức năng '{name}'.", "The plugin has no function '{name}'."),
    "plugin.bad_format": ("Định dạng ký '{name}' không được hỗ trợ (dùng 'cmsdetached', 'pdf' hoặc 'raw').", "Signing format '{name}' is not supported (use 'cmsdetached', 'pdf' or 'raw')."),
    "plugin.not_simulated": ("Plugin luyện tập của dvcedu không mô phỏng chức năng '{name}' (mã {id}) của VNPT-CA Plugin: không có gì được làm.", "dvcedu's practice plugin does not simulate VNPT-CA Plugin's function '{name}' (id {id}): nothing was done."),
    "plugin.serial_unknown": ("Trên token không có chứng thư nào dùng để ký được với số hiệu '{serial}' mà trang gửi.", "No certificate that may sign on the token has the serial '{serial}' the page sent."),
    "plugin.busy": ("Cửa sổ của plugin đang bận với một yêu cầu của {origin}; chờ {seconds} giây chưa xong. Đóng hộp thoại đó (hoặc chờ) rồi thử lại.", "The plugin's window is busy with a request from {origin}; it did not end within {seconds} s. Close that dialog (or wait), then try again."),
    "plugin.no_answer": ("Không ai trả lời cửa sổ của plugin trong {seconds} giây: không có gì được ký. Cửa sổ plugin có mở không? Mở {url} rồi thử lại.", "Nobody answered the plugin's window within {seconds} s: nothing was signed. Is the plugin's window open? Open {url} and try again."),
    "plugin.too_big": ("Yêu cầu gửi plugin quá lớn ({size} byte; tối đa {limit}): plugin không đọc và đóng kết nối.", "The request to the plugin is too big ({size} bytes; at most {limit}): the plugin does not read it and closes the connection."),
    "plugin.not_on_token": ("Chứng thư số hiệu {serial} không còn trên token.", "The certificate with serial {serial} is no longer on the token."),
}
