// The identity service's "USB ký số" tab (seed step 3): the plugin signs this service's own
// challenge; the service checks it and sends the browser back to the portal with a code.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const texts = JSON.parse(document.getElementById("plugin-texts").textContent);
  const config = data.plugin, challenge = data.challenge, query = data.query;
  const $ = (id) => document.getElementById(id);
  const flow = pluginFlow(config, texts);
  flow.check().then((ok) => { $("login-usb").disabled = !ok; });
  $("login-usb").addEventListener("click", async () => {
    $("login-error").textContent = "";
    const signed = await flow.chooseAndSign(challenge);
    if (!signed) return;
    const body = { query, challenge, signature: signed.signature, domain: window.location.hostname };
    const r = await fetch(config.base + "/oauth2/authorize/usb-ky-so", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const answer = await r.json();
    if (answer.ok) { window.location = answer.next; return; }
    $("login-error").textContent = answer.message;
  });

  // The other live tab: the organisation's e-ID account. The page names the organisation and
  // its representative, then asks every second whether the phone approved.
  const tabs = { usb: $("tab-usb"), vneid: $("tab-vneid") };
  const show = (which) => {
    for (const [name, tab] of Object.entries(tabs)) {
      tab.setAttribute("aria-selected", String(name === which));
      $("panel-" + name).hidden = name !== which;
    }
  };
  for (const [name, tab] of Object.entries(tabs)) {
    tab.addEventListener("click", () => show(name));
    tab.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") show(name); });
  }
  const post = async (path, body) => {
    const r = await fetch(config.base + path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    return r.json();
  };
  $("vneid-send").addEventListener("click", async () => {
    $("vneid-error").textContent = ""; $("vneid-status").textContent = "";
    const asked = await post("/oauth2/authorize/vneid", { query,
      organisation: $("vneid-organisation").value, representative: $("vneid-representative").value });
    if (!asked.ok) { $("vneid-error").textContent = asked.message; return; }
    $("vneid-send").disabled = true;
    $("vneid-status").textContent = asked.message;
    $("vneid-phone").hidden = false;
    const poll = async () => {
      const answer = await post("/oauth2/authorize/vneid/ket-qua", { query, approval: asked.approval });
      if (answer.pending) { setTimeout(poll, 1000); return; }
      $("vneid-send").disabled = false;
      if (answer.ok) { window.location = answer.next; return; }
      $("vneid-status").textContent = "";
      $("vneid-error").textContent = answer.message;
    };
    setTimeout(poll, 1000);
  });
})();
