# %% [markdown]
# # 07 — Bảo mật: vì sao Cổng kiểm tra những gì nó kiểm tra
#
# *Security: replay, phishing relay, tampering, look-alike CAs, PIN caching, the key that
# never leaves — and the checklist of the portal's code.*
#
# Mỗi kiểm tra của Cổng có mặt vì một cuộc tấn công cụ thể. Notebook này **thử từng cuộc tấn
# công** và cho thấy kiểm tra nào chặn nó.

# %% [markdown] lang="en" vi="689c41b6"
# # 07 — Security: why the portal checks what it checks
#
# Each of the portal's checks is there because of a particular attack. This notebook **tries
# each attack** and shows which check stops it.

# %% [markdown]
# > **Câu hỏi** (*questions*): Vì sao Cổng phải kiểm tra từng điều đó — điều gì xảy ra nếu bỏ một kiểm tra?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - thử phát lại, trang giả mạo chuyển tiếp, sửa dữ liệu, CA nhái tên, nhớ mã PIN;
# > - ghép mỗi tấn công với kiểm tra chặn nó;
# > - biết vì sao khóa bí mật không rời token vẫn chưa đủ.
# >
# > **Thời gian**: dạy 9 phút · bài tập 4 phút · tự học ≈ 45 phút (buổi học 3 giờ, xem [README](README.md)).

# %% [markdown] lang="en" vi="fe130f67"
# > **Questions**: Why must the portal check each of these things? What happens if one check is left out?
# >
# > **Objectives**: after this notebook, you can:
# > - try a replay, a phishing relay, tampered data, a look-alike CA, a cached PIN;
# > - match each attack with the check that stops it;
# > - say why a private key that never leaves the token is still not enough.
# >
# > **Time**: teaching 9 min · exercises 4 min · self-study ≈ 45 min (a 3-hour session, see the [README](README.md)).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Giống notebook 06: **mỗi nhóm một tấn công**, trình bày 2 phút. Câu hỏi chốt: kiểm tra nào
# của Cổng chặn tấn công của nhóm bạn, và nếu bỏ kiểm tra đó thì sao?
#
# </details>

# %% [markdown] lang="en" vi="a2da1cfa"
# <details class="dvcedu-instructor"><summary><b>Instructor note</b> — learners may skip this</summary>
#
# As in notebook 06: **one attack per group**, a 2-minute presentation. The closing question:
# which of the portal's checks stops your group's attack, and what if that check were left out?
#
# </details>

# %%
# Chuẩn bị (setup): token đào tạo, Cổng mô phỏng, tài khoản doanh nghiệp đã đăng ký.
# Token của notebook này: DVCEDU-NB07, tạo mới mỗi lần chạy trong thư mục dvcedu của bạn
# (lệnh `dvcedu … --label DVCEDU-NB07` trong terminal tác động đúng token này).
import base64
import json

from dvcedu import lab
from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.errors import VerificationError
from dvcedu.plugin import ScriptedLearner, SigningPlugin
from dvcedu.pki.samples import training_trust
from dvcedu.portal import Portal, Store
from dvcedu.scenario import run_login, run_registration
from dvcedu.token import TRAINING_PIN as PIN  # mã PIN đào tạo; không bao giờ in ra
from dvcedu.viz import Table

training = lab.start("enterprise", notebook="07", lang="vi")
clock = FixedClock(COURSE_DAY)
portal = Portal(Store.memory(), trust=training_trust(),
                clock=clock, random=SeededRandom("notebook-07"))
plugin = SigningPlugin(clock=clock, label=training.label)
run_registration(portal, plugin, ScriptedLearner(pin=PIN), email="ketoan@daotao.test")


def try_login(message: bytes) -> str:
    """Gửi một thông điệp đăng nhập tới Cổng; trả về kết quả ngắn gọn."""
    try:
        result = portal.login(message)
        return f"ĐĂNG NHẬP ĐƯỢC với tên {result.session.display_name}"
    except VerificationError as error:
        return f"BỊ TỪ CHỐI: {error.reason.value} — {error.message('vi')}"

# %% lang="en" vi="8194868c" twin="strings"
# # Chuẩn bị (setup): token đào tạo, Cổng mô phỏng, tài khoản doanh nghiệp đã đăng ký.  →  # Setup: the training token, the simulated portal, an enterprise account already registered.
# # Token của notebook này: DVCEDU-NB07, tạo mới mỗi lần chạy trong thư mục dvcedu của bạn  →  # This notebook's token: DVCEDU-NB07, made anew on every run in your dvcedu folder
# # (lệnh `dvcedu … --label DVCEDU-NB07` trong terminal tác động đúng token này).  →  # (`dvcedu … --label DVCEDU-NB07` in a terminal acts on this very token).
# # mã PIN đào tạo; không bao giờ in ra  →  # the training PIN; never printed
# "vi"  →  "en"
# """Gửi một thông điệp đăng nhập tới Cổng; trả về kết quả ngắn gọn."""  →  """Send a login message to the portal; return the result in short."""
# f"ĐĂNG NHẬP ĐƯỢC với tên {result.session.display_name}"  →  f"LOGGED IN as {result.session.display_name}"
# f"BỊ TỪ CHỐI: {error.reason.value} — {error.message('vi')}"  →  f"REFUSED: {error.reason.value} — {error.message('en')}"


