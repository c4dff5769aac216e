// page_start.js: loaded last by index.html (after web/lab.js and lab_ui.js): starts the UI.
(function () {
  'use strict';
  var page = window.labPage;
  var canvas = document.getElementById('canvas');
  var framed = window.self !== window.top;   // embedded in another page (course notes)
  canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
  // The wheel scrolls the page around an embedded demo (or nothing, full-page) unless
  // the pointer is over something in the lab that scrolls: then the lab takes it.
  window.addEventListener('wheel', function (e) {
    if (window.labUi && window.labUi._lab_ui_wheel_scrolls() === 0) e.stopPropagation();
  }, { capture: true, passive: true });
  // An embedded demo scrolled out of view pauses its training, and carries on when back.
  if (framed && 'IntersectionObserver' in window) {
    var pausedOutOfView = false;
    new IntersectionObserver(function (entries) {
      var visible = entries[entries.length - 1].isIntersecting;
      if (!window.lab || !window.lab.status().ready) return;
      if (!visible && window.lab.status().state === 'training') {
        pausedOutOfView = true;
        window.lab.send({ cmd: 'pause' });
      } else if (visible && pausedOutOfView) {
        pausedOutOfView = false;
        window.lab.send({ cmd: 'train' });
      }
    }).observe(canvas);
  }
  // A lost WebGL context: preventing the default lets the browser restore it; the UI
  // (web/ui/main.cpp) draws nothing meanwhile and then remakes its textures itself.
  canvas.addEventListener('webglcontextlost', function (e) { e.preventDefault(); });

  // The exercises (assets/exercises/index.json lists the files, in order) go to the UI
  // as text; it reads and checks them, and lists a file it cannot use with the reason.
  function loadExercises(ui) {
    var base = 'assets/exercises/';
    var text = function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.text(); };
    var add = function (name, body) { ui.ccall('lab_ui_add_exercise', null, ['string', 'string'], [name, body]); };
    fetch(base + 'index.json').then(text).then(function (t) {
      var names = JSON.parse(t).exercises || [];
      return Promise.all(names.map(function (name) {
        return fetch(base + name).then(text).then(function (body) { return [name, body]; },
                                                  function (err) { return [name + ' (' + err.message + ')', '']; });
      }));
    }).then(function (files) {
      files.forEach(function (f) { add(f[0], f[1]); });
    }).catch(function (err) { add('index.json (' + err.message + ')', ''); });
  }

  // The UI font is fetched in parallel with the module; the default font is used until then.
  var fontBytes = fetch('fonts/DejaVuSans.ttf')
    .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.arrayBuffer(); })
    .catch(function (err) { console.warn('Latent Lab: UI font not loaded (' + err.message + '); using the built-in font'); return null; });

  if (typeof createLabUi !== 'function') { page.fail('Latent Lab could not load lab_ui.js.'); return; }
  page.setStatus('Starting Latent Lab\u2026');
  createLabUi({
    canvas: canvas,
    onFirstFrame: function () {           // called by main.cpp after the first frame is drawn
      page.uiReady = true;
      document.getElementById('status').hidden = true;
      if (!framed) canvas.focus();    // an embed waits for a click: focus would scroll the notes to it
    },
    onError: function (text) { page.fail(text); },   // called by main.cpp
    print: function (text) { console.log(text); },
    printErr: function (text) { console.warn(text); }
  }).then(function (ui) {
    window.labUi = ui;
    // If web/lab.js is present, hand it the UI module (it connects the worker).
    if (window.lab && typeof window.lab.attachUi === 'function') window.lab.attachUi(ui);
    if (!(window.lab && window.lab.embedded)) loadExercises(ui);   // an embedded demo shows none
    return fontBytes.then(function (buf) {
      var ok = false;
      if (buf) {
        var n = buf.byteLength, p = ui._malloc(n);
        ui.HEAPU8.set(new Uint8Array(buf), p);   // HEAPU8 read after _malloc: memory may grow
        ok = ui._lab_ui_set_font(p, n) === 1;    // copies the bytes
        ui._free(p);
        if (!ok) console.warn('Latent Lab: fonts/DejaVuSans.ttf is not a TrueType font');
      }
      page.fontReady = ok;                       // test hook: true = TTF handed in, false = default font
    });
  }, function (err) {
    page.fail('Latent Lab could not start: ' + (err && err.message ? err.message : String(err)));
  });
})();
