# %% [markdown]
# # 06 — Sự cố thường gặp
#
# *Troubleshooting like a helpdesk: what you see, why it happened, what to do.*
#
# Mỗi sự cố dưới đây được **tạo ra thật** trên token đào tạo và cổng mô phỏng. Với mỗi sự cố:
# (1) **bạn thấy gì** — thông báo lỗi, tiếng Việt và tiếng Anh; (2) **vì sao** — bước nào hỏng,
# kiểm tra nào của cổng không đạt, mũi tên đỏ trong sơ đồ; (3) **làm gì ngoài đời thật**.

# %% [markdown]
# > **Câu hỏi** (*questions*): Khi học viên báo lỗi, nhìn vào đâu để biết lỗi ở bước nào và sửa thế nào?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - tạo lại từng sự cố thường gặp trên token đào tạo;
# > - đọc thông báo lỗi và mã lỗi của plugin;
# > - dùng bảng tra nhanh của bộ phận hỗ trợ.
# >
# > **Thời gian**: dạy 8 phút · bài tập 4 phút (buổi học 3 giờ, xem [README](README.md)).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Chia lớp thành nhóm, **mỗi nhóm một sự cố** (mục 1–7): 4 phút đọc, 2 phút trình bày "triệu
# chứng → vì sao → làm gì". In tờ tra cứu cho bộ phận hỗ trợ (docs/handouts.md) phát cho lớp.
#
# </details>

# %%
# Chuẩn bị (setup)
# Token của notebook này: DVCEDU-NB06, tạo mới mỗi lần chạy trong thư mục dvcedu của bạn
# (lệnh `dvcedu … --label DVCEDU-NB06` trong terminal tác động đúng token này).
from dvcedu import lab
from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.errors import PinIncorrect
from dvcedu.i18n import t
from dvcedu.plugin import ScriptedLearner, SigningPlugin
from dvcedu.pki.samples import training_trust
from dvcedu.portal import Portal, Store
from dvcedu.scenario import run_login, run_registration
from dvcedu.token import TRAINING_PIN as PIN  # mã PIN đào tạo; không bao giờ in ra
from dvcedu.viz import Table
from dvcedu.viz.sequence import draw_sequence

training = lab.start("enterprise", notebook="06")
clock = FixedClock(COURSE_DAY)
portal = Portal(Store.memory(), trust=training_trust(),
                clock=clock, random=SeededRandom("notebook-06"))


def register_with(label):
    """Đăng ký bằng token có nhãn ``label``; trả về quy trình đăng ký (thành công hay hỏng)."""
    return run_registration(portal, SigningPlugin(clock=clock, label=label),
                            ScriptedLearner(pin=PIN), email="ketoan@daotao.test")


# %% [markdown]
# ## 1. Chưa cài plugin / không tìm thấy mô-đun PKCS#11
#
# **Bạn thấy:** trình duyệt báo "chưa cài đặt plugin" ở bước 2.1; hoặc plugin báo không tìm
# thấy trình điều khiển token.

# %% tags=["raises-exception"]
plugin_without_driver = SigningPlugin(clock=clock, module="/opt/khong-co/vnpt-ca_csp11.so")
plugin_without_driver.check_plugin()

# %% [markdown]
# **Vì sao:** plugin cần **mô-đun PKCS#11** của hãng token (notebook 01, 08) để nói chuyện với
# token; tệp đó không có trên máy.
#
# **Làm gì:** cài (lại) plugin ký số từ trang của cổng và bộ cài token của CA (thường có trên
# chính USB token, hoặc trang hỗ trợ của CA); khởi động lại trình duyệt. Trong khóa học:
# `sudo apt-get install softhsm2`, rồi `dvcedu doctor`.

# %% [markdown]
# ## 2. Chưa cắm token

# %%
missing = register_with("TOKEN-CHUA-CAM")
print(missing.error)

# %%
draw_sequence(missing.transcript, highlight="2.1", title="Không thấy token ở bước 2.1")

# %% [markdown]
# **Vì sao:** plugin hỏi PKCS#11 (`C_GetTokenInfo`) nhưng không có token nào mang nhãn đó.
# Cổng chưa nhận được gì: mọi kiểm tra của cổng đều "chưa tới".
#
# **Làm gì:** cắm USB token, đợi đèn token sáng, thử cổng USB khác; rút ra cắm lại rồi bấm
# "Đăng ký" lần nữa.

