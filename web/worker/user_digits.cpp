// user_digits: the LabWorker commands of the student's own digits ("Add to data",
// protocol.hpp): a small labelled set of drawings kept as MNIST keeps its digits
// (bytes 0..255, 28 x 28), on which every model can be tested (Session::test_on) and
// the active one trained further (Session::tune_on).
#include <cmath>
#include <string>

#include "batch.hpp"
#include "data_import.hpp"
#include "lab_worker.hpp"

namespace latent::web {

using protocol::Json;

void LabWorker::user_digits(const protocol::Command& c) {
  using protocol::CommandKind;
  Json r = protocol::make_reply(c.id, true);
  switch (c.kind) {
    case CommandKind::UserAdd: {
      if (c.pixels.size() != size_t(train_.dim())) {
        reply(protocol::make_reply(c.id, false, "a digit has " + std::to_string(train_.dim()) + " pixels, not " +
                                                    std::to_string(c.pixels.size())));
        return;
      }
      if (user_.count() >= protocol::kMaxUserDigits) {
        reply(protocol::make_reply(c.id, false, "your set holds " + std::to_string(protocol::kMaxUserDigits) +
                                                    " digits already: clear it to start another"));
        return;
      }
      user_.images.rows = train_.images.rows;
      user_.images.cols = train_.images.cols;
      for (float v : c.pixels) user_.images.pixels.push_back(uint8_t(std::lround(255.0f * v)));
      ++user_.images.count;
      user_.labels.labels.push_back(uint8_t(c.label));
      ++user_.labels.count;
      break;
    }
    case CommandKind::UserFile: {
      std::vector<uint8_t> grey, labels;
      const Status s = read_digit_rows_csv(std::string(c.bytes.begin(), c.bytes.end()), train_.dim(),
                                           protocol::kMaxUserDigits - user_.count(), grey, labels);
      if (!s.ok) {
        reply(protocol::make_reply(c.id, false, "The digits in " + (c.source.empty() ? std::string("the file") : c.source) +
                                                    " could not be used: " + s.message + " Your set is unchanged."));
        return;
      }
      user_.images.rows = train_.images.rows;
      user_.images.cols = train_.images.cols;
      user_.images.pixels.insert(user_.images.pixels.end(), grey.begin(), grey.end());
      user_.images.count += int(labels.size());
      user_.labels.labels.insert(user_.labels.labels.end(), labels.begin(), labels.end());
      user_.labels.count += int(labels.size());
      r["added"] = labels.size();
      emit_user_test();
      break;
    }
    case CommandKind::UserClear:
      user_ = Dataset{};
      break;
    case CommandKind::UserTest:
      emit_user_test();
      break;
    default: {  // user_tune
      if (user_.count() == 0) {
        reply(protocol::make_reply(c.id, false, "your set is empty: draw digits and add them first"));
        return;
      }
      const Status s = active_->tune_on(user_, c.count);
      if (!s.ok) {
        reply(protocol::make_reply(c.id, false, "the " + active_->kind() + " model could not train on your digits: " +
                                                    s.message));
        return;
      }
      emit_progress(evaluate_metrics());
      emit_snapshot();
      if (drawing_.size() > 0) emit_drawing(false);
      emit_user_test();
      r["model"] = active_->kind();
      r["updates"] = c.count;
    }
  }
  r["count"] = user_.count();
  reply(r);
}

void LabWorker::emit_user_test() {
  Json event = protocol::make_event("user_test");
  Json results = Json::object();
  if (user_.count() > 0) {
    for (const auto& [kind, session] : sessions_) {
      if (!session) continue;
      Json out = Json::object();
      std::string refusal;
      if (session->test_on(user_, out, refusal)) results[kind] = out;
      else if (!refusal.empty()) results[kind] = {{"refused", refusal}};
    }
  }
  event["count"] = user_.count();
  event["labels"] = user_.labels.labels;
  event["results"] = results;
  grey_batch(user_.images, first_indices(user_.count()).data(), user_.count(), user_grey_);
  event["buffers"] = Json::array({{{"name", "digits"}, {"rows", int(user_grey_.rows())}, {"cols", user_.count()}}});
  emit(event, {{"digits", int(user_grey_.rows()), user_.count(), user_grey_.data()}});
}

}  // namespace latent::web
