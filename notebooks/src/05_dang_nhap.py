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
# > đây Cổng tự kiểm tra chữ ký; Cổng thật chuyển việc đăng nhập sang máy chủ xác thực
# > `xacthuc.dichvucong.gov.vn` (OpenID Connect) **[xác nhận]** — notebook 09 vẽ đúng bước
# > nhảy đó, từ chính lần bạn làm trên trình duyệt.

# %% [markdown] lang="en" vi="eb1dbeef"
# # 05 — Logging in with the "USB token (USB ký số)"
#
# Step 3 of the original guide: go back to the home page, press **"Log in (Đăng nhập)"**, choose
# **"USB token (USB ký số)"**, choose the certificate and type the PIN as when registering. Done:
# the **enterprise's name** appears in the top right corner.
#
# > As in notebook 04, this is the process of the original guide (before 1 July 2025, see
# > notebook 00). Here the portal checks the signature itself; the real portal hands login over
# > to the authentication server `xacthuc.dichvucong.gov.vn` (OpenID Connect) **[confirmed]**:
# > notebook 09 draws exactly that redirect, from your own run in a browser.

# %% [markdown]
# > **Câu hỏi** (*questions*): Đăng nhập không có mật khẩu thì Cổng biết bạn là ai bằng cách nào?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - giải thích thử thách – phản hồi và vì sao chữ ký cũ không dùng lại được;
# > - kể các kiểm tra của Cổng theo đúng thứ tự;
# > - biết tên ở góc phải đến từ đâu;
# > - so sánh tài khoản doanh nghiệp và công dân.
# >
# > **Thời gian**: dạy 10 phút · bài tập 5 phút · tự học ≈ 35 phút (buổi học 3 giờ, xem [README](README.md)).

# %% [markdown] lang="en" vi="42f6beb1"
# > **Questions**: With no password, how does the portal know who you are?
# >
# > **Objectives**: after this notebook, you can:
# > - explain challenge and response, and why an old signature cannot be used again;
# > - list the portal's checks in their exact order;
# > - say where the name in the top right corner comes from;
# > - compare an enterprise's account and a citizen's.
# >
# > **Time**: teaching 10 min · exercises 5 min · self-study ≈ 35 min (a 3-hour session, see the [README](README.md)).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Sau khi đăng nhập được, hỏi: "Nếu ai đó chép được gói chữ ký của bạn hôm qua, họ đăng nhập
# được không?" — rồi mở mục thử thách – phản hồi. Phần công dân (cuối notebook) có thể giao
# cho nhóm nhanh.
#
# </details>

# %% [markdown] lang="en" vi="7451ec1f"
# <details class="dvcedu-instructor"><summary><b>Instructor note</b> — learners may skip this</summary>
#
# Once logged in, ask: "If someone copied your signature yesterday, could they log in?", then
# open the challenge-and-response section. The citizen part (at the end of the notebook) can go
# to the fast groups.
#
# </details>

# %%
# Chuẩn bị (setup): token đào tạo, Cổng mô phỏng, và một tài khoản đã đăng ký (notebook 04).
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

training = lab.start("enterprise", notebook="05", lang="vi")
clock = FixedClock(COURSE_DAY)
portal = Portal(Store.memory(), trust=training_trust(),
                clock=clock, random=SeededRandom("notebook-05"))
plugin = SigningPlugin(clock=clock, label=training.label)
registered = run_registration(portal, plugin, ScriptedLearner(pin=PIN),
                              email="ketoan@anbinh-daotao.test")
print("Tài khoản đã đăng ký:", registered.registration.account.identifier)

# %% lang="en" vi="f09be617" twin="strings"
# # Chuẩn bị (setup): token đào tạo, Cổng mô phỏng, và một tài khoản đã đăng ký (notebook 04).  →  # Setup: the training token, the simulated portal, and an account already registered (notebook 04).
# # Token của notebook này: DVCEDU-NB05, tạo mới mỗi lần chạy trong thư mục dvcedu của bạn  →  # This notebook's token: DVCEDU-NB05, made anew on every run in your dvcedu folder
# # (lệnh `dvcedu … --label DVCEDU-NB05` trong terminal tác động đúng token này).  →  # (`dvcedu … --label DVCEDU-NB05` in a terminal acts on this very token).
# # mã PIN đào tạo; không bao giờ in ra  →  # the training PIN; never printed
# "vi"  →  "en"
# "Tài khoản đã đăng ký:"  →  "Account registered:"

