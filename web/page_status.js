// page_status.js (loaded first by index.html): the loading line and error reporting,
// before the modules load.
//   window.labPage.setStatus(text)  show a progress line (until the UI is up)
//   window.labPage.fail(text)       show an error (stays visible; once the UI is up,
//                                   only logged: the UI shows the lab's errors itself)
(function () {
  'use strict';
  var status = document.getElementById('status');
  var failed = false;
  window.labPage = {
    uiReady: false,       // set once main.cpp has drawn its first frame
    fontReady: undefined, // true/false once the UI font was handed in (or given up)
    setStatus: function (text) {
      if (failed || window.labPage.uiReady) return;
      status.textContent = text;
    },
    fail: function (text) {
      failed = true;
      // Once the UI draws, it shows errors itself (the RBM panel's error page).
      if (window.labPage.uiReady) { console.error(text); return; }
      status.textContent = text;
      status.className = 'error';
      status.hidden = false;
      console.error(text);
    }
  };
  window.addEventListener('error', function (e) {
    if (!window.labPage.uiReady) window.labPage.fail('Latent Lab could not start: ' + (e.message || 'script error'));
  });
  window.addEventListener('unhandledrejection', function (e) {
    var r = e.reason;
    if (!window.labPage.uiReady) window.labPage.fail('Latent Lab could not start: ' + (r && r.message ? r.message : String(r)));
  });
  if (typeof WebAssembly !== 'object') window.labPage.fail('Latent Lab needs a browser with WebAssembly.');
})();
