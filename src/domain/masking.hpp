// How personal data is shown to someone who may not see it: enough to recognise, not enough to use.
// Operates on UTF-8 code points so Chinese names and addresses mask cleanly.
#pragma once

#include <string>
#include <string_view>

#include "domain/complaint.hpp"

namespace kesu::domain {

std::string MaskName(std::string_view name);        // 张三丰 → 张**, John Smith → J*********
std::string MaskPhone(std::string_view phone);      // 13812345678 → 138****5678
std::string MaskEmail(std::string_view email);      // zhang.san@example.com → z********@example.com
std::string MaskIdNumber(std::string_view id);      // 110101199003071234 → 110***********1234
std::string MaskAddress(std::string_view address);  // keeps the first 6 characters
std::string MaskCustomerId(std::string_view id);              // VIP20231100042 → VI**********42
Complainant MaskComplainant(const Complainant& complainant);  // every field masked

}  // namespace kesu::domain
