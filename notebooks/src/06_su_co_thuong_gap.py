# %% [markdown]
# # 06 — Sự cố thường gặp
#
# *Troubleshooting like a helpdesk: what you see, why it happened, what to do.*
#
# Mỗi sự cố dưới đây được **tạo ra thật** trên token đào tạo và Cổng mô phỏng. Với mỗi sự cố:
# (1) **bạn thấy gì** — thông báo lỗi, tiếng Việt và tiếng Anh; (2) **vì sao** — bước nào hỏng,
# kiểm tra nào của Cổng không đạt, mũi tên đỏ trong sơ đồ; (3) **làm gì ngoài đời thật**.

# %% [markdown] lang="en" vi="4124f60a"
# # 06 — Common problems
#
# Each problem below is **really caused** on the training token and the simulated portal. For
# each one: (1) **what you see**: the error message, in English and Vietnamese; (2) **why**:
# which step failed, which of the portal's checks did not pass, the red arrow in the diagram;
# (3) **what to do in real life**.

# %% [markdown]
# > **Câu hỏi** (*questions*): Khi học viên báo lỗi, nhìn vào đâu để biết lỗi ở bước nào và sửa thế nào?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - tạo lại từng sự cố thường gặp trên token đào tạo;
# > - đọc thông báo lỗi và mã lỗi của plugin;
# > - dùng bảng tra nhanh của bộ phận hỗ trợ.
# >
# > **Thời gian**: dạy 8 phút · bài tập 4 phút · tự học ≈ 40 phút (buổi học 3 giờ, xem [README](README.md)).

# %% [markdown] lang="en" vi="bcdebf91"
# > **Questions**: When a learner reports an error, where do you look to know at which step it failed and how to fix it?
# >
# > **Objectives**: after this notebook, you can:
# > - cause each common problem again on the training token;
# > - read the error message and the plugin's error code;
# > - use the helpdesk's quick-reference table.
# >
# > **Time**: teaching 8 min · exercises 4 min · self-study ≈ 40 min (a 3-hour session, see the [README](README.md)).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Chia lớp thành nhóm, **mỗi nhóm một sự cố** (mục 1–7): 4 phút đọc, 2 phút trình bày "triệu
# chứng → vì sao → làm gì". In tờ tra cứu cho bộ phận hỗ trợ (docs/handouts.md) phát cho lớp.
#
# </details>

# %% [markdown] lang="en" vi="81c75738"
# <details class="dvcedu-instructor"><summary><b>Instructor note</b> — learners may skip this</summary>
#
# Split the class into groups, **one problem per group** (sections 1–7): 4 minutes to read,
# 2 minutes to present "symptom → why → what to do". Print the helpdesk sheet
# ([handouts.md](handouts.md)) and hand it out to the class.
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

training = lab.start("enterprise", notebook="06", lang="vi")
clock = FixedClock(COURSE_DAY)
portal = Portal(Store.memory(), trust=training_trust(),
                clock=clock, random=SeededRandom("notebook-06"))


def register_with(label):
    """Đăng ký bằng token có nhãn ``label``; trả về quy trình đăng ký (thành công hay hỏng)."""
    return run_registration(portal, SigningPlugin(clock=clock, label=label),
                            ScriptedLearner(pin=PIN), email="ketoan@daotao.test")

# %% lang="en" vi="8528b21a" twin="strings"
# # Chuẩn bị (setup)  →  # Setup
# # Token của notebook này: DVCEDU-NB06, tạo mới mỗi lần chạy trong thư mục dvcedu của bạn  →  # This notebook's token: DVCEDU-NB06, made anew on every run in your dvcedu folder
# # (lệnh `dvcedu … --label DVCEDU-NB06` trong terminal tác động đúng token này).  →  # (`dvcedu … --label DVCEDU-NB06` in a terminal acts on this very token).
# # mã PIN đào tạo; không bao giờ in ra  →  # the training PIN; never printed
# "vi"  →  "en"
# """Đăng ký bằng token có nhãn ``label``; trả về quy trình đăng ký (thành công hay hỏng)."""  →  """Register with the token labelled ``label``; returns the registration (succeeded or failed)."""


