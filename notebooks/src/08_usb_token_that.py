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

# %% [markdown] lang="en" vi="5c944f8f"
# # 08 — A real USB token from a Vietnamese CA
#
# This notebook **runs without hardware**: the cells that need a real token are marked
# `nbval-skip` (automatic tests skip them) and print "skipping" by themselves when there is no
# token. When you plug in a token and set the two environment variables below **before you open
# JupyterLab**, those cells work with the real token.
#
# | Variable | Example |
# |---|---|
# | `DVCEDU_REAL_TOKEN_MODULE` | `C:\Windows\System32\vnpt-ca_csp11.dll`, `/usr/lib/fptca_v4.so` |
# | `DVCEDU_REAL_TOKEN_LABEL` | the token's label, seen with the "list the tokens" cell below |
# | `DVCEDU_REAL_TOKEN_SIGN` | `1` to switch the trial-signature cell on (it asks for the PIN with `getpass`) |
#
# In a terminal every command takes `--module` and `--label` just the same, and writes nothing to
# the token you point it at: `dvcedu walkthrough --module /usr/lib/fptca_v4.so --label "TOKEN NAME"`.

# %% [markdown]
# > **Câu hỏi** (*questions*): Cùng đoạn mã có chạy được với token thật của VNPT-CA, Viettel-CA, FPT-CA không, và cần cẩn thận điều gì?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - tìm mô-đun PKCS#11 của token;
# > - đọc chứng thư thật mà không cần mã PIN;
# > - kiểm tra chuỗi lên gốc quốc gia thật, kể cả khi không có token (chứng thư thật đi kèm);
# > - nhận ra một CA trung gian thật đã hết hạn và biết việc phải làm;
# > - giữ các quy tắc an toàn với token thật.
# >
# > **Thời gian**: dạy 7 phút · bài tập 3 phút · tự học ≈ 20 phút (buổi học 3 giờ, xem [README](README.md)).

# %% [markdown] lang="en" vi="8f5331ee"
# > **Questions**: Does the same code run with a real VNPT-CA, Viettel-CA or FPT-CA token, and what needs care?
# >
# > **Objectives**: after this notebook, you can:
# > - find the token's PKCS#11 module;
# > - read a real certificate without the PIN;
# > - check the chain up to the real national root, even without a token (real certificates
# >   shipped with the course);
# > - recognise a real intermediate CA that has expired, and know what to do;
# > - keep the safety rules with a real token.
# >
# > **Time**: teaching 7 min · exercises 3 min · self-study ≈ 20 min (a 3-hour session, see the [README](README.md)).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Nhắc lại quy tắc an toàn trước khi ai đó cắm token thật: **không gõ PIN token thật** vào
# máy lớp học hay máy chủ dùng chung. Các ô dùng token thật đều tự bỏ qua khi không có token.
#
# </details>

# %% [markdown] lang="en" vi="cb95233f"
# <details class="dvcedu-instructor"><summary><b>Instructor note</b> — learners may skip this</summary>
#
# Repeat the safety rules before anyone plugs in a real token: **never type a real token's PIN**
# on a classroom computer or a shared server. The cells that use a real token all skip themselves
# when there is none.
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

# %% [markdown] lang="en" vi="ffba1814"
# ## Safety rules: read before you plug in a token
#
# 1. **Never type a real token's PIN** into code you do not trust, into a shared server (the
#    class's JupyterHub), or into any cell that will be saved.
# 2. The cells here that read a real token **do not ask for the PIN**: they read public objects
#    (certificates) only. The trial-signature cell uses `getpass` (not shown, not saved) and runs
#    only when you switch it on yourself.
# 3. The private key **never leaves the token**: nobody can "back it up" for you; anyone who
#    asks to is a fraudster.
# 4. A real token **counts** wrong PINs itself and really locks; only the CA can unlock it.
# 5. Switch off "Save Widget State Automatically" in JupyterLab; never save a notebook with a
#    PIN in it.

# %%
# Chuẩn bị (setup): tiếng Việt cho mọi thứ dvcedu in ra trong notebook này
import os

from dvcedu import lab
from dvcedu.viz import Table

lab.language("vi")

