// page_glue (see page_glue.hpp). Sections: events in · commands out · the link ·
// the page's callbacks · the app's exports · test hooks.
#include "page_glue.hpp"

#include <emscripten.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "bridge.hpp"
#include "dbn_panel.hpp"
#include "drawing_window.hpp"
#include "exercise_panel.hpp"
#include "grbm_panel.hpp"
#include "widgets.hpp"

// ---------------------------------------------------------------- events in
// lab.js sets Module.latentInbox = {text, buffers} and calls lab_ui_receive():
// the text and the Float32Array buffers are copied into this module's heap.

EM_JS(int, js_inbox_text_length, (), {
  var box = Module['latentInbox'];
  return box && typeof box.text === 'string' ? lengthBytesUTF8(box.text) : -1;
});
EM_JS(void, js_inbox_text_copy, (char* dst, int capacity), {
  stringToUTF8(Module['latentInbox'].text, dst, capacity);
});
EM_JS(int, js_inbox_buffer_length, (int index), {
  var box = Module['latentInbox'];
  var b = box && box.buffers ? box.buffers[index] : null;
  return b && b.length !== undefined ? b.length : -1;
});
EM_JS(void, js_inbox_buffer_copy, (int index, float* dst), {
  var b = Module['latentInbox'].buffers[index];
  HEAPF32.set(b instanceof Float32Array ? b : new Float32Array(b), dst >> 2);
});

extern "C" EMSCRIPTEN_KEEPALIVE int lab_ui_receive() {
  const int n = js_inbox_text_length();
  if (n < 0) return 0;
  std::string text(size_t(n) + 1, '\0');
  js_inbox_text_copy(text.data(), n + 1);
  text.resize(size_t(n));
  const bool ok = latent::ui::apply_event(latent::ui::lab_state(), text, [](int i, float* dst, size_t count) {
    if (js_inbox_buffer_length(i) != int(count)) return false;
    if (count > 0) js_inbox_buffer_copy(i, dst);
    return true;
  });
  return ok ? 1 : 0;
}

// ---------------------------------------------------------------- commands out

EM_JS(int, js_lab_send, (const char* text), {
  var lab = (typeof window !== 'undefined') ? window['lab'] : null;
  if (!lab || typeof lab['sendFromUi'] !== 'function') return -1;
  return lab['sendFromUi'](UTF8ToString(text)) | 0;
});

// ---------------------------------------------------------------- the link

