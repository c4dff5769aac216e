// main.cpp: the Latent Lab page's main loop (Dear ImGui + SDL2 + WebGL2).
//
// The one C++ file on the UI side that knows about SDL and GL (and Emscripten's
// main loop and canvas size; its exchanges with the page are in page_glue.cpp);
// the panels (panels.hpp, draw_lab()) see only ImGui.
//
//   2. Fonts and high-DPI: the atlas is rasterised at size x devicePixelRatio
//   3. Style
//   4. One frame (drawn only when its picture differs from the last one drawn)
//   5. A lost WebGL context: the lab goes on undrawn; restored, the GL objects again
//   6. main(): SDL window, GLES 3.0 (= WebGL2) context, ImGui, main loop
//
// Sizes: ImGui works in CSS pixels (io.DisplaySize = SDL window size = canvas CSS
// size); the canvas backing store is CSS size x devicePixelRatio (SDL does this
// for SDL_WINDOW_ALLOW_HIGHDPI on resize; we re-check every frame) and
// io.DisplayFramebufferScale = devicePixelRatio.
#include "gl_texture.hpp"
#include "page_glue.hpp"
#include "panels.hpp"

#include <SDL.h>
#include <GLES3/gl3.h>
#include <emscripten.h>  // the main loop
#include <emscripten/html5.h>

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace {

constexpr float kFontSizeCss = 15.0f;  // CSS pixels
constexpr const char* kCanvas = "#canvas";

struct App {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  std::vector<unsigned char> font_ttf;  // DejaVuSans.ttf bytes, handed in by JS
  double font_dpr = 0.0;                // devicePixelRatio the atlas was built for
  bool font_dirty = false;              // rebuild the atlas + texture before the next frame
  std::vector<SDL_Event> held_keyups;   // key releases kept for the next frame (see take_events)
  uint64_t drawn_key = 0;               // picture_key of the frame last drawn on the canvas
  double drawn_ms = -1e9;               // when it was drawn (emscripten_get_now)
  double input_ms = -1e9;               // when the latest input event arrived
  bool gl_lost = false;                 // the browser took the WebGL context (section 5)
};
App g_app;

}  // namespace


namespace {

// --- 2. Fonts and high-DPI -------------------------------------------------------
// Builds the font atlas (CPU side only) for a devicePixelRatio.
void build_font_atlas(double dpr) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  bool ok = false;
  if (!g_app.font_ttf.empty()) {
    // Latin-1, Greek (for the maths: beta, sigma, eta...), punctuation, arrows, operators.
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0x2010, 0x205E,
                                     0x2190, 0x21FF, 0x2200, 0x22FF, 0};
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;  // g_app.font_ttf keeps the bytes
    cfg.OversampleH = dpr >= 2.0 ? 1 : 2;
    cfg.OversampleV = 1;
    std::snprintf(cfg.Name, sizeof cfg.Name, "DejaVuSans %.0fpx x%.2f", kFontSizeCss, dpr);
    ImFont* font = io.Fonts->AddFontFromMemoryTTF(g_app.font_ttf.data(), int(g_app.font_ttf.size()),
                                                  float(kFontSizeCss * dpr), &cfg, ranges);
    ok = font != nullptr && io.Fonts->Build();
    if (ok) {
      io.FontGlobalScale = float(1.0 / dpr);
    } else {
      latent::ui::report_error("Latent Lab: could not load DejaVuSans.ttf; using the built-in font");
      g_app.font_ttf.clear();
      io.Fonts->Clear();
    }
  }
  if (!ok) {
    io.Fonts->AddFontDefault();
    io.FontGlobalScale = 1.0f;
  }
  g_app.font_dpr = dpr;
}

// Keeps the canvas backing store at CSS size x devicePixelRatio (SDL only does it
// on window resize events; a DPR change can come without one) and marks the font
// atlas for a rebuild when the ratio changed.
void sync_canvas_and_dpr() {
  const double dpr = emscripten_get_device_pixel_ratio();
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size(kCanvas, &css_w, &css_h);
  int px_w = 0, px_h = 0;
  emscripten_get_canvas_element_size(kCanvas, &px_w, &px_h);
  const int want_w = int(std::floor(css_w * dpr)), want_h = int(std::floor(css_h * dpr));
  if (want_w > 0 && want_h > 0 && (std::abs(px_w - want_w) > 1 || std::abs(px_h - want_h) > 1)) {
    emscripten_set_canvas_element_size(kCanvas, want_w, want_h);
  }
  if (dpr != g_app.font_dpr && !g_app.font_ttf.empty()) g_app.font_dirty = true;
}