REAL_MODULE = os.environ.get("DVCEDU_REAL_TOKEN_MODULE")
REAL_LABEL = os.environ.get("DVCEDU_REAL_TOKEN_LABEL", "")
print("Có token thật để dùng?", "có" if REAL_MODULE else "không — các ô phần cứng sẽ bỏ qua")

# %% lang="en" vi="f494a70a" twin="strings"
# # Chuẩn bị (setup): tiếng Việt cho mọi thứ dvcedu in ra trong notebook này  →  # Setup: English for everything dvcedu prints in this notebook
# "vi"  →  "en"
# "Có token thật để dùng?"  →  "A real token to use?"
# "có"  →  "yes"
# "không — các ô phần cứng sẽ bỏ qua"  →  "no — the hardware cells will skip"

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

# %% [markdown] lang="en" vi="f2ea7827"
# ## 1. Finding the maker's PKCS#11 module
#
# Each CA ships its tokens with a **PKCS#11 module** (a `.dll` / `.so` / `.dylib` library),
# usually a CA-branded wrapper around the chip maker's software (Feitian, SafeNet, Watchdata…).
# The table below is what could be found in public source code and configuration; the
# "confidence" column keeps the source's level: **confirmed** (seen in a real installer or real
# code), **secondary** (one source), **unconfirmed** (nobody has published it; dvcedu does not
# guess). The "signed through by dvcedu?" column is quite different: it says "yes" only for the
# modules dvcedu's test suite has really signed through, today two software tokens (SoftHSM2 and
# opencryptoki's software token); **no** real CA token yet.

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

# %% lang="en" vi="3d8d3db0" twin="strings"
# "đã xác nhận"  →  "confirmed"
# "thứ cấp"  →  "secondary"
# "chưa xác nhận"  →  "unconfirmed"
# "CA / hãng chip"  →  "CA / chip maker"
# "Hệ điều hành"  →  "Operating system"
# "Mô-đun"  →  "Module"
# "Mức tin cậy"  →  "Confidence"
# "dvcedu đã ký qua?"  →  "Signed through by dvcedu?"
# "Ghi chú"  →  "Note"
# "(chưa biết)"  →  "(unknown)"
# "có"  →  "yes"
# "chưa"  →  "not yet"

# %% [markdown]
# dvcedu tìm mô-đun theo thứ tự: tham số `module=` → `DVCEDU_PKCS11_MODULE` → `PYKCS11LIB` →
# SoftHSM2 → bảng trên. Trên Windows, bộ cài của CA chép DLL vào `C:\Windows\System32`; trên
# Linux, FPT-CA có gói `fptca-4.0` với `/usr/lib/fptca_v4.so` (bản 32-bit).
#
# ## 2. Liệt kê token

# %% [markdown] lang="en" vi="ed403db3"
# dvcedu looks for the module in this order: the argument `module=` → `DVCEDU_PKCS11_MODULE` →
# `PYKCS11LIB` → SoftHSM2 → the table above. On Windows, the CA's installer copies the DLL into
# `C:\Windows\System32`; on Linux, FPT-CA has the package `fptca-4.0` with `/usr/lib/fptca_v4.so`
# (a 32-bit build).
#
# ## 2. Listing the tokens

# %% tags=["nbval-skip"]
from dvcedu.token import list_tokens

if not REAL_MODULE:
    print("Không có token thật — bỏ qua ô này.")
else:
    display(Table.of(["Nhãn", "Hãng chip (manufacturerID)", "Mẫu", "Đã khởi tạo?"],  # noqa: F821
                     [[i.label or "(khe trống)", i.manufacturer, i.model, i.initialized]
                      for i in list_tokens(REAL_MODULE)]))

# %% lang="en" vi="111aa14c" twin="strings"
# "Không có token thật — bỏ qua ô này."  →  "No real token: skipping this cell."
# "Nhãn"  →  "Label"
# "Hãng chip (manufacturerID)"  →  "Chip maker (manufacturerID)"
# "Mẫu"  →  "Model"
# "Đã khởi tạo?"  →  "Initialised?"
# "(khe trống)"  →  "(empty slot)"

# %% [markdown]
# `manufacturerID` thường là tên **hãng chip**, không phải CA: đó là điều bình thường.
#
# ## 3. Đọc chứng thư trên token (không cần PIN)