# %% [markdown]
# ## 1. Phát lại (*replay*): ký một chuỗi cố định là không đủ
#
# Một số hệ thống đăng nhập bằng token ký một chuỗi **cố định**, ví dụ `"1234567890"`, rồi gửi
# chữ ký lên máy chủ **[xác nhận trong mã của một sản phẩm VNPT iOffice công khai]**. Dưới đây
# là một máy chủ "ngây thơ" như vậy — mã dạy học, viết ngay trong notebook, **không** phải Cổng
# của dvcedu:

# %% [markdown] lang="en" vi="d2d8baeb"
# ## 1. Replay: signing a fixed string is not enough
#
# Some token-login systems sign a **fixed** string, for example `"1234567890"`, and send the
# signature to the server **[confirmed in the code of a public VNPT iOffice product]**. Below is
# such a "naive" server: teaching code, written right here in the notebook, **not** dvcedu's
# portal:

# %%
from dvcedu.pki import cms


def naive_server_login(signature: bytes) -> str:
    """Máy chủ ngây thơ: chỉ kiểm tra chữ ký CMS trên chuỗi cố định "1234567890"."""
    try:
        signed = cms.verify_detached(signature, b"1234567890")
    except VerificationError as error:
        return f"từ chối ({error.reason.value})"
    return f"đăng nhập được: {signed.signer.subject.rfc4514_string()[:40]}…"


choice = plugin.list_certificates()[0]
recorded = plugin.sign(b"1234567890", choice, PIN, origin="https://iofice.test").signature
print("Lần 1 (chủ token đăng nhập)  :", naive_server_login(recorded))
print("Lần 2 (kẻ nghe lén gửi lại)  :", naive_server_login(recorded))

# %% lang="en" vi="b97dadaa" twin="strings"
# """Máy chủ ngây thơ: chỉ kiểm tra chữ ký CMS trên chuỗi cố định "1234567890"."""  →  """A naive server: it only checks the CMS signature on the fixed string "1234567890"."""
# f"từ chối ({error.reason.value})"  →  f"refused ({error.reason.value})"
# f"đăng nhập được: {signed.signer.subject.rfc4514_string()[:40]}…"  →  f"logged in: {signed.signer.subject.rfc4514_string()[:40]}…"
# "Lần 1 (chủ token đăng nhập)  :"  →  "Time 1 (the token's owner logs in) :"
# "Lần 2 (kẻ nghe lén gửi lại)  :"  →  "Time 2 (an eavesdropper sends it)  :"

# %% [markdown]
# Kẻ nghe lén chỉ cần **ghi lại** chữ ký một lần là đăng nhập được mãi mãi, không cần token, không
# cần PIN. Cổng của dvcedu gửi **thử thách mới mỗi lần**, và thử thách chỉ dùng được **một
# lần**:

# %% [markdown] lang="en" vi="7cd70baa"
# An eavesdropper only has to **record** the signature once to log in for ever, with no token and
# no PIN. dvcedu's portal sends **a new challenge every time**, and a challenge can be used only
# **once**:

# %%
login = run_login(portal, plugin, ScriptedLearner(pin=PIN))
captured = login.transcript.find("POST /dang-nhap").payload  # kẻ nghe lén chép lại thông điệp
print("Chủ token:", "đăng nhập được" if login.ok else login.error)
print("Kẻ nghe lén gửi lại:", try_login(captured))

# %% lang="en" vi="6caf789e" twin="strings"
# # kẻ nghe lén chép lại thông điệp  →  # the eavesdropper copies the message
# "Chủ token:"  →  "The token's owner:"
# "đăng nhập được"  →  "logged in"
# "Kẻ nghe lén gửi lại:"  →  "The eavesdropper sends it again:"

# %% [markdown]
# ## 2. Trang giả mạo chuyển tiếp thử thách (*phishing relay*)
#
# Kẻ tấn công dựng trang `https://dichvucong-gov.test` giống hệt Cổng. Khi bạn bấm "Đăng nhập"
# trên trang giả, nó lấy **thử thách thật** từ Cổng thật và đưa cho plugin của bạn ký; bạn thấy
# hộp thoại PIN quen thuộc và gõ PIN. Trang giả gửi chữ ký lên Cổng thật, **nói dối** rằng nó
# là `dichvucong.gov.test`.

# %% [markdown] lang="en" vi="10d58510"
# ## 2. A phishing page relays the challenge (*phishing relay*)
#
# The attacker builds a page `https://dichvucong-gov.test` that looks exactly like the portal.
# When you press "Log in (Đăng nhập)" on the fake page, it fetches a **real challenge** from the
# real portal and hands it to your plugin to sign; you see the familiar PIN dialog and type the
# PIN. The fake page sends the signature to the real portal, **lying** that it is
# `dichvucong.gov.test`.

