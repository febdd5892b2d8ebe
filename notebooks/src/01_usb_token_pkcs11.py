# %% [markdown]
# # 01 — USB token và PKCS#11
#
# *USB tokens and PKCS#11: the language every signing plugin speaks to a token.*
#
# Ở bước 2 của hướng dẫn gốc, trình duyệt "kiểm tra các thành phần cần thiết" rồi "tải trước
# thông tin chứng thư số" từ USB token. Phía sau câu đó là **PKCS#11** — chuẩn chung để phần
# mềm nói chuyện với token. Plugin ký số của cổng, phần mềm khai thuế, hay OpenSC đều dùng nó.
# Trong notebook này bạn nói chuyện trực tiếp với token bằng PKCS#11.
#
# Bạn sẽ: tìm [mô-đun PKCS#11](glossary.md#mo-dun-pkcs-11) → thấy [khe](glossary.md#khe) (slot) và token → mở [phiên](glossary.md#phien-lam-viec) (session) → đăng nhập bằng
# mã PIN → xem các [đối tượng](glossary.md#doi-tuong) (object) trên token → thấy khóa bí mật **từ chối** rời token → ký
# vài byte ngay trên token → nhập sai PIN đến khi token bị khóa, rồi mở khóa bằng SO PIN.

# %% [markdown]
# > **Câu hỏi** (*questions*): Plugin ký số nói gì với USB token? Vì sao khóa bí mật không bao giờ rời token?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - đi từ mô-đun PKCS#11 → khe → token → phiên → đối tượng;
# > - đọc chứng thư trên token mà không cần mã PIN;
# > - thấy token từ chối cho đọc khóa bí mật;
# > - gây ra, đọc và mở khóa một mã PIN bị khóa.
# >
# > **Thời gian**: dạy 20 phút · bài tập 10 phút (buổi học 3 giờ, xem [README](README.md)).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Cho **cả lớp tự khóa token của mình** ở mục 6 rồi tự mở khóa bằng SO PIN: đây là sự cố
# học viên sẽ gặp ngoài đời. Nhấn mạnh token thật chỉ CA mở khóa được. Nếu một máy báo "không
# tìm thấy token", chạy lại ô chuẩn bị (mỗi notebook tự tạo token riêng).
#
# </details>

# %%
# Chuẩn bị (setup): token đào tạo riêng của notebook này, nhãn DVCEDU-NB01, tạo mới mỗi lần
# chạy trong thư mục dvcedu của bạn. Lệnh `dvcedu token … --label DVCEDU-NB01` trong terminal
# tác động đúng token này; token DVCEDU-TRAINING của bạn (make lab) không bị đụng tới.
from dvcedu import lab
from dvcedu.token import TRAINING_PIN as PIN  # mã PIN đào tạo; không bao giờ in ra màn hình
from dvcedu.viz import Table

training = lab.start("enterprise", notebook="01")

# %% [markdown]
# ## 1. Năm tầng của PKCS#11
#
# | Tầng (PKCS#11) | Tiếng Việt | Ví dụ trên máy bạn |
# |---|---|---|
# | module (mô-đun, thư viện `.so`/`.dll`) | trình điều khiển token do CA cung cấp | `libsofthsm2.so`, `vnpt-ca_csp11.dll` |
# | slot (khe) | chỗ cắm token | mỗi cổng USB / mỗi token SoftHSM2 |
# | token | thẻ thông minh bên trong USB | nhãn `DVCEDU-NB01` (notebook này), `DVCEDU-TRAINING` (của bạn) |
# | session (phiên làm việc) | một lần "mở" token | mở → đăng nhập → ký → đóng |
# | object (đối tượng) | những gì token giữ | chứng thư số, khóa công khai, khóa bí mật |
#
# Đầu tiên là **mô-đun**: dvcedu tìm theo thứ tự tham số → `DVCEDU_PKCS11_MODULE` →
# `PYKCS11LIB` → SoftHSM2 → mô-đun token của các CA Việt Nam.

# %%
from dvcedu.token import find_module

module = find_module()
print("Mô-đun PKCS#11:", module.path.name, "— tìm thấy nhờ:", module.source)

# %% [markdown]
# ## 2. Khe và token
#
# Token được tìm **theo nhãn** (label), không bao giờ theo số thứ tự khe: SoftHSM2 đánh số lại
# khe khi tạo token, và nó **luôn giữ sẵn một khe trống** chưa khởi tạo để tạo token mới. Khe
# trống đó báo cờ `CKF_SO_PIN_LOCKED` — ở đây nghĩa là "chưa khởi tạo", **không phải** token bị
# khóa.

