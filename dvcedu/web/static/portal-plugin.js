// The practice portal's page, talking to the signing plugin the way a DVCQG-style page does:
// only through the library's public API (window.vnptPlugin — dvcedu's client, or the
// vendor's own file in its place), and reading every reply as public pages read it:
//   checkPlugin() === "1"; JSON.parse(setLicenseKey(...)).code === 1;
//   getCertInfo(): "" when the list was closed, {code, error} on an error, else the
//   certificate (serial, base64, subjectCN, issuerCN, notBefore, notAfter);
//   JSON.parse(JSON.parse(signArrDataAdvanced(...))[0]) → {code: 0, data} or {code, error}.
// The page never sees the PIN: the plugin asks for it in its own window.
"use strict";
function pluginFlow(config, texts) {
  const $ = (id) => document.getElementById(id);
  const plugin = window.vnptPlugin;
  const own = plugin.dvcedu;  // dvcedu's client only: where to look, what was tried
  if (own) own.configure({ urls: config.urls });

  function parsed(text) { try { return JSON.parse(text); } catch (e) { return null; } }
  function show(state, words) {
    $("plugin-state").dataset.state = state;
    $("plugin-state").textContent = words;
  }

  async function check() {
    show("checking", texts.checking);
    const alive = await plugin.checkPlugin();
    if (own) $("plugin-state").dataset.tried = own.tried().map((t) => new URL(t.url).port + (t.ok ? ":ok" : ":no")).join(" ");
    if (alive !== "1") {
      show("not-connected", texts.notConnected);
      $("plugin-help").hidden = false;
      $("lna-prompt").open = true;  // on the real portal, a blocked prompt looks like this
      return false;
    }
    await plugin.setLanguage(config.lang);
    const licence = parsed(await plugin.setLicenseKey(config.licence));
    if (!licence || licence.code !== 1) {
      show("licence-refused", (licence && licence.error) || "?");
      return false;
    }
    const token = await plugin.CheckToken();
    if (token !== "1") {
      const why = parsed(token);
      show("no-token", (why && why.error) || texts.noToken);
      return false;
    }
    show("ok", texts.ok.replace("{version}", await plugin.getVersion()));
    return true;
  }

  // The plugin's window opens itself; through Jupyter's proxy the plugin cannot reach the
  // learner's screen, so the page opens it (during the click: a browser allows pop-ups only
  // then). If it does not show within a few seconds, the page offers a link to it.
  function windowUrl() {  // the plugin's own window, beside /plugin (directly, or through a proxy)
    const url = (own && own.url()) || config.urls[0];
    return url.replace(/^ws/, "http").replace(/\/plugin$/, "/hop-thoai");
  }
  function windowFirst() {
    $("plugin-error").textContent = "";
    $("plugin-window-link").href = $("plugin-window-link").textContent = windowUrl();
    if (config.openWindow) window.open(windowUrl(), "dvcedu-plugin-dialog", "popup,width=640,height=600");
    const hint = setTimeout(() => { $("plugin-window-hint").hidden = false; }, 4000);
    return () => { clearTimeout(hint); $("plugin-window-hint").hidden = true; };
  }
  function failed(reply) {
    $("plugin-error").textContent = (reply && reply.error) || texts.cancelled;
    return null;
  }

  // Đăng ký / đăng nhập: choose the certificate, then the challenge signed as a detached CMS
  // with that certificate (no second list; clearPINCache: the PIN is typed for each ceremony).
  async function chooseAndSign(challenge) {
    const done = windowFirst();
    try {
      const text = await plugin.getCertInfo(null, true);
      const cert = parsed(text);
      if (text === "" || !cert || "code" in cert) return failed(cert);
      const item = JSON.stringify({ data: challenge, type: "cmsdetached" });
      const items = parsed(await plugin.signArrDataAdvanced([item], cert.serial, true, null, false));
      const signed = items && parsed(items[0]);
      if (!signed || signed.code !== 0) return failed(signed);
      return { cert, signature: signed.data };
    } finally { done(); }
  }

  // Nộp hồ sơ: signPdf — the plugin shows its own list, then the PIN; the PDF comes back
  // with one more signature.
  async function signPdf(pdf) {
    const done = windowFirst();
    try {
      const signed = parsed(await plugin.signPdf(pdf));
      if (!signed || signed.code !== 0) return failed(signed);
      return { serial: signed.serial, pdf: signed.data };
    } finally { done(); }
  }

  return { check, chooseAndSign, signPdf };
}