# %%
fake_origin = "https://dichvucong-gov.test"


def relay(rewrite_signed_origin: bool) -> str:
    body = portal.challenge("login").body                     # trang giả lấy thử thách thật
    signed = plugin.sign(body, choice, PIN, origin=fake_origin)  # bạn ký trên trang giả
    signature = signed.signature
    if rewrite_signed_origin:                                  # cố sửa cả origin đã ký
        signature = signature.replace(b"dichvucong-gov.test", b"dichvucong.gov.test")
    message = {"challenge": base64.b64encode(body).decode(),
               "signature": base64.b64encode(signature).decode(),
               "domain": "dichvucong.gov.test"}                # nói dối phần đi kèm
    return try_login(json.dumps(message).encode())


print("Chuyển tiếp, sửa 'domain' đi kèm  :", relay(False))
print("Chuyển tiếp, sửa cả origin đã ký :", relay(True))

# %% lang="en" vi="363126ae" twin="strings"
# # trang giả lấy thử thách thật  →  # the fake page fetches a real challenge
# # bạn ký trên trang giả  →  # you sign on the fake page
# # cố sửa cả origin đã ký  →  # try to change the signed origin too
# # nói dối phần đi kèm  →  # lie in the part beside it
# "Chuyển tiếp, sửa 'domain' đi kèm  :"  →  "Relayed, 'domain' beside it changed :"
# "Chuyển tiếp, sửa cả origin đã ký :"  →  "Relayed, the signed origin changed  :"

# %% [markdown]
# Cổng từ chối vì **nguồn gốc trang web** (*origin*) mà plugin nhìn thấy nằm **bên trong phần
# được ký** (thuộc tính `signingOrigin`, notebook 03): trang giả sửa được chữ `domain` đi kèm,
# nhưng sửa origin trong phần được ký thì chữ ký hỏng. Đây đúng là cách **WebAuthn / passkey**
# chặn lừa đảo: trình duyệt ghi `origin` vào `clientDataJSON` và khóa ký lên đó.

# %% [markdown] lang="en" vi="0b6b4d87"
# The portal refuses because the **[origin](glossary.md#nguon-goc-trang-web) of the web page** the plugin saw is **inside the
# signed part** (the `signingOrigin` attribute, notebook 03): the fake page can change the word
# `domain` sent beside it, but changing the origin inside the signed part breaks the signature.
# This is exactly how **WebAuthn / passkeys** stop phishing: the browser writes the `origin` into
# `clientDataJSON` and the key signs over it.

# %% [markdown]
# > Ở đời thật, thư viện JS của trang thêm `domain` (`window.location.hostname`) vào **mỗi yêu
# > cầu gửi cho plugin**, ngoài phần được ký **[xác nhận trong thư viện JS]**: plugin dùng được nó
# > cho giấy phép. Cổng có nhận `domain` cạnh chữ ký không là mã trang của Cổng, và Cổng thật có
# > ràng buộc origin hay không thì chưa công khai **[chưa xác nhận]**.
# > `signingOrigin` là thiết kế của dvcedu để minh họa cách phòng vệ.

# %% [markdown] lang="en" vi="6934558c"
# > In real life the page's JS library adds `domain` (`window.location.hostname`) to **every
# > request it sends to the plugin**, outside the signed part **[confirmed in the JS library]**:
# > the plugin can use it for the licence. Whether the portal receives a `domain` beside the
# > signature is the portal's own page code, and whether the real portal binds the origin is not
# > public **[unconfirmed]**.
# > `signingOrigin` is dvcedu's design, to show how the defence works.

# %% [markdown]
# ### Bài tập: tự viết cuộc chuyển tiếp
#
# Bây giờ **bạn** là trang giả. Viết `my_relay(challenge, sign)`: `challenge()` lấy một thử
# thách đăng nhập thật từ Cổng (máy chủ của trang giả làm việc này), `sign(dữ_liệu)` là plugin
# của nạn nhân ký trên trang giả — nạn nhân gõ PIN, và plugin, không phải bạn, ghi origin mà nó
# thấy. Trả về thông điệp gửi lên Cổng thật. Cuộc chuyển tiếp của bạn đúng khi mọi phần của
# thông điệp đều đúng, nên Cổng chỉ chặn được nó bằng **một** kiểm tra: `origin_mismatch`. Bị
# chặn vì lý do khác nghĩa là cuộc tấn công còn lỗi, và ô kiểm tra nói lỗi nào.

# %% [markdown] lang="en" vi="f1fa352b"
# ### Exercise: write the relay yourself
#
# Now **you** are the fake page. Write `my_relay(challenge, sign)`: `challenge()` fetches a real
# login challenge from the portal (the fake page's server does this), `sign(data)` is the
# victim's plugin signing on the fake page: the victim types the PIN, and the plugin, not you,
# writes the origin it sees. Return the message sent to the real portal. Your relay is right
# when every part of the message is right, so that the portal can stop it by **one** check
# only: `origin_mismatch`. Stopped for another reason means the attack still has a bug, and the
# checking cell says which.