#
# Bảng dưới chỉ lấy token của notebook này và khe trống; lệnh `dvcedu token list` trong
# terminal liệt kê **mọi** token trong thư mục dvcedu của bạn (mỗi notebook một token).

# %%
from dvcedu.token import list_tokens

Table.of(
    ["Nhãn (label)", "Đã khởi tạo?", "Nhà sản xuất", "Mẫu (model)"],
    [[info.label or "(khe trống)", "có" if info.initialized else "chưa",
      info.manufacturer, info.model] for info in list_tokens()
     if info.label in (training.label, "")],
)

# %% [markdown]
# Thông tin token (`C_GetTokenInfo`) có một dãy **cờ** (flags). Mỗi cờ kể một điều về token:

# %%
from dvcedu.token import open_token

with open_token(training.label) as token:
    info = token.info
Table.of(["Cờ (flag)", "Ý nghĩa"], [[f.name, f.meaning()] for f in info.flags])

# %% [markdown]
# `CKF_LOGIN_REQUIRED`: muốn ký phải đăng nhập bằng mã PIN. `CKF_USER_PIN_INITIALIZED`: mã PIN
# người dùng đã được đặt (khi CA giao token, hoặc lúc bạn chạy `dvcedu token init`).

# %% [markdown]
# ## 3. Đăng nhập bằng mã PIN và xem các đối tượng
#
# Trước khi đăng nhập, token chỉ cho xem đối tượng **công khai** (chứng thư số, khóa công khai).
# Đây là lý do plugin ký số hiện được danh sách chứng thư *trước* khi hỏi PIN.

# %%
with open_token(training.label) as token:
    before = [o.kind for o in token.objects()]
with open_token(training.label, pin=PIN) as token:
    after = [(o.kind, o.label, o.id.hex()[:16] + "…") for o in token.objects()]

print("Trước khi đăng nhập (before C_Login):", sorted(before))
Table.of(["Đối tượng (object)", "CKA_LABEL", "CKA_ID"], sorted(after), mono=[2])

# %% [markdown]
# Ba đối tượng dùng **cùng `CKA_ID`**: đó là cách token (và plugin) biết khóa bí mật nào đi với
# chứng thư nào. dvcedu dùng *Subject Key Identifier* của chứng thư làm `CKA_ID`.

# %% [markdown]
# ## 4. Khóa bí mật không rời token
#
# Thử đọc các thuộc tính (attributes) của khóa bí mật, kể cả số mũ bí mật
# `CKA_PRIVATE_EXPONENT` — phần quan trọng nhất của khóa RSA:

# %%
with open_token(training.label, pin=PIN) as token:
    key = token.private_key()
    attrs = key.attributes(["CKA_SENSITIVE", "CKA_EXTRACTABLE", "CKA_ALWAYS_SENSITIVE",
                            "CKA_NEVER_EXTRACTABLE", "CKA_PRIVATE_EXPONENT"])
for name, value in attrs.items():
    print(f"{name:24} {value}")

# %% [markdown]
# `CKA_PRIVATE_EXPONENT` là **`None`**: token từ chối trả lời. Khóa bị đánh dấu nhạy cảm
# (`CKA_SENSITIVE = True`) và không xuất được (`CKA_EXTRACTABLE = False`). Không có lệnh nào
# lấy được khóa bí mật ra khỏi token — muốn ký, bạn phải **đưa dữ liệu vào** token.
#
# Để ý hai dòng `False`: `CKA_ALWAYS_SENSITIVE` và `CKA_NEVER_EXTRACTABLE`. Token nhớ rằng khóa
# này được **nhập vào** (imported) — nó từng tồn tại bên ngoài (ở đây: tệp khóa mẫu của khóa
# học, để chữ ký giống nhau mỗi lần chạy). Khi CA cấp token thật, khóa thường được **sinh ngay
# trên token**:

# %%
lab.provision("citizen", label="NB01-SINH-TREN-TOKEN", generate_on_token=True,
              force=True)
with open_token("NB01-SINH-TREN-TOKEN", pin=PIN) as token:
    born_here = token.private_key().attributes(["CKA_ALWAYS_SENSITIVE",
                                                "CKA_NEVER_EXTRACTABLE"])
print(born_here)

# %% [markdown]
# Khóa sinh trên token: `CKA_NEVER_EXTRACTABLE = True` — nó **chưa bao giờ** rời token. Token
# tự ký một yêu cầu cấp chứng thư (PKCS#10), CA đào tạo cấp chứng thư và ghi nó về token cạnh
# khóa. [Notebook 02](02_chung_thu_so.ipynb) kể chi tiết bước này.

