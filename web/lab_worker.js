// lab_worker.js: the engine's Web Worker (started by web/lab.js).
//   1. loads engine_worker.js/.wasm (Emscripten, createEngine) - or, where the page is
//      cross-origin isolated (shared memory allowed), the threaded build
//      engine_worker_mt.js/.wasm with threads for all cores but the page's (up to 4),
//      falling back to the single-thread build if it does not start - and, in parallel,
//      fetches the four MNIST files gzipped (<name>.gz), unpacking them as they stream
//      (DecompressionStream), with progress in bytes on the wire ("load" events), unless
//      the page says it uses none (start.digits false: an embedded 2-D demo). The test
//      set and the training labels come first, then the training images; a download
//      that breaks off or does not unpack is tried again twice, then reported;
//   2. hands the test set to the engine (worker.cpp), which posts "ready" (the lab works
//      on the test digits) or "error"; then the training images, and "ready" comes
//      again with train_count (MNIST training waits for it: lab_worker.hpp);
//   3. passes each command to the engine, and while it is training runs it in
//      chunks: time one chunk, report, yield to the message queue (so pause and
//      set are handled within one chunk), repeat.
//   4. answers two commands itself, before the engine sees them:
//      load_default {model}  fetches assets/models/manifest.json and the kind's trained
//                  model file (with "load" events), then has the engine load it with
//                  the fingerprint the manifest records (load_model);
//      drawing     only the newest waiting drawing reaches the engine (the ones it
//                  replaced are answered ok, "superseded"), so that a fast pen never
//                  queues up work.
// Messages in:  {start: {dataBase, engineUrl?, wasmBinary?, modelsBase?, digits?, images?, threads?}}  then
//               {command: {...}, bytes?: ArrayBuffer (load_model's file)}, and {ping: true}
//               (the page's heartbeat), answered {type: "alive"} between chunks
// Messages out: {event: "<JSON text>", buffers: [Float32Array or Uint8Array, ...]} (transferred)
// The protocol itself is documented in web/worker/protocol.hpp.
'use strict';

// The data files (each served as <name>.gz): what the lab starts with (the test set,
// and the training labels, which say how many training digits are coming), then the rest.
var FIRST_FILES = ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'train-labels-idx1-ubyte'];
var LAST_FILE = 'train-images-idx3-ubyte';
var ATTEMPTS = 3;  // per data file

var engine = null;        // the Emscripten module, once data is loaded into it
var loadFailure = null;   // text, if start-up failed before the engine could say so
var queue = [];           // [command, bytes] that arrived before the engine was ready
var modelsBase = null;    // where the trained defaults are (assets/models/)
var images = 'mnist';     // the image set loaded: 'mnist' or 'fashion' (the defaults are MNIST models)
var manifest = null;      // a promise of assets/models/manifest.json, once asked for
var drawingWaiting = null;  // the newest drawing not yet handed to the engine
var scheduled = false;
var started = false;
var yieldChannel = typeof MessageChannel === 'function' ? new MessageChannel() : null;
var now = (typeof performance !== 'undefined' && performance.now) ? function () { return performance.now(); }
                                                                    : function () { return Date.now(); };

function post(text, buffers) {
  buffers = buffers || [];
  self.postMessage({ event: text, buffers: buffers }, buffers.map(function (b) { return b.buffer; }));
}
function postEvent(obj) {
  obj.v = 1;
  post(JSON.stringify(obj), []);
}

self.onmessage = function (e) {
  var m = e.data || {};
  if (m.start) {
    if (!started) { started = true; start(m.start); }
  } else if (m.command !== undefined) {
    command(m.command, m.bytes);
  } else if (m.ping) {  // the page's heartbeat (web/lab.js): answered between chunks
    postEvent({ type: 'alive' });
  }
};

function command(c, bytes) {
  if (!engine) {
    if (loadFailure) refuse(c, loadFailure);
    else queue.push([c, bytes]);
    return;
  }
  var parsed = c;
  if (typeof c === 'string') {
    try { parsed = JSON.parse(c); } catch (err) { parsed = null; }  // the engine refuses it
  }
  if (parsed && parsed.cmd === 'load_default') { loadDefault(parsed); return; }
  if (parsed && parsed.cmd === 'drawing') {
    if (drawingWaiting) postEvent({ type: 'reply', id: drawingWaiting.id, ok: true, message: 'superseded by a newer drawing' });
    drawingWaiting = parsed;
    setTimeout(function () {
      var d = drawingWaiting;
      drawingWaiting = null;
      if (d && engine) toEngine(d);
    }, 0);
    return;
  }
  toEngine(c, bytes);
}

