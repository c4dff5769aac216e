// drawing_answers: under the drawing pad, what each model makes of the digit
// drawn there (drawing_window.cpp calls it every frame the window is open).
#pragma once
#include <vector>

namespace latent::ui {

// digit: the pad's 784 values in [0, 1], row-major; empty when nothing is drawn.
void draw_drawing_answers(const std::vector<float>& digit);

}  // namespace latent::ui
