// Which files may be attached, judged by their first bytes rather than by the name or the declared type,
// so a renamed executable or script is refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kesu::domain {

// The media type the leading bytes show ("image/jpeg", ...), or nothing for an unrecognised or refused kind.
// `head` should hold at least the first 512 bytes (fewer for shorter files).
std::optional<std::string> SniffContentType(std::string_view head);

// Whether a declared Content-Type is consistent with the sniffed one (same type, or a known alias such as
// audio/x-wav for audio/wav; any declared type is accepted for plain text as long as it is text/*).
bool DeclaredTypeMatches(std::string_view declared, std::string_view sniffed);

// A file name safe to store and to send back in Content-Disposition: path separators, control and quote
// characters removed, at most 120 code points, never empty.
std::string SanitizeFilename(std::string_view name);

}  // namespace kesu::domain