# %% [markdown] lang="en" vi="2bc63d3b"
# `manufacturerID` is usually the **chip maker's** name, not the CA's: that is normal.
#
# ## 3. Reading the certificate on the token (no PIN needed)

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

# %% lang="en" vi="450c577a" twin="strings"
# "Không có token thật — bỏ qua ô này."  →  "No real token: skipping this cell."

# %% [markdown]
# ## 4. Kiểm tra chuỗi lên **gốc quốc gia thật**
#
# Chứng thư gốc do Trung tâm Chứng thực điện tử quốc gia (NEAC) công bố trên trang chính thức
# `rootca.gov.vn`. Tải tệp chứng thư gốc về, rồi **kiểm tra dấu vân tay** trước khi tin nó — đây
# là bước quan trọng nhất. Năm 2026 có **hai** gốc quốc gia đang dùng (notebook 02, mục 5):
#
# | Gốc | Hiệu lực | SHA-256 |
# |---|---|---|
# | *Vietnam National Root CA*, `O` = Bộ Thông tin và Truyền thông | 2014–2039 | `BA C8 BF 60 9A B4 20 A8 EE 17 80 D7 4F 4D E5 C7 F7 18 49 59 D2 A7 37 5B 0A 75 E4 C2 9F 09 08 E7` |
# | gốc mới đứng tên Bộ Khoa học và Công nghệ | từ 25/11/2025 | chép từ `rootca.gov.vn` |
#
# Dấu vân tay gốc 2014 **[xác nhận]** trên bản sao chứng thư gốc trong bộ kiểm thử của khóa học;
# khóa học chưa có bản sao gốc 2025, nên không in dấu vân tay của nó **[chưa xác nhận]**: tệp bạn
# tải năm 2026 có thể là gốc 2025 hay chứng thư của một mô hình dịch vụ, và khi đó nó *không*
# khớp dòng 2014. Dán dấu vân tay gốc 2025 chép từ `rootca.gov.vn` vào `ROOT_2025_SHA256` ở ô
# dưới: ô chấp nhận gốc nào khớp một trong hai dòng. So từng nhóm, hoặc dùng `dvcedu cert show
# TEP_GOC.crt` và đọc dòng SHA-256. Chứng thư CA trung gian
# (VNPT-CA, Viettel-CA, FPT-CA…) thường nằm trên trang của CA hoặc trong URL `caIssuers` của
# chứng thư.
#
# Đặt đường dẫn hai tệp vào biến môi trường `DVCEDU_REAL_ROOT` và `DVCEDU_REAL_SUBCA` rồi chạy
# ô dưới (tương đương lệnh `dvcedu cert verify --token --trust GOC --chain CA_TRUNG_GIAN`):

# %% [markdown] lang="en" vi="a8d869de"
# ## 4. Checking the chain up to the **real national root**
#
# The root certificates are published by the National Electronic Authentication Centre (NEAC,
# Trung tâm Chứng thực điện tử quốc gia) on its official site `rootca.gov.vn`. Download the root
# certificate file, then **check its fingerprint** before you trust it; this is the most
# important step. In 2026 **two** national roots are in use (notebook 02, section 5):
#
# | Root | Valid | SHA-256 |
# |---|---|---|
# | *Vietnam National Root CA*, `O` = Ministry of Information and Communications | 2014–2039 | `BA C8 BF 60 9A B4 20 A8 EE 17 80 D7 4F 4D E5 C7 F7 18 49 59 D2 A7 37 5B 0A 75 E4 C2 9F 09 08 E7` |
# | the new root in the name of the Ministry of Science and Technology | from 25 Nov 2025 | copy it from `rootca.gov.vn` |
#
# The 2014 root's fingerprint is **[confirmed]** on the copy of the root certificate in the
# course's test suite; the course has no copy of the 2025 root, so it does not print its
# fingerprint **[unconfirmed]**: the file you download in 2026 may be the 2025 root or a
# service model's certificate, and then it does *not* match the 2014 row. Paste the 2025 root's
# fingerprint, copied from `rootca.gov.vn`, into `ROOT_2025_SHA256` in the cell below: the cell
# accepts a root that matches either row. Compare group by group, or use `dvcedu cert show
# ROOT_FILE.crt` and read the SHA-256 line. The
# certificate of the subordinate CA (VNPT-CA, Viettel-CA, FPT-CA…) is usually on the CA's site or
# at the certificate's `caIssuers` URL.
#
# Put the paths of the two files in the environment variables `DVCEDU_REAL_ROOT` and
# `DVCEDU_REAL_SUBCA` and run the cell below (the same as `dvcedu cert verify --token --trust
# ROOT --chain SUBORDINATE_CA`):

