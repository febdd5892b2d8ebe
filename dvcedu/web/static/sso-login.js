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
})();