# %% [markdown]
# ## 3. Sai mã PIN → sắp khóa → khóa → mở khóa
#
# > **Mô phỏng.** SoftHSM2 không tự khóa; dvcedu đếm số lần sai cho token đào tạo và báo đúng
# > các cờ PKCS#11 mà token thật báo. Token thật tự đếm **bên trong chip**: không phần mềm nào
# > đặt lại được bộ đếm, số lần cho phép do hãng quy định (5 hay 10 hay được nhắc tới, **chưa
# > xác nhận** cho từng hãng), và thường chỉ CA mở khóa được.

# %% [markdown]
# ### Bài tập: đoán trước khi chạy
#
# Ô sau nhập sai mã PIN năm lần liên tiếp (token khóa sau 5 lần sai). Đoán trước: lần sai
# **thứ 5** báo lỗi nào — `PinIncorrect` (sai PIN) hay `PinLocked` (đã khóa)?

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...
check("06.predict-fifth", answer)

# %%
rows = []
for attempt in range(1, 6):
    wrong = run_login(portal, SigningPlugin(clock=clock, label=training.label),
                      ScriptedLearner(pin="00000000"))
    left = wrong.error.left if isinstance(wrong.error, PinIncorrect) else None
    rows.append([attempt, type(wrong.error).__name__, "—" if left is None else left])
Table.of(["Lần sai", "Lỗi", "Còn lại"], rows)

# %%
from dvcedu.token import open_token

with open_token(training.label) as token:
    state = token.info
Table.of(["Cờ (flag)", "Ý nghĩa", "Nguồn"],
         [[f.name, f.meaning(), "mô phỏng" if f.simulated else "SoftHSM2"]
          for f in state.flags if f.name.startswith("CKF_USER_PIN_")])

# %% [markdown]
# Token đã khóa: **kể cả mã PIN đúng** cũng bị từ chối.

# %% tags=["raises-exception"]
with open_token(training.label, pin=PIN):
    pass

# %% [markdown]
# **Làm gì (đời thật):** ngừng thử. Mang token tới (hoặc liên hệ) CA đã cấp: CA dùng SO PIN
# mở khóa và đặt lại mã PIN. Trong khóa học, ở Terminal của JupyterLab:
# `dvcedu token unlock --label DVCEDU-NB06 --so-pin …`, hoặc ngay trong notebook:

# %%
from dvcedu.token import TRAINING_SO_PIN, unlock

print("Còn khóa?", unlock(training.label, so_pin=TRAINING_SO_PIN).has("CKF_USER_PIN_LOCKED"))

# %% [markdown]
# ## 4. Chứng thư hết hạn, chưa có hiệu lực, bị thu hồi, CA không tin cậy
#
# Mỗi token dưới đây giữ một chứng thư "có vấn đề" của bộ PKI đào tạo.

# %%
cases = [("expired", "Hết hạn", "Liên hệ CA để gia hạn; chứng thư mới cùng MST vẫn dùng được "
          "tài khoản cũ."),
         ("not-yet-valid", "Chưa có hiệu lực", "Kiểm tra ngày giờ của máy tính; đợi đến ngày "
          "hiệu lực."),
         ("revoked", "Bị thu hồi", "CA đã hủy chứng thư (ví dụ lộ khóa): xin cấp chứng thư mới."),
         ("lookalike", "CA không tin cậy (nhái tên)", "Không dùng token này; báo cho CA thật và "
          "cơ quan chức năng.")]
results = {}
for identity, _, _ in cases:
    lab.provision(identity, label=f"NB06-{identity.upper()}", force=True)
    results[identity] = register_with(f"NB06-{identity.upper()}")
Table.of(["Token giữ", "Sự cố", "Lỗi ở bước", "Mã plugin", "Thông báo", "Làm gì"],
         [[identity, name, results[identity].failed_step,
           getattr(results[identity].error.reason, "plugin_code", ""),
           results[identity].error.message("vi"), todo]
          for identity, name, todo in cases])

# %% [markdown]
# Chứng thư hết hạn hoặc chưa hiệu lực bị **plugin** ẩn khỏi hộp thoại (bước 2.2, mã 2 và 3 của
# plugin thật); chứng thư bị thu hồi hay do CA nhái cấp thì plugin vẫn cho chọn — chỉ **cổng**
# phát hiện được, ở bước 2.5. Đây là các kiểm tra của cổng với chứng thư bị thu hồi:

