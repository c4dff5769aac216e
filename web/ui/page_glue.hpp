// page_glue: everything the UI module exchanges with its web page, in one place
// (page_glue.cpp, Emscripten only): worker events in (lab.js calls the export
// lab_ui_receive), commands out (window.lab.sendFromUi), the URL hash and the
// clipboard, and the test hooks browser tests read (lab_ui_*). main.cpp holds the
// app's own loop (canvas, fonts, frames).
#pragma once
#include <string>

namespace latent::ui {

// Commands from the panels (bridge.hpp send_command) go to window.lab.
void connect_to_page();
// location.hash without the '#'.
std::string page_hash();
// Puts hash into the address bar (no reload) and copies the whole link;
// share_status() then says 0 pending, 1 copied, 2 not copied.
void share_hash(const std::string& hash);
int share_status();

}  // namespace latent::ui
