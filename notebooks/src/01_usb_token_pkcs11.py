# %% [markdown]
# # 01 — USB token và PKCS#11
#
# *USB tokens and PKCS#11: the language every signing plugin speaks to a token.*
#
# Ở bước 2 của hướng dẫn gốc, trình duyệt "kiểm tra các thành phần cần thiết" rồi "tải trước
# thông tin chứng thư số" từ USB token. Phía sau câu đó là **PKCS#11** — chuẩn chung để phần
# mềm nói chuyện với token. Plugin ký số của Cổng, phần mềm khai thuế, hay OpenSC đều dùng nó.
# Trong notebook này bạn nói chuyện trực tiếp với token bằng PKCS#11.
#
# Bạn sẽ: tìm [mô-đun PKCS#11](glossary.md#mo-dun-pkcs-11) → thấy [khe](glossary.md#khe) (slot) và token → mở [phiên](glossary.md#phien-lam-viec) (session) → đăng nhập bằng
# mã PIN → xem các [đối tượng](glossary.md#doi-tuong) (object) trên token → thấy khóa bí mật **từ chối** rời token → ký
# vài byte ngay trên token → nhập sai PIN đến khi token bị khóa, rồi mở khóa bằng SO PIN.

# %% [markdown] lang="en" vi="dcefd1af"
# # 01 — USB tokens and PKCS#11
#
# In step 2 of the original guide, the browser "checks the required components" and then
# "preloads the certificate information" from the USB token. Behind that sentence is
# **PKCS#11**, the common standard for software to talk to a token. The portal's signing
# plugin, tax-filing software and OpenSC all use it. In this notebook you talk to the token
# directly, in PKCS#11.
#
# You will: find the [PKCS#11 module](glossary.md#mo-dun-pkcs-11) → see the [slot](glossary.md#khe) and the token → open a [session](glossary.md#phien-lam-viec) → log in with
# the PIN → look at the [objects](glossary.md#doi-tuong) on the token → see the private key **refuse** to leave the token →
# sign a few bytes on the token itself → type wrong PINs until the token locks, then unlock it
# with the SO PIN.

# %% [markdown]
# > **Câu hỏi** (*questions*): Plugin ký số nói gì với USB token? Vì sao khóa bí mật không bao giờ rời token?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - đi từ mô-đun PKCS#11 → khe → token → phiên → đối tượng;
# > - đọc chứng thư trên token mà không cần mã PIN;
# > - thấy token từ chối cho đọc khóa bí mật;
# > - gây ra, đọc và mở khóa một mã PIN bị khóa.
# >
# > **Thời gian**: dạy 20 phút · bài tập 10 phút · tự học ≈ 45 phút (buổi học 3 giờ, xem [README](README.md)).

# %% [markdown] lang="en" vi="ebd1fbe7"
# > **Questions**: What does the signing plugin say to a USB token? Why does the private key never leave the token?
# >
# > **Objectives**: after this notebook, you can:
# > - go from the PKCS#11 module → slot → token → session → object;
# > - read the certificate on a token without the PIN;
# > - see the token refuse to let you read the private key;
# > - cause, read and unlock a locked PIN.
# >
# > **Time**: teaching 20 min · exercises 10 min · self-study ≈ 45 min (a 3-hour session, see the [README](README.md)).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Cho **cả lớp tự khóa token của mình** ở mục 6 rồi tự mở khóa bằng SO PIN: đây là sự cố
# học viên sẽ gặp ngoài đời. Nhấn mạnh token thật chỉ CA mở khóa được. Nếu một máy báo "không
# tìm thấy token", chạy lại ô chuẩn bị (mỗi notebook tự tạo token riêng).
#
# </details>

# %% [markdown] lang="en" vi="07185768"
# <details class="dvcedu-instructor"><summary><b>Instructor note</b> — learners may skip this</summary>
#
# Have **the whole class lock their own token** in section 6 and unlock it themselves with the
# SO PIN: this is a problem learners will meet in real life. Stress that only the CA can unlock
# a real token. If a computer says "token not found", run the setup cell again (every notebook
# makes its own token).
#
# </details>

# %%
# Chuẩn bị (setup): token đào tạo riêng của notebook này, nhãn DVCEDU-NB01, tạo mới mỗi lần
# chạy trong thư mục dvcedu của bạn. Lệnh `dvcedu token … --label DVCEDU-NB01` trong terminal
# tác động đúng token này; token DVCEDU-TRAINING của bạn (make lab) không bị đụng tới.
from dvcedu import lab
from dvcedu.token import TRAINING_PIN as PIN  # mã PIN đào tạo; không bao giờ in ra màn hình
from dvcedu.viz import Table