# %%
import hashlib

from cryptography.hazmat.primitives.serialization import Encoding

from dvcedu.errors import DvceduError
from dvcedu.pki.verify import Purpose, verify_certificate

ROOT_2014_SHA256 = "bac8bf609ab420a8ee1780d74f4de5c7f7184959d2a7375b0a75e4c29f0908e7"
ROOT_2025_SHA256 = ""  # dán vào đây dấu vân tay SHA-256 của gốc 2025, chép từ rootca.gov.vn


def which_root(cert):
    """Gốc quốc gia nào có đúng dấu vân tay này, hoặc None: đừng tin tệp đó."""
    actual = hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()
    pasted = ROOT_2025_SHA256.replace(":", "").replace(" ", "").lower()
    known = {ROOT_2014_SHA256: "gốc 2014 (Bộ Thông tin và Truyền thông)",
             pasted: "gốc 2025 (Bộ Khoa học và Công nghệ)"}
    return known.get(actual)

# %% lang="en" vi="4c27a744" twin="strings"
# # dán vào đây dấu vân tay SHA-256 của gốc 2025, chép từ rootca.gov.vn  →  # paste the 2025 root's SHA-256 fingerprint here, copied from rootca.gov.vn
# """Gốc quốc gia nào có đúng dấu vân tay này, hoặc None: đừng tin tệp đó."""  →  """Which national root has exactly this fingerprint, or None: do not trust that file."""
# "gốc 2014 (Bộ Thông tin và Truyền thông)"  →  "the 2014 root (Ministry of Information and Communications)"
# "gốc 2025 (Bộ Khoa học và Công nghệ)"  →  "the 2025 root (Ministry of Science and Technology)"

# %% tags=["nbval-skip"]
root_path, subca_path = os.environ.get("DVCEDU_REAL_ROOT"), os.environ.get("DVCEDU_REAL_SUBCA")
if not (real_certs and root_path and subca_path):
    print("Thiếu token thật hoặc tệp chứng thư gốc / CA trung gian — bỏ qua ô này.")
else:
    (root,) = decode.read_certificates(root_path)
    print("Dấu vân tay khớp:", which_root(root) or "KHÔNG khớp gốc nào — đừng tin tệp này")
    try:
        chain = verify_certificate(real_certs[0], trust_roots=[root],
                                   intermediates=decode.read_certificates(subca_path),
                                   at=SystemClock().now(), purpose=Purpose.SIGNER)
        print("Chuỗi hợp lệ:", " ← ".join(c.subject.rfc4514_string()[:40] for c in chain.chain))
        print("Thu hồi:", chain.revocation.status, "(không có mạng: không rõ, không tính là lỗi)")
    except DvceduError as error:
        print(error)

# %% lang="en" vi="fd7fed0b" twin="strings"
# "Thiếu token thật hoặc tệp chứng thư gốc / CA trung gian — bỏ qua ô này."  →  "No real token, or no root / intermediate CA file: skipping this cell."
# "Dấu vân tay khớp:"  →  "Fingerprint matches:"
# "KHÔNG khớp gốc nào — đừng tin tệp này"  →  "NO known root: do not trust this file"
# "Chuỗi hợp lệ:"  →  "Valid chain:"
# "Thu hồi:"  →  "Revocation:"
# "(không có mạng: không rõ, không tính là lỗi)"  →  "(no network: unknown, not counted as an error)"

# %% [markdown]
# ## 5. Không có token: một chuỗi thật đọc từ tệp, và một CA trung gian đã hết hạn
#
# Không có phần cứng vẫn làm được phần quan trọng nhất của mục 4. dvcedu đi kèm **bốn chứng
# thư thật, công khai** (không có khóa bí mật): gốc quốc gia 2014, hai CA ký số từ xa dưới nó
# ("Viettel-CA RS", "VNPT SmartCA RS") và chứng thư của một doanh nghiệp do Viettel-CA RS cấp —
# đọc như thể chúng nằm trên token. Ô dưới so dấu vân tay tệp gốc đi kèm bằng đúng hàm
# `which_root` ở trên.