function toEngine(c, bytes) {
  engine.latentInbox = typeof c === 'string' ? c : JSON.stringify(c);
  engine.latentBytes = bytes ? new Uint8Array(bytes) : null;
  try {
    engine._worker_command();
  } catch (err) {
    fatal('the engine stopped while handling a command: ' + describe(err));
  }
  engine.latentInbox = null;
  engine.latentBytes = null;
  schedule();
}

// The trained default of a kind: the manifest's entry, its file, then load_model with
// the recorded fingerprint (a file that does not match is refused by the engine).
function loadDefault(c) {
  if (images !== 'mnist') {
    refuse(c, 'The trained models were trained on MNIST digits, and this page has Fashion-MNIST: train from scratch. ' +
              'The models you had are unchanged.');
    return;
  }
  if (!manifest) {
    manifest = fetchFile(modelsBase, 'manifest.json', 'the trained models').then(function (bytes) {
      return JSON.parse(new TextDecoder().decode(bytes));
    });
    manifest.catch(function () { manifest = null; });  // asked again later, fetched again
  }
  manifest.then(function (m) {
    var entry = (m.models || []).filter(function (e) { return e.kind === c.model; })[0];
    if (!entry) throw new Error('there is no trained default for "' + c.model + '"');
    return fetchFile(modelsBase, entry.file, 'the trained models').then(function (bytes) {
      toEngine({ v: 1, id: c.id, cmd: 'load_model', checksum: entry.fingerprint, source: 'the trained default ' + entry.file },
               bytes.buffer);
    });
  }).catch(function (err) {
    refuse(c, 'The trained default could not be loaded: ' + describe(err) + '. The models you had are unchanged.');
  });
}

// A reply from JS when there is no engine to ask.
function refuse(c, message) {
  var id = null;
  try { id = (typeof c === 'string' ? JSON.parse(c) : c).id; } catch (err) { /* no id */ }
  postEvent({ type: 'reply', id: id === undefined ? null : id, ok: false, message: message });
}

// ---- the training loop ----------------------------------------------------------

function schedule(waitMs) {
  if (scheduled || !engine || !engine._worker_wants_to_run()) return;
  scheduled = true;
  if (waitMs > 0) {  // a paced model is ahead of its pace (commands are still handled meanwhile)
    setTimeout(tick, waitMs);
    return;
  }
  // Yield to the message queue, so that commands are handled between chunks.
  // Browsers: a MessageChannel message (FIFO with the page's messages, no 4 ms
  // clamp, unlike setTimeout). Node (tests): setImmediate, as node would drain
  // the self-posted port messages first.
  if (typeof setImmediate === 'function') setImmediate(tick);
  else if (yieldChannel) yieldChannel.port2.postMessage(0);
  else setTimeout(tick, 0);
}
if (yieldChannel) yieldChannel.port1.onmessage = tick;

function tick() {
  scheduled = false;
  if (!engine) return;
  try {
    if (!engine._worker_wants_to_run()) return;
    var t0 = now();
    engine._worker_run_chunk();
    var t1 = now();
    engine._worker_after_chunk(t1 - t0, t1);
    var wait = engine._worker_wait_ms();
  } catch (err) {
    fatal('the engine stopped while training: ' + describe(err));
    return;
  }
  schedule(wait);
}

// ---- start-up -------------------------------------------------------------------

function describe(err) {
  return err && err.message ? err.message : String(err);
}

function fatal(message) {
  var first = loadFailure === null;
  loadFailure = message;
  engine = null;
  if (first) {
    postEvent({ type: 'error', message: message });
    postEvent({ type: 'progress', state: 'error', run: 0, epoch: 0, updates: 0, epoch_fraction: 0, metrics: {} });
  }
  var pending = queue;
  queue = [];
  pending.forEach(function (p) { refuse(p[0], message); });
}

