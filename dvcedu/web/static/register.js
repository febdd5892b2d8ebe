// Đăng ký bằng USB ký số (seed steps 2.1–2.5): the plugin checked, the certificate chosen and
// the challenge signed in the plugin's window, the details shown, e-mail and captcha, Đăng ký.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const texts = JSON.parse(document.getElementById("plugin-texts").textContent);
  const config = data.plugin, challenge = data.challenge;
  const $ = (id) => document.getElementById(id);
  const flow = pluginFlow(config, texts);
  let signed = null;
  flow.check().then((ok) => { $("choose-cert").disabled = !ok; });
  $("choose-cert").addEventListener("click", async () => {
    signed = await flow.chooseAndSign(challenge);
    if (!signed) return;
    const c = signed.cert;
    $("d-subject").textContent = c.subjectCN; $("d-uid").textContent = c.uid;
    $("d-issuer").textContent = c.issuerCN;
    $("d-valid").textContent = c.notBefore.slice(0, 10) + " → " + c.notAfter.slice(0, 10);
    $("d-serial").textContent = c.serial;
    $("review").hidden = false; $("choose-cert").disabled = true; $("email").focus();
  });
  $("captcha-new").addEventListener("click", async () => {
    const r = await (await fetch(config.base + "/ma-xac-thuc")).json();
    $("captcha-img").src = config.base + "/ma-xac-thuc/" + r.captcha_id + ".png"; $("captcha-img").dataset.id = r.captcha_id;
    $("captcha").value = "";
  });
  $("register-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = { challenge, signature: signed.signature, domain: window.location.hostname,
                   email: $("email").value, captcha_id: $("captcha-img").dataset.id, captcha: $("captcha").value };
    const r = await fetch(config.base + "/dang-ky/gui", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const answer = await r.json();
    if (answer.ok) { window.location = answer.next; return; }
    $("form-error").textContent = answer.message;
    $("captcha-new").click();
  });
})();