# %% [markdown] lang="en" vi="099000e1"
# ## 5. No token: a real chain read from files, and an intermediate CA that has expired
#
# Without hardware you can still do the most important part of section 4. dvcedu comes with
# **four real, public certificates** (no private keys): the 2014 national root, two
# remote-signing CAs under it ("Viettel-CA RS", "VNPT SmartCA RS") and a company's certificate
# issued by Viettel-CA RS, read as if they were on a token. The cell below compares the shipped
# root file's fingerprint with the same `which_root` function as above.

# %%
from datetime import datetime

from dvcedu.clock import COURSE_DAY, ICT
from dvcedu.errors import VerificationError
from dvcedu.paths import data_dir
from dvcedu.pki import decode

shipped = data_dir() / "realworld"  # bốn chứng thư thật, công khai, đi kèm dvcedu
(real_root,) = decode.read_certificates(shipped / "vietnam-national-root-ca-sha256.pem")
(viettel_rs,) = decode.read_certificates(shipped / "viettel-ca-rs.pem")
(smartca_rs,) = decode.read_certificates(shipped / "vnpt-smartca-rs.pem")
(company,) = decode.read_certificates(shipped / "ee-org-viettel-ca-rs-mst-0107074780.pem")
print("Tệp gốc đi kèm:", which_root(real_root) or "KHÔNG khớp gốc nào")
Table.of(["Chứng thư", "Do ai cấp", "Hiệu lực từ", "đến"],
         [[name, cert.issuer.rfc4514_string().split("CN=")[-1].split(",")[0],
           f"{cert.not_valid_before_utc:%d/%m/%Y}", f"{cert.not_valid_after_utc:%d/%m/%Y}"]
          for name, cert in [("gốc quốc gia 2014", real_root), ("Viettel-CA RS", viettel_rs),
                             ("VNPT SmartCA RS", smartca_rs),
                             ("doanh nghiệp, MST:0107074780", company)]])

# %% lang="en" vi="25f28d2f" twin="strings"
# # bốn chứng thư thật, công khai, đi kèm dvcedu  →  # four real, public certificates shipped with dvcedu
# "Tệp gốc đi kèm:"  →  "The shipped root file:"
# "KHÔNG khớp gốc nào"  →  "matches NO known root"
# "Chứng thư"  →  "Certificate"
# "Do ai cấp"  →  "Issued by"
# "Hiệu lực từ"  →  "Valid from"
# "đến"  →  "to"
# "gốc quốc gia 2014"  →  "the 2014 national root"
# "doanh nghiệp, MST:0107074780"  →  "a company, MST:0107074780"

# %% [markdown]
# ### Bài tập: đoán trước khi chạy
#
# Ô sau kiểm tra cả bốn chứng thư ở hai ngày: ngày của khóa học (2/3/2026) và 1/12/2026. Đoán
# trước: ngày 1/12/2026, bộ kiểm tra nói gì về chính chứng thư CA "VNPT SmartCA RS"?

# %% [markdown] lang="en" vi="892caa7b"
# ### Exercise: predict before you run
#
# The next cell checks all four certificates on two days: the course day (2 March 2026) and
# 1 December 2026. Predict first: on 1 December 2026, what does the verifier say about the
# "VNPT SmartCA RS" CA certificate itself?

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # một mã lý do, ví dụ "untrusted_root", hoặc "hợp lệ"
check("08.predict-expired-ca", answer)

# %% lang="en" vi="fe6c74f8" twin="strings"
# # một mã lý do, ví dụ "untrusted_root", hoặc "hợp lệ"  →  # a reason code, e.g. "untrusted_root", or "valid"

# %%
AFTER_EXPIRY = datetime(2026, 12, 1, 9, 0, tzinfo=ICT)  # sau ngày VNPT SmartCA RS hết hạn