# %% [markdown]
# ## 1. Chưa cài plugin / không tìm thấy mô-đun PKCS#11
#
# **Bạn thấy:** trình duyệt báo "chưa cài đặt plugin" ở bước 2.1; hoặc plugin báo không tìm
# thấy trình điều khiển token.

# %% [markdown] lang="en" vi="e7bffddb"
# ## 1. No plugin installed / PKCS#11 module not found
#
# **What you see:** the browser says "the plugin is not installed" at step 2.1; or the plugin
# says it cannot find the token's driver.

# %% tags=["raises-exception"]
plugin_without_driver = SigningPlugin(clock=clock, module="/opt/khong-co/vnpt-ca_csp11.so")
plugin_without_driver.check_plugin()

# %% [markdown]
# **Vì sao:** plugin cần **mô-đun PKCS#11** của hãng token (notebook 01, 08) để nói chuyện với
# token; tệp đó không có trên máy.
#
# **Làm gì:** cài (lại) plugin ký số từ trang của Cổng và bộ cài token của CA (thường có trên
# chính USB token, hoặc trang hỗ trợ của CA); khởi động lại trình duyệt. Trong khóa học:
# `sudo apt-get install softhsm2`, rồi `dvcedu doctor`.

# %% [markdown] lang="en" vi="a60c38ea"
# **Why:** the plugin needs the token maker's **PKCS#11 module** (notebooks 01, 08) to talk to
# the token; that file is not on the computer.
#
# **What to do:** (re)install the signing plugin from the portal's page and the CA's token
# installer (often on the USB token itself, or on the CA's support site); restart the browser. In
# the course: `sudo apt-get install softhsm2`, then `dvcedu doctor`.

# %% [markdown]
# ## 2. Chưa cắm token

# %% [markdown] lang="en" vi="b3a5782c"
# ## 2. No token plugged in

# %%
missing = register_with("TOKEN-CHUA-CAM")
print(missing.error)

# %%
draw_sequence(missing.transcript, highlight="2.1", title="Không thấy token ở bước 2.1")

# %% lang="en" vi="7c33bf55" twin="strings"
# "Không thấy token ở bước 2.1"  →  "No token found at step 2.1"

# %% [markdown]
# **Vì sao:** plugin hỏi PKCS#11 (`C_GetTokenInfo`) nhưng không có token nào mang nhãn đó.
# Cổng chưa nhận được gì: mọi kiểm tra của Cổng đều "chưa tới".
#
# **Làm gì:** cắm USB token, đợi đèn token sáng, thử cổng USB khác; rút ra cắm lại rồi bấm
# "Đăng ký" lần nữa.

# %% [markdown] lang="en" vi="3582fb25"
# **Why:** the plugin asks PKCS#11 (`C_GetTokenInfo`) but no token has that label. The portal has
# received nothing yet: every check of the portal is "not reached".
#
# **What to do:** plug in the USB token, wait for its light, try another USB port; unplug it, plug
# it in again, and press "Register (Đăng ký)" once more.

# %% [markdown]
# ## 3. Sai mã PIN → sắp khóa → khóa → mở khóa
#
# > **Mô phỏng.** SoftHSM2 không tự khóa; dvcedu đếm số lần sai cho token đào tạo và báo đúng
# > các cờ PKCS#11 mà token thật báo. Token thật tự đếm **bên trong chip**: không phần mềm nào
# > đặt lại được bộ đếm, số lần cho phép do hãng quy định (5 hay 10 hay được nhắc tới, **chưa
# > xác nhận** cho từng hãng), và thường chỉ CA mở khóa được.

# %% [markdown] lang="en" vi="65824d82"
# ## 3. Wrong PIN → nearly locked → locked → unlocked
#
# > **Simulated.** SoftHSM2 never locks; dvcedu counts wrong tries for training tokens and
# > reports exactly the PKCS#11 flags a real token reports. A real token counts **inside the
# > chip**: no software can reset the counter, the number of tries allowed is the maker's (5 or
# > 10 is often quoted, **unconfirmed** for each make), and usually only the CA can unlock it.