// --- 3. Style ----------------------------------------------------------------------
void apply_style() {
  ImGui::StyleColorsDark();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowPadding = ImVec2(12, 10);
  s.FramePadding = ImVec2(8, 4);
  s.ItemSpacing = ImVec2(8, 6);
  s.ItemInnerSpacing = ImVec2(6, 4);
  s.ScrollbarSize = 12;
  s.GrabMinSize = 10;
  s.WindowRounding = 6;
  s.ChildRounding = 4;
  s.FrameRounding = 4;
  s.PopupRounding = 4;
  s.ScrollbarRounding = 6;
  s.GrabRounding = 4;
  s.TabRounding = 4;
  s.WindowBorderSize = 1;
  s.FrameBorderSize = 0;
  s.WindowTitleAlign = ImVec2(0.0f, 0.5f);

  ImVec4* c = s.Colors;
  const ImVec4 accent(0.26f, 0.62f, 0.78f, 1.00f);  // teal-blue
  c[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 0.97f);
  c[ImGuiCol_ChildBg] = ImVec4(0.09f, 0.10f, 0.12f, 1.00f);
  c[ImGuiCol_PopupBg] = ImVec4(0.11f, 0.12f, 0.14f, 0.98f);
  c[ImGuiCol_Border] = ImVec4(0.24f, 0.26f, 0.30f, 1.00f);
  c[ImGuiCol_FrameBg] = ImVec4(0.18f, 0.20f, 0.23f, 1.00f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.23f, 0.26f, 0.30f, 1.00f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.27f, 0.31f, 0.36f, 1.00f);
  c[ImGuiCol_TitleBg] = ImVec4(0.09f, 0.10f, 0.12f, 1.00f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.13f, 0.20f, 0.25f, 1.00f);
  c[ImGuiCol_TitleBgCollapsed] = ImVec4(0.09f, 0.10f, 0.12f, 0.80f);
  c[ImGuiCol_CheckMark] = accent;
  c[ImGuiCol_SliderGrab] = ImVec4(accent.x, accent.y, accent.z, 0.85f);
  c[ImGuiCol_SliderGrabActive] = accent;
  c[ImGuiCol_Button] = ImVec4(0.20f, 0.35f, 0.44f, 1.00f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.25f, 0.45f, 0.56f, 1.00f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.29f, 0.53f, 0.66f, 1.00f);
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.35f, 0.44f, 0.70f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.25f, 0.45f, 0.56f, 0.80f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.29f, 0.53f, 0.66f, 1.00f);
  c[ImGuiCol_Tab] = ImVec4(0.15f, 0.20f, 0.24f, 1.00f);
  c[ImGuiCol_TabHovered] = ImVec4(0.25f, 0.45f, 0.56f, 1.00f);
  c[ImGuiCol_TabActive] = ImVec4(0.20f, 0.35f, 0.44f, 1.00f);
  c[ImGuiCol_PlotLines] = accent;
  c[ImGuiCol_PlotHistogram] = ImVec4(0.90f, 0.62f, 0.25f, 1.00f);
  c[ImGuiCol_TextSelectedBg] = ImVec4(accent.x, accent.y, accent.z, 0.35f);
}

constexpr float kClear[4] = {0.07f, 0.08f, 0.09f, 1.0f};  // matches index.html's background