def verdict(cert, at):
    """'hợp lệ', hoặc mã lý do bộ kiểm tra từ chối (như dvcedu cert verify --trust GỐC)."""
    try:
        verify_certificate(cert, trust_roots=[real_root], intermediates=[viettel_rs, smartca_rs],
                           at=at, purpose=Purpose.ANY)
        return "hợp lệ"
    except VerificationError as error:
        return error.reason.value


Table.of(["Chứng thư", "2/3/2026", "1/12/2026"],
         [[name, verdict(cert, COURSE_DAY), verdict(cert, AFTER_EXPIRY)]
          for name, cert in [("gốc quốc gia 2014", real_root), ("Viettel-CA RS", viettel_rs),
                             ("VNPT SmartCA RS", smartca_rs),
                             ("doanh nghiệp, MST:0107074780", company)]])

# %% lang="en" vi="997e5079" twin="strings"
# # sau ngày VNPT SmartCA RS hết hạn  →  # after VNPT SmartCA RS expired
# """'hợp lệ', hoặc mã lý do bộ kiểm tra từ chối (như dvcedu cert verify --trust GỐC)."""  →  """'valid', or the reason code the verifier refuses with (as dvcedu cert verify --trust ROOT)."""
# "hợp lệ"  →  "valid"
# "Chứng thư"  →  "Certificate"
# "2/3/2026"  →  "2 Mar 2026"
# "1/12/2026"  →  "1 Dec 2026"
# "gốc quốc gia 2014"  →  "the 2014 national root"
# "doanh nghiệp, MST:0107074780"  →  "a company, MST:0107074780"

# %% [markdown]
# "VNPT SmartCA RS" hết hạn ngày 18/11/2026 **[xác nhận: thời hạn ghi trên chính chứng thư]**.
# Từ hôm đó, **mọi** chứng thư nó đã cấp không còn dựng được đường lên gốc, dù từng chứng thư
# còn hạn: RFC 5280 đòi mọi chứng thư trên đường phải còn hạn lúc kiểm tra. Đây là một lần
# **thay CA trung gian** thật, ngay trong bộ kiểm thử của khóa học: CA phải cấp lại chứng thư cho
# thuê bao dưới một CA trung gian mới, máy kiểm tra phải có CA mới đó, và chữ ký cũ chỉ còn chứng
# minh được nhờ dấu thời gian (notebook 10). VNPT đã thay nó bằng CA trung gian nào thì khóa học
# chưa có bản sao **[chưa xác nhận]**.
#
# Một câu hỏi chuyển giao — trên một chứng thư không có ở đây:

# %% [markdown] lang="en" vi="4dc13a1f"
# "VNPT SmartCA RS" expired on 18 November 2026 **[confirmed: the validity on the certificate
# itself]**. From that day **every** certificate it issued no longer builds a path to the root,
# however long each one still runs: RFC 5280 requires every certificate on the path to be in
# date when it is checked. This is a real **intermediate CA rollover**, right in the course's
# test suite: the CA must reissue its subscribers' certificates under a new intermediate, a
# verifier must have that new CA, and old signatures can be proven only with a timestamp
# (notebook 10). Which intermediate VNPT replaced it with, the course has no copy of
# **[unconfirmed]**.
#
# A transfer question, on a certificate that is not here:

# %% tags=["exercise"]
answer = ...  # "có" hoặc "không"
check("08.leaf-under-expired-ca", answer)

# %% lang="en" vi="b427cbdf" twin="strings"
# # "có" hoặc "không"  →  # "yes" or "no"

# %% [markdown]
# ## 6. Ký một thử thách bằng token thật (tự bật)
#
# Ô này **hỏi PIN bằng `getpass`** (không hiện khi gõ, không lưu vào notebook) và chỉ chạy khi
# bạn đặt `DVCEDU_REAL_TOKEN_SIGN=1`. Token thật ký chậm hơn SoftHSM2 (thường vài trăm mili
# giây) và có thể hiện hộp thoại PIN riêng của hãng.
#
# Không phải token nào cũng tự băm SHA-256: có token chỉ có `CKM_RSA_PKCS` (ký "thô"). Khi đó
# dvcedu băm trên máy tính, gói giá trị băm vào một `DigestInfo` (51 byte) và nhờ token ký gói
# đó — chữ ký RSA PKCS#1 v1.5 ra **giống hệt**. Ô dưới in ra token của bạn đi đường nào.

