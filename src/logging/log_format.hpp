// kesu's log lines: one event per line on standard error, in logfmt (`time level=info request method=GET
// path="/a b" status=200`) or, with --log-format json, one JSON object per line. No logged value can forge a line
// or a field: values that are not plain are quoted with Quote at the call site, and the formatter escapes every
// control character left in a message (a newline in a path is written as \n, never as a line break).
// Thread-safety: MakeLogger's logger may be used from any thread.
#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kesu::logging {

enum class Format { kText, kJson };

// "text" or "json".
std::optional<Format> ParseFormat(std::string_view name);

// A value for a key=value field: as it is when it is plain (letters, digits and `-_.:/@+,`), otherwise in double
// quotes with `"` and `\` escaped and control characters as \n, \r, \t or \xHH. "" for an empty value.
std::string Quote(std::string_view value);

// Escapes control characters in `text` as Quote does, without quoting it (the last line of defence: a backslash is
// left alone, so text already quoted is not escaped twice).
std::string EscapeControl(std::string_view text);

// The JSON object a line in logfmt stands for: {"time","level","msg", and one member per key=value field}; a
// message that is not logfmt is kept whole as "msg". Exposed for tests.
std::string JsonLine(std::string_view time, std::string_view level, std::string_view message);

// The logger named "kesu", writing to standard error in `format`, at `level`.
std::shared_ptr<spdlog::logger> MakeLogger(Format format, spdlog::level::level_enum level);

}  // namespace kesu::logging
