// panels.hpp: the lab's panels, drawn once per frame by the main loop (main.cpp).
//
// draw_lab() is called between ImGui::NewFrame() and ImGui::Render(); it knows
// nothing about Emscripten, SDL or GL, only ImGui (and the bridge to the worker).
#pragma once

void draw_lab();