# %% [markdown]
# ### Bài tập: đoán trước khi chạy
#
# Ô sau nhập sai mã PIN năm lần liên tiếp (token khóa sau 5 lần sai). Đoán trước: lần sai
# **thứ 5** báo lỗi nào — `PinIncorrect` (sai PIN) hay `PinLocked` (đã khóa)?

# %% [markdown] lang="en" vi="989834fe"
# ### Exercise: predict before you run
#
# The next cell types a wrong PIN five times in a row (the token locks after 5 wrong tries).
# Predict first: which error does the **5th** wrong try report, `PinIncorrect` (wrong PIN) or
# `PinLocked` (locked)?

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

# %% lang="en" vi="1dee5c09" twin="strings"
# "Lần sai"  →  "Wrong try"
# "Lỗi"  →  "Error"
# "Còn lại"  →  "Tries left"

# %%
from dvcedu.token import open_token

with open_token(training.label) as token:
    state = token.info
Table.of(["Cờ (flag)", "Ý nghĩa", "Nguồn"],
         [[f.name, f.meaning(), "mô phỏng" if f.simulated else "SoftHSM2"]
          for f in state.flags if f.name.startswith("CKF_USER_PIN_")])

# %% lang="en" vi="9bd952d9" twin="strings"
# "Cờ (flag)"  →  "Flag"
# "Ý nghĩa"  →  "Meaning"
# "Nguồn"  →  "Source"
# "mô phỏng"  →  "simulated"

# %% [markdown]
# Token đã khóa: **kể cả mã PIN đúng** cũng bị từ chối.

# %% [markdown] lang="en" vi="ce2b8f21"
# The token is locked: **even the right PIN** is refused.

# %% tags=["raises-exception"]
with open_token(training.label, pin=PIN):
    pass

# %% [markdown]
# **Làm gì (đời thật):** ngừng thử. Mang token tới (hoặc liên hệ) CA đã cấp: CA dùng SO PIN
# mở khóa và đặt lại mã PIN. Trong khóa học, ở Terminal của JupyterLab:
# `dvcedu token unlock --label DVCEDU-NB06 --so-pin …`, hoặc ngay trong notebook:

# %% [markdown] lang="en" vi="8e1e7091"
# **What to do (real life):** stop trying. Take the token to (or contact) the CA that issued it:
# the CA unlocks it with the SO PIN and resets the PIN. In the course, in JupyterLab's Terminal:
# `dvcedu token unlock --label DVCEDU-NB06 --so-pin …`, or right here in the notebook:

# %%
from dvcedu.token import TRAINING_SO_PIN, unlock

print("Còn khóa?", unlock(training.label, so_pin=TRAINING_SO_PIN).has("CKF_USER_PIN_LOCKED"))

# %% lang="en" vi="0035f610" twin="strings"
# "Còn khóa?"  →  "Still locked?"

# %% [markdown]
# ## 4. Chứng thư hết hạn, chưa có hiệu lực, bị thu hồi, CA không tin cậy
#
# Mỗi token dưới đây giữ một chứng thư "có vấn đề" của bộ PKI đào tạo.

# %% [markdown] lang="en" vi="64d7755c"
# ## 4. A certificate expired, not yet valid, revoked, or from an untrusted CA
#
# Each token below holds one "problem" certificate of the training PKI.

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

# %% lang="en" vi="ee8fb4ad" twin="strings"
# "Hết hạn"  →  "Expired"
# "Liên hệ CA để gia hạn; chứng thư mới cùng MST vẫn dùng được "  →  "Contact the CA to renew; a new certificate with the same MST "
# "tài khoản cũ."  →  "still opens the old account."
# "Chưa có hiệu lực"  →  "Not yet valid"
# "Kiểm tra ngày giờ của máy tính; đợi đến ngày "  →  "Check the computer's date and time; wait for the "
# "hiệu lực."  →  "start date."
# "Bị thu hồi"  →  "Revoked"
# "CA đã hủy chứng thư (ví dụ lộ khóa): xin cấp chứng thư mới."  →  "The CA cancelled the certificate (e.g. an exposed key): apply for a new one."
# "CA không tin cậy (nhái tên)"  →  "Untrusted CA (a copied name)"
# "Không dùng token này; báo cho CA thật và "  →  "Do not use this token; report it to the real "
# "cơ quan chức năng."  →  "CA and the authorities."
# "Token giữ"  →  "Token holds"
# "Sự cố"  →  "Problem"
# "Lỗi ở bước"  →  "Failed at step"
# "Mã plugin"  →  "Plugin code"
# "Thông báo"  →  "Message"
# "Làm gì"  →  "What to do"
# "vi"  →  "en"

