// user_digits_view: under the drawing pad, the student's own labelled digits ("Add
// to data", protocol.hpp user_*): add the drawing with its label in one click, test
// every model on the set, train the open tab's model on it, clear it.
#pragma once
#include <vector>

namespace latent::ui {

// digit: the pad's 784 values (empty when nothing is drawn).
void draw_user_digits(const std::vector<float>& digit);

}  // namespace latent::ui