# %%
Table.of(["Cổng kiểm tra", "Kết quả"],
         [[t(check), t("check." + state)]
          for check, state in results["revoked"].check_report()])

# %%
draw_sequence(results["revoked"].transcript, highlight="2.5",
              title="Chứng thư bị thu hồi: cổng hỏi OCSP rồi từ chối")

# %% [markdown]
# ## 5. Chứng thư được gia hạn
#
# Đây **không phải** sự cố: doanh nghiệp đã đăng ký bằng chứng thư cũ, nay đăng nhập bằng chứng
# thư gia hạn (khóa mới, cùng MST). Cổng cho đăng nhập và ghi nhận thêm chứng thư mới.

# %%
assert register_with(training.label).ok
lab.provision("enterprise-renewed", label="NB06-TOKEN-GIA-HAN", force=True)
renewed = run_login(portal, SigningPlugin(clock=clock, label="NB06-TOKEN-GIA-HAN"),
                    ScriptedLearner(pin=PIN))
print("Đăng nhập:", "thành công" if renewed.ok else renewed.error,
      "— chứng thư mới được ghi nhận:", renewed.login.renewed)

# %% [markdown]
# ## 6. Chọn nhầm chứng thư (của công dân thay vì của doanh nghiệp)
#
# Một token có thể giữ **nhiều** chứng thư — ví dụ chứng thư doanh nghiệp và chứng thư cá nhân
# của giám đốc. Ta thêm chứng thư công dân vào token đào tạo, rồi "lỡ tay" chọn nó khi đăng
# nhập tài khoản doanh nghiệp.

# %%
from cryptography.hazmat.primitives.serialization import Encoding

from dvcedu.pki import samples
from dvcedu.token import provisioning

citizen = samples.identity("citizen")
with provisioning(training.label, PIN) as token:
    key_id = lab.key_id_for(citizen.certificate)
    token.import_private_key(citizen.key_pem(), id=key_id, label="citizen")
    token.import_certificate(citizen.certificate.public_bytes(Encoding.DER), id=key_id,
                             label="citizen")
    print("Token giữ", len(token.session.certificates()), "chứng thư")

# %%
wrong_choice = run_login(portal, SigningPlugin(clock=clock, label=training.label),
                         ScriptedLearner(pin=PIN, pick="CCCD:001301012345"),
                         account="0199001010")
print(wrong_choice.error)

# %% [markdown]
# **Vì sao:** chữ ký và chứng thư đều hợp lệ, nhưng định danh trong chứng thư (CCCD) không phải
# MST của tài khoản. **Làm gì:** ở hộp thoại của plugin, đọc kỹ cột MST/CCCD và chọn đúng
# chứng thư của doanh nghiệp.

