# WebDeps.cmake: SDL2 and Dear ImGui as static libraries for the Emscripten build,
# compiled straight from the Debian source packages that tools/setup.sh unpacks
# into ${LATENT_DEPS_DIR} (deps/sdl2 -> libsdl2-2.26.5+dfsg, deps/imgui -> imgui-1.86+ds).
#
# Why not -sUSE_SDL=2: Debian freezes Emscripten's cache, so the port cannot be
# built there, and the port would download SDL from the internet anyway.
# Why not SDL's own CMake: its configure step runs hundreds of try-compiles
# (about 6 minutes on 2 cores). The file list below is the one Emscripten 3.1.6's
# port uses (tools/ports/sdl2.py, written for SDL 2.0.20) plus the files that
# SDL 2.26 added and the Emscripten build needs.
#
# Targets:
#   latent_sdl2   static libSDL2; consumers #include <SDL.h> or <SDL2/SDL.h>
#   latent_imgui  static Dear ImGui core + SDL2 and OpenGL3 (WebGL2 / GLES 3.0) backends
if(NOT EMSCRIPTEN)
  message(FATAL_ERROR "cmake/WebDeps.cmake is for the Emscripten (web) build only")
endif()

set(LATENT_SDL2_DIR  "${LATENT_DEPS_DIR}/sdl2")
set(LATENT_IMGUI_DIR "${LATENT_DEPS_DIR}/imgui")
if(NOT EXISTS "${LATENT_SDL2_DIR}/include/SDL.h" OR NOT EXISTS "${LATENT_IMGUI_DIR}/imgui.h")
  message(FATAL_ERROR
    "SDL2 / ImGui sources not found under ${LATENT_DEPS_DIR} (need sdl2/include/SDL.h and imgui/imgui.h).\n"
    "Run tools/setup.sh first.")
endif()

# --- SDL2 ----------------------------------------------------------------------
set(_sdl_srcs
  # Emscripten 3.1.6 port list (tools/ports/sdl2.py), verbatim
  SDL.c SDL_assert.c SDL_dataqueue.c SDL_error.c SDL_hints.c SDL_log.c atomic/SDL_atomic.c
  atomic/SDL_spinlock.c audio/SDL_audio.c audio/SDL_audiocvt.c audio/SDL_audiodev.c
  audio/SDL_audiotypecvt.c audio/SDL_mixer.c audio/SDL_wave.c cpuinfo/SDL_cpuinfo.c
  dynapi/SDL_dynapi.c events/SDL_clipboardevents.c events/SDL_displayevents.c events/SDL_dropevents.c
  events/SDL_events.c events/SDL_gesture.c events/SDL_keyboard.c events/SDL_mouse.c events/SDL_quit.c
  events/SDL_touch.c events/SDL_windowevents.c file/SDL_rwops.c haptic/SDL_haptic.c
  joystick/SDL_gamecontroller.c joystick/SDL_joystick.c
  power/SDL_power.c render/SDL_d3dmath.c render/SDL_render.c
  render/SDL_yuv_sw.c render/direct3d/SDL_render_d3d.c render/direct3d11/SDL_render_d3d11.c
  render/opengl/SDL_render_gl.c render/opengl/SDL_shaders_gl.c render/opengles/SDL_render_gles.c
  render/opengles2/SDL_render_gles2.c render/opengles2/SDL_shaders_gles2.c
  render/psp/SDL_render_psp.c render/software/SDL_blendfillrect.c render/software/SDL_blendline.c
  render/software/SDL_blendpoint.c render/software/SDL_drawline.c render/software/SDL_drawpoint.c
  render/software/SDL_render_sw.c render/software/SDL_rotate.c render/software/SDL_triangle.c
  sensor/SDL_sensor.c sensor/dummy/SDL_dummysensor.c
  stdlib/SDL_crc32.c stdlib/SDL_getenv.c stdlib/SDL_iconv.c stdlib/SDL_malloc.c stdlib/SDL_qsort.c
  stdlib/SDL_stdlib.c stdlib/SDL_string.c stdlib/SDL_strtokr.c thread/SDL_thread.c timer/SDL_timer.c
  video/SDL_RLEaccel.c video/SDL_blit.c video/SDL_blit_0.c video/SDL_blit_1.c video/SDL_blit_A.c
  video/SDL_blit_N.c video/SDL_blit_auto.c video/SDL_blit_copy.c video/SDL_blit_slow.c
  video/SDL_bmp.c video/SDL_clipboard.c video/SDL_egl.c video/SDL_fillrect.c video/SDL_pixels.c
  video/SDL_rect.c video/SDL_shape.c video/SDL_stretch.c video/SDL_surface.c video/SDL_video.c
  video/SDL_yuv.c video/emscripten/SDL_emscriptenevents.c
  video/emscripten/SDL_emscriptenframebuffer.c video/emscripten/SDL_emscriptenmouse.c
  video/emscripten/SDL_emscriptenopengles.c video/emscripten/SDL_emscriptenvideo.c
  audio/emscripten/SDL_emscriptenaudio.c video/dummy/SDL_nullevents.c
  video/dummy/SDL_nullframebuffer.c video/dummy/SDL_nullvideo.c video/yuv2rgb/yuv_rgb.c
  audio/disk/SDL_diskaudio.c audio/dummy/SDL_dummyaudio.c loadso/dlopen/SDL_sysloadso.c
  power/emscripten/SDL_syspower.c joystick/emscripten/SDL_sysjoystick.c
  filesystem/emscripten/SDL_sysfilesystem.c timer/unix/SDL_systimer.c haptic/dummy/SDL_syshaptic.c
  main/dummy/SDL_dummy_main.c locale/SDL_locale.c locale/emscripten/SDL_syslocale.c misc/SDL_url.c
  misc/dummy/SDL_sysurl.c
  thread/generic/SDL_syscond.c thread/generic/SDL_sysmutex.c thread/generic/SDL_syssem.c
  thread/generic/SDL_systhread.c thread/generic/SDL_systls.c
  # added since SDL 2.0.20 and needed by 2.26
  joystick/controller_type.c SDL_guid.c SDL_list.c stdlib/SDL_crc16.c SDL_utils.c
)
list(TRANSFORM _sdl_srcs PREPEND "${LATENT_SDL2_DIR}/src/")