# %% [markdown]
# ## Tự làm: đăng nhập
#
# Chọn chứng thư, gõ mã PIN đào tạo (README), bấm nút. Khi đăng nhập thành công, thanh đỏ phía
# trên hiện tên doanh nghiệp ở góc phải.

# %% [markdown] lang="en" vi="b8f5c437"
# ## Do it yourself: log in
#
# Choose the certificate, type the training PIN (see the README), press the button. When the
# login succeeds, the red bar at the top shows the enterprise's name in the right corner.

# %%
from dvcedu.widgets.portal import LoginPanel

LoginPanel(portal, plugin)

# %% [markdown]
# ## Thử thách – phản hồi (*challenge–response*)
#
# Đăng nhập bằng USB ký số **không gửi mật khẩu nào**. Thay vào đó:
#
# 1. Cổng gửi một **thử thách** mới: 32 byte ngẫu nhiên, chỉ dùng một lần, hết hạn sau 5 phút;
# 2. token **ký** thử thách bằng khóa bí mật (chỉ token có khóa này);
# 3. Cổng **kiểm tra** chữ ký bằng khóa công khai trong chứng thư, và chứng thư bằng chuỗi tin
#    cậy lên gốc quốc gia.
#
# Kẻ nghe lén lấy được chữ ký cũng vô ích: lần sau Cổng gửi thử thách khác, và thử thách cũ đã
# bị đánh dấu "đã dùng" (notebook 07 thử tấn công [phát lại](glossary.md#phat-lai) này).

# %% [markdown] lang="en" vi="5ae0ac77"
# ## Challenge and response
#
# Logging in with a USB token **sends no password at all**. Instead:
#
# 1. the portal sends a new **challenge** (thử thách): 32 random bytes, usable once, expiring
#    after 5 minutes;
# 2. the token **signs** the challenge with the private key (only this token has that key);
# 3. the portal **checks** the signature with the public key in the certificate, and the
#    certificate with the chain of trust up to the national root.
#
# An eavesdropper who captures the signature gains nothing: next time the portal sends another
# challenge, and the old one has been marked "used" (notebook 07 tries this [replay](glossary.md#phat-lai) attack).

# %%
login = run_login(portal, plugin, ScriptedLearner(pin=PIN))
print("Đăng nhập:", "thành công" if login.ok else login.error)

# %% lang="en" vi="1c223bda" twin="strings"
# "Đăng nhập:"  →  "Login:"
# "thành công"  →  "succeeded"

# %%
import base64
import json

challenge = json.loads(base64.b64decode(login.transcript.find("thử thách đăng nhập").json()
                                        ["challenge"]))
Table.of(["Trường", "Giá trị", "Ý nghĩa"], [
    ["purpose", challenge["purpose"], "chỉ dùng để đăng nhập, không dùng để đăng ký"],
    ["nonce", challenge["nonce"][:32] + "…", "32 byte ngẫu nhiên (64 ký tự hex)"],
    ["origin", challenge["origin"], "trang web được phép dùng thử thách này"],
    ["issued", challenge["issued"], "lúc Cổng phát ra"],
    ["expires", challenge["expires"], "hết hạn sau 5 phút"],
])

# %% lang="en" vi="d821e434" twin="strings"
# "thử thách đăng nhập"  →  "login challenge"
# "Trường"  →  "Field"
# "Giá trị"  →  "Value"
# "Ý nghĩa"  →  "Meaning"
# "chỉ dùng để đăng nhập, không dùng để đăng ký"  →  "for logging in only, not for registering"
# "32 byte ngẫu nhiên (64 ký tự hex)"  →  "32 random bytes (64 hex characters)"
# "trang web được phép dùng thử thách này"  →  "the web page allowed to use this challenge"
# "lúc Cổng phát ra"  →  "when the portal issued it"
# "hết hạn sau 5 phút"  →  "expires after 5 minutes"

