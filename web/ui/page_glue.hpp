// page_glue: everything the UI module exchanges with its web page, in one place
// (page_glue.cpp, Emscripten only): worker events in (lab.js calls the export
// lab_ui_receive), commands out (window.lab.sendFromUi), the URL hash and the
// clipboard, the font index.html hands in (lab_ui_set_font), the page's
// callbacks (Module.onFirstFrame, Module.onError) and the test hooks browser
// tests read (lab_ui_*). main.cpp holds the app's loop (SDL, GL, canvas).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace latent::ui {

// Commands from the panels (bridge.hpp send_command) go to window.lab.
void connect_to_page();
// location.hash without the '#'.
std::string page_hash();
// The browser's file picker (window.lab.chooseModelFile): the file chosen is sent
// to the worker with load_model.
void choose_model_file();
// The file picker for the student's own data (window.lab.chooseDataFile): "points"
// (a CSV for the 2-D lab) or "digits" (CSV rows or PNG files for their own set).
void choose_data_file(const char* what);
// Puts hash into the address bar (no reload) and copies the whole link;
// share_status() then says 0 pending, 1 copied, 2 not copied.
void share_hash(const std::string& hash);
int share_status();
// The browser's localStorage (kept across visits; "" when absent or not allowed,
// as in some sandboxed iframes, where storing does nothing).
std::string stored(const std::string& key);
void store(const std::string& key, const std::string& value);
// Downloads an RGBA picture (0xAABBGGRR texels, width x height) as name (a PNG),
// each texel 4 x 4 pixels, crisp.
void save_png(const std::string& name, const std::vector<uint32_t>& rgba, int width, int height);
// Reloads the page at this hash (another image set: the worker loads it at start).
void reload_at(const std::string& hash);
// A new engine worker in place of one that stopped or whose data did not load
// (window.lab.restart): the data load again and the models the page kept come back.
void restart_engine();
// Opens the lab at this hash in a new tab (an embedded demo's "open in the full lab").
void open_full_lab(const std::string& hash);
// Module.onError(text), else console.error.
void report_error(const std::string& text);
// A frame ran (drawn on the canvas or not): counted for the test hooks
// lab_ui_frame_count and lab_ui_canvas_draws; after the first, Module.onFirstFrame()
// (index.html hides its loading line).
void frame_drawn(bool on_canvas);
// Whether the latest pointer input came from a touch screen (main.cpp notes every
// press and motion): a swipe then scrolls (widgets.hpp touch_scroll).
void note_pointer(bool touch);
bool pointer_is_touch();
// The TrueType font index.html handed in (lab_ui_set_font), once: true and the
// bytes in out when a new one came since the last call.
bool take_page_font(std::vector<unsigned char>& out);

}  // namespace latent::ui