# %% [markdown]
# Chứng thư hết hạn hoặc chưa hiệu lực bị **plugin** ẩn khỏi hộp thoại (bước 2.2, mã 2 và 3 của
# plugin thật **[thứ cấp: bảng mã trong một bản sao thư viện JS]**); chứng thư bị thu hồi hay do CA nhái cấp thì hộp thoại mặc định vẫn cho chọn —
# trừ khi trang yêu cầu plugin kiểm tra thêm, chỉ **Cổng** phát hiện được, ở bước 2.5. Đây là
# các kiểm tra của Cổng với chứng thư bị thu hồi:

# %% [markdown] lang="en" vi="603be007"
# An expired or not-yet-valid certificate is hidden from the dialog by the **plugin** (step 2.2,
# codes 2 and 3 of the real plugin **[secondary: the code table in one copy of the JS
# library]**); a revoked certificate, or one issued by a copycat CA, can
# still be chosen in the default dialog: unless the page asks the plugin for more checks, only
# the **portal** finds out, at step 2.5. These are the portal's checks on the revoked
# certificate:

# %%
Table.of(["Cổng kiểm tra", "Kết quả"],
         [[t(check), t("check." + state)]
          for check, state in results["revoked"].check_report()])

# %% lang="en" vi="7e168a51" twin="strings"
# "Cổng kiểm tra"  →  "Portal check"
# "Kết quả"  →  "Result"

# %%
draw_sequence(results["revoked"].transcript, highlight="2.5",
              title="Chứng thư bị thu hồi: Cổng hỏi OCSP rồi từ chối")

# %% lang="en" vi="341fa8d0" twin="strings"
# "Chứng thư bị thu hồi: Cổng hỏi OCSP rồi từ chối"  →  "A revoked certificate: the portal asks OCSP, then refuses"

# %% [markdown]
# ## 5. Chứng thư được gia hạn
#
# Đây **không phải** sự cố: doanh nghiệp đã đăng ký bằng chứng thư cũ, nay đăng nhập bằng chứng
# thư gia hạn (khóa mới, cùng MST). Cổng cho đăng nhập và ghi nhận thêm chứng thư mới.

# %% [markdown] lang="en" vi="08dcff69"
# ## 5. A renewed certificate
#
# This is **not** a problem: the enterprise registered with the old certificate and now logs in
# with the renewed one (a new key, the same MST). The portal lets it in and records the new
# certificate too.

# %%
assert register_with(training.label).ok
lab.provision("enterprise-renewed", label="NB06-TOKEN-GIA-HAN", force=True)
renewed = run_login(portal, SigningPlugin(clock=clock, label="NB06-TOKEN-GIA-HAN"),
                    ScriptedLearner(pin=PIN))
print("Đăng nhập:", "thành công" if renewed.ok else renewed.error,
      "— chứng thư mới được ghi nhận:", renewed.login.renewed)

# %% lang="en" vi="1b3ca6de" twin="strings"
# "Đăng nhập:"  →  "Login:"
# "thành công"  →  "succeeded"
# "— chứng thư mới được ghi nhận:"  →  "— new certificate recorded:"

# %% [markdown]
# ## 6. Chọn nhầm chứng thư (của công dân thay vì của doanh nghiệp)
#
# Một token có thể giữ **nhiều** chứng thư — ví dụ chứng thư doanh nghiệp và chứng thư cá nhân
# của giám đốc. Ta thêm chứng thư công dân vào token đào tạo, rồi "lỡ tay" chọn nó khi đăng
# nhập tài khoản doanh nghiệp.