# %% [markdown]
# ## Góc trên bên phải
#
# [Phiên đăng nhập](glossary.md#phien-dang-nhap) (*session*) mang tên hiển thị lấy từ tài khoản — chính là `CN` trong chứng
# thư lúc đăng ký:

# %% [markdown] lang="en" vi="7b5ced4a"
# ## The top right corner
#
# The [login session](glossary.md#phien-dang-nhap) (phiên đăng nhập) carries the display name taken from the account: the very
# `CN` of the certificate at registration:

# %%
from dvcedu.widgets.page import header

header(login.login.session.display_name)

# %%
session = portal.whoami(login.login.session.id)
print("Phiên đang mở của:", session.identifier, "—", session.display_name)

# %% lang="en" vi="91f2a912" twin="strings"
# "Phiên đang mở của:"  →  "Session open for:"

# %% [markdown]
# ## Bên trong: toàn bộ lần đăng nhập

# %% [markdown] lang="en" vi="b214163e"
# ## Under the hood: the whole login

# %%
from dvcedu.viz.sequence import draw_sequence, events_table

events_table(login.transcript)

# %%
draw_sequence(login.transcript, highlight="3.3", title="Đăng nhập bằng USB ký số")

# %% lang="en" vi="905b2bd4" twin="strings"
# "Đăng nhập bằng USB ký số"  →  "Logging in with a USB token"

# %% [markdown]
# ## Cổng đã kiểm tra gì, theo thứ tự
#
# Giống hệt lúc đăng ký cho đến bước định danh; cuối cùng Cổng tìm **tài khoản theo MST trong
# chứng thư**.

# %% [markdown] lang="en" vi="71294046"
# ## What the portal checked, in order
#
# Exactly as at registration up to the identifier; last, the portal finds **the account by the
# MST in the certificate**.

# %%
from dvcedu.i18n import t

Table.of(["Cổng kiểm tra", "Kết quả"],
         [[t(check), t("check." + state)] for check, state in login.check_report()])

# %% lang="en" vi="5e3dc5f5" twin="strings"
# "Cổng kiểm tra"  →  "Portal check"
# "Kết quả"  →  "Result"

# %% [markdown]
# ## Đăng xuất
#
# Đăng xuất kết thúc phiên: tên ở góc phải biến mất.

# %% [markdown] lang="en" vi="ff4c81ea"
# ## Logging out
#
# Logging out ends the session: the name in the right corner disappears.

# %%
print("Đăng xuất:", portal.logout(session.id))
print("Phiên còn mở không?", portal.whoami(session.id) is not None)
header()

# %% lang="en" vi="1e22b75e" twin="strings"
# "Đăng xuất:"  →  "Logged out:"
# "Phiên còn mở không?"  →  "Is the session still open?"

# %% [markdown]
# ## Chứng thư được gia hạn
#
# Chứng thư doanh nghiệp chỉ có hạn 1–3 năm. Khi [gia hạn](glossary.md#gia-han-chung-thu), CA cấp **chứng thư mới, khóa mới,
# cùng MST**, thường ghi **lên chính token cũ** bằng công cụ của CA **[thứ cấp]**. Ngoài đời,
# chứng thư mới có thể phải **đăng ký lại** trên các cổng thuế, hải quan, bảo hiểm xã hội trước
# khi dùng được **[thứ cấp]**. Ở đây Cổng đào tạo **tự** nhận ra cùng doanh nghiệp nhờ MST, cho
# đăng nhập và ghi nhận thêm chứng thư mới — đó là **mô hình của khóa học**, không phải hành vi
# đã xác nhận của Cổng thật.

# %% [markdown] lang="en" vi="aec5ee83"
# ## A renewed certificate
#
# An enterprise's certificate is valid for only 1–3 years. On [renewal](glossary.md#gia-han-chung-thu) (gia hạn), the CA issues
# **a new certificate, a new key, the same MST**, usually written **onto the same old token**
# with the CA's tool **[secondary]**. In real life, the new certificate may have to be
# **registered again** on the tax, customs and social-insurance portals before it can be used
# **[secondary]**. Here the training portal recognises the same enterprise **by itself** from the
# MST, lets it log in and records the new certificate too: that is **the course's model**, not
# confirmed behaviour of the real portal.

