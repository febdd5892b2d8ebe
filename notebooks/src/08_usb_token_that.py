# %% [markdown]
# # 08 — Dùng USB token thật của một CA Việt Nam
#
# *A real USB token from a Vietnamese CA: finding its module, listing it, reading its
# certificate, signing a challenge, verifying the chain to the real national root.*
#
# Notebook này **chạy được khi không có phần cứng**: các ô cần token thật được đánh dấu
# `nbval-skip` (kiểm thử tự động bỏ qua) và tự in "bỏ qua" khi chưa có token. Khi bạn cắm token
# và đặt hai biến môi trường dưới đây **trước khi mở JupyterLab**, các ô đó làm việc với token
# thật.
#
# | Biến | Ví dụ |
# |---|---|
# | `DVCEDU_REAL_TOKEN_MODULE` | `C:\Windows\System32\vnpt-ca_csp11.dll`, `/usr/lib/fptca_v4.so` |
# | `DVCEDU_REAL_TOKEN_LABEL` | nhãn token, xem bằng ô "liệt kê token" bên dưới |
# | `DVCEDU_REAL_TOKEN_SIGN` | `1` để bật ô ký thử (hỏi PIN bằng `getpass`) |
#
# Trong terminal, mọi lệnh nhận `--module` và `--label` y như vậy, và không ghi gì lên token
# bạn chỉ tới: `dvcedu walkthrough --module /usr/lib/fptca_v4.so --label "TEN TOKEN"`.

# %% [markdown]
# > **Câu hỏi** (*questions*): Cùng đoạn mã có chạy được với token thật của VNPT-CA, Viettel-CA, FPT-CA không, và cần cẩn thận điều gì?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - tìm mô-đun PKCS#11 của token;
# > - đọc chứng thư thật mà không cần mã PIN;
# > - kiểm tra chuỗi lên gốc quốc gia thật;
# > - giữ các quy tắc an toàn với token thật.
# >
# > **Thời gian**: dạy 10 phút · bài tập 0 phút (buổi học 3 giờ, xem [README](README.md)).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Nhắc lại quy tắc an toàn trước khi ai đó cắm token thật: **không gõ PIN token thật** vào
# máy lớp học hay máy chủ dùng chung. Các ô dùng token thật đều tự bỏ qua khi không có token.
#
# </details>

# %% [markdown]
# ## Quy tắc an toàn — đọc trước khi cắm token
#
# 1. **Không bao giờ gõ mã PIN của token thật** vào mã nguồn mà bạn không tin tưởng, vào máy
#    chủ dùng chung (JupyterHub của lớp học), hay vào bất kỳ ô nào sẽ được lưu lại.
# 2. Các ô đọc token thật ở đây **không hỏi PIN**: chỉ đọc đối tượng công khai (chứng thư).
#    Ô ký thử dùng `getpass` (không hiện, không lưu) và chỉ chạy khi bạn tự bật.
# 3. Khóa bí mật **không bao giờ rời token** — không ai có thể "sao lưu" nó cho bạn; ai đòi
#    làm việc đó là lừa đảo.
# 4. Token thật **tự đếm** số lần sai PIN và khóa thật; chỉ CA mở khóa được.
# 5. Tắt "Save Widget State Automatically" trong JupyterLab; không lưu notebook có PIN.

# %%
# Chuẩn bị (setup)
import os

from dvcedu.viz import Table

REAL_MODULE = os.environ.get("DVCEDU_REAL_TOKEN_MODULE")
REAL_LABEL = os.environ.get("DVCEDU_REAL_TOKEN_LABEL", "")
print("Có token thật để dùng?", "có" if REAL_MODULE else "không — các ô phần cứng sẽ bỏ qua")

# %% [markdown]
# ## 1. Tìm mô-đun PKCS#11 của hãng
#
# Mỗi CA phát hành token kèm một **mô-đun PKCS#11** (thư viện `.dll` / `.so` / `.dylib`), thường
# là lớp vỏ mang tên CA quanh phần mềm của hãng chip (Feitian, SafeNet, Watchdata…). Bảng dưới
# là những gì đã tìm được trong mã nguồn và cấu hình công khai; cột "mức tin cậy" giữ đúng mức
# của nguồn: **đã xác nhận** (thấy trong bộ cài/mã thật), **thứ cấp** (một nguồn), **chưa xác
# nhận** (chưa ai công bố — dvcedu không đoán). Cột "dvcedu đã ký qua?" khác hẳn: chỉ ghi "có"
# cho mô-đun mà bộ kiểm thử của dvcedu thật sự đã ký qua — hiện là hai token phần mềm
# (SoftHSM2 và token mềm của opencryptoki); **chưa** có token CA thật nào.

