#include "domain/content_type.hpp"

#include <array>
#include <cstdint>

#include "domain/validation.hpp"

namespace kesu::domain {
namespace {

bool StartsWith(std::string_view head, std::string_view magic, std::size_t offset = 0) {
    return head.size() >= offset + magic.size() && head.substr(offset, magic.size()) == magic;
}

bool LooksLikeText(std::string_view head) {
    if (head.empty()) return false;
    // The head may end inside a character: drop a trailing incomplete UTF-8 sequence before checking the rest.
    std::size_t end = head.size();
    std::size_t back = 0;
    while (back < 3 && back < end && (static_cast<std::uint8_t>(head[end - 1 - back]) & 0xC0) == 0x80) ++back;
    if (back < end) {
        auto lead = static_cast<std::uint8_t>(head[end - 1 - back]);
        std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (length > back + 1) end -= back + 1;  // the last character is incomplete
    }
    if (!IsValidUtf8(head.substr(0, end))) return false;
    for (char c : head) {
        auto byte = static_cast<std::uint8_t>(c);
        if (byte < 0x09 || (byte > 0x0D && byte < 0x20 && byte != 0x1B)) return false;
    }
    return true;
}

std::string_view BaseType(std::string_view type) {
    auto semicolon = type.find(';');
    if (semicolon != std::string_view::npos) type = type.substr(0, semicolon);
    while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
    return type;
}

}  // namespace

std::optional<std::string> SniffContentType(std::string_view head) {
    using namespace std::string_view_literals;
    if (StartsWith(head, "\xFF\xD8\xFF"sv)) return "image/jpeg";
    if (StartsWith(head, "\x89PNG\r\n\x1A\n"sv)) return "image/png";
    if (StartsWith(head, "GIF87a") || StartsWith(head, "GIF89a")) return "image/gif";
    if (StartsWith(head, "RIFF") && StartsWith(head, "WEBP", 8)) return "image/webp";
    if (StartsWith(head, "RIFF") && StartsWith(head, "WAVE", 8)) return "audio/wav";
    if (StartsWith(head, "%PDF-")) return "application/pdf";
    if (StartsWith(head, "ID3") || StartsWith(head, "\xFF\xFB"sv) || StartsWith(head, "\xFF\xF3"sv) ||
        StartsWith(head, "\xFF\xF2"sv))
        return "audio/mpeg";
    if (StartsWith(head, "#!AMR")) return "audio/amr";
    if (StartsWith(head, "ftyp", 4)) {
        if (StartsWith(head, "M4A", 8)) return "audio/mp4";
        return "video/mp4";
    }
    if (StartsWith(head, "PK\x03\x04"sv)) {
        // Office Open XML documents are ZIP files; the first entry is normally [Content_Types].xml.
        if (head.find("word/") != std::string_view::npos) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        if (head.find("xl/") != std::string_view::npos) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        return "application/zip";
    }
    if (StartsWith(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv)) return "application/x-ole-storage";  // .doc/.xls
    if (LooksLikeText(head)) return "text/plain";
    return std::nullopt;
}

bool DeclaredTypeMatches(std::string_view declared, std::string_view sniffed) {
    std::string_view base = BaseType(declared);
    if (base == sniffed) return true;
    if (sniffed == "text/plain") return base.starts_with("text/") && base != "text/html";
    if (sniffed == "audio/wav") return base == "audio/x-wav" || base == "audio/wave";
    if (sniffed == "audio/mpeg") return base == "audio/mp3";
    if (sniffed == "audio/mp4") return base == "audio/x-m4a" || base == "audio/m4a";
    if (sniffed == "application/x-ole-storage")
        return base == "application/msword" || base == "application/vnd.ms-excel";
    if (sniffed.starts_with("application/vnd.openxmlformats") || sniffed == "application/zip")
        return base.starts_with("application/vnd.openxmlformats") || base == "application/zip" ||
               base == "application/x-zip-compressed";
    return base == "application/octet-stream" && sniffed != "text/plain";
}

std::string SanitizeFilename(std::string_view name) {
    auto slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) name = name.substr(slash + 1);
    std::string clean;
    std::size_t points = 0;
    for (std::size_t i = 0; i < name.size(); ++i) {
        auto byte = static_cast<std::uint8_t>(name[i]);
        if (byte < 0x20 || byte == 0x7F || name[i] == '"' || name[i] == ';' || name[i] == '\\') continue;
        if ((byte & 0xC0) != 0x80 && ++points > 120) break;
        clean += name[i];
    }
    if (!IsValidUtf8(clean)) clean = "attachment";
    while (!clean.empty() && (clean.front() == '.' || clean.front() == ' ')) clean.erase(0, 1);
    return clean.empty() ? "attachment" : clean;
}

}  // namespace kesu::domain
