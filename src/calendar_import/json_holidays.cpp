#include "calendar_import/holiday_import.hpp"

#include <nlohmann/json.hpp>

#include <exception>
#include <string>
#include <utility>

namespace kesu::calendar_import {

using domain::ErrorCode;
using domain::FailField;
using domain::Result;
using domain::SpecialDays;

Result<SpecialDays> ParseHolidayJson(std::string_view json_text) {
    try {
        nlohmann::json document = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
        if (document.is_discarded()) return FailField(ErrorCode::kInvalidArgument, "document", "is not valid JSON");
        if (!document.is_object() || !document.contains("days") || !document["days"].is_array())
            return FailField(ErrorCode::kInvalidArgument, "days", "must be an array of days");
        SpecialDays days;
        const nlohmann::json& entries = document["days"];
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const nlohmann::json& entry = entries[i];
            std::string at = "days[" + std::to_string(i) + "]";
            if (!entry.is_object()) return FailField(ErrorCode::kInvalidArgument, at, "must be an object");
            auto date_field = entry.find("date");
            auto off_field = entry.find("isOffDay");
            auto name_field = entry.find("name");
            if (date_field == entry.end() || !date_field->is_string())
                return FailField(ErrorCode::kInvalidArgument, at + ".date", "must be a string");
            auto date = domain::ParseIsoDate(date_field->get_ref<const std::string&>());
            if (!date) return FailField(ErrorCode::kInvalidArgument, at + ".date", "must be a date as YYYY-MM-DD");
            if (off_field == entry.end() || !off_field->is_boolean())
                return FailField(ErrorCode::kInvalidArgument, at + ".isOffDay", "must be true or false");
            if (name_field != entry.end() && !name_field->is_string())
                return FailField(ErrorCode::kInvalidArgument, at + ".name", "must be a string");
            std::string name = name_field == entry.end() ? "" : name_field->get<std::string>();
            if (off_field->get<bool>())
                days.holidays.push_back({*date, std::move(name)});
            else
                days.makeup_days.push_back({*date, std::move(name), {}});
        }
        return days;
    } catch (const std::exception& error) {
        return domain::Fail(ErrorCode::kInternal, std::string{"JSON import failed: "} + error.what());
    }
}

}  // namespace kesu::calendar_import
