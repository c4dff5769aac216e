// gl_texture (see gl_texture.hpp).
#include "gl_texture.hpp"

#include <GLES3/gl3.h>
#include <emscripten/html5.h>

namespace latent::ui {

namespace {

bool context_lost() { return emscripten_is_webgl_context_lost(emscripten_webgl_get_current_context()) != 0; }

}  // namespace

GlTexture::~GlTexture() {
  // A stale texture went with the lost context: deleting it on the new one is an error.
  if (id_ != 0 && !stale()) glDeleteTextures(1, &id_);
}

void GlTexture::upload(const std::vector<uint32_t>& pixels, int width, int height) {
  if (width <= 0 || height <= 0 || pixels.size() < size_t(width) * size_t(height)) return;
  if (stale()) id_ = 0;  // made in the lost context: forgotten, not deleted
  made_in_ = generation_;
  ++uploads_;
  if (context_lost()) {  // nothing reaches the GPU; after the restore the owner uploads again
    width_ = width;
    height_ = height;
    return;
  }
  const bool allocate = id_ == 0 || width != width_ || height != height_;
  if (id_ == 0) glGenTextures(1, &id_);
  GLint previous = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
  glBindTexture(GL_TEXTURE_2D, id_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  if (allocate) {
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    width_ = width;
    height_ = height;
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  }
  glBindTexture(GL_TEXTURE_2D, GLuint(previous));
}

}  // namespace latent::ui
