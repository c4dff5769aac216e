// drawing_window: the "Draw a digit" window, one pad (drawing_pad.hpp) shared by
// every model's tab, opened by a toggle on the top bar. On a wide page it is a
// column at the right, beside the tabs (the main window leaves it room); on a
// narrow one it covers the page. The page places it either way, so it cannot be
// lost off-screen. When the pad's digit changes (at most once a frame) it goes to
// the worker as {"cmd": "drawing", "pixels": [784 numbers]} ([] once cleared);
// under the pad, what each model makes of it (drawing_answers.hpp).
#pragma once
#include <string>

namespace latent::ui {

// The top bar's "Draw a digit" button: opens and closes the window.
void draw_drawing_toggle(bool* open);
// The width (CSS px) the window takes at the page's right: 0 when it is closed
// or the page is too narrow to share (the window then covers the page).
float drawing_column_width(bool open);
// The window is open and covers the page (which need not be drawn under it).
bool drawing_covers_page(bool open);
// The window, when *open (its close button clears *open).
void draw_drawing_window(bool* open);
// A test hook: the pad as JSON: open, strokes, digit (784 values or []), and the
// boxes [x, y, w, h] (CSS px) of the toggle, the pad, Undo and Clear.
std::string drawing_pad_json();

}  // namespace latent::ui
