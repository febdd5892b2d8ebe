// dvcedu's own client for the signing plugin, with the public API of VNPT-CA Plugin's
// JavaScript library ("js version 1.0.0.8"): the same global (window.vnptPlugin), the same
// function names and arguments, the same frames on the wire, and every call returning a
// promise of the reply's raw text, as the library does. A page written for the library works
// with this file, and the other way round: a trainer can serve the vendor's own file instead
// (dvcedu serve --plugin-library FILE; docs in the README). Written from the recorded facts
// (tests/data/vnpt-plugin/), not from the vendor's code.
//
// Where it differs, on purpose: replies are matched to calls in order (one socket, one
// answer per request), so two calls in flight each get their own answer; the addresses it
// tries can be set (window.vnptPlugin.dvcedu.configure), so it also works through Jupyter's
// proxy, where the vendor's file, which knows only wss://localhost:4433–4435, cannot.
"use strict";
(function (root) {
  const IDS = {
    getCertInfo: 0, signXML: 1, signPdf: 2, signOffice: 3, signCms: 4, setLicenseKey: 6,
    checkPlugin: 7, signHash: 9, signArrDataAdvanced: 10, getVersion: 11, setLanguage: 23,
    CheckToken: 34, SetShowCertListDialog: 37, GetComputerInfo: 39, ClearPinCache: 40,
    GetAllCertificates: 45,
  };
  const state = {
    urls: [4433, 4434, 4435].map((p) => "wss://localhost:" + p + "/plugin"),
    socket: null, url: null, tried: [], waiting: [], timeout: 3000,
  };

  function open(url, timeout) {
    return new Promise((resolve) => {
      let socket;
      try { socket = new WebSocket(url); } catch (e) { resolve(null); return; }
      const timer = setTimeout(() => { socket.close(); resolve(null); }, timeout);
      socket.onopen = () => { clearTimeout(timer); resolve(socket); };
      socket.onerror = () => { clearTimeout(timer); resolve(null); };
    });
  }

  async function connect() {
    if (state.socket && state.socket.readyState === WebSocket.OPEN) return true;
    state.tried = [];
    for (const url of state.urls) {
      const socket = await open(url, state.timeout);
      state.tried.push({ url, ok: !!socket });
      if (!socket) continue;
      state.socket = socket; state.url = url;
      socket.onmessage = (event) => received(event.data);
      socket.onclose = () => {
        state.socket = null;
        for (const w of state.waiting.splice(0)) w.settle("-1");  // as when no plugin answers
      };
      return true;
    }
    return false;
  }

  function received(text) {
    const star = text.lastIndexOf("*");
    const result = star < 0 ? text : text.slice(0, star);
    const waiter = state.waiting.shift();
    if (waiter) waiter.settle(result);
  }

  function nameOf(callback) {
    return callback ? callback.name || "callbackDefault" : "callbackDefault";
  }

  async function send(name, args, callback) {
    const frame = JSON.stringify({ functionID: IDS[name], funcCallback: nameOf(callback), args,
                                   domain: root.location.hostname || root.location.href });
    if (!(await connect())) { if (callback) callback("-1"); return "-1"; }
    return new Promise((resolve) => {
      state.waiting.push({ settle: (text) => { if (callback) callback(text); resolve(text); } });
      state.socket.send(frame);
    });
  }

  const on = (x) => (x != null && x ? "1" : "0");          // clearPINCache, onlyFromToken
  const offIfFalse = (x) => (x != null && !x ? "0" : "1");  // showCertList
  const optional = (data, options) => (options == null ? [data] : [data, JSON.stringify(options)]);

  root.vnptPlugin = {
    checkPlugin: (cb) => send("checkPlugin", [""], cb),
    getVersion: (cb) => send("getVersion", [""], cb),
    setLicenseKey: (licence, cb) => send("setLicenseKey", [licence], cb),
    setLanguage: (language, cb) => send("setLanguage", [language], cb),
    getCertInfo: (cb, onlyFromToken, serial) =>
      send("getCertInfo", [on(onlyFromToken), serial], cb),
    signArrDataAdvanced: (arrData, serial, clearPINCache, cb, showCertList) =>
      send("signArrDataAdvanced", [JSON.stringify(arrData), serial,
                                   on(clearPINCache), offIfFalse(showCertList)], cb),
    signPdf: (data, cb, options) => send("signPdf", optional(data, options), cb),
    signXML: (data, cb, options) => send("signXML", optional(data, options), cb),
    signHash: (data, cb) => send("signHash", [data], cb),
    ClearPinCache: (times, cb) => send("ClearPinCache", [times], cb),
    SetShowCertListDialog: (show, cb) => send("SetShowCertListDialog", [offIfFalse(show)], cb),
    CheckToken: (cb) => send("CheckToken", [""], cb),
    GetAllCertificates: (cb) => send("GetAllCertificates", [""], cb),
    GetComputerInfo: (cb) => send("GetComputerInfo", [""], cb),
    // dvcedu's own, not the library's: where to look, and where it was found
    dvcedu: {
      configure: (options) => { if (options.urls && options.urls.length) state.urls = options.urls.slice(); },
      tried: () => state.tried.slice(),
      url: () => state.url,
    },
  };
})(window);