EM_JS(int, js_page_hash_length, (), {
  return lengthBytesUTF8((window.location.hash || "").replace(/^#/, ""));
});
EM_JS(void, js_page_hash_copy, (char* dst, int capacity), {
  stringToUTF8((window.location.hash || "").replace(/^#/, ""), dst, capacity);
});
EM_JS(int, js_stored_length, (const char* key), {
  try {
    var v = window.localStorage.getItem(UTF8ToString(key));
    return v === null ? 0 : lengthBytesUTF8(v);
  } catch (e) { return 0; }
});
EM_JS(void, js_stored_copy, (const char* key, char* dst, int capacity), {
  try { stringToUTF8(window.localStorage.getItem(UTF8ToString(key)) || "", dst, capacity); } catch (e) { }
});
EM_JS(void, js_store, (const char* key, const char* value), {
  try { window.localStorage.setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) { }
});
EM_JS(void, js_save_png, (const char* name, const uint32_t* rgba, int width, int height), {
  var file = UTF8ToString(name);
  var pixels = new Uint8ClampedArray(HEAPU8.slice(rgba, rgba + width * height * 4).buffer);
  var small = new OffscreenCanvas(width, height);
  small.getContext('2d').putImageData(new ImageData(pixels, width, height), 0, 0);
  var big = new OffscreenCanvas(width * 4, height * 4), g = big.getContext('2d');
  g.imageSmoothingEnabled = false;
  g.drawImage(small, 0, 0, width * 4, height * 4);
  big.convertToBlob({ type: 'image/png' }).then(function (blob) {
    if (window.lab && window.lab.saveFile) window.lab.saveFile(file, blob);
  });
});
EM_JS(void, js_reload_at, (const char* text), {
  window.history.replaceState(null, "", '#' + UTF8ToString(text));
  window.location.reload();
});
EM_JS(void, js_restart_engine, (), {
  if (window.lab && window.lab.restart) window.lab.restart();
});
EM_JS(void, js_open_full_lab, (const char* text), {
  var url = window.location.href.split('#')[0] + '#' + UTF8ToString(text);
  window.open(url, '_blank', 'noopener');
});
EM_JS(void, js_share_hash, (const char* text), {
  var hash = UTF8ToString(text);
  try { window.history.replaceState(null, "", '#' + hash); } catch (e) { window.location.hash = hash; }
  Module['labShareStatus'] = 0;
  var done = function(ok) { Module['labShareStatus'] = ok ? 1 : 2; };
  try {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(window.location.href).then(function() { done(true); },
                                                             function() { done(false); });
    } else {
      done(false);
    }
  } catch (e) {
    done(false);
  }
});
EM_JS(int, js_share_status, (), {
  var s = Module['labShareStatus'];
  return typeof s === 'number' ? s : 2;
});

// ---------------------------------------------------------------- the page's callbacks
// Optional callbacks passed to createLabUi({...}) by index.html.

EM_JS(void, js_notify_first_frame, (), {
  if (Module['onFirstFrame']) Module['onFirstFrame']();
});
EM_JS(void, js_choose_model_file, (), {
  if (window.lab && window.lab.chooseModelFile) window.lab.chooseModelFile();
});
EM_JS(void, js_choose_data_file, (const char* what), {
  if (window.lab && window.lab.chooseDataFile) window.lab.chooseDataFile(UTF8ToString(what));
});
EM_JS(void, js_report_error, (const char* msg), {
  var text = UTF8ToString(msg);
  if (Module['onError']) Module['onError'](text); else console.error(text);
});

namespace latent::ui {
namespace {

// What the page handed in, until the app takes it; the frames drawn.
struct PageInbox {
  std::vector<unsigned char> font;
  bool new_font = false;
  std::uint32_t frames = 0;
  std::uint32_t canvas_draws = 0;
  bool touch = false;  // the latest pointer input was a touch
};

PageInbox& page_inbox() {
  static PageInbox inbox;
  return inbox;
}

}  // namespace

void report_error(const std::string& text) { js_report_error(text.c_str()); }

void choose_model_file() { js_choose_model_file(); }
void choose_data_file(const char* what) { js_choose_data_file(what); }

void note_pointer(bool touch) { page_inbox().touch = touch; }
bool pointer_is_touch() { return page_inbox().touch; }

void frame_drawn(bool on_canvas) {
  if (on_canvas) ++page_inbox().canvas_draws;
  if (++page_inbox().frames == 1) js_notify_first_frame();
}

bool take_page_font(std::vector<unsigned char>& out) {
  PageInbox& inbox = page_inbox();
  if (!inbox.new_font) return false;
  inbox.new_font = false;
  out = inbox.font;
  return true;
}

void connect_to_page() {
  set_command_hook([](const std::string& text) { return js_lab_send(text.c_str()); });
}

std::string page_hash() {
  const int n = js_page_hash_length();
  if (n <= 0) return std::string();
  std::string text(size_t(n) + 1, '\0');
  js_page_hash_copy(text.data(), n + 1);
  text.resize(size_t(n));
  return text;
}

void share_hash(const std::string& hash) { js_share_hash(hash.c_str()); }
void open_full_lab(const std::string& hash) { js_open_full_lab(hash.c_str()); }
void reload_at(const std::string& hash) { js_reload_at(hash.c_str()); }
void restart_engine() { js_restart_engine(); }
void save_png(const std::string& name, const std::vector<uint32_t>& rgba, int width, int height) {
  if (width > 0 && height > 0 && rgba.size() == size_t(width) * size_t(height))
    js_save_png(name.c_str(), rgba.data(), width, height);
}
std::string stored(const std::string& key) {
  const int n = js_stored_length(key.c_str());
  std::string text(size_t(n) + 1, '\0');
  if (n > 0) js_stored_copy(key.c_str(), text.data(), n + 1);
  text.resize(size_t(n));
  return text;
}
void store(const std::string& key, const std::string& value) { js_store(key.c_str(), value.c_str()); }
int share_status() { return js_share_status(); }

}  // namespace latent::ui

// ---------------------------------------------------------------- the app's exports

// DejaVuSans.ttf, fetched by index.html. The bytes are copied; the caller frees its
// buffer. 1 if accepted, 0 if they do not look like a TrueType/OpenType font (the
// default font stays).
extern "C" EMSCRIPTEN_KEEPALIVE int lab_ui_set_font(const unsigned char* bytes, int size) {
  if (bytes == nullptr || size < 12) return 0;
  const bool ttf = (bytes[0] == 0 && bytes[1] == 1 && bytes[2] == 0 && bytes[3] == 0) ||
                   std::memcmp(bytes, "true", 4) == 0 || std::memcmp(bytes, "OTTO", 4) == 0;
  if (!ttf) return 0;
  latent::ui::PageInbox& inbox = latent::ui::page_inbox();
  inbox.font.assign(bytes, bytes + size);
  inbox.new_font = true;
  return 1;
}
// Frames rendered so far (a test hook: "the UI is alive").
extern "C" EMSCRIPTEN_KEEPALIVE std::uint32_t lab_ui_frame_count() { return latent::ui::page_inbox().frames; }
// Of those, the frames that drew on the canvas (a picture changed; smoothness.mjs).
extern "C" EMSCRIPTEN_KEEPALIVE std::uint32_t lab_ui_canvas_draws() { return latent::ui::page_inbox().canvas_draws; }

// ---------------------------------------------------------------- test hooks
// Browser tests read these from window.labUi: how much the UI has taken in, and
// where pictures were drawn (CSS px), to click on them.

extern "C" EMSCRIPTEN_KEEPALIVE int lab_ui_events_received() { return latent::ui::lab_state().events; }
extern "C" EMSCRIPTEN_KEEPALIVE int lab_ui_bad_events() { return latent::ui::lab_state().bad_events; }
extern "C" EMSCRIPTEN_KEEPALIVE int lab_ui_snapshot_version() {
  const auto& s = latent::ui::lab_state();
  return s.view(s.model).snapshot_version;
}
// The plane's last position, i = 0: x, 1: y, 2: side.
extern "C" EMSCRIPTEN_KEEPALIVE float lab_ui_plane_rect(int i) { return latent::ui::plane_rect(i); }
// Map 0 (autoencoder), 1 (PCA), 2 (t-SNE); i = 0: x, 1: y, 2: side.
extern "C" EMSCRIPTEN_KEEPALIVE float lab_ui_dbn_map_rect(int map, int i) { return latent::ui::dbn_map_rect(map, i); }
// Where the control named `name` (widgets.hpp mark_item) was last drawn: i = 0: x,
// 1: y, 2: width, 3: height (CSS px); -1 if it never was.
extern "C" EMSCRIPTEN_KEEPALIVE float lab_ui_item_rect(const char* name, int i) {
  const float* r = latent::ui::marked_item(name ? name : "");
  return r && i >= 0 && i < 4 ? r[i] : -1.0f;
}
// 1 when the mouse wheel would scroll something under the pointer (index.html passes
// the other wheel events to the page around, e.g. the course notes holding an embed).
extern "C" EMSCRIPTEN_KEEPALIVE int lab_ui_wheel_scrolls() { return latent::ui::wheel_scrolls() ? 1 : 0; }
// An exercise file fetched by index.html (assets/exercises/).
extern "C" EMSCRIPTEN_KEEPALIVE void lab_ui_add_exercise(const char* name, const char* text) {
  latent::ui::add_exercise_file(name ? name : "", text ? text : "");
}
// The exercises' state as JSON (exercise_panel.hpp exercises_json), valid until the next call.
extern "C" EMSCRIPTEN_KEEPALIVE const char* lab_ui_exercises() {
  static std::string json;
  json = latent::ui::exercises_json();
  return json.c_str();
}
// The drawing pad as JSON (drawing_window.hpp: drawing_pad_json), read with
// labUi.UTF8ToString(labUi._lab_ui_drawing_pad()); valid until the next call.
extern "C" EMSCRIPTEN_KEEPALIVE const char* lab_ui_drawing_pad() {
  static std::string json;
  json = latent::ui::drawing_pad_json();
  return json.c_str();
}