# %%
from dvcedu.tasks import attack_lab

attack_lab(portal=portal, plugin=plugin, certificate=choice, pin=PIN)  # Cổng và nạn nhân

# %% lang="en" vi="011ca295" twin="strings"
# # Cổng và nạn nhân  →  # the portal, the victim

# %% tags=["task"]
from dvcedu.tasks import check_code


def my_relay(challenge, sign):
    """Cuộc chuyển tiếp của bạn: trả về thông điệp đăng nhập (bytes JSON)."""
    return ...


check_code("07.relay", my_relay)

# %% lang="en" vi="2723ac33" twin="strings"
# """Cuộc chuyển tiếp của bạn: trả về thông điệp đăng nhập (bytes JSON)."""  →  """Your relay: return the login message (JSON bytes)."""

# %% [markdown]
# ## 3. Sửa bất cứ byte nào của thông điệp
#
# Ta lấy một thông điệp đăng nhập hợp lệ (chưa gửi) rồi sửa từng phần một.

# %% [markdown] lang="en" vi="ef2eb248"
# ## 3. Changing any byte of the message
#
# We take a valid login message (not sent yet) and change its parts one at a time.

# %%
def fresh_login_message() -> dict:
    body = portal.challenge("login").body
    signature = plugin.sign(body, choice, PIN, origin=portal.origin).signature
    return {"challenge": base64.b64encode(body).decode(),
            "signature": base64.b64encode(signature).decode(), "domain": "dichvucong.gov.test"}


def flip(b64_text: str, position: int) -> str:
    raw = bytearray(base64.b64decode(b64_text))
    raw[position] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


tamperings = {
    "một byte của nonce trong thử thách": lambda m: {**m, "challenge": flip(m["challenge"], 60)},
    "một byte của chữ ký RSA": lambda m: {**m, "signature": flip(m["signature"], -20)},
    "một byte của chứng thư trong gói CMS": lambda m: {**m, "signature": flip(m["signature"],
                                                                               300)},
    "thông điệp bị cắt ngắn": lambda m: {**m, "signature": m["signature"][:100]},
}
print("Sẽ thử:", ", ".join(tamperings))

# %% lang="en" vi="cedc0ea3" twin="strings"
# "một byte của nonce trong thử thách"  →  "one byte of the challenge's nonce"
# "một byte của chữ ký RSA"  →  "one byte of the RSA signature"
# "một byte của chứng thư trong gói CMS"  →  "one byte of the certificate in the CMS"
# "thông điệp bị cắt ngắn"  →  "a message cut short"
# "Sẽ thử:"  →  "Will try:"

# %% [markdown]
# ### Bài tập: đoán trước khi chạy
#
# Đoán trước khi chạy ô sau: sửa **một byte của chứng thư** nằm trong gói CMS — Cổng từ
# chối với lý do nào (mã như `challenge_used`, hoặc tên ngắn như "thử thách đã dùng")?

# %% [markdown] lang="en" vi="3bd694ee"
# ### Exercise: predict before you run
#
# Predict before you run the next cell: change **one byte of the certificate** inside the CMS.
# For which reason does the portal refuse (a code like `challenge_used`, or a short name like
# "challenge already used")?

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...
check("07.predict-cert-byte", answer)

# %%
Table.of(["Sửa gì", "Cổng trả lời"],
         [[what, try_login(json.dumps(change(fresh_login_message())).encode())]
          for what, change in tamperings.items()])

# %% lang="en" vi="e4fe5887" twin="strings"
# "Sửa gì"  →  "What was changed"
# "Cổng trả lời"  →  "The portal answers"

# %% [markdown]
# ## 4. CA nhái tên
#
# Token dưới đây giữ chứng thư **chép y nguyên** tên và MST của doanh nghiệp mẫu, do một "CA"
# **chép y nguyên tên** CA VNPT đào tạo cấp. Hộp thoại của plugin so **tên** CA với danh sách tin
# cậy — và để lọt:

# %% [markdown] lang="en" vi="7ba86db5"
# ## 4. A look-alike CA
#
# The token below holds a certificate that **copies exactly** the name and MST of the sample
# enterprise, issued by a "CA" that **copies exactly the name** of the VNPT training CA. The
# plugin's dialog compares the CA's **name** with its trusted list, and lets it through:

# %%
from textwrap import shorten

from dvcedu.pki import samples

lab.provision("lookalike", label="NB07-TOKEN-GIA-MAO", force=True)
trusted_names = [samples.load_certificate("vnpt").subject]
picker = SigningPlugin(clock=clock, label="NB07-TOKEN-GIA-MAO", trusted_issuers=trusted_names)
print("Plugin cho chọn:", [c.identifier for c in picker.list_certificates()])
impostor = run_login(portal, SigningPlugin(clock=clock, label="NB07-TOKEN-GIA-MAO"),
                     ScriptedLearner(pin=PIN))