# %%
lab.provision("enterprise-renewed", label="NB05-TOKEN-GIA-HAN", force=True)
renewed = run_login(portal, SigningPlugin(clock=clock, label="NB05-TOKEN-GIA-HAN"),
                    ScriptedLearner(pin=PIN))
print("Đăng nhập bằng chứng thư gia hạn:", "thành công" if renewed.ok else renewed.error)
print("Cổng ghi nhận chứng thư mới?", renewed.login.renewed)

# %% lang="en" vi="4032cddb" twin="strings"
# "Đăng nhập bằng chứng thư gia hạn:"  →  "Login with the renewed certificate:"
# "thành công"  →  "succeeded"
# "Cổng ghi nhận chứng thư mới?"  →  "Did the portal record the new certificate?"

# %%
Table.of(["MST", "Số hiệu chứng thư", "Hiệu lực từ", "Ghi nhận lần đầu"],
         [(r["identifier"], r["serial"], r["not_before"][:10], r["first_seen"][:10])
          for r in portal.store.query("SELECT * FROM certificates ORDER BY not_before")],
         mono=[1])

# %% lang="en" vi="fba3375e" twin="strings"
# "Số hiệu chứng thư"  →  "Certificate serial"
# "Hiệu lực từ"  →  "Valid from"
# "Ghi nhận lần đầu"  →  "First seen"

# %% [markdown]
# ### Bài tập: đoán trước khi chạy
#
# Ô sau cắm token của một **công dân** (chứng thư CCCD hoàn toàn hợp lệ) và đăng nhập vào
# tài khoản doanh nghiệp `0199001010`. Đoán trước: được không?

# %% [markdown] lang="en" vi="7ecaae7e"
# ### Exercise: predict before you run
#
# The next cell plugs in a **citizen's** token (a perfectly valid CCCD certificate) and logs in
# to the enterprise account `0199001010`. Predict first: will it work? (yes / no)

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...
check("05.predict-citizen", answer)

# %% [markdown]
# Ngược lại, chứng thư của **người khác** (một công dân) không mở được tài khoản doanh nghiệp,
# dù chứng thư đó hoàn toàn hợp lệ: định danh khác nhau.

# %% [markdown] lang="en" vi="b37fd26e"
# The other way round, **someone else's** certificate (a citizen's) does not open the
# enterprise's account, even though that certificate is perfectly valid: the identifiers differ.

# %%
lab.provision("citizen", label="NB05-TOKEN-CONG-DAN", force=True)
other = run_login(portal, SigningPlugin(clock=clock, label="NB05-TOKEN-CONG-DAN"),
                  ScriptedLearner(pin=PIN), account="0199001010")
print(other.error.reason.value, "—", other.error)

# %% [markdown]
# ## Công dân: đăng ký và đăng nhập bằng chứng thư CCCD
#
# Cũng token đó, nhưng lần này công dân **đăng ký tài khoản của chính mình** rồi đăng nhập:
# mọi bước giống hệt doanh nghiệp. Khác nhau ở **định danh** trong chứng thư: `UID=CCCD:` và 12
# chữ số căn cước thay cho `UID=MST:` và mã số thuế; chứng thư của công dân không có trường `O`
# (tổ chức). Từ 1/7/2024, công dân dùng VNeID (notebook 00); VNeID mức 2 không phải một mật
# khẩu mà là ứng dụng, mã khóa hoặc sinh trắc học, và thẻ căn cước gắn chip. Cổng còn nhận đăng
# nhập bằng chứng thư CCCD trên token hay không thì chưa có nguồn **[chưa xác nhận]**.

# %% [markdown] lang="en" vi="4f46f47c"
# ## Citizens: registering and logging in with a CCCD certificate
#
# The same token, but this time the citizen **registers their own account** and logs in: every
# step is exactly as for an enterprise. What differs is the **identifier** in the certificate:
# `UID=CCCD:` and the 12 digits of the citizen identity number (căn cước công dân) instead of
# `UID=MST:` and the tax code; a citizen's certificate has no `O` (organisation) field. Since
# 1 July 2024 citizens use VNeID (notebook 00); a level-2 VNeID is not a password but the app, a
# passcode or biometrics, and the chip identity card. Whether the portal still takes a login with
# a CCCD certificate on a token has no source **[unconfirmed]**.

