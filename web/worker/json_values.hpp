// json_values: reading and writing JSON values without exceptions, shared by
// the protocol (commands, replies), the config codec (config_codec.hpp) and the
// UI's bridge. Every reader checks the JSON type first; problems come back as text.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "field_error.hpp"

namespace latent::protocol {

using Json = nlohmann::json;

// JSON text; never throws (invalid UTF-8 is replaced).
std::string dump(const Json& value);
// Parses text; on failure returns a discarded value and sets `error`.
Json parse(const std::string& text, std::string* error = nullptr);

// "a string", "an integer", ... (for messages).
const char* type_name(const Json& value);
// A whole number (an integer, or a float with an integral value) within [lo, hi]:
// "" on success, else what is wrong ("is too large (at most 10)").
std::string read_integer(const Json& value, long long lo, long long hi, long long& out);
// A finite number: "" on success, else what is wrong.
std::string read_number(const Json& value, double& out);
// The shortest decimal that reads back as the same float (0.05f -> 0.05, not
// 0.05000000074505806), so configs, links and CLI lines read as they were typed.
double shortest_decimal(float x);

// A value written as text (a link, a command line): "true"/"false" -> bool,
// a whole number -> integer, another number -> float, anything else -> the text.
Json value_from_text(const std::string& text);

Json errors_to_json(const std::vector<FieldError>& errors);
std::vector<FieldError> errors_from_json(const Json& errors);  // tolerant: skips malformed entries

}  // namespace latent::protocol