# %%
from dvcedu.i18n import t
from dvcedu.token import SOFTWARE_TOKENS, VENDOR_MODULES

status_vi = {"confirmed": "đã xác nhận", "secondary": "thứ cấp", "unconfirmed": "chưa xác nhận"}
os_vi = {"win32": "Windows", "linux": "Linux", "darwin": "macOS"}
Table.of(["CA / hãng chip", "Hệ điều hành", "Mô-đun", "Mức tin cậy", "dvcedu đã ký qua?",
          "Ghi chú"],
         [[m.vendor, os_vi[m.os], m.path or "(chưa biết)", status_vi[m.status],
           "có" if m.run else "chưa", t(m.note) if m.note else ""]
          for m in VENDOR_MODULES + SOFTWARE_TOKENS])

# %% [markdown]
# dvcedu tìm mô-đun theo thứ tự: tham số `module=` → `DVCEDU_PKCS11_MODULE` → `PYKCS11LIB` →
# SoftHSM2 → bảng trên. Trên Windows, bộ cài của CA chép DLL vào `C:\Windows\System32`; trên
# Linux, FPT-CA có gói `fptca-4.0` với `/usr/lib/fptca_v4.so` (bản 32-bit).
#
# ## 2. Liệt kê token

# %% tags=["nbval-skip"]
from dvcedu.token import list_tokens

if not REAL_MODULE:
    print("Không có token thật — bỏ qua ô này.")
else:
    display(Table.of(["Nhãn", "Hãng chip (manufacturerID)", "Mẫu", "Đã khởi tạo?"],  # noqa: F821
                     [[i.label or "(khe trống)", i.manufacturer, i.model, i.initialized]
                      for i in list_tokens(REAL_MODULE)]))

# %% [markdown]
# `manufacturerID` thường là tên **hãng chip**, không phải CA: đó là điều bình thường.
#
# ## 3. Đọc chứng thư trên token (không cần PIN)

# %% tags=["nbval-skip"]
from dvcedu.clock import SystemClock
from dvcedu.pki import decode
from dvcedu.token import TokenSigner, open_token

real_certs = []
if not REAL_MODULE:
    print("Không có token thật — bỏ qua ô này.")
else:
    with open_token(REAL_LABEL, module=REAL_MODULE) as real:
        real_certs = [c.x509() for c in real.certificates()]
    for cert in real_certs:
        display(decode.summarize(cert, now=SystemClock().now()))  # noqa: F821

# %% [markdown]
# ## 4. Kiểm tra chuỗi lên **gốc quốc gia thật**
#
# Chứng thư gốc *Vietnam National Root CA* do Trung tâm Chứng thực điện tử quốc gia (NEAC)
# công bố trên trang chính thức `rootca.gov.vn`. Tải tệp chứng thư gốc (SHA-256) về, rồi
# **kiểm tra dấu vân tay** trước khi tin nó — đây là bước quan trọng nhất:
#
# ```
# SHA-256: BA C8 BF 60 9A B4 20 A8 EE 17 80 D7 4F 4D E5 C7
#          F7 18 49 59 D2 A7 37 5B 0A 75 E4 C2 9F 09 08 E7
# ```
#
# **[xác nhận]** trên bản sao chứng thư gốc có trong tài liệu nghiên cứu của khóa học. So từng
# nhóm, hoặc dùng `dvcedu cert show TEP_GOC.crt` và đọc dòng SHA-256. Chứng thư CA trung gian
# (VNPT-CA, Viettel-CA, FPT-CA…) thường nằm trên trang của CA hoặc trong URL `caIssuers` của
# chứng thư.
#
# Đặt đường dẫn hai tệp vào biến môi trường `DVCEDU_REAL_ROOT` và `DVCEDU_REAL_SUBCA` rồi chạy
# ô dưới (tương đương lệnh `dvcedu cert verify --token --trust GOC --chain CA_TRUNG_GIAN`):

# %% tags=["nbval-skip"]
import hashlib

from cryptography.hazmat.primitives.serialization import Encoding

from dvcedu.errors import DvceduError
from dvcedu.pki.verify import Purpose, verify_certificate

EXPECTED_ROOT_SHA256 = "bac8bf609ab420a8ee1780d74f4de5c7f7184959d2a7375b0a75e4c29f0908e7"
root_path, subca_path = os.environ.get("DVCEDU_REAL_ROOT"), os.environ.get("DVCEDU_REAL_SUBCA")
if not (real_certs and root_path and subca_path):
    print("Thiếu token thật hoặc tệp chứng thư gốc / CA trung gian — bỏ qua ô này.")