# %% [markdown]
# ## 5. Ký vài byte ngay trên token
#
# Cơ chế `CKM_SHA256_RSA_PKCS`: token tự băm SHA-256 rồi ký RSA (PKCS#1 v1.5) bên trong. Ta
# kiểm tra chữ ký bằng **khóa công khai trong chứng thư số**, với thư viện `cryptography`, hoàn
# toàn ngoài token.

# %%
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

data = "Xin chào Cổng DVCQG".encode("utf-8")
with open_token(training.label, pin=PIN) as token:
    key = token.private_key()
    signature = key.sign(data, mechanism="SHA256_RSA_PKCS")
    certificate = token.certificate(id=key.id).x509()

print("Dữ liệu:", len(data), "byte; chữ ký:", len(signature), "byte (RSA-2048)")
print("16 byte đầu của chữ ký:", signature[:16].hex(" "))
certificate.public_key().verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
print("Kiểm tra bằng khóa công khai của chứng thư: HỢP LỆ (valid)")

# %% [markdown]
# Chữ ký RSA PKCS#1 v1.5 là **tất định** (deterministic): cùng khóa, cùng dữ liệu thì cùng
# chữ ký. Vì thế byte bạn thấy ở trên giống hệt byte trong máy của mọi học viên khác. Đổi một
# byte của dữ liệu, chữ ký không còn khớp:

# %% tags=["raises-exception"]
certificate.public_key().verify(signature, "Xin chào Cổng DVCQG!".encode(), padding.PKCS1v15(),
                                hashes.SHA256())

# %% [markdown]
# `InvalidSignature`: chữ ký không khớp với dữ liệu đã bị sửa. Notebook 03 mở chữ ký ra để thấy
# vì sao.

# %% [markdown]
# ## 6. Sai mã PIN, khóa token, mở khóa
#
# Nhập sai PIN, token trả về `CKR_PIN_INCORRECT`:

# %% tags=["raises-exception"]
with open_token(training.label, pin="00000000"):
    pass

# %% [markdown]
# Token thật **tự đếm** số lần sai và khóa mã PIN sau vài lần (số lần do nhà sản xuất quy định;
# con số 5 hay 10 hay được nhắc tới nhưng **chưa xác nhận** cho từng hãng). SoftHSM2 thì không
# bao giờ khóa, nên dvcedu **mô phỏng** bộ đếm cho token đào tạo, với đúng các cờ PKCS#11 mà
# token thật báo: `CKF_USER_PIN_COUNT_LOW` → `CKF_USER_PIN_FINAL_TRY` → `CKF_USER_PIN_LOCKED`.

# %%
from dvcedu.errors import PinIncorrect

for attempt in range(2, 6):
    try:
        with open_token(training.label, pin="00000000"):
            pass
    except PinIncorrect as error:
        with open_token(training.label) as token:
            flags = [f.name + (" (mô phỏng)" if f.simulated else "") for f in token.info.flags
                     if f.name.startswith("CKF_USER_PIN_") and f.name != "CKF_USER_PIN_INITIALIZED"]
        print(f"Lần sai thứ {attempt}: còn {error.tries_left} lần; cờ: {', '.join(flags)}")

# %% [markdown]
# ### Bài tập: đoán trước khi chạy
#
# Token vừa báo lần sai cuối cùng. Ô sau gõ mã PIN **đúng**. Đoán trước: đăng nhập được
# không?

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...
check("01.predict-locked", answer)

# %% [markdown]
# Token đã khóa: **kể cả mã PIN đúng** cũng bị từ chối (`CKR_PIN_LOCKED`).

# %% tags=["raises-exception"]
with open_token(training.label, pin=PIN):
    pass

# %% [markdown]
# Mở khóa cần **mã PIN quản trị** (SO PIN, *Security Officer*): đăng nhập với vai trò SO
# (`CKU_SO`) rồi đặt lại mã PIN người dùng (`C_InitPIN`). Với token thật, SO PIN do CA giữ:
# bạn mang token tới (hoặc gọi) bộ phận hỗ trợ của CA. Token đào tạo dùng SO PIN đào tạo:

# %%
from dvcedu.token import TRAINING_SO_PIN, unlock

info = unlock(training.label, so_pin=TRAINING_SO_PIN)
print("Còn khóa không?", info.has("CKF_USER_PIN_LOCKED"))
with open_token(training.label, pin=PIN) as token:
    print("Đăng nhập lại bằng PIN đúng:", "thành công" if token.logged_in else "thất bại")