# %%
citizen_plugin = SigningPlugin(clock=clock, label="NB05-TOKEN-CONG-DAN")
citizen_registered = run_registration(portal, citizen_plugin, ScriptedLearner(pin=PIN),
                                      email="hocvien@daotao.test")
citizen_login = run_login(portal, citizen_plugin, ScriptedLearner(pin=PIN))
print("Công dân đăng ký:", "thành công" if citizen_registered.ok else citizen_registered.error)
print("Công dân đăng nhập:", "thành công" if citizen_login.ok else citizen_login.error)

# %% lang="en" vi="207af009" twin="strings"
# "Công dân đăng ký:"  →  "The citizen registers:"
# "thành công"  →  "succeeded"
# "Công dân đăng nhập:"  →  "The citizen logs in:"

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

# %% lang="en" vi="06e29d63" twin="strings"
# "doanh nghiệp"  →  "enterprise"
# "công dân"  →  "citizen"
# "Doanh nghiệp"  →  "Enterprise"
# "Công dân"  →  "Citizen"
# # "enterprise" / "citizen" trong cơ sở dữ liệu  →  # "enterprise" / "citizen" in the database
# "có"  →  "yes"
# "không"  →  "no"
# "UID trong chứng thư"  →  "UID in the certificate"
# "Loại tài khoản"  →  "Account kind"
# "Tài khoản"  →  "Account"
# "Tên góc phải"  →  "Name in the corner"
# "Trường O (tổ chức)"  →  "O field (organisation)"

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
check("05.ttl", answer)

# %% lang="en" vi="37aaab25" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("05.renewed", answer)

# %% lang="en" vi="b3d6cd84" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("05.mismatch", answer)

# %% lang="en" vi="ff876755" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% [markdown]
# **Áp dụng vào trường hợp khác** (*transfer*): đáp án của câu dưới đây không có sẵn ở trên;
# hãy suy ra từ điều bạn vừa học.

# %% [markdown] lang="en" vi="b83525e8"
# **Apply it to another case** (*transfer*): the answer to the question below is not shown
# above; work it out from what you just learnt.

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # một mã lý do
check("05.late-signature", answer)

# %% lang="en" vi="08ddd078" twin="strings"
# # một mã lý do  →  # a reason code

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
# Trình kiểm tra "ngây thơ" nhận mọi chữ ký đúng, kể cả chữ ký cũ. Viết phần nó thiếu:
# `refuse(challenge, issued, used, now)` trả lý do Cổng từ chối thử thách —
# `'challenge_unknown'`, `'challenge_used'` hoặc `'challenge_expired'` — hoặc `None` nếu nhận.
# `issued`: thử thách → giây phát ra; `used`: tập đã dùng; mỗi thử thách sống 300 giây.

# %% [markdown] lang="en" vi="baae871c"
# ### Write a function
#
# The "naive" checker accepts every right signature, old ones included. Write what it lacks:
# `refuse(challenge, issued, used, now)` returning the reason the portal refuses the challenge,
# `'challenge_unknown'`, `'challenge_used'` or `'challenge_expired'`, or `None` if it accepts it.
# `issued`: challenge → the second it was issued; `used`: the set already used; each challenge
# lives 300 seconds.

# %% tags=["task"]
from dvcedu.tasks import check_code


def refuse(challenge, issued, used, now):
    return ...  # viết ở đây (your code here)


check_code("05.challenge", refuse)

# %% lang="en" vi="c35dfd7e" twin="strings"
# # viết ở đây (your code here)  →  # your code here

# %%
from dvcedu.exercises import summary

summary("05")

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

# %% [markdown] lang="en" vi="af987a6a"
# ## Keypoints
#
# - Logging in with a USB token is **challenge and response**: no password crosses the network.
# - A new challenge every time, used once, with an expiry: an old signature cannot be used again.
# - The portal finds the account by the MST (or a citizen's CCCD number) in the certificate; a
#   renewed certificate with the same MST is accepted and recorded too (the course's model).
#
# Next: [06 — Common problems](06_common_problems.ipynb), or signing a dossier with the token:
# [10 — Signing a dossier](10_signing_a_dossier.ipynb). Back:
# [04 — Registration](04_registration.ipynb) · [00 — Introduction](00_introduction.ipynb).