print("Cổng:", impostor.error.reason.value, "—",
      shorten(impostor.error.message("vi"), 60, placeholder=" …"))  # cắt giữa hai từ

# %% lang="en" vi="8b129f0d" twin="strings"
# "Plugin cho chọn:"  →  "The plugin offers:"
# "Cổng:"  →  "Portal:"
# "vi"  →  "en"
# # cắt giữa hai từ  →  # cut between words

# %% [markdown]
# Cổng xây **chuỗi chữ ký** lên gốc quốc gia: chữ ký trên chứng thư giả không khớp khóa của CA
# thật, nên bị chặn dù tên giống hệt. Bài học: **xác định CA bằng chữ ký, không bằng tên**.

# %% [markdown] lang="en" vi="5f3711a1"
# The portal builds the **chain of signatures** up to the national root: the signature on the
# fake certificate does not match the real CA's key, so it is stopped though the name is
# identical. The lesson: **identify a CA by its signature, not by its name**.

# %% [markdown]
# ## 5. Nhớ mã PIN (*PIN cache*): tiện và nguy hiểm
#
# Khi trang không yêu cầu khác, thư viện JS của VNPT-CA Plugin gửi `clearPINCache` = `"0"`
# **[xác nhận trong thư viện JS]**, và plugin được cho là giữ token ở trạng thái đã xác thực
# PIN cho các lần ký sau **[chưa xác nhận: suy ra từ tên tham số và hàm `ClearPinCache`]**.
# Trong lúc đó, trang nào gọi được plugin cũng xin ký được mà bạn không thấy hộp thoại PIN —
# trong giới hạn của **giấy phép (licence)**: plugin chỉ làm việc cho trang đã gửi
# `setLicenseKey` với giấy phép cấp cho đúng tên miền của trang **[xác nhận: thư viện JS]**.
# **Dạng** giấy phép thì công khai: một XML ký XMLDSig (RSA-SHA1), mã hóa base64, với
# `<PhanMem>VNPT-CA Plugin</PhanMem>`, `<DonViDuocCap>` (tên miền được cấp), ngày bắt đầu và
# kết thúc **[xác nhận: giải mã từ thư viện JS công khai]** — và mã công khai còn nhúng sẵn một
# giấy phép dùng thử với `DonViDuocCap` = `*`, tức **mọi** tên miền **[xác nhận: mã công khai]**;
# plugin kiểm tra giấy phép ra sao ở phía nó thì chưa công bố **[chưa xác nhận]**. Trong thời
# hạn của một giấy phép `*`, trang nào cũng điều khiển được plugin, và nếu PIN đang được nhớ thì
# xin được chữ ký. Với bản đào tạo, khóa ký giấy phép là khóa của
# CA đào tạo, **công khai** trong kho mã: bất kỳ trang nào cũng tự cấp được giấy phép cho tên
# miền của mình — đó là cố ý, để thấy giấy phép chỉ ràng buộc *tên miền*, không ràng buộc *ý
# định*.
#
# Plugin luyện tập của dvcedu giữ phiên đã xác thực **cho đúng một trang**, và vẫn hỏi
# **Đồng ý** trước mỗi chữ ký. Xem hai trang xin ký bốn lần, với một người dùng quen tay bấm
# Đồng ý:

# %% [markdown] lang="en" vi="da7e903d"
# ## 5. A remembered PIN (*PIN cache*): handy and dangerous
#
# When the page asks nothing else, VNPT-CA Plugin's JS library sends `clearPINCache` = `"0"`
# **[confirmed in the JS library]**, and the plugin is believed to keep the token logged in for
# the next signatures **[unconfirmed: inferred from the argument's name and the `ClearPinCache`
# function]**. Meanwhile any page that can call the plugin can ask for signatures without you
# seeing the PIN dialog, within the limits of the **licence**: the plugin works only for a page
# that sent `setLicenseKey` with a licence issued for that page's own domain **[confirmed: the
# JS library]**. The licence's **format** is public: base64 of an XMLDSig-signed XML (RSA-SHA1)
# with `<PhanMem>VNPT-CA Plugin</PhanMem>`, `<DonViDuocCap>` (the licensed domain) and start and
# end dates **[confirmed: decoded from the public JS library]**, and public code even embeds a
# trial licence with `DonViDuocCap` = `*`, that is **every** domain **[confirmed: public code]**;
# how the plugin checks a licence on its side is not published **[unconfirmed]**. While a `*`
# licence lasts any page can drive the plugin and, if the PIN is remembered, get signatures. In the training edition the
# key that signs licences is the training CA's, **public** in the repository: any site can issue
# itself a licence for its own domain. That is on purpose, to show that a licence binds a
# *domain*, not an *intention*.
#
# dvcedu's practice plugin keeps the logged-in session **for one site only**, and still asks for
# **OK** before every signature. Watch two sites ask for four signatures, with a user who presses
# OK out of habit:

