#include "logging/log_format.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <nlohmann/json.hpp>

namespace kesu::logging {

namespace {

bool IsPlain(char c) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) return true;  // UTF-8 (Chinese names, paths): no byte of it is a space, quote or control
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == ':' || c == '/' || c == '@' || c == '+' || c == ',';
}

bool IsControl(char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
}

void AppendControl(std::string& out, char c) {
    static constexpr char kHex[] = "0123456789abcdef";
    auto byte = static_cast<unsigned char>(c);
    if (c == '\n')
        out += "\\n";
    else if (c == '\r')
        out += "\\r";
    else if (c == '\t')
        out += "\\t";
    else
        out += {'\\', 'x', kHex[byte >> 4], kHex[byte & 0xf]};
}

bool IsKeyChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
}

bool IsNumber(std::string_view text) {
    std::size_t i = text.starts_with('-') ? 1 : 0;
    std::size_t digits = 0, dots = 0;
    for (; i < text.size(); ++i) {
        if (text[i] >= '0' && text[i] <= '9')
            ++digits;
        else if (text[i] == '.' && digits > 0 && dots == 0)
            ++dots;
        else
            return false;
    }
    return digits > 0 && !text.ends_with('.') && digits <= 15;
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// Reads one value written by Quote (or a plain one) from the front of `rest`; false when it is not well formed.
bool ReadValue(std::string_view& rest, std::string& value, bool& quoted) {
    quoted = rest.starts_with('"');
    if (!quoted) {
        auto end = rest.find(' ');
        value = std::string(rest.substr(0, end));
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
        return true;
    }
    for (std::size_t i = 1; i < rest.size(); ++i) {
        char c = rest[i];
        if (c == '"') {
            rest.remove_prefix(i + 1);
            return rest.empty() || rest.front() == ' ';
        }
        if (c != '\\') {
            value += c;
            continue;
        }
        if (++i >= rest.size()) return false;
        switch (rest[i]) {
            case 'n':
                value += '\n';
                break;
            case 'r':
                value += '\r';
                break;
            case 't':
                value += '\t';
                break;
            case '"':
                value += '"';
                break;
            case '\\':
                value += '\\';
                break;
            case 'x': {
                if (i + 2 >= rest.size()) return false;
                int high = HexValue(rest[i + 1]), low = HexValue(rest[i + 2]);
                if (high < 0 || low < 0) return false;
                value += static_cast<char>(high * 16 + low);
                i += 2;
                break;
            }
            default:
                return false;
        }
    }
    return false;
}

// Splits "words key=value key=\"quoted value\"" into the words and the fields; false when it is not logfmt.
bool ParseLogfmt(std::string_view message, std::string& words, nlohmann::ordered_json& fields) {
    std::string_view rest = message;
    bool in_fields = false;
    while (!rest.empty()) {
        if (rest.front() == ' ') {
            rest.remove_prefix(1);
            continue;
        }
        std::size_t key_end = 0;
        while (key_end < rest.size() && IsKeyChar(rest[key_end])) ++key_end;
        if (key_end == 0 || key_end >= rest.size() || rest[key_end] != '=') {
            if (in_fields) return false;
            auto end = rest.find(' ');
            if (!words.empty()) words += ' ';
            words += rest.substr(0, end);
            rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
            continue;
        }
        in_fields = true;
        std::string key(rest.substr(0, key_end));
        if (key == "time" || key == "level" || key == "msg" || fields.contains(key)) return false;
        rest.remove_prefix(key_end + 1);
        std::string value;
        bool quoted = false;
        if (!ReadValue(rest, value, quoted)) return false;
        if (!quoted && IsNumber(value))
            fields[key] = nlohmann::ordered_json::parse(value);
        else
            fields[key] = value;
    }
    return true;
}

class LineFormatter final : public spdlog::formatter {
public:
    explicit LineFormatter(Format format)
        : format_(format), time_("%Y-%m-%dT%H:%M:%S.%e%z", spdlog::pattern_time_type::local, "") {}

    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        spdlog::memory_buf_t time;
        time_.format(msg, time);
        std::string_view time_text(time.data(), time.size());
        auto level_name = spdlog::level::to_string_view(msg.level);
        std::string_view level(level_name.data(), level_name.size());
        std::string_view message(msg.payload.data(), msg.payload.size());
        std::string line = format_ == Format::kJson
                               ? JsonLine(time_text, level, message)
                               : std::string(time_text) + " level=" + std::string(level) + " " + EscapeControl(message);
        line += '\n';
        dest.append(line.data(), line.data() + line.size());
    }

    std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<LineFormatter>(format_); }

private:
    Format format_;
    spdlog::pattern_formatter time_;
};

}  // namespace

std::optional<Format> ParseFormat(std::string_view name) {
    if (name == "text") return Format::kText;
    if (name == "json") return Format::kJson;
    return std::nullopt;
}

std::string Quote(std::string_view value) {
    bool plain = !value.empty();
    for (char c : value) plain = plain && IsPlain(c);
    if (plain) return std::string(value);
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\')
            quoted += {'\\', c};
        else if (IsControl(c))
            AppendControl(quoted, c);
        else
            quoted += c;
    }
    return quoted + "\"";
}

std::string EscapeControl(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (char c : text) {
        if (IsControl(c))
            AppendControl(escaped, c);
        else
            escaped += c;
    }
    return escaped;
}

std::string JsonLine(std::string_view time, std::string_view level, std::string_view message) {
    nlohmann::ordered_json line;
    line["time"] = time;
    line["level"] = level;
    std::string words;
    nlohmann::ordered_json fields = nlohmann::ordered_json::object();
    if (ParseLogfmt(message, words, fields)) {
        line["msg"] = words;
        for (auto& [key, value] : fields.items()) line[key] = value;
    } else {
        line["msg"] = message;
    }
    // Invalid UTF-8 in a logged value is replaced rather than failing the line.
    return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::shared_ptr<spdlog::logger> MakeLogger(Format format, spdlog::level::level_enum level) {
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    sink->set_formatter(std::make_unique<LineFormatter>(format));
    auto logger = std::make_shared<spdlog::logger>("kesu", std::move(sink));
    logger->set_level(level);
    return logger;
}

}  // namespace kesu::logging
