"""Signing a dossier (hồ sơ): the practice form, what the validator found, the terminal's
``dvcedu dossier``."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the practice form (a PDF, Vietnamese only: it is a Vietnamese document)
    "dossier.form_nation": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "dossier.form_motto": ("Độc lập – Tự do – Hạnh phúc", "Independence – Freedom – Happiness"),
    "dossier.form_title": ("ĐƠN ĐỀ NGHỊ", "REQUEST"),
    "dossier.form_subtitle": ("(hồ sơ luyện tập của khóa học dvcedu — không có giá trị pháp lý)", "(a practice dossier of the dvcedu course — no legal value)"),
    "dossier.field_organisation": ("Tên doanh nghiệp", "Enterprise"),
    "dossier.field_mst": ("Mã số thuế", "Tax code (MST)"),
    "dossier.field_request": ("Nội dung đề nghị", "Request"),
    "dossier.form_date": ("{place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}", "{place}, {day:%d %B %Y}"),
    "dossier.form_signer": ("NGƯỜI ĐẠI DIỆN THEO PHÁP LUẬT", "LEGAL REPRESENTATIVE"),
    "dossier.form_signer_note": ("(ký số bằng USB token)", "(signed digitally with the USB token)"),
    "dossier.form_footer": ("ĐÀO TẠO — tài liệu tạo bởi dvcedu, không nộp cho cơ quan nào", "TRAINING — made by dvcedu, not for any authority"),
    "dossier.default_request": ("Cấp bản sao Giấy chứng nhận đăng ký doanh nghiệp (bài tập)", "A copy of the enterprise registration certificate (exercise)"),
    "dossier.default_place": ("Hà Nội", "Hà Nội"),
    "dossier.reason": ("Nộp hồ sơ trên Cổng Dịch vụ công (đào tạo)", "Filing a dossier on the Public Service Portal (training)"),
    "dossier.location": ("Hà Nội, Việt Nam", "Hà Nội, Viet Nam"),
    # errors
    "dossier.not_pdf": ("Tệp này không phải PDF đọc được (có thể là tệp khác đổi đuôi, hoặc tải về chưa hết). Chi tiết: {detail}", "This file is not a readable PDF (perhaps another file renamed, or a download cut short). Detail: {detail}"),
    "dossier.needs_matplotlib": ("Cần matplotlib để vẽ hồ sơ: pip install 'dvcedu[notebook]'.", "matplotlib is needed to draw the dossier: pip install 'dvcedu[notebook]'."),
    "dossier.needs_tool": ("Thiếu chương trình {tool}: cài gói {package} (sudo apt-get install {package}).", "The program {tool} is missing: install the package {package} (sudo apt-get install {package})."),
    "dossier.unreadable_file": ("Không đọc được tệp {path}: {detail}", "Cannot read the file {path}: {detail}"),
    "dossier.output_exists": ("Tệp {path} đã có; chọn tên khác hoặc thêm --force (không ghi đè hồ sơ đã ký).", "{path} exists already; choose another name or add --force (a signed dossier is not overwritten)."),
    # what the validator found, one signature
    "dossier.no_signature": ("Tệp không có chữ ký số nào.", "The file carries no digital signature."),
    "dossier.ok": ("Hợp lệ: chữ ký đúng, tệp không bị sửa sau khi ký, chứng thư tin cậy và còn hiệu lực.", "Valid: the signature is correct, the file was not changed after signing, the certificate is trusted and in force."),
    "dossier.not_intact": ("Tệp đã bị sửa sau khi ký: băm của vùng được ký (ByteRange) không khớp băm trong chữ ký.", "The file was changed after signing: the hash of the signed ranges (ByteRange) does not match the hash in the signature."),
    "dossier.bad_signature": ("Chữ ký không khớp khóa công khai trong chứng thư.", "The signature does not match the certificate's public key."),
    "dossier.untrusted": ("Chứng thư không dẫn về gốc tin cậy, hoặc không có hiệu lực lúc kiểm tra ({why}).", "The certificate does not chain to a trusted root, or is not in force at the time of the check ({why})."),
    "dossier.revoked": ("Chứng thư đã bị thu hồi.", "The certificate has been revoked."),
    "dossier.modified_after": ("Sau chữ ký này, tệp có thay đổi không được phép ({level}).", "After this signature the file was changed in a way not allowed ({level})."),
    # why a certificate was not trusted (pyHanko's AdES sub-indication)
    "dossier.why.EXPIRED": ("chứng thư đã hết hạn", "the certificate has expired"),
    "dossier.why.NOT_YET_VALID": ("chứng thư chưa đến ngày hiệu lực", "the certificate is not valid yet"),
    "dossier.why.NO_CERTIFICATE_CHAIN_FOUND": ("không có chuỗi chứng thư về gốc tin cậy", "no chain of certificates to a trusted root"),
    "dossier.why.TRY_LATER": ("không có thông tin thu hồi (CRL) cho chứng thư", "no revocation information (CRL) for the certificate"),
    "dossier.why.CHAIN_CONSTRAINTS_FAILURE": ("chuỗi chứng thư vi phạm ràng buộc (mục đích sử dụng khóa, ràng buộc tên…)", "the chain breaks a constraint (key usage, name constraints…)"),
    "dossier.why.GENERIC": ("lý do khác", "another reason"),
    "dossier.summary_valid": ("Hồ sơ hợp lệ: {count} chữ ký, tất cả hợp lệ.", "The dossier is valid: {count} signature(s), all valid."),
    "dossier.summary_invalid": ("Hồ sơ KHÔNG hợp lệ.", "The dossier is NOT valid."),
    "dossier.signed": ("Đã ký: {path} ({size} byte; chữ ký thứ {number}, bởi {signer}).", "Signed: {path} ({size} bytes; signature number {number}, by {signer})."),
    "dossier.created": ("Đã tạo hồ sơ: {path} ({organisation}, MST {mst}).", "Dossier created: {path} ({organisation}, MST {mst})."),
    # the ByteRange picture
    "dossier.bytes.signed": ("được ký", "signed"),
    "dossier.bytes.contents": ("/Contents: chữ ký", "/Contents: the signature"),
    "dossier.bytes_caption": ("Tệp {size} byte. Chữ ký phủ mọi byte trừ chỗ trống {hole} byte dành cho chính nó.", "A file of {size} bytes. The signature covers every byte but the {hole}-byte room kept for itself."),
    "dossier.bytes_not_to_scale": ("(Hình không theo tỉ lệ: phần nhỏ được vẽ to hơn để đọc được.)", "(Not to scale: small pieces are drawn wider so they can be read.)"),
    "dossier.bytes_alt": ("Dải byte của tệp: được ký từ {a} đến {b}, chỗ của chữ ký từ {b} đến {c}, được ký từ {c} đến {d} (hết tệp {size}).", "The file's bytes: signed from {a} to {b}, the signature's room from {b} to {c}, signed from {c} to {d} (file ends at {size})."),
    # table headings
    "dossier.col_field": ("Ô chữ ký", "Signature field"),
    "dossier.col_signer": ("Người ký", "Signer"),
    "dossier.col_time": ("Thời điểm ký (tự khai)", "Signing time (as claimed)"),
    "dossier.col_range": ("Vùng được ký (ByteRange)", "Signed ranges (ByteRange)"),
    "dossier.col_verdict": ("Kết luận", "Verdict"),
    # the modification levels pyHanko reports, in words
    "dossier.level.NONE": ("không có gì thêm", "nothing added"),
    "dossier.level.LTA_UPDATES": ("chỉ dữ liệu kiểm tra dài hạn", "only long-term validation data"),
    "dossier.level.FORM_FILLING": ("điền biểu mẫu hoặc thêm chữ ký", "form filling or another signature"),
    "dossier.level.ANNOTATIONS": ("thêm ghi chú", "annotations"),
    "dossier.level.OTHER": ("thay đổi nội dung", "changed content"),
    # CLI help
    "help.dossier": ("Hồ sơ PDF: tạo, ký bằng token, kiểm tra chữ ký", "PDF dossiers: create, sign on the token, verify"),
    "help.dossier_new": ("Tạo hồ sơ luyện tập (PDF) cho doanh nghiệp trên token", "Create a practice dossier (PDF) for the enterprise on the token"),
    "help.dossier_sign": ("Ký hồ sơ PDF bằng token (PAdES), ghi ra tệp mới", "Sign a PDF dossier on the token (PAdES) into a new file"),
    "help.dossier_verify": ("Kiểm tra mọi chữ ký trong hồ sơ PDF (mã thoát 0 chỉ khi hợp lệ)", "Check every signature in a PDF dossier (exit code 0 only when valid)"),
}
