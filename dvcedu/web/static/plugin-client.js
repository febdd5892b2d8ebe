// What VNPT-CA Plugin's JS library does in the portal's page [confirmed in the public
// library 1.0.1.9]: open wss://localhost:{4433,4434,4435,9201,9202}/plugin, one port after
// another (3 s each), send {functionID, funcCallback, args, domain} and match the reply
// "<result>*<funcCallback>". The page never sees the PIN: the plugin asks for it in its own
// window.
"use strict";
const FUNCTION_IDS = { getCertInfo: 0, SignPDF: 2, setLicenseKey: 6, checkPlugin: 7,
                       signArrDataAdvanced: 10, getVersion: 11 };

class PluginClient {
  constructor(urls) { this.urls = urls; this.socket = null; this.url = null; this.calls = 0; this.waiting = new Map(); this.tried = []; }

  async connect() {
    for (const url of this.urls) {
      const socket = await PluginClient.open(url, 3000);
      this.tried.push({ url, ok: !!socket });
      if (socket) {
        this.socket = socket; this.url = url;
        socket.onmessage = (e) => this.received(e.data);
        socket.onclose = () => { for (const [, w] of this.waiting) w.reject(new Error("closed")); this.waiting.clear(); this.socket = null; };
        return url;
      }
    }
    return null;
  }

  static open(url, timeout) {
    return new Promise((resolve) => {
      let socket;
      try { socket = new WebSocket(url); } catch (e) { resolve(null); return; }
      const timer = setTimeout(() => { socket.close(); resolve(null); }, timeout);
      socket.onopen = () => { clearTimeout(timer); resolve(socket); };
      socket.onerror = () => { clearTimeout(timer); resolve(null); };
    });
  }

  windowUrl() {  // the plugin's own window, beside /plugin (directly, or through a proxy)
    return this.url.replace(/^ws/, "http").replace(/\/plugin$/, "/hop-thoai");
  }

  received(text) {
    const star = text.lastIndexOf("*");
    const callback = text.slice(star + 1);
    const waiter = this.waiting.get(callback);
    if (!waiter) return;
    this.waiting.delete(callback);
    waiter.resolve(JSON.parse(text.slice(0, star)));
  }

  call(name, ...args) {
    if (!this.socket) return Promise.reject(new Error("not connected"));
    const funcCallback = "cb" + (++this.calls);
    const request = { functionID: FUNCTION_IDS[name], funcCallback, args, domain: window.location.hostname };
    return new Promise((resolve, reject) => {
      this.waiting.set(funcCallback, { resolve, reject });
      this.socket.send(JSON.stringify(request));
    });
  }
}

// The steps both pages share: check the plugin, send the licence, choose, sign.
function pluginFlow(config, texts) {
  const $ = (id) => document.getElementById(id);
  const client = new PluginClient(config.urls);
  const say = (result) => (result.message && (result.message[config.lang] || result.message.en)) || result.error || "?";

  async function check() {
    $("plugin-state").dataset.state = "checking";
    $("plugin-state").textContent = texts.checking;
    const url = await client.connect();
    // which ports answered, in the order tried (the helpdesk reads it; so do the tests)
    $("plugin-state").dataset.tried = client.tried.map((t) => new URL(t.url).port + (t.ok ? ":ok" : ":no")).join(" ");
    if (!url) {
      $("plugin-state").dataset.state = "not-connected";
      $("plugin-state").textContent = texts.notConnected;
      $("plugin-help").hidden = false;
      return false;
    }
    const status = await client.call("checkPlugin");
    if (status.code !== 0 || !status.data.token) {
      $("plugin-state").dataset.state = "no-token";
      $("plugin-state").textContent = status.code === 0 ? texts.noToken : say(status);
      return false;
    }
    const licence = await client.call("setLicenseKey", config.licence);
    if (licence.code !== 0) {
      $("plugin-state").dataset.state = "licence-refused";
      $("plugin-state").textContent = say(licence);
      return false;
    }
    $("plugin-state").dataset.state = "ok";
    $("plugin-state").textContent = texts.ok.replace("{version}", status.data.version);
    return true;
  }

  // Call from a click: the plugin's window is opened first (a browser allows a pop-up only
  // during a click), then the certificate is chosen there and `name` called with the
  // arguments `args(serial)` makes; null (and the plugin's words on the page) if either fails.
  async function chooseAndCall(name, args) {
    window.open(client.windowUrl(), "dvcedu-plugin-dialog", "popup,width=640,height=560");
    $("plugin-error").textContent = "";
    const cert = await client.call("getCertInfo");
    if (cert.code !== 0) { $("plugin-error").textContent = say(cert); return null; }
    const done = await client.call(name, ...args(cert.data.serial));
    if (done.code !== 0) { $("plugin-error").textContent = say(done); return null; }
    return { cert: cert.data, data: done.data.data };
  }

  // Đăng ký / đăng nhập: the challenge, signed as a detached CMS.
  async function chooseAndSign(challenge) {
    const item = JSON.stringify({ data: challenge, type: "cmsdetached", sigOptions: "{}" });
    const done = await chooseAndCall("signArrDataAdvanced", (serial) => [[item], serial, "1"]);
    return done && { cert: done.cert, signature: done.data[0] };
  }

  // Nộp hồ sơ: SignPDF (its arguments are dvcedu's: the real ones are not public) — the PDF
  // comes back with one more signature.
  async function chooseAndSignPdf(pdf) {
    const done = await chooseAndCall("SignPDF", (serial) => [pdf, serial]);
    return done && { cert: done.cert, pdf: done.data };
  }

  return { client, check, chooseAndSign, chooseAndSignPdf };
}
