// Nộp hồ sơ (the account page): the request as a PDF, signed by the plugin's signPdf
// (certificate and PIN in its window), filed with the portal, which checks it on arrival —
// or signed remotely by the portal itself, the signer approving on the phone page.
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("page-data").textContent).plugin;
  const texts = JSON.parse(document.getElementById("plugin-texts").textContent);
  const $ = (id) => document.getElementById(id);
  const flow = pluginFlow(config, texts);
  const formUrl = () => config.base + "/ho-so/mau.pdf?noi-dung=" + encodeURIComponent($("dossier-request").value);
  $("dossier-request").addEventListener("input", () => { $("dossier-preview").href = formUrl(); });
  flow.check().then((ok) => { $("dossier-sign").disabled = !ok; });
  $("dossier-sign").addEventListener("click", async () => {
    $("dossier-error").textContent = ""; $("dossier-receipt").hidden = true;
    const pdf = new Uint8Array(await (await fetch(formUrl())).arrayBuffer());
    let text = ""; for (const byte of pdf) text += String.fromCharCode(byte);
    const signed = await flow.signPdf(btoa(text));
    if (!signed) return;
    const r = await fetch(config.base + "/ho-so/nop", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ pdf: signed.pdf }) });
    show(await r.json());
  });
  const show = (answer) => {
    if (!answer.ok) { $("dossier-error").textContent = answer.message; return; }
    $("dossier-receipt").textContent = answer.message; $("dossier-receipt").dataset.receipt = answer.receipt;
    $("dossier-receipt").hidden = false;
  };
  // Ký số từ xa: the portal signs through the remote-signing service; the phone approves
  const remote = $("dossier-remote");
  if (remote) remote.addEventListener("click", async () => {
    $("dossier-error").textContent = ""; $("dossier-receipt").hidden = true;
    remote.disabled = true; $("dossier-waiting").hidden = false;
    try {
      const r = await fetch(config.base + "/ho-so/ky-tu-xa?noi-dung=" + encodeURIComponent($("dossier-request").value), { method: "POST" });
      show(await r.json());
    } finally { remote.disabled = false; $("dossier-waiting").hidden = true; }
  });
})();
