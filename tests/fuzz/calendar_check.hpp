// The promises both holiday importers keep (tests/fuzz/*_holidays_fuzzer.cpp): every imported day is a valid date
// and every name can be written into a JSON answer (valid UTF-8; nlohmann::json throws on anything else).
#pragma once

#include <nlohmann/json.hpp>

#include "domain/calendar/business_calendar.hpp"
#include "domain/error.hpp"
#include "fuzz/fuzz_check.hpp"

namespace kesu::fuzz {

inline bool RendersAsJson(const std::string& text) {
    try {
        (void)nlohmann::json(text).dump();
        return true;
    } catch (const nlohmann::json::exception&) {
        return false;
    }
}

inline void CheckImported(const domain::Result<domain::SpecialDays>& days) {
    if (!days) {
        Check(days.error().code == domain::ErrorCode::kInvalidArgument, "a bad holiday feed is invalid input");
        Check(RendersAsJson(days.error().message), "the error message renders as JSON");
        for (const auto& field : days.error().fields)
            Check(RendersAsJson(field.field) && RendersAsJson(field.reason), "field errors render as JSON");
        return;
    }
    for (const auto& holiday : days->holidays) {
        Check(holiday.date.ok(), "an imported holiday is a valid date");
        Check(RendersAsJson(holiday.name), "an imported holiday's name renders as JSON");
    }
    for (const auto& makeup : days->makeup_days) {
        Check(makeup.date.ok(), "an imported makeup day is a valid date");
        Check(RendersAsJson(makeup.name), "an imported makeup day's name renders as JSON");
    }
}

}  // namespace kesu::fuzz