// --- 4. One frame -------------------------------------------------------------------
// Hands the frame's events to ImGui. Dear ImGui 1.86 reads a key as its state when
// the frame begins, and its SDL backend takes the modifiers from SDL's state after
// every event was queued: a key pressed and released within one frame would be
// unseen, Ctrl+A read without its Ctrl. So a release of a key pressed this frame
// waits for the next frame, and each key event's own modifiers are the ones set.
int take_events() {
  std::vector<SDL_Event> held;
  held.swap(g_app.held_keyups);
  std::vector<SDL_Scancode> pressed;
  ImGuiIO& io = ImGui::GetIO();
  auto process = [&io](SDL_Event& e) {
    ImGui_ImplSDL2_ProcessEvent(&e);
    if (e.type == SDL_KEYDOWN || e.type == SDL_KEYUP) {
      const Uint16 mod = e.key.keysym.mod;
      io.KeyShift = (mod & KMOD_SHIFT) != 0;
      io.KeyCtrl = (mod & KMOD_CTRL) != 0;
      io.KeyAlt = (mod & KMOD_ALT) != 0;
      io.KeySuper = (mod & KMOD_GUI) != 0;
    }
  };
  for (SDL_Event& e : held) process(e);
  int taken = int(held.size());
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    ++taken;
    // SDL turns a touch into mouse events with the touch mouse id.
    if (event.type == SDL_MOUSEBUTTONDOWN) latent::ui::note_pointer(event.button.which == SDL_TOUCH_MOUSEID);
    if (event.type == SDL_MOUSEMOTION) latent::ui::note_pointer(event.motion.which == SDL_TOUCH_MOUSEID);
    if (event.type == SDL_KEYDOWN) pressed.push_back(event.key.keysym.scancode);
    if (event.type == SDL_KEYUP &&
        std::find(pressed.begin(), pressed.end(), event.key.keysym.scancode) != pressed.end()) {
      g_app.held_keyups.push_back(event);
      continue;
    }
    process(event);
  }
  return taken;
}