// Fetches one file, posting {type:'load', file, loaded, total, done} as bytes arrive
// (bytes on the wire of its Content-Length). what: whose files these are, for the
// message when one is missing. gzipped: the file is name + '.gz', unpacked as it streams.
function fetchFile(base, name, what, gzipped) {
  var url = new URL(gzipped ? name + '.gz' : name, base).href;
  var report = function (loaded, total, last) {
    postEvent({ type: 'load', file: name, loaded: loaded, total: total, done: !!last });
  };
  return fetch(url).catch(function (err) {
    throw new Error('could not fetch ' + url + ' (' + describe(err) + ')');
  }).then(function (res) {
    if (!res.ok) {
      var err = new Error('could not load ' + url + ': HTTP ' + res.status + (res.statusText ? ' ' + res.statusText : '') +
                          (res.status === 404 ? ' (' + what + ' belong in ' + new URL('.', url).pathname + ' of the site: run tools/setup.sh and rebuild it)' : ''));
      err.final = res.status >= 400 && res.status < 500;  // asking again will not help
      throw err;
    }
    var total = Number(res.headers.get('content-length')) || 0;
    var loaded = 0, lastReport = 0;
    report(0, total, false);
    var counted = res.body.pipeThrough(new TransformStream({
      transform: function (chunk, out) {
        loaded += chunk.length;
        var t = now();
        if (t - lastReport > 100) { lastReport = t; report(loaded, Math.max(total, loaded), false); }
        out.enqueue(chunk);
      },
    }));
    return (gzipped ? unpacked(counted) : Promise.resolve(counted)).then(collect).then(function (bytes) {
      report(loaded, Math.max(total, loaded), true);
      return bytes;
    }, function (err) {
      throw new Error(url + (gzipped ? ' broke off or is not a whole gzip file' : ' broke off') + ' (' + describe(err) + ')');
    });
  });
}

// A data file, asked for again (ATTEMPTS in all) when its download breaks off or does not unpack.
function fetchData(base, name, attempt) {
  attempt = attempt || 1;
  return fetchFile(base, name, 'the data files', true).catch(function (err) {
    if (err.final || attempt >= ATTEMPTS) {
      throw attempt > 1 ? new Error(describe(err) + ', ' + attempt + ' times') : err;
    }
    return fetchData(base, name, attempt + 1);
  });
}

// The bytes a .gz stream holds. A host that sends .gz files with Content-Encoding:
// gzip has had the browser unpack them already: those bytes are taken as they come.
function unpacked(stream) {
  var reader = stream.getReader();
  return reader.read().then(function (first) {
    var whole = new ReadableStream({
      start: function (c) { if (!first.done) c.enqueue(first.value); else c.close(); },
      pull: function (c) { return reader.read().then(function (r) { if (r.done) c.close(); else c.enqueue(r.value); }); },
      cancel: function (why) { return reader.cancel(why); },
    });
    var gzip = !first.done && first.value.length >= 2 && first.value[0] === 0x1f && first.value[1] === 0x8b;
    return gzip ? whole.pipeThrough(new DecompressionStream('gzip')) : whole;
  });
}

// A stream's bytes, in one Uint8Array.
function collect(stream) {
  var reader = stream.getReader();
  var chunks = [], length = 0;
  function pump() {
    return reader.read().then(function (r) {
      if (!r.done) {
        chunks.push(r.value);
        length += r.value.length;
        return pump();
      }
      var bytes = new Uint8Array(length), at = 0;
      chunks.forEach(function (c) { bytes.set(c, at); at += c.length; });
      return bytes;
    });
  }
  return pump();
}

// The engine takes over: the commands that waited are handed to it.
function engineReady(mod) {
  engine = mod;  // even after a data error: it refuses commands with the reason
  var pending = queue;
  queue = [];
  pending.forEach(function (p) { command(p[0], p[1]); });
}

// How many threads the engine's products get: with cross-origin isolation (shared
// memory), opts.threads or else one per core but one (the page's main thread draws
// while the model trains: on two cores a second engine thread gained nothing in the
// full page, 0.83x to 1.49x, though 1.35x in a worker alone), at most 4; 1 means the
// single-thread build. Without isolation, 1.
function threadCount(opts) {
  if (!self.crossOriginIsolated || typeof SharedArrayBuffer !== 'function') return 1;
  var wanted = Number(opts.threads) || ((self.navigator && navigator.hardwareConcurrency) || 1) - 1;
  return Math.max(1, Math.min(4, Math.floor(wanted)));
}

