// holiday-cn JSON import (calendar_import/holiday_import.hpp): any upload gives days or a 400 naming the field,
// never an exception or a crash (promises in calendar_check.hpp).
#include "calendar_import/holiday_import.hpp"
#include "fuzz/calendar_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 64 * 1024) return -1;
    kesu::fuzz::CheckImported(kesu::calendar_import::ParseHolidayJson(kesu::fuzz::AsText(data, size)));
    return 0;
}