training = lab.start("enterprise", notebook="01", lang="vi")

# %% lang="en" vi="8710ff5d" twin="strings"
# # Chuẩn bị (setup): token đào tạo riêng của notebook này, nhãn DVCEDU-NB01, tạo mới mỗi lần  →  # Setup: this notebook's own training token, labelled DVCEDU-NB01, made anew on every run
# # chạy trong thư mục dvcedu của bạn. Lệnh `dvcedu token … --label DVCEDU-NB01` trong terminal  →  # in your dvcedu folder. `dvcedu token … --label DVCEDU-NB01` in a terminal acts on this very
# # tác động đúng token này; token DVCEDU-TRAINING của bạn (make lab) không bị đụng tới.  →  # token; your own DVCEDU-TRAINING token (make lab) is not touched.
# # mã PIN đào tạo; không bao giờ in ra màn hình  →  # the training PIN; never printed on screen
# "vi"  →  "en"

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

# %% [markdown] lang="en" vi="ec049433"
# ## 1. The five layers of PKCS#11
#
# | Layer (PKCS#11) | In Vietnamese | Example on your computer |
# |---|---|---|
# | module (mô-đun, a `.so`/`.dll` library) | the token driver the CA supplies | `libsofthsm2.so`, `vnpt-ca_csp11.dll` |
# | slot (khe) | where a token plugs in | each USB port / each SoftHSM2 token |
# | token | the smart card inside the USB stick | label `DVCEDU-NB01` (this notebook), `DVCEDU-TRAINING` (yours) |
# | session (phiên làm việc) | one "opening" of the token | open → log in → sign → close |
# | object (đối tượng) | what the token holds | certificate, public key, private key |
#
# First, the **module**: dvcedu looks, in order, at the argument → `DVCEDU_PKCS11_MODULE` →
# `PYKCS11LIB` → SoftHSM2 → the token modules of the Vietnamese CAs.

# %%
from dvcedu.token import find_module

module = find_module()
print("Mô-đun PKCS#11:", module.path.name, "— tìm thấy nhờ:", module.source)

# %% lang="en" vi="66c1d2b5" twin="strings"
# "Mô-đun PKCS#11:"  →  "PKCS#11 module:"
# "— tìm thấy nhờ:"  →  "— found through:"

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

# %% [markdown] lang="en" vi="e757671f"
# ## 2. Slots and tokens
#
# A token is found **by its label**, never by its slot number: SoftHSM2 renumbers slots when it
# makes a token, and it **always keeps one empty, uninitialised slot** ready for a new token.
# That empty slot reports the flag `CKF_SO_PIN_LOCKED`, which here means "not initialised",
# **not** a locked token.
#
#
# The table below shows only this notebook's token and the empty slot; `dvcedu token list` in a
# terminal lists **every** token in your dvcedu folder (one per notebook).

# %%
from dvcedu.token import list_tokens

Table.of(
    ["Nhãn (label)", "Đã khởi tạo?", "Nhà sản xuất", "Mẫu (model)"],
    [[info.label or "(khe trống)", "có" if info.initialized else "chưa",
      info.manufacturer, info.model] for info in list_tokens()
     if info.label in (training.label, "")],
)

# %% lang="en" vi="67dc6bc7" twin="strings"
# "Nhãn (label)"  →  "Label"
# "Đã khởi tạo?"  →  "Initialised?"
# "Nhà sản xuất"  →  "Manufacturer"
# "Mẫu (model)"  →  "Model"
# "(khe trống)"  →  "(empty slot)"
# "có"  →  "yes"
# "chưa"  →  "no"

# %% [markdown]
# Thông tin token (`C_GetTokenInfo`) có một dãy **cờ** (flags). Mỗi cờ kể một điều về token:

# %% [markdown] lang="en" vi="94f5cf64"
# The token's information (`C_GetTokenInfo`) has a set of **flags**. Each flag tells one thing
# about the token:

# %%
from dvcedu.token import open_token

with open_token(training.label) as token:
    info = token.info
Table.of(["Cờ (flag)", "Ý nghĩa"], [[f.name, f.meaning()] for f in info.flags])

