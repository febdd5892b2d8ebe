# %% [markdown]
# # 05 — Đăng nhập bằng "USB ký số"
#
# *Logging in with the USB token: challenge and response, what the portal checks, the session
# and the name in the top-right corner, and a renewed certificate.*
#
# Bước 3 của hướng dẫn gốc: về trang chủ, bấm **"Đăng nhập"**, chọn **"USB ký số"**, chọn
# chứng thư và nhập mã PIN như lúc đăng ký. Xong: góc trên bên phải hiện **tên doanh nghiệp**.
#
# > Như notebook 04, đây là quy trình của hướng dẫn gốc (trước 1/7/2025, xem notebook 00). Ở
# > đây cổng tự kiểm tra chữ ký; cổng thật chuyển việc đăng nhập sang máy chủ xác thực
# > `xacthuc.dichvucong.gov.vn` (OpenID Connect) **[xác nhận]** — notebook 09 vẽ đúng bước
# > nhảy đó, từ chính lần bạn làm trên trình duyệt.

# %% [markdown]
# > **Câu hỏi** (*questions*): Đăng nhập không có mật khẩu thì Cổng biết bạn là ai bằng cách nào?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - giải thích thử thách – phản hồi và vì sao chữ ký cũ không dùng lại được;
# > - kể các kiểm tra của Cổng theo đúng thứ tự;
# > - biết tên ở góc phải đến từ đâu;
# > - so sánh tài khoản doanh nghiệp và công dân.
# >
# > **Thời gian**: dạy 10 phút · bài tập 5 phút (buổi học 3 giờ, xem [README](README.md)).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Sau khi đăng nhập được, hỏi: "Nếu ai đó chép được gói chữ ký của bạn hôm qua, họ đăng nhập
# được không?" — rồi mở mục thử thách – phản hồi. Phần công dân (cuối notebook) có thể giao
# cho nhóm nhanh.
#
# </details>

# %%
# Chuẩn bị (setup): token đào tạo, cổng mô phỏng, và một tài khoản đã đăng ký (notebook 04).
# Token của notebook này: DVCEDU-NB05, tạo mới mỗi lần chạy trong thư mục dvcedu của bạn
# (lệnh `dvcedu … --label DVCEDU-NB05` trong terminal tác động đúng token này).
from dvcedu import lab
from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.plugin import ScriptedLearner, SigningPlugin
from dvcedu.pki.samples import training_trust
from dvcedu.portal import Portal, Store
from dvcedu.scenario import run_login, run_registration
from dvcedu.token import TRAINING_PIN as PIN  # mã PIN đào tạo; không bao giờ in ra
from dvcedu.viz import Table

training = lab.start("enterprise", notebook="05")
clock = FixedClock(COURSE_DAY)
portal = Portal(Store.memory(), trust=training_trust(),
                clock=clock, random=SeededRandom("notebook-05"))
plugin = SigningPlugin(clock=clock, label=training.label)
registered = run_registration(portal, plugin, ScriptedLearner(pin=PIN),
                              email="ketoan@anbinh-daotao.test")
print("Tài khoản đã đăng ký:", registered.registration.account.identifier)

# %% [markdown]
# ## Tự làm: đăng nhập
#
# Chọn chứng thư, gõ mã PIN đào tạo (README), bấm nút. Khi đăng nhập thành công, thanh đỏ phía
# trên hiện tên doanh nghiệp ở góc phải.

# %%
from dvcedu.widgets.portal import LoginPanel

LoginPanel(portal, plugin)

# %% [markdown]
# ## Thử thách – phản hồi (*challenge–response*)
#
# Đăng nhập bằng USB ký số **không gửi mật khẩu nào**. Thay vào đó:
#
# 1. cổng gửi một **thử thách** mới: 32 byte ngẫu nhiên, chỉ dùng một lần, hết hạn sau 5 phút;
# 2. token **ký** thử thách bằng khóa bí mật (chỉ token có khóa này);
# 3. cổng **kiểm tra** chữ ký bằng khóa công khai trong chứng thư, và chứng thư bằng chuỗi tin
#    cậy lên gốc quốc gia.
#
# Kẻ nghe lén lấy được chữ ký cũng vô ích: lần sau cổng gửi thử thách khác, và thử thách cũ đã
# bị đánh dấu "đã dùng" (notebook 07 thử tấn công [phát lại](glossary.md#phat-lai) này).

# %%
login = run_login(portal, plugin, ScriptedLearner(pin=PIN))
print("Đăng nhập:", "thành công" if login.ok else login.error)