# %% [markdown] lang="en" vi="070563a3"
# ## 6. The wrong certificate chosen (a citizen's instead of the enterprise's)
#
# One token can hold **several** certificates, for example the enterprise's and the director's
# personal one. We add a citizen's certificate to the training token, then "accidentally" choose
# it when logging in to the enterprise account.

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

# %% lang="en" vi="8526fbac" twin="strings"
# "Token giữ"  →  "The token holds"
# "chứng thư"  →  "certificates"

# %%
wrong_choice = run_login(portal, SigningPlugin(clock=clock, label=training.label),
                         ScriptedLearner(pin=PIN, pick="CCCD:001301012345"),
                         account="0199001010")
print(wrong_choice.error)

# %% [markdown]
# **Vì sao:** chữ ký và chứng thư đều hợp lệ, nhưng định danh trong chứng thư (CCCD) không phải
# MST của tài khoản. **Làm gì:** ở hộp thoại của plugin, đọc kỹ cột MST/CCCD và chọn đúng
# chứng thư của doanh nghiệp.

# %% [markdown] lang="en" vi="68774151"
# **Why:** the signature and the certificate are both valid, but the identifier in the
# certificate (a CCCD) is not the account's MST. **What to do:** in the plugin's dialog, read the
# MST/CCCD column carefully and choose the enterprise's own certificate.

# %% [markdown]
# ## 7. Trên trình duyệt thật: plugin, cổng mạng, chứng thư trên máy
#
# Ngoài đời, trang của Cổng nói với plugin ký số trên máy bạn qua `wss://localhost:4433/plugin`
# (rồi 4434, 4435 — mỗi cổng mạng chờ 3 giây; bản thư viện 1.0.0.8 khai báo thêm 9201, 9202 nhưng
# không thử tới, một bản năm 2024 khai báo thêm 5002, 5003) [đã xác nhận trong thư viện JS
# công khai, chạy thử trên Chromium]. Nhiều sự cố nằm ở chặng này, trước cả khi token được hỏi tới. Notebook 09 và
# `dvcedu serve` tái hiện được từng sự cố; bộ kiểm thử trình duyệt (Chromium) chạy lại chúng
# mỗi lần.
#
# | Bạn thấy | Vì sao | Làm gì |
# |---|---|---|
# | "Chưa cài đặt hoặc không kết nối được plugin" | plugin không chạy: không cổng mạng nào trả lời | chạy plugin (`dvcedu plugin serve`; ngoài đời: mở VNPT-CA Plugin) rồi tải lại trang |
# | như trên, dù plugin đang chạy | trình duyệt không tin chứng thư TLS của plugin trên `localhost`: kết nối WebSocket hỏng y như không có ai | mở `https://localhost:4433/` một lần, chấp nhận, tải lại trang; ngoài đời: cài lại plugin để nó cài lại chứng thư |
# | trang chờ vài giây rồi mới thấy plugin | cổng mạng đầu bị chương trình khác chiếm; trang chờ 3 giây rồi thử cổng mạng sau | không cần làm gì; nếu cả ba cổng mạng (4433–4435) bị chiếm thì dừng chương trình kia |
# | "Giấy phép này cấp cho 'localhost', không phải cho '127.0.0.1'" | giấy phép (licence) của trang gắn với tên miền; bạn mở Cổng bằng địa chỉ khác | mở Cổng đúng tên miền (ngoài đời: `dichvucong.gov.vn`, không qua trang trung gian) |
# | Chrome hỏi "tìm và kết nối với thiết bị trong mạng cục bộ" | *Local Network Access*: trang công khai kết nối tới `localhost` phải được cho phép; Chrome 142 (10/2025) áp dụng cho fetch, Chrome 147 (4/2026) cho cả WebSocket; Edge, Cốc Cốc (cùng nhân Chromium) cũng vậy; Firefox, Safari chưa áp dụng [thứ cấp: blog Chrome for Developers, tài liệu của một hãng phần mềm] | bấm "Cho phép" cho `dichvucong.gov.vn`; trang thực hành chạy trên `localhost` nên không bị hỏi |
# | "Sai mã PIN… còn N lần", "Token đã bị khóa" trên trang | plugin trả lỗi của token về trang; mã PIN chỉ được gõ trong cửa sổ plugin | như mục 3 |
# | Chứng thư hết hạn: cửa sổ plugin không có gì để chọn | plugin ẩn chứng thư hết hạn (mã 2) | như mục 4 |
# | Bị thu hồi, CA nhái tên: plugin vẫn ký, Cổng từ chối | hộp thoại mặc định của plugin chỉ lọc theo ngày; thư viện JS có hàm `ValidateCertificate`, `CheckOCSP`, `CheckCRL` để trang yêu cầu kiểm tra thêm [xác nhận trong thư viện JS], và theo Thông tư 15/2025/TT-BKHCN phần mềm ký phải kiểm tra hiệu lực trước khi ký [thứ cấp]; Cổng luôn kiểm tra chữ ký, chuỗi và OCSP | như mục 4 |