# %%
from dataclasses import dataclass, field

from dvcedu.plugin import PluginWire
from dvcedu.plugin.protocol import stringify


@dataclass
class Habit(ScriptedLearner):
    """Người dùng quen tay: gõ PIN khi được hỏi, bấm Đồng ý mà không đọc; ghi lại mình được
    hỏi gì."""

    asked: list = field(default_factory=list)

    def enter_pin(self, choice, what):
        self.asked.append("mã PIN")
        return self.pin

    def consent(self, choice, what):
        self.asked.append("Đồng ý")
        return True


def ask(origin: str, text: bytes, clear: bool) -> str:
    """Một trang ở ``origin`` xin ký ``text``, có hay không xóa bộ nhớ đệm PIN (``clear``);
    điều người dùng được hỏi."""
    learner = Habit(pin=PIN)
    page = PluginWire(SigningPlugin(clock=clock, label=training.label), origin=origin,
                      learner=learner)
    item = stringify({"data": base64.b64encode(text).decode(), "type": "cmsdetached"})
    page.call("signArrDataAdvanced", [item], choice.serial_hex, clear, False)
    return ", ".join(learner.asked)


Table.of(["Trang xin ký", "clearPINCache", "Người dùng được hỏi"],
         [[origin, "1" if clear else "0", ask(origin, text, clear)] for origin, text, clear in [
             (portal.origin, b"dang nhap", True),  # trang đăng nhập: clearPINCache "1"
             (portal.origin, b"ho so thue quy 1", False),
             ("https://trang-la.test", b"chuyen nhuong co phan", False),
             (portal.origin, b"ho so thue quy 2", False)]])

# %% lang="en" vi="180f29a8" twin="strings"
# """Người dùng quen tay: gõ PIN khi được hỏi, bấm Đồng ý mà không đọc; ghi lại mình được↵    hỏi gì."""  →  """A user out of habit: types the PIN when asked, presses OK without reading; notes what↵    they were asked."""
# "mã PIN"  →  "PIN"
# "Đồng ý"  →  "OK"
# """Một trang ở ``origin`` xin ký ``text``, có hay không xóa bộ nhớ đệm PIN (``clear``);↵    điều người dùng được hỏi."""  →  """A site at ``origin`` asks to sign ``text``, clearing the PIN cache or not (``clear``);↵    what the user is asked."""
# "Trang xin ký"  →  "Site asking to sign"
# "Người dùng được hỏi"  →  "The user is asked"
# # trang đăng nhập: clearPINCache "1"  →  # the login page: clearPINCache "1"

# %% [markdown]
# Lần thứ hai của Cổng (không xóa bộ nhớ đệm) chỉ hỏi **Đồng ý**: token vẫn giữ lần xác thực
# PIN lúc đăng nhập. Trang lạ
# phải nhập PIN — và vì thế Cổng mất bộ nhớ đệm, lần thứ tư lại hỏi PIN. Nếu plugin giữ PIN cho
# *mọi* trang và không hỏi gì (điều chưa ai kiểm chứng công khai với plugin thật), dòng thứ ba
# đã ký một hợp đồng chuyển nhượng mà bạn không hề thấy. Vì thế: đọc cửa sổ của plugin trước
# khi bấm (nó ghi **trang nào** xin ký và **giá trị băm** của thứ sẽ ký), để trang đăng nhập
# gửi `clearPINCache` = `"1"`, và rút token khi không dùng.

# %% [markdown] lang="en" vi="a8011d2b"
# The portal's second request (not clearing the cache) asks only for **OK**: the token still
# holds the PIN typed at login. The
# unknown site must type the PIN, and so the portal loses the cache: the fourth request asks for
# the PIN again. Had the plugin kept the PIN for *every* site and asked nothing (which nobody has
# checked in public with the real plugin), the third line would have signed a share-transfer
# contract you never saw. Hence: read the plugin's window before pressing (it says **which site**
# asks and the **hash** of what will be signed), let login pages send `clearPINCache` = `"1"`,
# and unplug the token when you are not using it.

