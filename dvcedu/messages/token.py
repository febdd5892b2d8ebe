"""Messages of the token layer: PKCS#11 modules, tokens, PINs, objects, flags, mechanisms."""

MESSAGES: dict[str, tuple[str, str]] = {
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
    "token.not_present_real": (
        "Không thấy token có nhãn '{label}' qua mô-đun {module}. Token đang có: {present}. Hãy cắm đúng token (USB) và kiểm tra nhãn bằng 'dvcedu token list --module {module}'.",
        "No token labelled '{label}' through the module {module}. Tokens present: {present}. Plug the right USB token in and check its label with 'dvcedu token list --module {module}'.",
    ),
    "token.not_present": (
        "Không thấy token có nhãn '{label}'. Token đang có: {present}. Hãy cắm token (USB) hoặc "
        "tạo token đào tạo bằng 'dvcedu token init'.",
        "No token labelled '{label}'. Tokens present: {present}. Plug the USB token in, or "
        "create the training token with 'dvcedu token init'.",
    ),
    "token.module_reloaded": ("Phiên làm việc với token đã kết thúc vì mô-đun PKCS#11 vừa được nạp lại ({code}): mở lại token (nhập PIN lại).", "The session with the token ended because the PKCS#11 module was just reloaded ({code}): open the token again (type the PIN again)."),
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
        "Wrong PIN. The token reports {left} {left|try|tries} left before it locks.",
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
        "Cần mã PIN để xác thực trên token (thêm --pin).",
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
        "PIN counter (simulated): {failures}/{max} wrong, {left} {left|try|tries} left",
    ),
    "token.objects": ("Đối tượng trên token:", "Objects on the token:"),
    "token.validity": ("hiệu lực", "validity"),
    "token.refused": ("None — token từ chối tiết lộ (khóa bí mật không rời token)",
                      "None — the token refuses to reveal it (the private key never leaves)"),
    "token.unlocked": (
        "Đã mở khóa mã PIN của token '{label}'.",
        "The PIN of token '{label}' is unlocked.",
    ),
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
    "module.note.install_path": ("đường dẫn cài đặt thấy trong một tập lệnh", "install path seen in one script"),
    "module.note.no_linux": ("chưa tìm thấy tên mô-đun Linux công khai", "no public Linux module name found"),
    "module.note.elf32": ("tệp ELF 32-bit", "32-bit ELF"),
    "module.note.opensc": ("trình điều khiển thẻ thông minh chung; đọc được một số token", "generic smart-card driver; reads some tokens"),
    "module.note.training": ("token đào tạo", "the training token"),
    "module.note.opencryptoki": ("không có CKM_SHA256_RSA_PKCS: máy tính băm; không có ECDSA", "no CKM_SHA256_RSA_PKCS: the host hashes; no ECDSA"),
    "mechanism.digest": ("Không hỗ trợ hàm băm '{name}'; dùng một trong: {known}.", "The hash '{name}' is not supported; use one of: {known}."),
    "mechanism.key_type": ("Khóa trên token là khóa {key_type}; dvcedu chỉ ký bằng khóa RSA hoặc EC (ECDSA).", "The key on the token is a {key_type} key; dvcedu signs with RSA or EC (ECDSA) keys only."),
    "mechanism.none": ("Token không có cơ chế ký nào dùng được cho khóa {key_type} {bits} bit: cần {wanted} hoặc {bare} (có CKF_SIGN). Token có: {offered}.", "The token offers no usable signing mechanism for a {bits}-bit {key_type} key: {wanted} or {bare} (with CKF_SIGN) is needed. It offers: {offered}."),
    "mechanism.why_on_token": ("dữ liệu đưa vào token để ký ({mechanism}: token tự băm rồi ký)", "bytes given to the token to sign ({mechanism}: the token hashes and signs)"),
    "mechanism.why_on_host": ("DigestInfo băm {digest} trên máy tính, đưa vào token để ký ({mechanism}): token không có CKM_{digest}_RSA_PKCS", "a DigestInfo hashed ({digest}) on this computer, given to the token to sign ({mechanism}): the token has no CKM_{digest}_RSA_PKCS"),
    "mechanism.why_ecdsa_on_host": ("giá trị băm {digest} tính trên máy tính, đưa vào token để ký ({mechanism}): token không có CKM_ECDSA_{digest}", "a {digest} hash made on this computer, given to the token to sign ({mechanism}): the token has no CKM_ECDSA_{digest}"),
}
