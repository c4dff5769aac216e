// lab.js: the main thread's glue. Starts the engine worker (web/lab_worker.js),
// forwards its events to the UI module (web/ui/bridge.hpp) and defines the test hook:
//
//   window.lab.ready            Promise: resolves with the first "ready" event, once the
//                               worker has loaded the engine and the test set (the lab works
//                               on it; train_pending: the training images are still arriving,
//                               and "ready" comes again with train_count when they are here);
//                               rejects with an Error if loading failed (status().error)
//   window.lab.status()         {state, model, run, epoch, updates, epoch_fraction,
//                               metrics: {name: latest value}, error, config, ready,
//                               train_pending, loads: {file: {loaded, total}} (bytes on the
//                               wire; the data files arrive gzipped), events, busy,
//                               updates_per_second, train_count, test_count}  (a copy)
//   window.lab.send(command)    posts one command ({cmd: ..., ...}; "v" and "id" are
//                               added) and resolves with the worker's reply
//                               {type:'reply', id, ok, message?, errors?, ...} (never rejects;
//                               if the engine stops first: ok false, message the error)
//   window.lab.onEvent(fn)      fn(event, buffers) for every event; returns an unsubscribe
//   window.lab.waitFor(pred, ms) resolves when pred(status()) holds after some event
//   window.lab.snapshot(model?) the latest snapshot (of that model): {meta, buffers: {name:
//                               Float32Array}}, every buffer: those it lists as kept are the
//                               previous snapshot's of the same model (protocol.hpp, 5)
//   window.lab.attachUi(module) hand over the UI module (index.html does this); events
//                               received before are replayed, only the latest snapshot of
//                               each model kept (with the buffers it keeps: all sent)
//   window.lab.sendFromUi(text) the UI's way to send (web/ui/page_glue.cpp); returns the id
//   window.lab.send(command, bytes) load_model's file goes as bytes (an ArrayBuffer)
//   window.lab.chooseModelFile() opens the browser's file picker; the file chosen is
//                               sent with load_model (the UI shows the reply)
//   window.lab.chooseDataFile(what)  the file picker for the student's own data:
//                               'points' a CSV of x, y (points_file: the 2-D lab's data);
//                               'digits' CSV files of digit rows and/or PNG files (each
//                               resized to 28x28, named with its digit first: 3_mine.png),
//                               sent as digit rows (user_file: the student's own set)
//   window.lab.saveFile(name, data)  a download of data (bytes or a Blob): a saved model,
//                               a picture (the UI's page_glue)
//   window.lab.downloads        false: nothing is downloaded; window.lab.lastSaved is
//                               {name, bytes} of the last file instead (tests read a
//                               model file's bytes through onEvent)
//   window.lab.embedded         the link asks for one view (embed=...): a demo in course notes
//   window.lab.restart()        a new engine worker in place of the old (stopped, crashed or
//                               not answering; or whose data failed to load): the data load
//                               again, then the models the page kept are loaded back (their
//                               weights and settings: the update counts and curves start
//                               afresh); resolves with the kinds restored. window.lab.ready is
//                               the new start's, window.lab.restored this promise.
//   window.lab.kept()           {kind: {updates, bytes}}: the models the page keeps to restore
// The page keeps a copy of each model (save_model, float32, with an id of its own: not a
// download) when its training stops, and every CHECKPOINT_MS while it trains. A worker
// that fails (onerror), stops (state error) or answers nothing for HEARTBEAT_TICKS x
// HEARTBEAT_MS (it is sent {ping} when quiet; lab_worker.js answers "alive"), and data
// that did not load, are told to the UI by a "stopped" event {why, message, kept}
// (offerRestart); the UI offers Restart (Try again), which calls restart(), and gets a
// "restart" event first, to forget what the old worker had said.
// A model_file event (save_model) becomes a download of its bytes, named as it says.
// Options: window.latentLabOptions = {workerUrl, dataBase, engineUrl, modelsBase, digits, threads,
// heartbeatMs} before this script (heartbeatMs: HEARTBEAT_MS, shorter in tests).
// threads: how many the engine may use where the page is cross-origin isolated (by
// default the worker's choice, web/lab_worker.js).
// digits false: MNIST is not loaded; by default it is, except for an embedded demo of
// the 2-D lab (a link with embed=... and model=grbm2d), which uses none. A link with
// images=fashion loads Fashion-MNIST (data/fashion/) in MNIST's place.
// The protocol: web/worker/protocol.hpp.
(function () {
  'use strict';
  var here = document.currentScript ? document.currentScript.src : document.baseURI;
  var opts = window.latentLabOptions || {};
  var workerUrl = new URL(opts.workerUrl || 'lab_worker.js', here).href;
  // The page's link (web/ui/link_state.hpp) as name -> value: what to load.
  var link = {};
  location.hash.replace(/^#/, '').split('&').forEach(function (pair) {
    var eq = pair.indexOf('=');
    if (eq > 0) link[pair.slice(0, eq)] = pair.slice(eq + 1);
  });
  var fashion = link.images === 'fashion';
  var embedded = link.embed !== undefined;
  var dataBase = new URL(opts.dataBase || (fashion ? 'data/fashion/' : 'data/'), document.baseURI).href;
  var engineUrl = opts.engineUrl ? new URL(opts.engineUrl, document.baseURI).href : undefined;
  var modelsBase = new URL(opts.modelsBase || 'assets/models/', document.baseURI).href;
  var digits = opts.digits !== undefined ? opts.digits !== false : !(embedded && link.model === 'grbm2d');

  var CHECKPOINT_MS = 60000;  // while a model trains, the page keeps a copy this often
  var HEARTBEAT_MS = Number(opts.heartbeatMs) || 5000;
  var HEARTBEAT_TICKS = 6;     // quiet heartbeats after a ping: the worker has stopped

  function freshStatus(events) {
    return { state: 'loading', model: 'rbm', run: 0, epoch: 0, updates: 0, epoch_fraction: 0, metrics: {},
             error: null, config: null, ready: false, train_pending: false, loads: {}, events: events, busy: null };
  }
  var st = freshStatus(0);
  var kept = {};           // kind -> {bytes: ArrayBuffer, updates}: the page's copy of each model
  var keeping = {};        // save_model id -> {model, updates}: a copy asked for, not yet here
  var lastKept = {};       // kind -> {updates, at, asking}: its copy last asked for
  var latestProgress = {}; // kind -> its latest progress event
  var heard = true;        // an event came since the last heartbeat
  var quietTicks = 0;
  var stopped = null;      // why the worker stopped (restart() is offered), or null
  var latestSnapshot = null;
  var snapshots = {};      // model -> its latest snapshot {meta, buffers: {name: Float32Array}}
  var nextId = 1;
  var pending = {};        // id -> resolve
  var listeners = [];
  var waiters = [];
  var ui = null;
  var uiBacklog = [];       // events before attachUi: [text, buffers]
  var UI_BACKLOG_MAX = 2000;

  var resolveReady, rejectReady, ready;
  function newReady() {
    ready = new Promise(function (res, rej) { resolveReady = res; rejectReady = rej; });
    ready.catch(function () { /* reported through status().error and the page */ });
  }
  newReady();

  function page() { return window.labPage || null; }

  function setLine(text) {
    var p = page();
    if (p && typeof p.setStatus === 'function') p.setStatus(text);
  }
  function failLine(text) {
    var p = page();
    if (p && typeof p.fail === 'function') p.fail(text);
    else console.error(text);
  }

  function loadLine() {
    var loaded = 0, total = 0, known = true;
    Object.keys(st.loads).forEach(function (f) {
      loaded += st.loads[f].loaded;
      total += st.loads[f].total;
      if (!st.loads[f].total) known = false;
    });
    var mb = function (b) { return (b / 1048576).toFixed(1); };
    return 'Loading MNIST\u2026 ' + mb(loaded) + (known && total ? ' of ' + mb(total) : '') + ' MB';
  }

  // ---- events from the worker ------------------------------------------------------

  function onEvent(text, buffers) {
    var ev;
    try { ev = JSON.parse(text); } catch (err) { console.error('lab: unreadable event', text); return; }
    st.events++;
    heard = true;
    if (ev.type === 'alive') return;  // the answer to a heartbeat's ping
    if ((ev.type === 'model_file' || ev.type === 'reply') && keeping[ev.id]) {  // the page's own copy
      keepCopy(ev, buffers[0]);
      return;
    }
    switch (ev.type) {
      case 'load':
        st.loads[ev.file] = { loaded: ev.loaded, total: ev.total };
        if (!st.ready) setLine(loadLine());
        break;
      case 'progress':
        st.state = ev.state;
        if (ev.model) st.model = ev.model;
        if (ev.run !== undefined && ev.run !== st.run) { st.run = ev.run; st.metrics = {}; }
        st.epoch = ev.epoch; st.updates = ev.updates; st.epoch_fraction = ev.epoch_fraction;
        if (ev.updates_per_second !== undefined) st.updates_per_second = ev.updates_per_second;
        Object.keys(ev.metrics || {}).forEach(function (k) { st.metrics[k] = ev.metrics[k]; });
        // The engine stopped (it aborted, or its data failed): no command will get a reply.
        if (ev.state === 'error') {
          st.busy = null;
          failPending(st.error || 'the engine stopped (state error)');
        } else {
          maybeKeep(ev);
        }
        break;
      case 'ready':
        st.ready = true;
        st.config = ev.config;
        st.train_count = ev.train_count;
        st.test_count = ev.test_count;
        st.train_pending = !!ev.train_pending;
        setLine('Starting the lab\u2026');
        resolveReady(ev);
        break;
      case 'config':
        st.config = ev.config;
        break;
      case 'snapshot': {
        // The buffers it keeps are the previous snapshot's; then those it sends.
        var before = snapshots[ev.model] || { buffers: {} };
        latestSnapshot = snapshots[ev.model] = { meta: ev, buffers: {} };
        (ev.kept || []).forEach(function (b) {
          if (before.buffers[b.name]) latestSnapshot.buffers[b.name] = before.buffers[b.name];
          else console.error('lab: a snapshot keeps ' + b.name + ', which the page never had');
        });
        (ev.buffers || []).forEach(function (b, i) { latestSnapshot.buffers[b.name] = buffers[i]; });
        break;
      }
      case 'error':
        st.error = ev.message;
        if (!st.ready) {
          st.state = 'error';
          failLine('Latent Lab could not load its data: ' + ev.message);
          rejectReady(new Error(ev.message));
        }
        break;
      case 'busy':  // a long computation's progress; an empty message: it ended
        st.busy = ev.message ? ev.message : null;
        break;
      case 'model_file':
        if (buffers[0]) saveFile(ev.file, buffers[0]);
        break;
      case 'reply':
        if (ev.id !== null && pending[ev.id]) {
          var resolve = pending[ev.id];
          delete pending[ev.id];
          resolve(ev);
        }
        break;
    }
    toUi(text, ev.type === 'model_file' ? [] : buffers, ev);  // the UI takes float buffers only
    listeners.slice().forEach(function (fn) {
      try { fn(ev, buffers); } catch (err) { console.error('lab: event listener failed', err); }
    });
    if (waiters.length) {
      var s = status();
      waiters = waiters.filter(function (w) {
        var done = false;
        try { done = w.pred(s); } catch (err) { w.reject(err); return false; }
        if (done) { clearTimeout(w.timer); w.resolve(s); }
        return !done;
      });
    }
    // Data that did not load (the test set, or the training images after it) or an
    // engine that stopped: the UI offers to start again.
    if (ev.type === 'error' && !st.ready) offerRestart(ev.message, 'start');
    else if (ev.type === 'error' && st.train_pending) offerRestart(ev.message, 'data');
    else if (ev.type === 'progress' && ev.state === 'error') offerRestart(st.error || 'the engine stopped', 'engine');
  }

  function toUi(text, buffers, ev) {
    if (!ui) {
      if (ev.type === 'snapshot') {  // only the latest of a model's, whole (it keeps nothing)
        uiBacklog = uiBacklog.filter(function (e) { return e[2] !== 'snapshot:' + ev.model; });
        var whole = snapshots[ev.model];
        var list = (ev.kept || []).concat(ev.buffers || []).filter(function (b) { return whole.buffers[b.name]; });
        var copy = {};
        Object.keys(ev).forEach(function (k) { copy[k] = ev[k]; });
        copy.buffers = list;
        copy.kept = [];
        text = JSON.stringify(copy);
        buffers = list.map(function (b) { return whole.buffers[b.name]; });
      }
      uiBacklog.push([text, buffers, ev.type === 'snapshot' ? 'snapshot:' + ev.model : ev.type]);
      if (uiBacklog.length > UI_BACKLOG_MAX) uiBacklog.splice(0, uiBacklog.length - UI_BACKLOG_MAX);
      return;
    }
    deliver(text, buffers);
  }

  function deliver(text, buffers) {
    if (typeof ui._lab_ui_receive !== 'function') return;
    ui.latentInbox = { text: text, buffers: buffers || [] };
    try {
      ui._lab_ui_receive();
    } catch (err) {
      console.error('lab: the UI could not take an event', err);
    } finally {
      ui.latentInbox = null;
    }
  }

  // ---- the worker --------------------------------------------------------------------

  var worker = null;

  function startWorker() {
    try {
      worker = new Worker(workerUrl);
    } catch (err) {
      worker = null;
      workerFailed('the engine worker could not start (' + workerUrl + '): ' + (err && err.message ? err.message : err));
      return;
    }
    var mine = worker;  // a replaced worker's last messages are not this one's
    worker.onmessage = function (e) {
      var m = e.data || {};
      if (mine === worker && typeof m.event === 'string') onEvent(m.event, m.buffers || []);
    };
    worker.onerror = function (e) {
      e.preventDefault();
      if (mine !== worker) return;
      workerFailed('the engine worker failed: ' + (e.message || 'script error') +
                   (e.filename ? ' (' + e.filename + ':' + e.lineno + ')' : ''));
    };
    worker.postMessage({ start: { dataBase: dataBase, engineUrl: engineUrl, modelsBase: modelsBase, digits: digits,
                                  images: fashion ? 'fashion' : 'mnist', threads: opts.threads } });
  }

  // The worker is gone (or of no more use): commands are refused, and the UI offers a restart.
  function workerFailed(message) {
    if (worker) worker.terminate();
    worker = null;
    offerRestart(message, st.ready ? 'engine' : 'start');
    var text = JSON.stringify({ v: 1, type: 'error', message: message });
    onEvent(text, []);
    onEvent(JSON.stringify({ v: 1, type: 'progress', state: 'error', model: st.model, run: st.run, epoch: st.epoch,
                             updates: st.updates, epoch_fraction: st.epoch_fraction, metrics: {} }), []);
    failPending(message);
  }

  // Resolves every command still waiting with a refusal carrying `message`.
  function failPending(message) {
    var waiting = pending;
    pending = {};
    Object.keys(waiting).forEach(function (id) {
      waiting[id]({ v: 1, type: 'reply', id: Number(id), ok: false, message: message });
    });
  }

  // A quiet worker is sent a ping; one that answers nothing for HEARTBEAT_TICKS beats
  // (a crash the page is not told of, or an engine stuck in a loop) has stopped. Beats
  // are timer ticks: a hidden or frozen page's slower timers only make it more patient.
  function heartbeat() {
    if (!worker || stopped) return;
    if (heard) { heard = false; quietTicks = 0; return; }
    if (quietTicks === 0) worker.postMessage({ ping: true });
    if (++quietTicks > HEARTBEAT_TICKS) {
      workerFailed('the engine stopped answering (nothing for ' + Math.round(HEARTBEAT_TICKS * HEARTBEAT_MS / 1000) + ' s)');
    }
  }
  setInterval(heartbeat, HEARTBEAT_MS);

  // The UI's offer: a "stopped" event {why, message, kept: [{model, updates}]}; why: "start"
  // (the lab could not start: its engine or test set), "data" (the training images did
  // not load) or "engine" (it stopped after starting).
  function offerRestart(message, why) {
    if (stopped) return;
    stopped = message;
    var list = Object.keys(kept).map(function (k) { return { model: k, updates: kept[k].updates }; });
    onEvent(JSON.stringify({ v: 1, type: 'stopped', why: why, message: message, kept: list }), []);
  }

  // The page's copy of a model: asked for when its training stops, and every
  // CHECKPOINT_MS while it trains (progress events say which, and how far it is). One
  // copy of a kind at a time: when it is in, the kind's latest progress is looked at again.
  function maybeKeep(ev) {
    var kind = ev.model, t = Date.now();
    if (!kind || !worker || stopped || !(ev.updates > 0)) return;
    latestProgress[kind] = ev;
    var last = lastKept[kind];
    if (!last && ev.state === 'training') last = lastKept[kind] = { updates: 0, at: t, asking: false };
    if (last && (last.updates === ev.updates || last.asking)) return;
    if (ev.state === 'training' && t - last.at < CHECKPOINT_MS) return;
    var id = post({ cmd: 'save_model', model: kind });
    keeping[id] = { model: kind, updates: ev.updates };
    lastKept[kind] = { updates: ev.updates, at: t, asking: true };
  }

  function keepCopy(ev, bytes) {
    var k = keeping[ev.id];
    if (ev.type === 'model_file' && bytes) {
      kept[k.model] = { bytes: bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
                                  ? bytes.buffer : bytes.slice().buffer, updates: k.updates };
      return;
    }
    delete keeping[ev.id];  // the reply: done (a refusal leaves the older copy)
    lastKept[k.model].asking = false;
    if (latestProgress[k.model]) maybeKeep(latestProgress[k.model]);
  }

  // A new worker: the data load again, then the kept models come back, the one that
  // was active last (so that it is active again).
  function restart() {
    if (worker) worker.terminate();
    worker = null;
    failPending('the engine was restarted');
    var active = st.model;
    st = freshStatus(st.events);
    snapshots = {};
    latestSnapshot = null;
    keeping = {};
    lastKept = {};
    latestProgress = {};
    stopped = null;
    heard = true;
    quietTicks = 0;
    newReady();
    window.lab.ready = ready;
    toUi(JSON.stringify({ v: 1, type: 'restart' }), [], { type: 'restart' });
    startWorker();
    var kinds = Object.keys(kept).filter(function (k) { return k !== active; });
    if (kept[active]) kinds.push(active);
    window.lab.restored = ready.then(function () {
      var restored = [];
      return kinds.reduce(function (done, kind) {
        return done.then(function () {
          return send({ cmd: 'load_model', source: 'the copy this page kept of the ' + kind + ' model' },
                      kept[kind].bytes.slice(0)).then(function (r) { if (r.ok) restored.push(kind); });
        });
      }, Promise.resolve()).then(function () { return restored; });
    }, function () { return []; });  // it failed again: the UI offers another try
    return window.lab.restored;
  }

  startWorker();

  // ---- the API -------------------------------------------------------------------------

  function post(command, bytes) {
    var id = nextId++;
    var c = {};
    Object.keys(command || {}).forEach(function (k) { c[k] = command[k]; });
    c.v = 1;
    c.id = id;
    if (worker) worker.postMessage({ command: c, bytes: bytes }, bytes ? [bytes] : []);
    return id;
  }

  // A file for the student (a saved model, a picture): a download, or with
  // window.lab.downloads false only window.lab.lastSaved = {name, bytes}.
  function saveFile(name, data) {
    var blob = data instanceof Blob ? data : new Blob([data], { type: 'application/octet-stream' });
    if (window.lab.downloads === false) { window.lab.lastSaved = { name: name, bytes: blob.size }; return; }
    var url = URL.createObjectURL(blob);
    var a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  // Files refused before they are read (the worker would take a copy first). A model file:
  // at most the largest model the lab holds, a DBN at the worker's memory limit
  // (engine/dbn_config.hpp: (2048 - 192) MiB at 96 bytes a weight, 20.3 M weights) stored
  // five times in float32 (its stack, two classifiers, the deep autoencoder's two halves):
  // 387 MiB (the other kinds: at most 153 MiB, a DBM). A data file (CSV, or a PNG): what
  // the engine's importers read (engine/data_import.hpp kMaxImportBytes).
  var MAX_MODEL_FILE_MB = 400, MAX_DATA_FILE_MB = 8, MAX_PNG_FILES = 1000;

  function chooseModelFile() {
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = '.lmf,application/octet-stream';
    input.onchange = function () {
      var file = input.files && input.files[0];
      if (!file) return;
      if (file.size > MAX_MODEL_FILE_MB * 1048576) {
        fileRefused(file.name, 'it is ' + (Math.ceil(file.size / 104857.6) / 10).toFixed(1) + ' MB, larger than any model ' +
                               'the lab can hold (at most ' + MAX_MODEL_FILE_MB + ' MB). The models you had are unchanged.');
        return;
      }
      file.arrayBuffer().then(function (bytes) {
        post({ cmd: 'load_model', source: file.name }, bytes);
      }, function (err) {
        onEvent(JSON.stringify({ v: 1, type: 'reply', id: null, ok: false,
                                 message: 'The file ' + file.name + ' could not be read: ' + (err && err.message ? err.message : err) }), []);
      });
    };
    input.click();
  }

  // A reply the UI shows (as the worker's refusals are shown) for a file the page could not read.
  function fileRefused(name, err) {
    onEvent(JSON.stringify({ v: 1, type: 'reply', id: null, ok: false,
                             message: 'The file ' + name + ' could not be read: ' + (err && err.message ? err.message : err) }), []);
  }

  // One PNG as a digit row "label,p1,...,p784" (grey 0..255, ink bright as in MNIST):
  // fitted into 28x28 keeping its shape (transparency seen over white paper), and
  // inverted when its border is light (dark ink on paper). The label is the first
  // digit in the file's name ("?" if none: the engine's reader then names the file).
  function pngRow(file) {
    var label = (file.name.match(/[0-9]/) || ['?'])[0];
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(28 / bitmap.width, 28 / bitmap.height);
      var w = Math.max(1, Math.round(bitmap.width * scale)), h = Math.max(1, Math.round(bitmap.height * scale));
      var g = new OffscreenCanvas(w, h).getContext('2d');
      g.drawImage(bitmap, 0, 0, w, h);
      var rgba = g.getImageData(0, 0, w, h).data, grey = [], rim = 0, n = 0;
      for (var y = 0; y < h; ++y) {
        for (var x = 0; x < w; ++x) {
          var i = 4 * (y * w + x), a = rgba[i + 3] / 255;
          var v = (0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2]) * a + 255 * (1 - a);
          grey.push(v);
          if (x === 0 || y === 0 || x === w - 1 || y === h - 1) { rim += v; ++n; }
        }
      }
      var invert = rim / n > 127;
      var row = new Array(784).fill(0), x0 = Math.floor((28 - w) / 2), y0 = Math.floor((28 - h) / 2);
      for (var k = 0; k < w * h; ++k) {
        var px = k % w, py = (k - px) / w;
        row[(y0 + py) * 28 + x0 + px] = Math.round(invert ? 255 - grey[k] : grey[k]);
      }
      return '# from ' + file.name + '\n' + label + ',' + row.join(',') + '\n';
    }, function () {
      return '# from ' + file.name + '\nnot-a-readable-image\n';
    });
  }

  function chooseDataFile(what) {
    var input = document.createElement('input');
    input.type = 'file';
    input.multiple = what === 'digits';
    input.accept = what === 'digits' ? '.csv,.txt,.png,text/csv,image/png' : '.csv,.txt,text/csv,text/plain';
    input.onchange = function () {
      var files = Array.prototype.slice.call(input.files || []).filter(function (file) {
        if (file.size <= MAX_DATA_FILE_MB * 1048576) return true;
        fileRefused(file.name, 'it is ' + (Math.ceil(file.size / 104857.6) / 10).toFixed(1) + ' MB; the lab reads files ' +
                               'of at most ' + MAX_DATA_FILE_MB + ' MB. Nothing was changed.');
        return false;
      });
      var cmd = what === 'digits' ? 'user_file' : 'points_file';
      var pngs = files.filter(function (f) { return /\.png$/i.test(f.name) || f.type === 'image/png'; });
      files.filter(function (f) { return pngs.indexOf(f) < 0; }).forEach(function (file) {
        file.arrayBuffer().then(function (bytes) { post({ cmd: cmd, source: file.name }, bytes); },
                                function (err) { fileRefused(file.name, err); });
      });
      if (pngs.length > MAX_PNG_FILES) {  // not decoded: the student's set holds no more (protocol.hpp)
        fileRefused(pngs.length + ' PNG files', 'the lab takes at most ' + MAX_PNG_FILES + ' digits at once. Nothing was changed.');
      } else if (pngs.length && what === 'digits') {
        Promise.all(pngs.map(pngRow)).then(function (rows) {
          var bytes = new TextEncoder().encode('label,pixels\n' + rows.join('')).buffer;  // a header: no row is taken for one
          post({ cmd: 'user_file', source: pngs.length === 1 ? pngs[0].name : pngs.length + ' PNG files' }, bytes);
        });
      }
    };
    input.click();
  }

  function send(command, bytes) {
    if (typeof command === 'string') {
      try { command = JSON.parse(command); } catch (err) {
        return Promise.resolve({ v: 1, type: 'reply', id: null, ok: false, message: 'not JSON: ' + err.message });
      }
    }
    return new Promise(function (resolve) {
      var id = nextId;  // post() takes this id
      if (!worker) {
        nextId++;
        resolve({ v: 1, type: 'reply', id: id, ok: false, message: st.error || 'the engine worker is not running' });
        return;
      }
      pending[id] = resolve;
      post(command, bytes);
    });
  }

  function sendFromUi(text) {
    var command;
    try { command = JSON.parse(text); } catch (err) { console.error('lab: bad command from the UI', text); return -1; }
    if (!worker) return -1;
    return post(command);
  }

  function status() {
    return JSON.parse(JSON.stringify(st));
  }

  function waitFor(pred, timeoutMs) {
    return new Promise(function (resolve, reject) {
      var s = status();
      if (pred(s)) { resolve(s); return; }
      var w = { pred: pred, resolve: resolve, reject: reject, timer: null };
      w.timer = setTimeout(function () {
        waiters = waiters.filter(function (x) { return x !== w; });
        reject(new Error('lab.waitFor: timed out after ' + (timeoutMs || 60000) + ' ms; status: ' + JSON.stringify(status())));
      }, timeoutMs || 60000);
      waiters.push(w);
    });
  }

  function attachUi(module) {
    ui = module;
    var backlog = uiBacklog;
    uiBacklog = [];
    backlog.forEach(function (e) { deliver(e[0], e[1]); });
  }

  window.lab = {
    ready: ready,
    status: status,
    send: send,
    sendFromUi: sendFromUi,
    onEvent: function (fn) {
      listeners.push(fn);
      return function () { listeners = listeners.filter(function (f) { return f !== fn; }); };
    },
    waitFor: waitFor,
    snapshot: function (model) { return model ? snapshots[model] || null : latestSnapshot; },
    attachUi: attachUi,
    restart: restart,
    kept: function () {
      var out = {};
      Object.keys(kept).forEach(function (k) { out[k] = { updates: kept[k].updates, bytes: kept[k].bytes.byteLength }; });
      return out;
    },
    chooseModelFile: chooseModelFile,
    chooseDataFile: chooseDataFile,
    saveFile: saveFile,
    embedded: embedded,
    downloads: true,
  };
})();