# %% lang="en" vi="54264bcc" twin="strings"
# "Cờ (flag)"  →  "Flag"
# "Ý nghĩa"  →  "Meaning"

# %% [markdown]
# `CKF_LOGIN_REQUIRED`: muốn ký phải đăng nhập bằng mã PIN. `CKF_USER_PIN_INITIALIZED`: mã PIN
# người dùng đã được đặt (khi CA giao token, hoặc lúc bạn chạy `dvcedu token init`).

# %% [markdown] lang="en" vi="d6c1b8cd"
# `CKF_LOGIN_REQUIRED`: signing needs a login with the PIN. `CKF_USER_PIN_INITIALIZED`: the user
# PIN has been set (when the CA handed the token over, or when you ran `dvcedu token init`).

# %% [markdown]
# ## 3. Đăng nhập bằng mã PIN và xem các đối tượng
#
# Trước khi đăng nhập, token chỉ cho xem đối tượng **công khai** (chứng thư số, khóa công khai).
# Đây là lý do plugin ký số hiện được danh sách chứng thư *trước* khi hỏi PIN.

# %% [markdown] lang="en" vi="e1aea374"
# ## 3. Logging in with the PIN and looking at the objects
#
# Before login, the token shows only its **public** objects (certificate, public key). That is
# why the signing plugin can list the certificates *before* it asks for the PIN.

# %%
with open_token(training.label) as token:
    before = [o.kind for o in token.objects()]
with open_token(training.label, pin=PIN) as token:
    after = [(o.kind, o.label, o.id.hex()[:16] + "…") for o in token.objects()]

print("Trước khi đăng nhập (before C_Login):", sorted(before))
Table.of(["Đối tượng (object)", "CKA_LABEL", "CKA_ID"], sorted(after), mono=[2])

# %% lang="en" vi="c477a99f" twin="strings"
# "Trước khi đăng nhập (before C_Login):"  →  "Before login (C_Login):"
# "Đối tượng (object)"  →  "Object"

# %% [markdown]
# Ba đối tượng dùng **cùng `CKA_ID`**: đó là cách token (và plugin) biết khóa bí mật nào đi với
# chứng thư nào. dvcedu dùng *Subject Key Identifier* của chứng thư làm `CKA_ID`.

# %% [markdown] lang="en" vi="68cae32c"
# The three objects share **the same `CKA_ID`**: that is how the token (and the plugin) knows
# which private key goes with which certificate. dvcedu uses the certificate's *Subject Key
# Identifier* as the `CKA_ID`.

# %% [markdown]
# ## 4. Khóa bí mật không rời token
#
# Thử đọc các thuộc tính (attributes) của khóa bí mật, kể cả số mũ bí mật
# `CKA_PRIVATE_EXPONENT` — phần quan trọng nhất của khóa RSA:

# %% [markdown] lang="en" vi="3809d75b"
# ## 4. The private key does not leave the token
#
# Try to read the private key's attributes, including the private exponent
# `CKA_PRIVATE_EXPONENT`, the most important part of an RSA key:

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

# %% [markdown] lang="en" vi="ed01b698"
# `CKA_PRIVATE_EXPONENT` is **`None`**: the token refuses to answer. The key is marked sensitive
# (`CKA_SENSITIVE = True`) and not extractable (`CKA_EXTRACTABLE = False`). No command gets a
# private key out of a token: to sign, you must **bring the data into** the token.
#
# Notice the two `False` lines: `CKA_ALWAYS_SENSITIVE` and `CKA_NEVER_EXTRACTABLE`. The token
# remembers that this key was **imported**: it once existed outside (here: the course's sample
# key file, so that signatures are the same on every run). When a CA issues a real token, the key
# is usually **generated on the token itself**:

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

# %% [markdown] lang="en" vi="f63fdb93"
# A key generated on the token: `CKA_NEVER_EXTRACTABLE = True`, it has **never** left the token.
# The token itself signs a certificate request (PKCS#10), the training CA issues a certificate
# and writes it back onto the token beside the key. [Notebook 02](02_certificates.ipynb) tells
# this step in detail.

# %% [markdown]
# ## 5. Ký vài byte ngay trên token
#
# Cơ chế `CKM_SHA256_RSA_PKCS`: token tự băm SHA-256 rồi ký RSA (PKCS#1 v1.5) bên trong. Ta
# kiểm tra chữ ký bằng **khóa công khai trong chứng thư số**, với thư viện `cryptography`, hoàn
# toàn ngoài token.

