// worker.cpp: the engine worker's Emscripten entry points, the only C++ on the
// worker side that knows Emscripten. All logic lives in LabWorker
// (lab_worker.hpp); this file moves bytes and text between it and the worker's
// JS (web/lab_worker.js), which owns the clock, fetching and the message loop.
//
// Exports (called from lab_worker.js on the module made by createEngine()):
//   _worker_load_test_set()    Module.latentFiles = [test images, test labels, training
//                              labels] (Uint8Array), Module.latentImages = "mnist" | "fashion"
//                              (which set they are); returns 1 on success (the lab is ready)
//   _worker_load_training_images()  Module.latentFiles = [training images]; returns 1 on success
//   _worker_load_failed()      Module.latentInbox = "message" (before the test set)
//   _worker_training_failed()  Module.latentInbox = "message" (the training images)
//   _worker_start_without_data()  a page that uses no MNIST (an embedded 2-D demo)
//   _worker_command()          Module.latentInbox = "<command JSON>"; Module.latentBytes =
//                              a Uint8Array handed over beside it (load_model's file) or null
//   _worker_wants_to_run()     1 while training (or a step is under way)
//   _worker_run_chunk()        trains one chunk; returns the updates done
//   _worker_after_chunk(elapsed_ms, now_ms)
//   _worker_wait_ms()          ms to wait before the next chunk (a paced model; else 0)
//   _worker_use_threads(n)     the threaded build only (engine_worker_mt): the products
//                              use n threads from now on (n - 1 helpers from the pool the
//                              module started with); returns the threads in use
// The status reply's "memory" is measured here: the wasm memory's size and malloc's bytes in use.
// Events go out through Module.latentPost(text, [Float32Array or Uint8Array...]).
// Strings and bytes are pulled through EM_JS, so the module needs no exported
// malloc or HEAP views. No exceptions escape (the code throws none), nothing calls exit().
#include <emscripten.h>
#include <malloc.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lab_worker.hpp"
#include "product_threads.hpp"

namespace {

EM_JS(void, js_post_begin, (), { Module['latentOut'] = []; });
EM_JS(void, js_post_buffer, (const float* data, int count), {
  Module['latentOut'].push(HEAPF32.slice(data >> 2, (data >> 2) + count));
});
EM_JS(void, js_post_bytes, (const uint8_t* data, double count), {
  Module['latentOut'].push(HEAPU8.slice(data, data + count));
});
EM_JS(void, js_post_end, (const char* text), {
  var buffers = Module['latentOut'];
  Module['latentOut'] = [];
  Module['latentPost'](UTF8ToString(text), buffers);
});
EM_JS(int, js_inbox_length, (), {
  var t = Module['latentInbox'];
  return typeof t === 'string' ? lengthBytesUTF8(t) : -1;
});
EM_JS(void, js_inbox_copy, (char* dst, int capacity), { stringToUTF8(Module['latentInbox'], dst, capacity); });
EM_JS(double, js_bytes_length, (), {
  var b = Module['latentBytes'];
  return b ? b.length : 0;
});
EM_JS(void, js_bytes_copy, (uint8_t* dst), { HEAPU8.set(Module['latentBytes'], dst); });
EM_JS(int, js_images_is_fashion, (), { return Module['latentImages'] === 'fashion' ? 1 : 0; });
EM_JS(double, js_file_length, (int which), {
  var f = Module['latentFiles'] ? Module['latentFiles'][which] : null;
  return f ? f.length : -1;
});
EM_JS(void, js_file_copy, (int which, uint8_t* dst), { HEAPU8.set(Module['latentFiles'][which], dst); });

latent::web::LabWorker& worker() {
  static latent::web::LabWorker w([](const std::string& json, const std::vector<latent::web::OutBuffer>& buffers) {
    js_post_begin();
    for (const auto& b : buffers) {
      if (b.bytes) js_post_bytes(b.bytes, double(b.byte_count));
      else js_post_buffer(b.data, b.rows * b.cols);
    }
    js_post_end(json.c_str());
  }, [] { return emscripten_get_now(); });
  static const bool probed = [] {
    w.memory_probe = [] {
      const struct mallinfo m = mallinfo();
      return latent::protocol::Json{{"heap_bytes", double(__builtin_wasm_memory_size(0)) * 65536.0},
                                    {"in_use_bytes", double(m.uordblks)}};
    };
    return true;
  }();
  (void)probed;
  return w;
}

std::string inbox() {
  const int n = js_inbox_length();
  if (n < 0) return {};
  std::string text(size_t(n) + 1, '\0');
  js_inbox_copy(text.data(), n + 1);
  text.resize(size_t(n));
  return text;
}

// Module.latentFiles[0..count) into files, or fails loading and returns false.
// Moved on from here: the engine keeps the bytes as its pixels (the wasm heap never shrinks).
bool take_files(std::vector<uint8_t>* files, int count) {
  for (int i = 0; i < count; ++i) {
    const double n = js_file_length(i);
    if (n < 0) {
      worker().fail_loading("a data file was not handed to the engine");
      return false;
    }
    files[i].resize(size_t(n));
    if (n > 0) js_file_copy(i, files[i].data());
  }
  return true;
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE int worker_load_test_set() {
  std::vector<uint8_t> files[3];
  if (!take_files(files, 3)) return 0;
  worker().name_images(js_images_is_fashion() ? "fashion" : "mnist");
  return worker().load_test_set(std::move(files[0]), std::move(files[1]), std::move(files[2])) ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE int worker_load_training_images() {
  std::vector<uint8_t> files[1];
  if (!take_files(files, 1)) return 0;
  return worker().load_training_images(std::move(files[0])) ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE void worker_training_failed() { worker().fail_training_set(inbox()); }

EMSCRIPTEN_KEEPALIVE void worker_load_failed() { worker().fail_loading(inbox()); }

EMSCRIPTEN_KEEPALIVE void worker_start_without_data() { worker().start_without_data(); }

EMSCRIPTEN_KEEPALIVE void worker_command() {
  worker().handle(inbox(), js_bytes_length(), [](uint8_t* dst) { js_bytes_copy(dst); });
}

EMSCRIPTEN_KEEPALIVE int worker_wants_to_run() { return worker().wants_to_run() ? 1 : 0; }

EMSCRIPTEN_KEEPALIVE int worker_run_chunk() { return worker().run_chunk(); }

EMSCRIPTEN_KEEPALIVE void worker_after_chunk(double elapsed_ms, double now_ms) {
  worker().after_chunk(elapsed_ms, now_ms);
}

EMSCRIPTEN_KEEPALIVE double worker_wait_ms() { return worker().wait_ms(); }

#ifdef __EMSCRIPTEN_PTHREADS__
EMSCRIPTEN_KEEPALIVE int worker_use_threads(int n) {
  static std::unique_ptr<latent::ProductThreads> threads;  // lives as long as the module
  if (!threads && n > 1) {
    threads = std::make_unique<latent::ProductThreads>(n - 1);
    latent::use_product_threads(threads.get());
  }
  return threads ? threads->size() : 1;
}
#endif

}  // extern "C"
