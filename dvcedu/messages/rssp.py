"""Remote signing (ký số từ xa): the training remote-signing service on the CSC API and the
phone page where the signer approves."""

MESSAGES: dict[str, tuple[str, str]] = {
    "rssp.description": ("Dịch vụ ký số từ xa đào tạo của dvcedu — không phải dịch vụ thật", "dvcedu's training remote-signing service — not a real one"),
    "rssp.bad_request": ("Yêu cầu gửi dịch vụ ký số từ xa không đúng dạng ({value}).", "The request to the remote-signing service is malformed ({value})."),
    "rssp.unauthorised": ("Thiếu hoặc sai mã truy cập: hãy gọi auth/login trước.", "Missing or wrong access token: call auth/login first."),
    "rssp.unknown_credential": ("Không có chứng thư \"{value}\" trên dịch vụ ký số từ xa.", "There is no credential \"{value}\" on the remote-signing service."),
    "rssp.hash_shape": ("Giá trị băm \"{value}\" không phải base64 của một giá trị băm SHA-256 (32 byte).", "The hash \"{value}\" is not the base64 of a SHA-256 hash (32 bytes)."),
    "rssp.hash_required": ("Dịch vụ này (SCAL 2) chỉ cấp SAD cho những giá trị băm đã nêu trước: hãy gửi kèm giá trị băm cần ký.", "This service (SCAL 2) grants a SAD only for hashes named in advance: send the hashes to sign."),
    "rssp.too_many": ("Một lần xác nhận chỉ cho tối đa {value} chữ ký.", "One approval allows at most {value} signatures."),
    "rssp.refused": ("Người ký đã từ chối trên điện thoại: không có chữ ký nào.", "The signer refused on the phone: nothing was signed."),
    "rssp.approval_expired": ("Người ký không xác nhận trên điện thoại kịp thời ({value} giây): hãy yêu cầu lại.", "The signer did not approve on the phone in time ({value} seconds): ask again."),
    "rssp.wrong_otp": ("Mã xác nhận trên điện thoại không đúng.", "The code typed on the phone is wrong."),
    "rssp.already_answered": ("Yêu cầu này đã được trả lời trên điện thoại.", "This request was already answered on the phone."),
    "rssp.unknown_request": ("Không có yêu cầu ký nào như vậy (\"{value}\").", "There is no such signing request (\"{value}\")."),
    "rssp.sad_unknown": ("SAD không hợp lệ: dịch vụ không cấp SAD này.", "Invalid SAD: this service did not grant it."),
    "rssp.sad_expired": ("SAD đã hết hạn: mỗi SAD chỉ sống {value} giây.", "The SAD has expired: a SAD lives {value} seconds."),
    "rssp.sad_used": ("SAD đã được dùng: mỗi SAD chỉ ký một lần.", "The SAD was already used: each SAD signs once."),
    "rssp.sad_other_hash": ("SAD được cấp cho giá trị băm khác: nó không ký được \"{value}\".", "The SAD was granted for other hashes: it cannot sign \"{value}\"."),
    "rssp.sad_other_credential": ("SAD được cấp cho một chứng thư khác.", "The SAD was granted for another credential."),
    "rssp.algorithm": ("Thuật toán \"{value}\" không được hỗ trợ: chỉ SHA-256 với RSA (PKCS#1 v1.5).", "The algorithm \"{value}\" is not supported: only SHA-256 with RSA (PKCS#1 v1.5)."),
    # the phone (the CA's app, simulated)
    "rssp.phone_title": ("Ứng dụng ký số từ xa (mô phỏng) — giao dịch chờ xác nhận", "Remote-signing app (simulated) — transactions waiting"),
    "rssp.phone_none": ("Không có giao dịch nào đang chờ.", "No transaction is waiting."),
    "rssp.phone_request": ("{client} đề nghị ký {count} giá trị băm bằng chứng thư {credential}: {description}", "{client} asks to sign {count} {count|hash|hashes} with the credential {credential}: {description}"),
    "rssp.phone_hash": ("Giá trị băm (SHA-256) sẽ được ký", "The hash (SHA-256) to be signed"),
    "rssp.phone_otp": ("Mã xác nhận (đào tạo: {otp})", "Approval code (training: {otp})"),
    "rssp.phone_approve": ("Xác nhận ký", "Approve and sign"),
    "rssp.phone_refuse": ("Từ chối", "Refuse"),
    "rssp.phone_done_approved": ("Đã xác nhận: dịch vụ cấp SAD cho đúng giá trị băm này.", "Approved: the service grants a SAD for this very hash."),
    "rssp.phone_done_refused": ("Đã từ chối.", "Refused."),
    "rssp.phone_note": ("Ứng dụng thật (VNPT SmartCA, Viettel MySign) được cho là hiện giao dịch và hỏi mã PIN hoặc sinh trắc học [chưa xác nhận]; bản mô phỏng hỏi một mã đào tạo cố định.", "The real apps (VNPT SmartCA, Viettel MySign) are said to show the transaction and ask for a PIN or biometrics [unconfirmed]; the simulation asks for a fixed training code."),
}