# %% [markdown] lang="en" vi="d4155568"
# ## 5. Signing a few bytes on the token itself
#
# The mechanism `CKM_SHA256_RSA_PKCS`: the token hashes with SHA-256 and signs with RSA
# (PKCS#1 v1.5) inside itself. We check the signature with **the public key in the
# certificate**, using the `cryptography` library, entirely outside the token.

# %%
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

data = "Xin chào Cổng DVCQG".encode("utf-8")  # dữ liệu cần ký
with open_token(training.label, pin=PIN) as token:
    key = token.private_key()
    signature = key.sign(data, mechanism="SHA256_RSA_PKCS")
    certificate = token.certificate(id=key.id).x509()

print("Dữ liệu:", len(data), "byte; chữ ký:", len(signature), "byte (RSA-2048)")
print("16 byte đầu của chữ ký:", signature[:16].hex(" "))
certificate.public_key().verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
print("Kiểm tra bằng khóa công khai của chứng thư: HỢP LỆ (valid)")

# %% lang="en" vi="dfe1ec53" twin="strings"
# # dữ liệu cần ký  →  # "Hello, DVCQG portal": the bytes to sign
# "Dữ liệu:"  →  "Data:"
# "byte; chữ ký:"  →  "bytes; signature:"
# "byte (RSA-2048)"  →  "bytes (RSA-2048)"
# "16 byte đầu của chữ ký:"  →  "First 16 bytes of the signature:"
# "Kiểm tra bằng khóa công khai của chứng thư: HỢP LỆ (valid)"  →  "Checked with the certificate's public key: VALID"

# %% [markdown]
# Chữ ký RSA PKCS#1 v1.5 là **tất định** (deterministic): cùng khóa, cùng dữ liệu thì cùng
# chữ ký. Vì thế byte bạn thấy ở trên giống hệt byte trong máy của mọi học viên khác. Đổi một
# byte của dữ liệu, chữ ký không còn khớp:

# %% [markdown] lang="en" vi="461c5215"
# An RSA PKCS#1 v1.5 signature is **deterministic**: the same key and the same data give the
# same signature. So the bytes above are exactly the bytes on every other learner's computer.
# Change one byte of the data and the signature no longer matches:

# %% tags=["raises-exception"]
certificate.public_key().verify(signature, "Xin chào Cổng DVCQG!".encode(), padding.PKCS1v15(),
                                hashes.SHA256())

# %% lang="en" vi="0af8e095" twin="strings"

# %% [markdown]
# `InvalidSignature`: chữ ký không khớp với dữ liệu đã bị sửa. Notebook 03 mở chữ ký ra để thấy
# vì sao.

# %% [markdown] lang="en" vi="01125043"
# `InvalidSignature`: the signature does not match the changed data. Notebook 03 opens the
# signature up to see why.

# %% [markdown]
# ## 6. Sai mã PIN, khóa token, mở khóa
#
# Nhập sai PIN, token trả về `CKR_PIN_INCORRECT`:

# %% [markdown] lang="en" vi="9506d894"
# ## 6. Wrong PIN, locked token, unlocking
#
# Type a wrong PIN and the token answers `CKR_PIN_INCORRECT`:

# %% tags=["raises-exception"]
with open_token(training.label, pin="00000000"):
    pass

# %% [markdown]
# Token thật **tự đếm** số lần sai và khóa mã PIN sau vài lần (số lần do nhà sản xuất quy định;
# con số 5 hay 10 hay được nhắc tới nhưng **chưa xác nhận** cho từng hãng). SoftHSM2 thì không
# bao giờ khóa, nên dvcedu **mô phỏng** bộ đếm cho token đào tạo, với đúng các cờ PKCS#11 mà
# token thật báo: `CKF_USER_PIN_COUNT_LOW` → `CKF_USER_PIN_FINAL_TRY` → `CKF_USER_PIN_LOCKED`.

# %% [markdown] lang="en" vi="8c32e600"
# A real token **counts** wrong tries itself and locks the PIN after a few (the number is the
# manufacturer's; 5 or 10 is often quoted but **unconfirmed** for each make). SoftHSM2 never
# locks, so dvcedu **simulates** the counter for training tokens, with exactly the PKCS#11 flags
# a real token reports: `CKF_USER_PIN_COUNT_LOW` → `CKF_USER_PIN_FINAL_TRY` →
# `CKF_USER_PIN_LOCKED`.

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