# %%
import base64
import json

challenge = json.loads(base64.b64decode(login.transcript.find("thử thách đăng nhập").json()
                                        ["challenge"]))
Table.of(["Trường", "Giá trị", "Ý nghĩa"], [
    ["purpose", challenge["purpose"], "chỉ dùng để đăng nhập, không dùng để đăng ký"],
    ["nonce", challenge["nonce"][:32] + "…", "32 byte ngẫu nhiên (64 ký tự hex)"],
    ["origin", challenge["origin"], "trang web được phép dùng thử thách này"],
    ["issued", challenge["issued"], "lúc cổng phát ra"],
    ["expires", challenge["expires"], "hết hạn sau 5 phút"],
])

# %% [markdown]
# ## Góc trên bên phải
#
# [Phiên đăng nhập](glossary.md#phien-dang-nhap) (*session*) mang tên hiển thị lấy từ tài khoản — chính là `CN` trong chứng
# thư lúc đăng ký:

# %%
from dvcedu.widgets.page import header

header(login.login.session.display_name)

# %%
session = portal.whoami(login.login.session.id)
print("Phiên đang mở của:", session.identifier, "—", session.display_name)

# %% [markdown]
# ## Bên trong: toàn bộ lần đăng nhập

# %%
from dvcedu.viz.sequence import draw_sequence, events_table

events_table(login.transcript)

# %%
draw_sequence(login.transcript, highlight="3.3", title="Đăng nhập bằng USB ký số")

# %% [markdown]
# ## Cổng đã kiểm tra gì, theo thứ tự
#
# Giống hệt lúc đăng ký cho đến bước định danh; cuối cùng cổng tìm **tài khoản theo MST trong
# chứng thư**.

# %%
from dvcedu.i18n import t

Table.of(["Cổng kiểm tra", "Kết quả"],
         [[t(check), t("check." + state)] for check, state in login.check_report()])

# %% [markdown]
# ## Đăng xuất
#
# Đăng xuất kết thúc phiên: tên ở góc phải biến mất.

# %%
print("Đăng xuất:", portal.logout(session.id))
print("Phiên còn mở không?", portal.whoami(session.id) is not None)
header()

# %% [markdown]
# ## Chứng thư được gia hạn
#
# Chứng thư doanh nghiệp chỉ có hạn 1–3 năm. Khi [gia hạn](glossary.md#gia-han-chung-thu), CA cấp **chứng thư mới, khóa mới,
# cùng MST**, thường ghi **lên chính token cũ** bằng công cụ của CA **[thứ cấp]**. Ngoài đời,
# chứng thư mới có thể phải **đăng ký lại** trên các cổng thuế, hải quan, bảo hiểm xã hội trước
# khi dùng được **[thứ cấp]**. Ở đây cổng đào tạo **tự** nhận ra cùng doanh nghiệp nhờ MST, cho
# đăng nhập và ghi nhận thêm chứng thư mới — đó là **mô hình của khóa học**, không phải hành vi
# đã xác nhận của Cổng thật.

# %%
lab.provision("enterprise-renewed", label="NB05-TOKEN-GIA-HAN", force=True)
renewed = run_login(portal, SigningPlugin(clock=clock, label="NB05-TOKEN-GIA-HAN"),
                    ScriptedLearner(pin=PIN))
print("Đăng nhập bằng chứng thư gia hạn:", "thành công" if renewed.ok else renewed.error)
print("Cổng ghi nhận chứng thư mới?", renewed.login.renewed)

# %%
Table.of(["MST", "Số hiệu chứng thư", "Hiệu lực từ", "Ghi nhận lần đầu"],
         [(r["identifier"], r["serial"], r["not_before"][:10], r["first_seen"][:10])
          for r in portal.store.query("SELECT * FROM certificates ORDER BY not_before")],
         mono=[1])

# %% [markdown]
# ### Bài tập: đoán trước khi chạy
#
# Ô sau cắm token của một **công dân** (chứng thư CCCD hoàn toàn hợp lệ) và đăng nhập vào
# tài khoản doanh nghiệp `0199001010`. Đoán trước: được không?

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...
check("05.predict-citizen", answer)

# %% [markdown]
# Ngược lại, chứng thư của **người khác** (một công dân) không mở được tài khoản doanh nghiệp,
# dù chứng thư đó hoàn toàn hợp lệ: định danh khác nhau.

# %%
lab.provision("citizen", label="NB05-TOKEN-CONG-DAN", force=True)
other = run_login(portal, SigningPlugin(clock=clock, label="NB05-TOKEN-CONG-DAN"),
                  ScriptedLearner(pin=PIN), account="0199001010")
