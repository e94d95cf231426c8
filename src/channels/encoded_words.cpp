#include "channels/encoded_words.hpp"

#include <sodium.h>

#include <optional>
#include <vector>

#include "channels/charset.hpp"

namespace kesu::channels {

namespace {

struct EncodedWord {
    std::size_t begin = 0;
    std::size_t end = 0;  // one past the closing ?=
    std::string charset;  // without an RFC 2231 language (utf-8*zh → utf-8)
    std::string bytes;    // decoded
};

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
    std::string stripped;
    for (char c : text)
        if (c != '=' && c != ' ' && c != '\t') stripped += c;
    std::string out(stripped.size() * 3 / 4 + 3, '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), stripped.data(), stripped.size(),
                          nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0)
        return std::nullopt;
    out.resize(length);
    return out;
}

std::string DecodeQ(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '_') {
            out += ' ';
        } else if (text[i] == '=' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
            out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// The encoded word starting at `at` ("=?charset?B|Q?text?="), if there is a well-formed one.
std::optional<EncodedWord> WordAt(std::string_view value, std::size_t at) {
    if (value.compare(at, 2, "=?") != 0) return std::nullopt;
    const std::size_t charset_end = value.find('?', at + 2);
    if (charset_end == std::string_view::npos || charset_end == at + 2 || charset_end + 3 >= value.size() ||
        value[charset_end + 2] != '?')
        return std::nullopt;
    const char encoding = value[charset_end + 1];
    if (encoding != 'B' && encoding != 'b' && encoding != 'Q' && encoding != 'q') return std::nullopt;
    const std::size_t text_begin = charset_end + 3;
    const std::size_t text_end = value.find("?=", text_begin);
    if (text_end == std::string_view::npos) return std::nullopt;
    const std::string_view text = value.substr(text_begin, text_end - text_begin);
    if (text.find_first_of(" \t\r\n") != std::string_view::npos) return std::nullopt;
    EncodedWord word;
    word.begin = at;
    word.end = text_end + 2;
    word.charset = std::string(value.substr(at + 2, charset_end - at - 2));
    if (const std::size_t star = word.charset.find('*'); star != std::string::npos) word.charset.resize(star);
    if (encoding == 'B' || encoding == 'b') {
        std::optional<std::string> bytes = DecodeBase64(text);
        if (!bytes) return std::nullopt;
        word.bytes = std::move(*bytes);
    } else {
        word.bytes = DecodeQ(text);
    }
    return word;
}

bool SameCharset(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

std::string Utf8Word(std::string_view utf8) {
    std::string out(sodium_base64_ENCODED_LEN(utf8.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(utf8.data()), utf8.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);
    return "=?UTF-8?B?" + out + "?=";
}

}  // namespace

std::string MergeEncodedWords(std::string_view value) {
    if (value.find("=?") == std::string_view::npos) return std::string(value);
    const auto skip_space = [&](std::size_t position) {
        while (position < value.size() && (value[position] == ' ' || value[position] == '\t' ||
                                           value[position] == '\r' || value[position] == '\n'))
            ++position;
        return position;
    };
    std::string out;
    std::size_t copied = 0;  // value[0, copied) is in `out` already
    std::size_t at = 0;
    while ((at = value.find("=?", at)) != std::string_view::npos) {
        std::optional<EncodedWord> first = WordAt(value, at);
        if (!first) {
            at += 2;
            continue;
        }
        // Every encoded word that follows with only white space between (which is not part of the text, RFC 2047
        // §6.2) joins the run, whatever its charset: one word comes out, so GMime has nothing left to merge.
        std::vector<EncodedWord> run{std::move(*first)};
        while (true) {
            const std::size_t next = skip_space(run.back().end);
            std::optional<EncodedWord> word = next < value.size() ? WordAt(value, next) : std::nullopt;
            if (!word) break;
            run.push_back(std::move(*word));
        }
        std::string utf8;
        for (std::size_t i = 0; i < run.size();) {
            std::string bytes;
            std::size_t j = i;
            for (; j < run.size() && SameCharset(run[j].charset, run[i].charset); ++j) bytes += run[j].bytes;
            utf8 += ToUtf8(bytes, run[i].charset);
            i = j;
        }
        out.append(value.substr(copied, run.front().begin - copied));
        out += Utf8Word(utf8);
        copied = run.back().end;
        at = copied;
    }
    out.append(value.substr(copied));
    return out;
}

}  // namespace kesu::channels