# %% [markdown]
# ### Một dịch vụ trên `localhost` mà trang nào cũng gọi được
#
# Plugin ký số là một chương trình nghe trên `localhost`: **mọi** trang web bạn mở đều mở
# được kết nối tới nó. Plugin luyện tập của dvcedu — và Cổng, máy chủ xác thực chạy trên máy
# bạn — tự vệ như sau (bộ kiểm thử của dự án thử từng trường hợp, như một trang tấn công):
#
# | Tấn công | Cách chặn trong bản đào tạo |
# |---|---|
# | *DNS rebinding*: tên `evil.test` được trỏ về `127.0.0.1`, trang của kẻ gian thành "cùng nguồn" với dịch vụ | dịch vụ chỉ trả lời tên `localhost`, `127.0.0.1` (và tên đã khai báo): yêu cầu mang `Host: evil.test` bị từ chối (421) |
# | Trang khác gửi biểu mẫu hoặc `fetch` để đăng ký, nộp hồ sơ, đăng xuất (*CSRF*) | mọi yêu cầu thay đổi dữ liệu phải mang `Origin` của chính trang đó; cookie phiên `SameSite=Strict`, `HttpOnly`, đổi mã phiên khi đăng nhập, xóa trên máy chủ khi đăng xuất |
# | Một trang khác trên `localhost` (cổng mạng khác) | mọi cổng mạng của `localhost` là **cùng một site**, nên `SameSite` không tách được chúng; việc so `Origin` thì tách được |
# | Lồng cửa sổ plugin vào khung (*iframe*) rồi lừa bấm | cửa sổ gửi `X-Frame-Options: DENY` và `frame-ancestors 'none'`; nó ghi rõ trang nào xin ký, ký gì |
# | Chèn mã qua tên trên chứng thư (`CN=<img onerror=…>`) | mọi tên hiện dưới dạng chữ; CSP không cho chạy mã nội tuyến |
# | Giữ cửa sổ plugin để chặn trang khác | trang thứ hai được báo "cửa sổ đang bận với yêu cầu của …" sau vài giây |
#
# Plugin thật có kiểm tra `Host` hay `Origin` như vậy không thì chưa công khai
# **[chưa xác nhận]**; điều chắc chắn là nó nhận kết nối từ mọi trang và tin vào giấy phép
# theo tên miền **[xác nhận: thư viện JS]**.

# %% [markdown] lang="en" vi="0ee6798b"
# ### A service on `localhost` that every page can call
#
# The signing plugin is a program listening on `localhost`: **every** web page you open can
# connect to it. dvcedu's practice plugin, and the portal and identity service running on your
# computer, defend themselves like this (the project's tests try each case, as an attacking
# page would):
#
# | Attack | How the training edition stops it |
# |---|---|
# | *DNS rebinding*: the name `evil.test` is pointed at `127.0.0.1`, and the attacker's page becomes "same-origin" with the service | the services answer only to `localhost`, `127.0.0.1` (and names set up): a request carrying `Host: evil.test` is refused (421) |
# | Another page sends a form or a `fetch` to register, file a dossier, log out (*CSRF*) | every request that changes something must carry that page's own `Origin`; the session cookie is `SameSite=Strict` and `HttpOnly`, its id changes at login and is deleted on the server at logout |
# | Another page on `localhost` (another port) | every port of `localhost` is **one site**, so `SameSite` cannot tell them apart; comparing the `Origin` can |
# | Framing the plugin's window (*iframe*) to trick a click | the window sends `X-Frame-Options: DENY` and `frame-ancestors 'none'`; it says which site asks to sign, and what |
# | Injecting code through a name on a certificate (`CN=<img onerror=…>`) | every name is shown as text; the CSP allows no inline script |
# | Holding the plugin's window to block other sites | the second site is told "the window is busy with a request from …" after a few seconds |
#
# Whether the real plugin checks `Host` or `Origin` like this is not public **[unconfirmed]**;
# what is certain is that it takes connections from every page and trusts a licence by domain
# name **[confirmed: the JS library]**.

# %% [markdown]
# ## 6. Khóa bí mật không bao giờ rời token
#
# Không có câu lệnh PKCS#11 nào đọc được khóa bí mật (notebook 01): token trả về `None`. Ngay cả
# khi máy tính bị nhiễm mã độc, kẻ tấn công chỉ có thể **nhờ** token ký trong lúc token đang cắm
# và đã đăng nhập — lý do để rút token khi không dùng và không để plugin nhớ PIN.

# %% [markdown] lang="en" vi="5ad32679"
# ## 6. The private key never leaves the token
#
# No PKCS#11 command can read a private key (notebook 01): the token answers `None`. Even when
# the computer is infected with malware, the attacker can only **ask** the token to sign while it
# is plugged in and logged in: a reason to unplug the token when it is not in use, and not to
# let the plugin remember the PIN.

# %%
from dvcedu.token import open_token

with open_token(training.label, pin=PIN) as token:
    secret = token.private_key().attributes(["CKA_PRIVATE_EXPONENT", "CKA_PRIME_1",
                                             "CKA_PRIME_2", "CKA_EXTRACTABLE"])
print(secret)

# %% [markdown]
# ## 7. Danh sách kiểm tra của Cổng, theo đúng thứ tự trong mã
#
# Mỗi dòng là một **điều kiện chặn** (*guard clause*) trong `dvcedu/portal/checks.py`, `registration.py`,
# `login.py`; kiểm tra nào hỏng thì dừng ngay với lý do riêng.

# %% [markdown] lang="en" vi="ed6f96aa"
# ## 7. The portal's checklist, in the exact order of the code
#
# Each row is a **guard clause** (điều kiện chặn) in `dvcedu/portal/checks.py`, `registration.py`,
# `login.py`; the first check that fails stops there with its own reason.

