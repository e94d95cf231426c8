#include "storage/postgres/postgres_complaint_filter.hpp"

namespace kesu::storage::postgres {

void AddValues(Params& params, const std::vector<SqlValue>& values) {
    for (const SqlValue& value : values) {
        if (const auto* number = std::get_if<std::int64_t>(&value)) params.Add(*number);
        else params.Add(std::get<std::string>(value));
    }
}

}  // namespace kesu::storage::postgres
