// The test page's way of calling a plugin library as a page does: callPlugin({function,
// args, callback}) calls window.vnptPlugin[function](...args) with the callback where the
// library takes it (a named global function when `callback` is a name — the library sends
// its .name and calls window[name] — or null for the promise style), and resolves with the
// reply's text. Used by tools/record_vendor_frames.py and tests/browser/. Written for dvcedu.
"use strict";
const CALLBACK_AT = { getCertInfo: 0, signArrDataAdvanced: 3, signPdf: 1, signXML: 1 };

function callPlugin(spec) {
  const args = spec.args.slice();
  const at = spec.function in CALLBACK_AT ? CALLBACK_AT[spec.function] : (args.length ? 1 : 0);
  const go = (cb) => {
    if (cb || at < args.length) args.splice(at, 0, cb);
    return window.vnptPlugin[spec.function](...args);
  };
  if (!spec.callback) return go(null);
  return new Promise((resolve) => {
    window[spec.callback] = function (text) { resolve(text); };
    Object.defineProperty(window[spec.callback], "name", { value: spec.callback });
    go(window[spec.callback]);
  });
}