# Headers: SDL's own include/ (for #include <SDL.h>) and an isolated folder with a
# single SDL2 -> include link (for #include <SDL2/SDL.h>). Never /usr/include.
set(_sdl_inc_root "${CMAKE_BINARY_DIR}/deps-include/sdl2")
file(MAKE_DIRECTORY "${_sdl_inc_root}")
file(CREATE_LINK "${LATENT_SDL2_DIR}/include" "${_sdl_inc_root}/SDL2" SYMBOLIC)

add_library(latent_sdl2 STATIC ${_sdl_srcs})
target_include_directories(latent_sdl2 SYSTEM PUBLIC "${LATENT_SDL2_DIR}/include" "${_sdl_inc_root}")
target_compile_options(latent_sdl2 PRIVATE -O2 -w)
# What -sUSE_SDL=2's linker_setup would add:
#   -sDEFAULT_LIBRARY_FUNCS_TO_INCLUDE=[$autoResumeAudioContext,$dynCall]
# The '$' does not survive CMake -> Ninja -> shell quoting intact, so the list goes
# through a file (emcc reads -sSETTING=@file, one symbol per line).
set(_sdl_funcs_file "${CMAKE_BINARY_DIR}/deps-include/sdl2_library_funcs.txt")
file(WRITE "${_sdl_funcs_file}" "$autoResumeAudioContext\n$dynCall\n")
target_link_options(latent_sdl2 INTERFACE "-sDEFAULT_LIBRARY_FUNCS_TO_INCLUDE=@${_sdl_funcs_file}")
set_target_properties(latent_sdl2 PROPERTIES OUTPUT_NAME SDL2)

# --- Dear ImGui ----------------------------------------------------------------
add_library(latent_imgui STATIC
  "${LATENT_IMGUI_DIR}/imgui.cpp"
  "${LATENT_IMGUI_DIR}/imgui_draw.cpp"
  "${LATENT_IMGUI_DIR}/imgui_tables.cpp"
  "${LATENT_IMGUI_DIR}/imgui_widgets.cpp"
  "${LATENT_IMGUI_DIR}/backends/imgui_impl_sdl.cpp"
  "${LATENT_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp"
)
target_include_directories(latent_imgui SYSTEM PUBLIC "${LATENT_IMGUI_DIR}" "${LATENT_IMGUI_DIR}/backends")
# 32-bit vertex indices: a window holding three maps of 1,000 dots and long curves
# passes 65,536 vertices, and WebGL2 has no base-vertex draw for ImGui to split at.
target_compile_definitions(latent_imgui PUBLIC IMGUI_IMPL_OPENGL_ES3 IMGUI_DISABLE_FILE_FUNCTIONS
                           "ImDrawIdx=unsigned int")
target_compile_options(latent_imgui PRIVATE -O2 -w)
target_link_libraries(latent_imgui PUBLIC latent_sdl2)