# %% lang="en" vi="83966228" twin="strings"
# " (mô phỏng)"  →  " (simulated)"
# f"Lần sai thứ {attempt}: còn {error.tries_left} lần; cờ: {', '.join(flags)}"  →  f"Wrong try {attempt}: {error.tries_left} left; flags: {', '.join(flags)}"

# %% [markdown]
# ### Bài tập: đoán trước khi chạy
#
# Token vừa báo lần sai cuối cùng. Ô sau gõ mã PIN **đúng**. Đoán trước: đăng nhập được
# không?

# %% [markdown] lang="en" vi="ede069af"
# ### Exercise: predict before you run
#
# The token has just reported the last wrong try. The next cell types the **right** PIN. Predict
# first: will the login succeed?

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...
check("01.predict-locked", answer)

# %% [markdown]
# Token đã khóa: **kể cả mã PIN đúng** cũng bị từ chối (`CKR_PIN_LOCKED`).

# %% [markdown] lang="en" vi="9ca726aa"
# The token is locked: **even the right PIN** is refused (`CKR_PIN_LOCKED`).

# %% tags=["raises-exception"]
with open_token(training.label, pin=PIN):
    pass

# %% [markdown]
# Mở khóa cần **mã PIN quản trị** (SO PIN, *Security Officer*): đăng nhập với vai trò SO
# (`CKU_SO`) rồi đặt lại mã PIN người dùng (`C_InitPIN`). Với token thật, SO PIN do CA giữ:
# bạn mang token tới (hoặc gọi) bộ phận hỗ trợ của CA. Token đào tạo dùng SO PIN đào tạo:

# %% [markdown] lang="en" vi="b6f34bc7"
# Unlocking needs the **security officer PIN** (SO PIN, *Security Officer*): log in in the SO
# role (`CKU_SO`) and set the user PIN again (`C_InitPIN`). On a real token the CA keeps the SO
# PIN: you bring the token to (or call) the CA's support desk. The training token uses the
# training SO PIN:

# %%
from dvcedu.token import TRAINING_SO_PIN, unlock

info = unlock(training.label, so_pin=TRAINING_SO_PIN)
print("Còn khóa không?", info.has("CKF_USER_PIN_LOCKED"))
with open_token(training.label, pin=PIN) as token:
    print("Đăng nhập lại bằng PIN đúng:", "thành công" if token.logged_in else "thất bại")

# %% lang="en" vi="3a0cbf2a" twin="strings"
# "Còn khóa không?"  →  "Still locked?"
# "Đăng nhập lại bằng PIN đúng:"  →  "Logging in again with the right PIN:"
# "thành công"  →  "succeeded"
# "thất bại"  →  "failed"

# %% [markdown]
# ### Tự thử: hộp nhập mã PIN
#
# Hộp dưới đây làm đúng việc plugin ký số làm khi hỏi PIN: lấy PIN, gọi `C_Login`, rồi **xóa
# ngay** ô nhập. Gõ mã PIN đào tạo (xem README) hoặc một PIN sai rồi bấm nút.

# %% [markdown] lang="en" vi="1e8d7479"
# ### Try it: the PIN box
#
# The box below does exactly what the signing plugin does when it asks for the PIN: take the
# PIN, call `C_Login`, then **clear** the field at once. Type the training PIN (see the README)
# or a wrong PIN, then press the button.

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

# %% [markdown] lang="en" vi="e84ca2aa"
# ## 7. The same code with a real token
#
# Everything above runs unchanged with a USB token from VNPT-CA, Viettel-CA, FPT-CA, …: only
# point at the provider's PKCS#11 module (notebook 08 has a table of modules by CA and operating
# system). The differences: a real token counts wrong PINs itself (dvcedu switches its simulated
# counter off), signs more slowly, and may show its maker's own PIN dialog.
#
# > **The cell below needs hardware**, so it is marked `nbval-skip` (automatic tests skip it).
# > Set the environment variables `DVCEDU_REAL_TOKEN_MODULE` (the module's path) and
# > `DVCEDU_REAL_TOKEN_LABEL` before you open JupyterLab, and this cell reads your real token. It
# > **does not ask for the PIN**: it reads public objects only.

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