# %% [markdown] lang="en" vi="4709c046"
# ## 6. Signing a challenge with the real token (switch it on yourself)
#
# This cell **asks for the PIN with `getpass`** (not shown as you type, not saved in the
# notebook) and runs only when you set `DVCEDU_REAL_TOKEN_SIGN=1`. A real token signs more slowly
# than SoftHSM2 (usually a few hundred milliseconds) and may show its maker's own PIN dialog.
#
# Not every token hashes SHA-256 itself: some only have `CKM_RSA_PKCS` ("raw" signing). Then
# dvcedu hashes on the computer, wraps the hash in a `DigestInfo` (51 bytes) and has the token
# sign that; the RSA PKCS#1 v1.5 signature comes out **exactly the same**. The cell below prints
# which path your token takes.

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

# %% lang="en" vi="3172c1be" twin="strings"
# "Chưa bật ký bằng token thật (DVCEDU_REAL_TOKEN_SIGN=1) — bỏ qua ô này."  →  "Signing with the real token is not switched on (DVCEDU_REAL_TOKEN_SIGN=1): skipping this cell."
# "Mã PIN token thật (không hiện, không lưu): "  →  "The real token's PIN (not shown, not saved): "
# # token này có CKM_SHA256_RSA_PKCS không?  →  # does this token have CKM_SHA256_RSA_PKCS?
# "Cách ký:"  →  "Signing path:"
# "Chữ ký CMS:"  →  "CMS signature:"
# "byte; kiểm tra:"  →  "bytes; verified:"

# %%
from dvcedu.exercises import summary

summary("08")

# %% [markdown]
# ## 7. Token thật khác SoftHSM2 thế nào
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
# - Tin gốc quốc gia sau khi **so dấu vân tay** với nguồn chính thức; năm 2026 có hai gốc
#   (2014 và 25/11/2025), và máy kiểm tra phải tin cả hai.
# - Một CA trung gian hết hạn thì mọi chứng thư dưới nó ngừng kiểm tra được: cần CA trung gian
#   mới, và dấu thời gian cho chữ ký cũ.
# - Không gõ PIN token thật vào nơi không tin tưởng; khóa bí mật không bao giờ rời token.
#
# Tiếp theo: [09 — Làm trên trình duyệt thật](09_trinh_duyet_that.ipynb), [10 — Ký hồ
# sơ](10_ky_ho_so.ipynb). Quay lại:
# [00 — Giới thiệu](00_gioi_thieu.ipynb) · [07 — Bảo mật](07_bao_mat.ipynb).

# %% [markdown] lang="en" vi="845924fc"
# ## 7. How a real token differs from SoftHSM2
#
# | | SoftHSM2 (the course) | A real USB token |
# |---|---|---|
# | Wrong-PIN counter | **simulated** by dvcedu (5 tries) | in the chip, set by the maker, cannot be reset |
# | Unlocking | `dvcedu token unlock --so-pin` | the CA keeps the SO PIN; take the token to the CA |
# | Private key | an encrypted file on disk | in the chip, cannot be read out |
# | Signing speed | < 1 ms | hundreds of ms |
# | PIN dialog | the plugin's / the notebook's | may be the maker's own (*protected authentication path*) |
# | Module | `libsofthsm2.so` | `vnpt-ca_csp11.dll`, `viettel-ca_v6.dll`, `fptca_v4.dll`… |
#
# ## Keypoints
#
# - The same PKCS#11 code drives SoftHSM2 and a real token; only the **module** differs.
# - Trust the national root after **comparing its fingerprint** with the official source; in
#   2026 there are two roots (2014 and 25 Nov 2025), and a verifier must trust both.
# - When an intermediate CA expires, every certificate under it stops verifying: a new
#   intermediate is needed, and a timestamp for old signatures.
# - Never type a real token's PIN anywhere you do not trust; the private key never leaves the
#   token.
#
# Next: [09 — In a real browser](09_real_browser.ipynb), [10 — Signing a
# dossier](10_signing_a_dossier.ipynb). Back:
# [00 — Introduction](00_introduction.ipynb) · [07 — Security](07_security.ipynb).
