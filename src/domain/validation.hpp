// Field rules shared by every way data enters kesu: lengths are counted in characters (code points), all text
// must be valid UTF-8, and contact details have a recognisable shape.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace kesu::domain {

inline constexpr std::size_t kMaxShortText = 100;     // names, owners, product, order numbers
inline constexpr std::size_t kMaxSubject = 200;
inline constexpr std::size_t kMaxMediumText = 2000;   // customer request, measure descriptions
inline constexpr std::size_t kMaxLongText = 20000;    // descriptions, replies, notes

bool IsValidUtf8(std::string_view text);
std::size_t CountCodePoints(std::string_view text);
bool IsBlank(std::string_view text);
// Control characters other than tab, newline and carriage return are refused in every text field.
bool HasControlCharacters(std::string_view text);

bool IsPlausiblePhone(std::string_view phone);   // 5..20 of digits, spaces, + - ( ), with ≥ 5 digits
bool IsPlausibleEmail(std::string_view email);   // local@domain.tld, no spaces, ≤ 254 bytes

// Appends an error for `field` when the text is required but blank, too long, not UTF-8 or has control chars.
void CheckText(std::vector<FieldError>& errors, const std::string& field, std::string_view text, bool required,
               std::size_t max_code_points);
// CheckText for names and keys, which are one line: tab, newline and carriage return are refused too.
void CheckLine(std::vector<FieldError>& errors, const std::string& field, std::string_view text, bool required,
               std::size_t max_code_points);

}  // namespace kesu::domain