// What a frame would put on the canvas: its size and a hash (FNV-1a, a 32-bit word at
// a time) of ImGui's draw lists (vertices, indices, commands with their textures and
// clip rectangles) and of the count of texture uploads (a picture's pixels can change
// under the same texture).
uint64_t picture_key(const ImDrawData& d, int fb_w, int fb_h) {
  uint64_t h = 1469598103934665603ull;
  const auto mix = [&h](const void* data, size_t bytes) {
    const unsigned char* p = static_cast<const unsigned char*>(data);
    for (; bytes >= 4; bytes -= 4, p += 4) {
      uint32_t w;
      std::memcpy(&w, p, 4);
      h = (h ^ w) * 1099511628211ull;
    }
    for (; bytes > 0; --bytes, ++p) h = (h ^ *p) * 1099511628211ull;
  };
  const long long uploads = latent::ui::GlTexture::upload_count();
  const int sizes[2] = {fb_w, fb_h};
  mix(sizes, sizeof sizes);
  mix(&uploads, sizeof uploads);
  mix(&d.DisplaySize, sizeof d.DisplaySize);
  mix(&d.FramebufferScale, sizeof d.FramebufferScale);
  for (int n = 0; n < d.CmdListsCount; ++n) {
    const ImDrawList* list = d.CmdLists[n];
    mix(list->VtxBuffer.Data, size_t(list->VtxBuffer.Size) * sizeof(ImDrawVert));
    mix(list->IdxBuffer.Data, size_t(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& c : list->CmdBuffer) {
      const uintptr_t texture = reinterpret_cast<uintptr_t>(c.TextureId);
      const unsigned counts[3] = {c.ElemCount, c.IdxOffset, c.VtxOffset};
      mix(&c.ClipRect, sizeof c.ClipRect);
      mix(&texture, sizeof texture);
      mix(counts, sizeof counts);
      const bool callback = c.UserCallback != nullptr;
      mix(&callback, sizeof callback);
    }
  }
  return h;
}

// ImGui runs every animation frame (input, hover, the worker's events), but the canvas
// is drawn only when the picture changed: a frame not drawn leaves the canvas as it
// was, and the browser composites nothing new. Without a GPU (many school machines,
// headless tests) the browser renders each drawn frame on the CPU and reads it back
// on the page's thread, so an idle page redrawn 60 times a second kept a core busy.
// A change the student caused (within kInputMs of an input event) is drawn at once;
// one that only the worker caused (numbers, plots, pictures while training) waits
// until kWorkerDrawMs have passed since the last drawing: pictures come at most 4
// times a second, and counters need no more than 10.
constexpr double kInputMs = 500.0;
constexpr double kWorkerDrawMs = 100.0;

void frame() {
  const double now = emscripten_get_now();
  if (take_events() > 0) g_app.input_ms = now;
  sync_canvas_and_dpr();
  // The first call (and the first after a restored context) creates the GL objects and
  // the font texture. While the context is lost, no GL at all.
  if (!g_app.gl_lost) ImGui_ImplOpenGL3_NewFrame();
  if (latent::ui::take_page_font(g_app.font_ttf)) g_app.font_dirty = true;
  if (g_app.font_dirty) {
    g_app.font_dirty = false;
    build_font_atlas(emscripten_get_device_pixel_ratio());
    if (g_app.gl_lost) {
      if (!ImGui::GetIO().Fonts->IsBuilt()) ImGui::GetIO().Fonts->Build();  // its texture comes on restore
    } else {
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
  }
  ImGui_ImplSDL2_NewFrame();  // DisplaySize (CSS px) and FramebufferScale (drawable / window)
  ImGui::NewFrame();

  draw_lab();

  ImGui::Render();
  int fb_w = 0, fb_h = 0;
  SDL_GL_GetDrawableSize(g_app.window, &fb_w, &fb_h);
  const uint64_t key = picture_key(*ImGui::GetDrawData(), fb_w, fb_h);
  const bool draw = !g_app.gl_lost && key != g_app.drawn_key &&
                    (now - g_app.input_ms < kInputMs || now - g_app.drawn_ms >= kWorkerDrawMs);
  if (draw) {
    g_app.drawn_key = key;
    g_app.drawn_ms = now;
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(kClear[0], kClear[1], kClear[2], kClear[3]);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    SDL_GL_SwapWindow(g_app.window);  // no-op on the web: the browser presents after the rAF callback
  }

  latent::ui::frame_drawn(draw);
}

// --- 5. A lost WebGL context ----------------------------------------------------------
// The browser can take the context away (GPU reset, driver update, too many contexts):
// every GL object dies, the WebGL2RenderingContext stays the same JS object, and
// Emscripten's GL tables keep their names for the dead objects. Lost: ImGui's renderer
// backend is shut down at once (its deletes do nothing on a lost context, and Emscripten
// forgets the names; on the restored context they would be errors), and frames go on
// without GL: the worker, the panels and their pictures' pixels carry on. Restored: the
// backend starts anew (a new one, since 1.86's keeps its buffer sizes across
// DestroyDeviceObjects), its first NewFrame() creates its objects and the font texture
// (from the atlas ImGui keeps), the pictures' textures are stale (gl_texture.hpp) and
// their owners upload them again, and the frame is drawn. Returning true prevents the
// default, which lets the browser restore the context.
EM_BOOL on_context_lost(int, const void*, void*) {
  if (!g_app.gl_lost) ImGui_ImplOpenGL3_Shutdown();
  g_app.gl_lost = true;
  return EM_TRUE;
}

EM_BOOL on_context_restored(int, const void*, void*) {
  if (g_app.gl_lost) ImGui_ImplOpenGL3_Init("#version 300 es");
  g_app.gl_lost = false;
  latent::ui::GlTexture::next_generation();
  g_app.drawn_key = 0;  // draw the next frame, whatever its picture
  return EM_TRUE;
}

}  // namespace

// --- 6. main ---------------------------------------------------------------------------
int main(int, char**) {
  latent::ui::connect_to_page();
  // Keyboard events only while the canvas has focus (it has tabindex in index.html),
  // so browser shortcuts keep working elsewhere.
  SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, kCanvas);
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    char msg[256];
    std::snprintf(msg, sizeof msg, "Latent Lab: SDL_Init failed: %s", SDL_GetError());
    latent::ui::report_error(msg);
    return 1;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);  // GLES 3.0 = WebGL2
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);

  g_app.window = SDL_CreateWindow("Latent Lab", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 1280, 800,
                                  SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (g_app.window != nullptr) g_app.gl = SDL_GL_CreateContext(g_app.window);
  if (g_app.gl == nullptr) {
    char msg[256];
    std::snprintf(msg, sizeof msg,
                  "Latent Lab needs WebGL2, which this browser could not provide (%s).", SDL_GetError());
    latent::ui::report_error(msg);
    return 1;
  }
  SDL_GL_MakeCurrent(g_app.window, g_app.gl);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no file system; layout is not persisted
  io.LogFilename = nullptr;
  apply_style();
  ImGui_ImplSDL2_InitForOpenGL(g_app.window, g_app.gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  build_font_atlas(emscripten_get_device_pixel_ratio());  // default font until JS hands in the TTF
  emscripten_set_webglcontextlost_callback(kCanvas, nullptr, false, on_context_lost);
  emscripten_set_webglcontextrestored_callback(kCanvas, nullptr, false, on_context_restored);

  // fps = 0: driven by requestAnimationFrame. simulate_infinite_loop = 1: main
  // does not return; everything above stays alive for the page's lifetime.
  emscripten_set_main_loop(frame, 0, 1);
  return 0;
}