# %%
from dvcedu.i18n import t
from dvcedu.portal.checks import LOGIN_CHECKS, REGISTRATION_CHECKS

stops = {"check.shape": "thông điệp rác, quá lớn",
        "check.challenge": "phát lại, thử thách giả, hết hạn, dùng sai mục đích",
        "check.origin": "trang giả mạo chuyển tiếp",
        "check.cms": "sửa dữ liệu, sửa chữ ký",
        "check.chain": "CA nhái tên, CA lạ, chứng thư hết hạn, thuật toán cũ",
        "check.usage": "chứng thư chỉ để mã hóa",
        "check.revocation": "token bị mất và đã báo thu hồi",
        "check.identifier": "chứng thư không có MST/CCCD",
        "check.email": "e-mail sai", "check.captcha": "máy đăng ký hàng loạt",
        "check.new_account": "đăng ký trùng", "check.account": "chứng thư của người khác"}
Table.of(["#", "Kiểm tra", "Chặn được", "Lý do khi hỏng"],
         [[i + 1, t(check), stops[check], ", ".join(sorted(r.value for r in reasons))]
          for i, (check, reasons) in enumerate(REGISTRATION_CHECKS + LOGIN_CHECKS[-1:])])

# %% lang="en" vi="6bf67b1e" twin="strings"
# "thông điệp rác, quá lớn"  →  "junk messages, too large"
# "phát lại, thử thách giả, hết hạn, dùng sai mục đích"  →  "replay, fake challenges, expired, used for the wrong purpose"
# "trang giả mạo chuyển tiếp"  →  "a phishing page relaying"
# "sửa dữ liệu, sửa chữ ký"  →  "tampered data, a tampered signature"
# "CA nhái tên, CA lạ, chứng thư hết hạn, thuật toán cũ"  →  "look-alike CA, unknown CA, expired certificate, old algorithms"
# "chứng thư chỉ để mã hóa"  →  "a certificate for encryption only"
# "token bị mất và đã báo thu hồi"  →  "a lost token, already reported and revoked"
# "chứng thư không có MST/CCCD"  →  "a certificate with no MST/CCCD"
# "e-mail sai"  →  "a wrong e-mail"
# "máy đăng ký hàng loạt"  →  "bulk-registration bots"
# "đăng ký trùng"  →  "registering twice"
# "chứng thư của người khác"  →  "someone else's certificate"
# "Kiểm tra"  →  "Check"
# "Chặn được"  →  "Stops"
# "Lý do khi hỏng"  →  "Reasons when it fails"

# %% [markdown]
# ## Bài tập (exercises)

# %% [markdown] lang="en" vi="02bc7b44"
# ## Exercises

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("07.replay", answer)

# %% lang="en" vi="3944ae5d" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("07.phishing", answer)

# %% lang="en" vi="3ac217e7" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("07.lookalike", answer)

# %% lang="en" vi="a75cf86d" twin="strings"
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
check("07.http-origin", answer)

# %% lang="en" vi="027c1599" twin="strings"
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
# Plugin chỉ được ký cho đúng trang đã gọi nó. Hàm dưới so origin theo cách mà nhiều người
# viết lần đầu; trang giả mạo qua được. Sửa nó.

# %% [markdown] lang="en" vi="523338cd"
# ### Debug
#
# The plugin may only sign for the very page that called it. The function below compares origins
# the way many people write it the first time; a phishing page gets through. Fix it.

# %% tags=["task"]
from dvcedu.tasks import check_code


def same_origin(origin, expected):
    return origin.startswith(expected)


check_code("07.same-origin", same_origin)

# %%
from dvcedu.exercises import summary

summary("07")

# %% [markdown]
# ## Điểm chính (*keypoints*)
#
# - Ký chuỗi cố định → **phát lại** được; thử thách mới, dùng một lần → không.
# - Origin phải nằm **trong** phần được ký, như WebAuthn; nằm bên cạnh thì trang giả sửa được.
# - CA được xác định bằng **chữ ký**, không bằng tên.
# - Không để plugin nhớ PIN; rút token khi không dùng. Khóa bí mật không bao giờ rời token.
#
# Tiếp theo: [08 — USB token thật](08_usb_token_that.ipynb). Quay lại:
# [06 — Sự cố thường gặp](06_su_co_thuong_gap.ipynb).

# %% [markdown] lang="en" vi="a784b79e"
# ## Keypoints
#
# - Signing a fixed string → it can be **replayed**; a new challenge, used once → it cannot.
# - The origin must be **inside** the signed part, as in WebAuthn; beside it, a fake page can
#   change it.
# - A CA is identified by its **signature**, not by its name.
# - Do not let the plugin remember the PIN; unplug the token when it is not in use. The private
#   key never leaves the token.
#
# Next: [08 — A real USB token](08_real_token.ipynb). Back:
# [06 — Common problems](06_common_problems.ipynb).
