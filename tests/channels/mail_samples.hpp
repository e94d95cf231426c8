// Building blocks for raw test mail, written independently of GMime (iconv for charsets, libsodium for base64, a
// few lines for quoted-printable and RFC 2231), so the parser is checked against encoders it does not share.
#pragma once

#include <iconv.h>
#include <sodium.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace kesu::channels::testing {

// `utf8` in `charset`; throws if a character does not exist there (tests choose texts that fit).
inline std::string Encode(std::string_view utf8, const char* charset) {
    iconv_t handle = iconv_open(charset, "UTF-8");
    if (handle == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error(std::string("no charset ") + charset);
    std::string out(utf8.size() * 4 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size();
    char* out_pointer = out.data();
    std::size_t out_left = out.size();
    const std::size_t result = iconv(handle, &in, &in_left, &out_pointer, &out_left);
    iconv(handle, nullptr, nullptr, &out_pointer, &out_left);
    iconv_close(handle);
    if (result == static_cast<std::size_t>(-1)) throw std::runtime_error(std::string("not encodable in ") + charset);
    out.resize(out.size() - out_left);
    return out;
}

inline bool Encodable(std::string_view utf8, const char* charset) {
    try {
        Encode(utf8, charset);
        return true;
    } catch (const std::runtime_error&) {
        return false;
    }
}

inline std::string Base64(std::string_view bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

// Base64 in lines of 76 characters, CRLF-separated, as mailers write bodies.
inline std::string Base64Lines(std::string_view bytes) {
    const std::string flat = Base64(bytes);
    std::string out;
    for (std::size_t i = 0; i < flat.size(); i += 76) out += flat.substr(i, 76) + "\r\n";
    return out;
}

// Quoted-printable (RFC 2045): every 8-bit byte, '=' and line-end spaces as =XX, soft line breaks at 76.
inline std::string QuotedPrintable(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    std::size_t line = 0;
    const auto put = [&](const std::string& token) {
        if (line + token.size() > 75) {
            out += "=\r\n";
            line = 0;
        }
        out += token;
        line += token.size();
    };
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto byte = static_cast<unsigned char>(bytes[i]);
        if (byte == '\n') {
            out += "\r\n";
            line = 0;
        } else if (byte == '\r') {
            continue;
        } else if (byte >= 0x80 || byte == '=' || byte < 0x20 ||
                   (byte == ' ' && (i + 1 == bytes.size() || bytes[i + 1] == '\n'))) {
            put(std::string{'=', kHex[byte >> 4], kHex[byte & 15]});
        } else {
            put(std::string(1, static_cast<char>(byte)));
        }
    }
    return out;
}

// An RFC 2047 encoded word (B encoding) of `utf8` in `charset`.
inline std::string EncodedWord(std::string_view utf8, const char* charset) {
    return "=?" + std::string(charset) + "?B?" + Base64(Encode(utf8, charset)) + "?=";
}

// An RFC 2047 encoded word in Q encoding.
inline std::string QEncodedWord(std::string_view utf8, const char* charset) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string word = "=?" + std::string(charset) + "?Q?";
    for (char c : Encode(utf8, charset)) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte == ' ') {
            word += '_';
        } else if (byte >= 0x80 || byte == '=' || byte == '?' || byte == '_' || byte < 0x20) {
            word += '=';
            word += kHex[byte >> 4];
            word += kHex[byte & 15];
        } else {
            word += static_cast<char>(byte);
        }
    }
    return word + "?=";
}

// An RFC 2231 extended parameter value: charset''percent-encoded bytes.
inline std::string Rfc2231Value(std::string_view utf8, const char* charset) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string value = std::string(charset) + "''";
    for (char c : Encode(utf8, charset)) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
            byte == '.' || byte == '-' || byte == '_') {
            value += static_cast<char>(byte);
        } else {
            value += '%';
            value += kHex[byte >> 4];
            value += kHex[byte & 15];
        }
    }
    return value;
}

}  // namespace kesu::channels::testing