# %% [markdown]
# ### Tự thử: hộp nhập mã PIN
#
# Hộp dưới đây làm đúng việc plugin ký số làm khi hỏi PIN: lấy PIN, gọi `C_Login`, rồi **xóa
# ngay** ô nhập. Gõ mã PIN đào tạo (xem README) hoặc một PIN sai rồi bấm nút.

# %%
from dvcedu.widgets.pin_dialog import PinDialog

PinDialog(training.label)

# %% [markdown]
# ## 7. Cùng đoạn mã với token thật
#
# Mọi thứ ở trên chạy y nguyên với USB token của VNPT-CA, Viettel-CA, FPT-CA, … chỉ cần trỏ tới
# mô-đun PKCS#11 của nhà cung cấp (notebook 08 có bảng mô-đun theo CA và hệ điều hành). Khác
# biệt: token thật tự đếm số lần sai PIN (dvcedu tắt bộ đếm mô phỏng), ký chậm hơn, và có thể
# hiện hộp thoại PIN riêng của hãng.
#
# > **Ô dưới cần phần cứng** nên được đánh dấu `nbval-skip` (kiểm thử tự động bỏ qua). Đặt biến
# > môi trường `DVCEDU_REAL_TOKEN_MODULE` (đường dẫn mô-đun) và `DVCEDU_REAL_TOKEN_LABEL` trước
# > khi mở JupyterLab để ô này đọc token thật của bạn. Ô này **không hỏi PIN**: nó chỉ đọc
# > đối tượng công khai.

# %% tags=["nbval-skip"]
import os

real_module = os.environ.get("DVCEDU_REAL_TOKEN_MODULE")
if not real_module:
    print("Không có token thật (chưa đặt DVCEDU_REAL_TOKEN_MODULE) — bỏ qua ô này.")
else:
    real_label = os.environ.get("DVCEDU_REAL_TOKEN_LABEL", "")
    with open_token(real_label, module=real_module) as real:
        print(real.info.manufacturer, real.info.model)
        for cert in real.certificates():
            print(cert.x509().subject.rfc4514_string())

# %% [markdown]
# ## Bài tập (exercises)
#
# Gán câu trả lời cho `answer` (thay dấu `...`) rồi chạy ô: kiểm tra ngay tại máy, có gợi ý khi
# chưa đúng. Đáp án không nằm trong mã nguồn (chỉ có giá trị băm); bản có lời giải ở thư mục
# `solutions/`.

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("01.private-exponent", answer)

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("01.tries-left", answer)

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("01.so-role", answer)

# %% [markdown]
# ## Bài làm (write code)
#
# Ô kiểm tra chạy hàm của bạn trên nhiều đầu vào và so với cách dvcedu làm; sai ở đâu, nó nói
# đầu vào nào và gợi ý theo đúng kiểu sai.

# %% [markdown]
# ### Viết hàm
#
# Trên token, khóa bí mật và chứng thư được ghép với nhau bằng cùng một `CKA_ID`. Viết
# `key_id(cert_der)` trả về `CKA_ID` mà dvcedu gán cho khóa của chứng thư đó (kiểu `bytes`).

# %% tags=["task"]
from dvcedu.tasks import check_code


def key_id(cert_der):
    return ...  # viết ở đây (your code here)


check_code("01.key-id", key_id)

# %% [markdown]
# ### Sửa lỗi (debug)
#
# Hàm dưới tính số lần thử PIN còn lại sau một dãy lần nhập (`True` = đúng). Nó sai với
# một số dãy; ô kiểm tra cho biết dãy nào. Sửa nó.

# %% tags=["task"]
from dvcedu.tasks import check_code


def tries_left(attempts, max_tries=5):
    left = max_tries
    for ok in attempts:
        if not ok:
            left -= 1
    return left


check_code("01.tries", tries_left)

# %% [markdown]
# ## Điểm chính (*keypoints*)
#
# - PKCS#11: mô-đun → khe → token → phiên → đối tượng; tìm token theo **nhãn**.
# - Chứng thư số là đối tượng công khai; khóa bí mật là đối tượng riêng tư, **nhạy cảm và không
#   xuất được** — token từ chối tiết lộ nó (`None`).
# - Ký xảy ra **bên trong** token (`C_Sign`); ai cũng kiểm tra được chữ ký bằng chứng thư.
# - Sai PIN nhiều lần → token khóa → cần SO PIN (với token thật: liên hệ CA).
#
# Tiếp theo: [02 — Chứng thư số](02_chung_thu_so.ipynb). Quay lại: [00 — Giới thiệu](00_gioi_thieu.ipynb).
