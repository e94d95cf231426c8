// Pieces for writing JSON text straight into a string, for the few stored forms written on the single writer's hot
// path (SLA clocks, audit changes), where building a nlohmann tree first cost a noticeable share of that thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kesu::codec {

// A JSON string literal. Text with nothing to escape is copied between quotes; anything else is escaped by nlohmann.
// Requires: valid UTF-8 (what every input check of kesu lets through).
void AppendJsonString(std::string& out, std::string_view text);

void AppendJsonNumber(std::string& out, std::int64_t value);

// A JSON array: `append_item(out, item)` writes each element; the brackets and commas are written here.
template <class Items, class AppendItem>
void AppendJsonArray(std::string& out, const Items& items, AppendItem append_item) {
    out += '[';
    bool first = true;
    for (const auto& item : items) {
        if (!first) out += ',';
        first = false;
        append_item(out, item);
    }
    out += ']';
}

}  // namespace kesu::codec