// The engine module at url (engine_worker.js, or engine_worker_mt.js with threads > 1:
// its pool of threads - 1 helper workers starts with it, and the products use them).
// Rejects, rather than stopping the lab, if the module aborts or a helper worker fails
// to load while it starts (Emscripten would wait for that helper for ever), so that the
// caller can fall back to the single-thread build.
function loadEngine(url, threads, wasmBinary) {
  return new Promise(function (resolve, reject) {
    try {
      importScripts(url);
    } catch (err) {
      throw new Error('could not load the engine (' + url + '): ' + describe(err));
    }
    if (typeof createEngine !== 'function') throw new Error(url + ' did not define createEngine');
    var settled = false;
    var args = {
      locateFile: function (path) { return new URL(path, url).href; },
      print: function (t) { console.log('[engine] ' + t); },
      printErr: function (t) { console.warn('[engine] ' + t); },
      onAbort: function (what) {
        if (settled) fatal('the engine stopped: ' + describe(what));
        else fail(new Error('the engine stopped while starting: ' + describe(what)));
      },
      mainScriptUrlOrBlob: url,     // what the helper workers load (not this script)
      latentHelpers: threads - 1,   // the pool's size (PTHREAD_POOL_SIZE in web/worker/CMakeLists.txt)
    };
    if (wasmBinary) args.wasmBinary = wasmBinary;
    var fail = function (err) {
      if (settled) return;
      settled = true;
      if (args.PThread) args.PThread.terminateAllThreads();
      reject(err);
    };
    var starting = createEngine(args);
    // The pool's workers exist now (args is the module, and PThread its pool). Their
    // 'error' (a script missing or refused) goes to fail, not to Emscripten's handler,
    // which would rethrow it here and stop the lab.
    if (threads > 1) {
      args.PThread.unusedWorkers.forEach(function (w) {
        w.addEventListener('error', function (e) {
          e.stopImmediatePropagation();
          e.preventDefault();
          fail(new Error('a helper thread did not start'));
        });
      });
    }
    starting.then(function (mod) {
      if (threads > 1 && mod._worker_use_threads(threads) !== threads) throw new Error('the engine could not start its threads');
      return mod;
    }).then(function (mod) {
      if (settled) return;
      settled = true;
      resolve(mod);
    }, fail);
  });
}

function start(opts) {
  var base = opts.dataBase || new URL('data/', self.location.href).href;
  var engineUrl = opts.engineUrl || new URL('../engine_worker.js', self.location.href).href;
  var threadedUrl = new URL('engine_worker_mt.js', engineUrl).href;
  postEvent({ type: 'progress', state: 'loading', model: 'rbm', run: 0, epoch: 0, updates: 0,
              epoch_fraction: 0, metrics: {} });

  var threads = threadCount(opts);
  var moduleReady = threads > 1 ? loadEngine(threadedUrl, threads, null).catch(function (err) {
    console.warn('[lab] the threaded engine did not start (' + describe(err) + '); using one thread');
    return loadEngine(engineUrl, 1, opts.wasmBinary);
  }) : loadEngine(engineUrl, 1, opts.wasmBinary);
  modelsBase = opts.modelsBase || new URL('../assets/models/', self.location.href).href;
  images = opts.images === 'fashion' ? 'fashion' : 'mnist';
  var digits = opts.digits !== false;
  var first = digits ? Promise.all(FIRST_FILES.map(function (f) { return fetchData(base, f); })) : Promise.resolve(null);
  var last = digits ? first.then(function () { return fetchData(base, LAST_FILE); }) : null;  // after the test set
  first.catch(function () { /* handled below, once the engine can report it */ });
  if (last) last.catch(function () { /* the same */ });

  moduleReady.then(function (mod) {
    mod.latentPost = post;
    return first.then(function (bytes) {
      if (!bytes) {
        mod._worker_start_without_data();  // posts ready with the 2-D lab
        engineReady(mod);
        return;
      }
      mod.latentFiles = bytes;
      mod.latentImages = images;
      var ok = mod._worker_load_test_set();  // posts ready (+ config, progress, snapshot) or error
      mod.latentFiles = null;
      engineReady(mod);
      if (!ok) return;
      return last.then(function (train) {
        mod.latentFiles = [train];
        mod._worker_load_training_images();  // posts ready again, then runs a waiting train or step
        mod.latentFiles = null;
        schedule();
      }, function (err) {
        mod.latentInbox = describe(err);
        mod._worker_training_failed();  // an error event; MNIST training is refused with it
        mod.latentInbox = null;
      });
    }, function (err) {
      mod.latentInbox = describe(err);
      mod._worker_load_failed();          // posts the error event; commands get the reason
      mod.latentInbox = null;
      engineReady(mod);
    });
  }).catch(function (err) {
    fatal(describe(err));
  });
}