# %% [markdown] lang="en" vi="25cc5000"
# ## 7. In a real browser: the plugin, the network port, certificates on the computer
#
# In real life the portal's page talks to the signing plugin on your computer through
# `wss://localhost:4433/plugin` (then 4434, 4435, waiting 3 seconds for each; version 1.0.0.8
# of the library also declares 9201 and 9202 but never tries them, a 2024 copy declares 5002 and
# 5003 too) [confirmed in the public JS library, run in Chromium]. Many problems lie on this stretch, before the token is
# even asked. Notebook 09 and `dvcedu serve` can reproduce each of them; the browser test suite
# (Chromium) runs them again every time.
#
# | What you see | Why | What to do |
# |---|---|---|
# | "The plugin is not installed or cannot be reached" (Chưa cài đặt hoặc không kết nối được plugin) | the plugin is not running: no port answers | run the plugin (`dvcedu plugin serve`; in real life: open the VNPT-CA Plugin) and reload the page |
# | as above, though the plugin is running | the browser does not trust the plugin's TLS certificate on `localhost`: the WebSocket connection fails exactly as if nobody were there | open `https://localhost:4433/` once, accept, reload the page; in real life: reinstall the plugin so it reinstalls its certificate |
# | the page waits a few seconds before it finds the plugin | the first port is taken by another program; the page waits 3 seconds, then tries the next port | nothing to do; if all three ports (4433–4435) are taken, stop the other program |
# | "This licence is for 'localhost', not for '127.0.0.1'" | the page's licence is bound to a domain name; you opened the portal at another address | open the portal at its own domain (in real life: `dichvucong.gov.vn`, not through a go-between page) |
# | Chrome asks to "look for and connect to any device on your local network" | *Local Network Access*: a public page connecting to `localhost` must be allowed; Chrome 142 (Oct 2025) applies it to fetch, Chrome 147 (Apr 2026) to WebSockets too; Edge and Cốc Cốc (the same Chromium engine) as well; Firefox and Safari not yet [secondary: Chrome for Developers blog, one software vendor's documentation] | press "Allow" for `dichvucong.gov.vn`; the practice portal runs on `localhost`, so it is not asked |
# | "Wrong PIN… N tries left", "The token is locked" on the page | the plugin returns the token's error to the page; the PIN is typed only in the plugin's window | as in section 3 |
# | An expired certificate: nothing to choose in the plugin's window | the plugin hides expired certificates (code 2) | as in section 4 |
# | Revoked, copycat CA: the plugin signs, the portal refuses | the plugin's default dialog filters by date only; the JS library has `ValidateCertificate`, `CheckOCSP` and `CheckCRL` for a page that asks for more checks [confirmed in the JS library], and Circular 15/2025/TT-BKHCN requires signing software to check validity before signing [secondary]; the portal always checks the signature, the chain and OCSP | as in section 4 |

# %% [markdown]
# ## Bài tập (exercises)

# %% [markdown] lang="en" vi="02bc7b44"
# ## Exercises

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("06.locked-after", answer)

# %% lang="en" vi="7cb3973a" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("06.expired-code", answer)

