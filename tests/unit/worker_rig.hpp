// worker_rig: the worker (LabWorker) and the page's event store (bridge) end to end
// on a small synthetic dataset, for the tests of the protocol and its commands.
#pragma once
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "bridge.hpp"
#include "lab_worker.hpp"
#include "mnist_files.hpp"
#include "protocol.hpp"
#include "synthetic_idx.hpp"

namespace latent::test {

using protocol::Json;

struct Captured {
  std::vector<Json> events;
  std::vector<std::vector<std::vector<float>>> buffers;  // per event
  std::vector<std::vector<uint8_t>> bytes;                // per event: its byte buffer (a model file)
  std::vector<std::string> texts;

  const Json* last(const std::string& type) const {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if ((*it)["type"] == type) return &*it;
    return nullptr;
  }
  const Json* reply(const Json& id) const {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if ((*it)["type"] == "reply" && (*it)["id"] == id) return &*it;
    return nullptr;
  }
  int count(const std::string& type) const {
    int n = 0;
    for (const auto& e : events) n += e["type"] == type;
    return n;
  }
};

struct Rig {
  Captured out;
  web::LabWorker worker;
  ui::LabState ui;
  int next_id = 1;

  explicit Rig(std::function<double()> clock = nullptr)
      : worker([this](const std::string& json, const std::vector<web::OutBuffer>& buffers) {
          std::string error;
          Json e = protocol::parse(json, &error);
          REQUIRE_MESSAGE(e.is_object(), error);
          CHECK(e["v"] == 1);
          std::vector<std::vector<float>> copies;
          std::vector<uint8_t> bytes;
          for (const auto& b : buffers) {
            if (b.bytes) bytes.assign(b.bytes, b.bytes + b.byte_count);
            else copies.emplace_back(b.data, b.data + size_t(b.rows) * size_t(b.cols));
          }
          out.events.push_back(e);
          out.buffers.push_back(copies);
          out.bytes.push_back(bytes);
          out.texts.push_back(json);
          // The UI's end: every event goes through the bridge too.
          const bool applied = ui::apply_event(ui, json, [&](int i, float* dst, size_t n) {
            if (size_t(i) >= copies.size() || copies[size_t(i)].size() != n) return false;
            std::copy(copies[size_t(i)].begin(), copies[size_t(i)].end(), dst);
            return true;
          });
          CHECK(applied);
        }, std::move(clock)) {
    worker.cadence.chunk_ms = 5;
  }

  bool load(int train = 300, int test = 60) {
    const auto tri = idx_images(train, 28, 28), trl = idx_labels(train);
    const auto tei = idx_images(test, 28, 28), tel = idx_labels(test);
    return worker.load_data(tri, trl, tei, tel);
  }

  // The real MNIST files of dir (the lab's own data).
  bool load_mnist_files(const std::string& dir) {
    std::vector<uint8_t> f[4];
    std::string missing;
    if (!read_mnist_files(dir, f, missing)) return false;
    return worker.load_data(std::move(f[0]), std::move(f[1]), std::move(f[2]), std::move(f[3]));
  }

  const ui::ModelView& rbm() const { return ui.view("rbm"); }
  Json config() const { return worker.session()->config_json(); }
  long long updates() const { return worker.session()->updates(); }

  // Sends a command (adding v and id; bytes beside it) and returns its reply (after
  // running the loop for a step).
  Json send(Json command, std::vector<uint8_t> bytes = {}) {
    const int id = next_id++;
    command["v"] = 1;
    command["id"] = id;
    worker.handle(protocol::dump(command), std::move(bytes));
    double now = 0;
    for (int guard = 0; !out.reply(id) && worker.wants_to_run() && guard < 10000; ++guard) {
      worker.run_chunk();
      now += 10;
      worker.after_chunk(1.0, now);
    }
    const Json* r = out.reply(id);
    REQUIRE_MESSAGE(r != nullptr, "no reply to " << protocol::dump(command));
    return *r;
  }
};

}  // namespace latent::test
