// The strict JSON body reader of the API (http/json_input.hpp) and the problem document built from what it found:
// any body gives either a value or a 400 naming the fields, never an exception, and the problem renders.
#include <nlohmann/json.hpp>

#include "domain/complaint.hpp"
#include "fuzz/fuzz_check.hpp"
#include "http/json_input.hpp"
#include "http/problem.hpp"

namespace {

using kesu::http::FieldReader;

// Every accessor on a few keys, nested objects and arrays of objects read the same way (as handlers do).
void ReadAll(FieldReader& reader, const nlohmann::json& object, std::vector<kesu::domain::FieldError>& errors,
             int depth) {
    (void)reader.Has("subject");
    (void)reader.IsNull("subject");
    (void)reader.Text("subject", true, 200);
    (void)reader.Text("description", false, 5000);
    (void)reader.Integer("version", false, 1, INT64_MAX);
    (void)reader.Integer("department_id", false, INT64_MIN, 0);
    (void)reader.Boolean("acknowledge", false);
    (void)reader.Time("received_at", false);
    (void)reader.Money("amount", false);
    (void)reader.Enum("channel", kesu::domain::ChannelNames(), false);
    (void)reader.Enum("level", kesu::domain::LevelNames(), false);
    if (depth < 3) {
        if (const auto* nested = reader.Object("complainant", false)) {
            FieldReader inner(*nested, errors, reader.Name("complainant") + ".");
            ReadAll(inner, *nested, errors, depth + 1);
        }
        if (const auto* items = reader.Array("items", false, 50)) {
            std::size_t index = 0;
            for (const auto& item : *items) {
                std::string prefix = reader.Name("items") + "[" + std::to_string(index++) + "].";
                if (!item.is_object()) {
                    reader.Error(prefix, "must be an object");
                    continue;
                }
                FieldReader inner(item, errors, prefix);
                ReadAll(inner, item, errors, depth + 1);
            }
        }
    }
    reader.RejectUnknown();
    (void)object;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using kesu::fuzz::Check;
    auto parsed = kesu::http::ParseJsonObject(kesu::fuzz::AsText(data, size));
    if (!parsed) {
        Check(parsed.error().code == kesu::domain::ErrorCode::kInvalidArgument, "a bad body is invalid input");
        auto response = kesu::http::ProblemResponse(parsed.error(), "fuzz");
        Check(response.status == 400, "a bad body answers 400");
        return 0;
    }
    Check(parsed->is_object(), "a parsed body is an object");
    std::vector<kesu::domain::FieldError> errors;
    FieldReader reader(*parsed, errors);
    ReadAll(reader, *parsed, errors, 0);
    kesu::domain::Error error{kesu::domain::ErrorCode::kInvalidArgument, "the request has invalid fields", errors, 0};
    auto response = kesu::http::ProblemResponse(error, "fuzz");
    Check(response.status == 400, "field errors answer 400");
    Check(nlohmann::json::accept(response.body), "the problem document is JSON");
    return 0;
}