# %% [markdown]
# ## 7. Trên trình duyệt thật: plugin, cổng mạng, chứng thư trên máy
#
# Ngoài đời, trang của Cổng nói với plugin ký số trên máy bạn qua `wss://localhost:4433/plugin`
# (rồi 4434, 4435, 9201, 9202 — mỗi cổng chờ 3 giây) [đã xác nhận trong thư viện JS công
# khai]. Nhiều sự cố nằm ở chặng này, trước cả khi token được hỏi tới. Notebook 09 và
# `dvcedu serve` tái hiện được từng sự cố; bộ kiểm thử trình duyệt (Chromium) chạy lại chúng
# mỗi lần.
#
# | Bạn thấy | Vì sao | Làm gì |
# |---|---|---|
# | "Chưa cài đặt hoặc không kết nối được plugin" | plugin không chạy: không cổng nào trả lời | chạy plugin (`dvcedu plugin serve`; ngoài đời: mở VNPT-CA Plugin) rồi tải lại trang |
# | như trên, dù plugin đang chạy | trình duyệt không tin chứng thư TLS của plugin trên `localhost`: kết nối WebSocket hỏng y như không có ai | mở `https://localhost:4433/` một lần, chấp nhận, tải lại trang; ngoài đời: cài lại plugin để nó cài lại chứng thư |
# | trang chờ vài giây rồi mới thấy plugin | cổng đầu bị chương trình khác chiếm; trang chờ 3 giây rồi thử cổng sau | không cần làm gì; nếu cả năm cổng bị chiếm thì dừng chương trình kia |
# | "Giấy phép này cấp cho 'localhost', không phải cho '127.0.0.1'" | giấy phép (licence) của trang gắn với tên miền; bạn mở Cổng bằng địa chỉ khác | mở Cổng đúng tên miền (ngoài đời: `dichvucong.gov.vn`, không qua trang trung gian) |
# | Chrome hỏi "tìm và kết nối với thiết bị trong mạng cục bộ" | *Local Network Access*: trang công khai kết nối tới `localhost` phải được cho phép; Chrome 142 (10/2025) áp dụng cho fetch, Chrome 147 (4/2026) cho cả WebSocket; Edge, Cốc Cốc (cùng nhân Chromium) cũng vậy; Firefox, Safari chưa áp dụng [thứ cấp: blog Chrome for Developers, tài liệu của một hãng phần mềm] | bấm "Cho phép" cho `dichvucong.gov.vn`; trang thực hành chạy trên `localhost` nên không bị hỏi |
# | "Sai mã PIN… còn N lần", "Token đã bị khóa" trên trang | plugin trả lỗi của token về trang; mã PIN chỉ được gõ trong cửa sổ plugin | như mục 3 |
# | Chứng thư hết hạn: cửa sổ plugin không có gì để chọn | plugin ẩn chứng thư hết hạn (mã 2) | như mục 4 |
# | Bị thu hồi, CA nhái tên: plugin vẫn ký, Cổng từ chối | plugin chỉ xem tên và ngày; Cổng kiểm tra chữ ký, chuỗi và OCSP | như mục 4 |

# %% [markdown]
# ## Bài tập (exercises)

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("06.locked-after", answer)

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("06.expired-code", answer)

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("06.untrusted-code", answer)

# %% [markdown]
# ## Bài làm (write code)
#
# Ô kiểm tra chạy hàm của bạn trên nhiều đầu vào và so với cách dvcedu làm; sai ở đâu, nó nói
# đầu vào nào và gợi ý theo đúng kiểu sai.

# %% [markdown]
# ### Sửa lỗi (debug)
#
# Một máy "bí ẩn": học viên đặt `DVCEDU_PKCS11_MODULE` bằng giá trị của hàm dưới, và mọi lệnh
# báo không tìm thấy token. Dùng terminal (`dvcedu doctor`, `ls`) để tìm tệp đúng, rồi sửa hàm.

# %% tags=["task"]
from dvcedu.tasks import check_code


def module_path():
    return "/usr/lib/softhsm/libsofthsm.so"


check_code("06.module-path", module_path)

# %% [markdown]
# ## Điểm chính: bảng tra nhanh cho bộ phận hỗ trợ
#
# | Bạn thấy | Bước | Làm gì |
# |---|---|---|
# | Chưa cài plugin / không thấy mô-đun | 2.1 | cài lại plugin và bộ cài token của CA |
# | Không thấy token | 2.1 | cắm token, đổi cổng USB |
# | Sai mã PIN, còn N lần | 2.3 | dừng lại, kiểm tra bàn phím (Caps Lock, bộ gõ tiếng Việt) |
# | Token bị khóa | 2.3 | liên hệ CA để mở khóa bằng SO PIN |
# | Không có chứng thư nào để chọn | 2.2 | chứng thư hết hạn / chưa hiệu lực: liên hệ CA |
# | Chứng thư bị thu hồi (mã 4) | 2.5 | xin CA cấp chứng thư mới |
# | CA không tin cậy (mã 7) | 2.5 | token không phải của CA được cấp phép: không dùng |
# | Định danh không khớp tài khoản | 3.3 | chọn đúng chứng thư của doanh nghiệp |
# | Trang báo không kết nối được plugin | 2.1 | chạy plugin; mở `https://localhost:4433/` và chấp nhận chứng thư |
# | Giấy phép cấp cho tên miền khác | 2.1 | mở Cổng đúng tên miền, không qua trang trung gian |
# | Chrome hỏi quyền mạng cục bộ | 2.1 | cho phép với `dichvucong.gov.vn` |
#
# Tiếp theo: [07 — Bảo mật](07_bao_mat.ipynb). Quay lại: [05 — Đăng nhập](05_dang_nhap.ipynb).