else:
    (root,) = decode.read_certificates(root_path)
    actual = hashlib.sha256(root.public_bytes(Encoding.DER)).hexdigest()
    print("Dấu vân tay gốc khớp?", actual == EXPECTED_ROOT_SHA256)
    try:
        chain = verify_certificate(real_certs[0], trust_roots=[root],
                                   intermediates=decode.read_certificates(subca_path),
                                   at=SystemClock().now(), purpose=Purpose.SIGNER)
        print("Chuỗi hợp lệ:", " ← ".join(c.subject.rfc4514_string()[:40] for c in chain.chain))
        print("Thu hồi:", chain.revocation.status, "(không có mạng: không rõ, không tính là lỗi)")
    except DvceduError as error:
        print(error)

# %% [markdown]
# ## 5. Ký một thử thách bằng token thật (tự bật)
#
# Ô này **hỏi PIN bằng `getpass`** (không hiện khi gõ, không lưu vào notebook) và chỉ chạy khi
# bạn đặt `DVCEDU_REAL_TOKEN_SIGN=1`. Token thật ký chậm hơn SoftHSM2 (thường vài trăm mili
# giây) và có thể hiện hộp thoại PIN riêng của hãng.
#
# Không phải token nào cũng tự băm SHA-256: có token chỉ có `CKM_RSA_PKCS` (ký "thô"). Khi đó
# dvcedu băm trên máy tính, gói giá trị băm vào một `DigestInfo` (51 byte) và nhờ token ký gói
# đó — chữ ký RSA PKCS#1 v1.5 ra **giống hệt**. Ô dưới in ra token của bạn đi đường nào.

# %% tags=["nbval-skip"]
import getpass

from dvcedu.clock import SystemClock
from dvcedu.i18n import t
from dvcedu.pki import cms

if not (REAL_MODULE and os.environ.get("DVCEDU_REAL_TOKEN_SIGN") == "1"):
    print("Chưa bật ký bằng token thật (DVCEDU_REAL_TOKEN_SIGN=1) — bỏ qua ô này.")
else:
    challenge = os.urandom(32)
    with open_token(REAL_LABEL, module=REAL_MODULE) as real:
        real.login(getpass.getpass("Mã PIN token thật (không hiện, không lưu): "))
        cert = real.certificates()[0]
        key = real.private_key(id=cert.id)
        path = key.signing_path()  # token này có CKM_SHA256_RSA_PKCS không?
        signature = cms.sign_detached(challenge, TokenSigner(key, cert.der),
                                      signing_time=SystemClock().now())
    print("Cách ký:", path.mechanism, "—", t(path.why, mechanism=path.mechanism, digest="SHA256"))
    print("Chữ ký CMS:", len(signature), "byte; kiểm tra:",
          cms.verify_detached(signature, challenge).signer.subject.rfc4514_string()[:60])

# %% [markdown]
# ## 6. Token thật khác SoftHSM2 thế nào
#
# | | SoftHSM2 (khóa học) | USB token thật |
# |---|---|---|
# | Bộ đếm sai PIN | dvcedu **mô phỏng** (5 lần) | trong chip, do hãng quy định, không đặt lại được |
# | Mở khóa | `dvcedu token unlock --so-pin` | CA giữ SO PIN; mang token tới CA |
# | Khóa bí mật | tệp mã hóa trên đĩa | trong chip, không đọc ra được |
# | Tốc độ ký | < 1 ms | hàng trăm ms |
# | Hộp thoại PIN | của plugin / notebook | có thể của hãng (*protected authentication path*) |
# | Mô-đun | `libsofthsm2.so` | `vnpt-ca_csp11.dll`, `viettel-ca_v6.dll`, `fptca_v4.dll`… |
#
# ## Điểm chính (*keypoints*)
#
# - Cùng một đoạn mã PKCS#11 điều khiển SoftHSM2 và token thật; chỉ khác **mô-đun**.
# - Tin gốc quốc gia sau khi **so dấu vân tay** với nguồn chính thức.
# - Không gõ PIN token thật vào nơi không tin tưởng; khóa bí mật không bao giờ rời token.
#
# Tiếp theo: [09 — Làm trên trình duyệt thật](09_trinh_duyet_that.ipynb), [10 — Ký hồ
# sơ](10_ky_ho_so.ipynb). Quay lại:
# [00 — Giới thiệu](00_gioi_thieu.ipynb) · [07 — Bảo mật](07_bao_mat.ipynb).