# %% lang="en" vi="487f1ce0" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("06.untrusted-code", answer)

# %% lang="en" vi="7a5b6003" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% [markdown]
# **Áp dụng vào trường hợp khác** (*transfer*): đáp án của câu dưới đây không có sẵn ở trên;
# hãy suy ra từ điều bạn vừa học.

# %% [markdown] lang="en" vi="b83525e8"
# **Apply it to another case** (*transfer*): the answer to the question below is not shown
# above; work it out from what you just learnt.

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # "có" hoặc "không"
check("06.firefox-lna", answer)

# %% lang="en" vi="193f8e75" twin="strings"
# # "có" hoặc "không"  →  # "yes" or "no"

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
# ### Sửa lỗi (debug)
#
# Một máy "bí ẩn": học viên đặt `DVCEDU_PKCS11_MODULE` bằng giá trị của hàm dưới, và mọi lệnh
# báo không tìm thấy token. Dùng terminal (`dvcedu doctor`, `ls`) để tìm tệp đúng, rồi sửa hàm.

# %% [markdown] lang="en" vi="ae5f4fde"
# ### Debug
#
# A "mystery machine": a learner set `DVCEDU_PKCS11_MODULE` to the value of the function below,
# and every command says no token was found. Use the terminal (`dvcedu doctor`, `ls`) to find
# the right file, then fix the function.

# %% tags=["task"]
from dvcedu.tasks import check_code


def module_path():
    return "/usr/lib/softhsm/libsofthsm.so"


check_code("06.module-path", module_path)

# %%
from dvcedu.exercises import summary

summary("06")

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
# | CA không tin cậy (mã 7) | 2.5 | trước hết cập nhật chứng thư gốc và CA trung gian từ `rootca.gov.vn` (máy chưa có gốc 25/11/2025 thấy chứng thư hợp lệ là "không tin cậy"); vẫn thế thì token không phải của CA được cấp phép: không dùng |
# | Định danh không khớp tài khoản | 3.3 | chọn đúng chứng thư của doanh nghiệp |
# | Trang báo không kết nối được plugin | 2.1 | chạy plugin; mở `https://localhost:4433/` và chấp nhận chứng thư |
# | Giấy phép cấp cho tên miền khác | 2.1 | mở Cổng đúng tên miền, không qua trang trung gian |
# | Chrome hỏi quyền mạng cục bộ | 2.1 | cho phép với `dichvucong.gov.vn` |
#
# Tiếp theo: [07 — Bảo mật](07_bao_mat.ipynb). Quay lại: [05 — Đăng nhập](05_dang_nhap.ipynb).

# %% [markdown] lang="en" vi="0f8a54f8"
# ## Keypoints: quick reference for the helpdesk
#
# | What you see | Step | What to do |
# |---|---|---|
# | No plugin installed / no module found | 2.1 | reinstall the plugin and the CA's token installer |
# | No token found | 2.1 | plug in the token, change the USB port |
# | Wrong PIN, N tries left | 2.3 | stop, check the keyboard (Caps Lock, the Vietnamese input method) |
# | Token locked | 2.3 | contact the CA to unlock it with the SO PIN |
# | No certificate to choose | 2.2 | expired / not yet valid certificate: contact the CA |
# | Certificate revoked (code 4) | 2.5 | ask the CA for a new certificate |
# | Untrusted CA (code 7) | 2.5 | first update the root and intermediate CA certificates from `rootca.gov.vn` (a computer without the root of 25 Nov 2025 sees a valid certificate as "untrusted"); if it stays, the token is not from a licensed CA: do not use it |
# | Identifier does not match the account | 3.3 | choose the enterprise's own certificate |
# | The page cannot reach the plugin | 2.1 | run the plugin; open `https://localhost:4433/` and accept the certificate |
# | A licence for another domain | 2.1 | open the portal at its own domain, not through a go-between page |
# | Chrome asks for local-network permission | 2.1 | allow it for `dichvucong.gov.vn` |
#
# Next: [07 — Security](07_security.ipynb). Back: [05 — Login](05_login.ipynb).