# %% lang="en" vi="23dde5b7" twin="strings"
# "Không có token thật (chưa đặt DVCEDU_REAL_TOKEN_MODULE) — bỏ qua ô này."  →  "No real token (DVCEDU_REAL_TOKEN_MODULE is not set): skipping this cell."

# %% [markdown]
# ## Bài tập (exercises)
#
# Gán câu trả lời cho `answer` (thay dấu `...`) rồi chạy ô: kiểm tra ngay tại máy, có gợi ý khi
# chưa đúng. Đáp án không nằm trong mã nguồn (chỉ có giá trị băm); bản có lời giải ở thư mục
# `solutions/`.

# %% [markdown] lang="en" vi="90d6184a"
# ## Exercises
#
# Put your answer in `answer` (in place of `...`) and run the cell: it is checked right here on
# your computer, with a hint when it is not right yet. The answers are not in the source code
# (only their hashes are); the copy with solutions is in the `solutions/` folder.

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("01.private-exponent", answer)

# %% lang="en" vi="631306f3" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("01.tries-left", answer)

# %% lang="en" vi="667c2136" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("01.so-role", answer)

# %% lang="en" vi="eec8c232" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% [markdown]
# **Áp dụng vào trường hợp khác** (*transfer*): đáp án của câu dưới đây không có sẵn ở trên;
# hãy suy ra từ điều bạn vừa học.

# %% [markdown] lang="en" vi="b83525e8"
# **Apply it to another case** (*transfer*): the answer to the question below is not shown
# above; work it out from what you just learnt.

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # một số
check("01.counter-reset", answer)

# %% lang="en" vi="e8b01268" twin="strings"
# # một số  →  # a number

# %% [markdown]
# ## Bài tập lập trình (write code)
#
# Ô kiểm tra chạy hàm của bạn trên nhiều đầu vào và so với cách dvcedu làm; sai ở đâu, nó nói
# đầu vào nào và gợi ý theo đúng kiểu sai.

# %% [markdown] lang="en" vi="cd200aa1"
# ## Write code
#
# The checking cell runs your function on many inputs and compares it with what dvcedu does;
# where it differs, it says which input, with a hint for that kind of mistake.

# %% [markdown]
# ### Viết hàm
#
# Trên token, khóa bí mật và chứng thư được ghép với nhau bằng cùng một `CKA_ID`. Viết
# `key_id(cert_der)` trả về `CKA_ID` mà dvcedu gán cho khóa của chứng thư đó (kiểu `bytes`).

# %% [markdown] lang="en" vi="6aa54ebe"
# ### Write a function
#
# On a token, the private key and the certificate are matched by the same `CKA_ID`. Write
# `key_id(cert_der)` returning the `CKA_ID` dvcedu gives the key of that certificate (as
# `bytes`).

# %% tags=["task"]
from dvcedu.tasks import check_code


def key_id(cert_der):
    return ...  # viết ở đây (your code here)


check_code("01.key-id", key_id)

# %% lang="en" vi="8e6614ca" twin="strings"
# # viết ở đây (your code here)  →  # your code here

# %% [markdown]
# ### Sửa lỗi (debug)
#
# Hàm dưới tính số lần thử PIN còn lại sau một dãy lần nhập (`True` = đúng). Nó sai với
# một số dãy; ô kiểm tra cho biết dãy nào. Sửa nó.

# %% [markdown] lang="en" vi="adb63b60"
# ### Debug
#
# The function below counts the PIN tries left after a series of attempts (`True` = right). It
# is wrong for some series; the checking cell says which. Fix it.

# %% tags=["task"]
from dvcedu.tasks import check_code


def tries_left(attempts, max_tries=5):
    left = max_tries
    for ok in attempts:
        if not ok:
            left -= 1
    return left


check_code("01.tries", tries_left)

# %%
from dvcedu.exercises import summary

summary("01")

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

# %% [markdown] lang="en" vi="7418c3a7"
# ## Keypoints
#
# - PKCS#11: module → slot → token → session → object; find a token by its **label**.
# - The certificate is a public object; the private key is a private object, **sensitive and not
#   extractable**: the token refuses to reveal it (`None`).
# - Signing happens **inside** the token (`C_Sign`); anyone can check the signature with the
#   certificate.
# - Too many wrong PINs → the token locks → the SO PIN is needed (for a real token: contact the
#   CA).
#
# Next: [02 — Certificates](02_certificates.ipynb). Back: [00 — Introduction](00_introduction.ipynb).