print(other.error)

# %% [markdown]
# ## Công dân: đăng ký và đăng nhập bằng chứng thư CCCD
#
# Cũng token đó, nhưng lần này công dân **đăng ký tài khoản của chính mình** rồi đăng nhập:
# mọi bước giống hệt doanh nghiệp. Khác nhau ở **định danh** trong chứng thư: `UID=CCCD:` và 12
# chữ số căn cước thay cho `UID=MST:` và mã số thuế; chứng thư của công dân không có trường `O`
# (tổ chức). (Từ 1/7/2024, công dân thường đăng nhập bằng VNeID — notebook 00; USB ký số là
# cách chắc chắn hơn mật khẩu mà hướng dẫn gốc nhắc tới.)

# %%
citizen_plugin = SigningPlugin(clock=clock, label="NB05-TOKEN-CONG-DAN")
citizen_registered = run_registration(portal, citizen_plugin, ScriptedLearner(pin=PIN),
                                      email="hocvien@daotao.test")
citizen_login = run_login(portal, citizen_plugin, ScriptedLearner(pin=PIN))
print("Công dân đăng ký:", "thành công" if citizen_registered.ok else citizen_registered.error)
print("Công dân đăng nhập:", "thành công" if citizen_login.ok else citizen_login.error)

# %%
from cryptography.x509.oid import NameOID

KINDS = {"enterprise": "doanh nghiệp", "citizen": "công dân"}
rows = []
for who, registration, session in (
        ("Doanh nghiệp", registered.registration, login.login.session),
        ("Công dân", citizen_registered.registration, citizen_login.login.session)):
    signed = registration.signed
    has_o = signed.certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    kind = registration.account.kind  # "enterprise" / "citizen" trong cơ sở dữ liệu
    rows.append([who, signed.identifier.raw, f"{kind} ({KINDS[kind]})",
                 registration.account.identifier, session.display_name,
                 "có" if has_o else "không"])
Table.of(["", "UID trong chứng thư", "Loại tài khoản", "Tài khoản", "Tên góc phải",
          "Trường O (tổ chức)"], rows)

# %% [markdown]
# ## Bài tập (exercises)
#
# Gán câu trả lời cho `answer` (thay dấu `...`) rồi chạy ô: kiểm tra ngay tại máy, có gợi ý khi
# chưa đúng. Đáp án không nằm trong mã nguồn (chỉ có giá trị băm); bản có lời giải ở thư mục
# `solutions/`.

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("05.ttl", answer)

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("05.renewed", answer)

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("05.mismatch", answer)

# %% [markdown]
# ## Bài làm (write code)
#
# Ô kiểm tra chạy hàm của bạn trên nhiều đầu vào và so với cách dvcedu làm; sai ở đâu, nó nói
# đầu vào nào và gợi ý theo đúng kiểu sai.

# %% [markdown]
# ### Viết hàm
#
# Trình kiểm tra "ngây thơ" nhận mọi chữ ký đúng, kể cả chữ ký cũ. Viết phần nó thiếu:
# `refuse(challenge, issued, used, now)` trả lý do Cổng từ chối thử thách —
# `'challenge_unknown'`, `'challenge_used'` hoặc `'challenge_expired'` — hoặc `None` nếu nhận.
# `issued`: thử thách → giây phát ra; `used`: tập đã dùng; mỗi thử thách sống 300 giây.

# %% tags=["task"]
from dvcedu.tasks import check_code


def refuse(challenge, issued, used, now):
    return ...  # viết ở đây (your code here)


check_code("05.challenge", refuse)

# %% [markdown]
# ## Điểm chính (*keypoints*)
#
# - Đăng nhập bằng USB ký số là **thử thách – phản hồi**: không có mật khẩu đi qua mạng.
# - Thử thách mới mỗi lần, dùng một lần, có hạn: chữ ký cũ không dùng lại được.
# - Cổng tìm tài khoản bằng MST (hoặc số CCCD của công dân) trong chứng thư; chứng thư gia hạn
#   cùng MST được chấp nhận và ghi nhận thêm (mô hình của khóa học).
#
# Tiếp theo: [06 — Sự cố thường gặp](06_su_co_thuong_gap.ipynb) — hoặc ký hồ sơ bằng token:
# [10 — Ký hồ sơ](10_ky_ho_so.ipynb). Quay lại:
# [04 — Đăng ký](04_dang_ky.ipynb) · [00 — Giới thiệu](00_gioi_thieu.ipynb).
