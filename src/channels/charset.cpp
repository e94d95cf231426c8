#include "channels/charset.hpp"

#include <iconv.h>

#include <array>
#include <cerrno>

namespace kesu::channels {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

std::string Lower(std::string_view text) {
    std::string lower(text);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
}

// Length of the valid UTF-8 sequence at the start of `text`, or 0.
std::size_t Utf8SequenceLength(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned min = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (text.size() < length) return 0;
    unsigned code = lead & (0xFFu >> (length + 1));
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xC0) != 0x80) return 0;
        code = (code << 6) | (byte(i) & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return length;
}

class Iconv {
public:
    explicit Iconv(const std::string& from) : handle_(iconv_open("UTF-8", from.c_str())) {}
    ~Iconv() {
        if (Valid()) iconv_close(handle_);
    }
    Iconv(const Iconv&) = delete;
    Iconv& operator=(const Iconv&) = delete;
    bool Valid() const { return handle_ != reinterpret_cast<iconv_t>(-1); }

    std::string Convert(std::string_view bytes) {
        std::string out;
        out.reserve(bytes.size() * 3 / 2 + 16);
        char* in = const_cast<char*>(bytes.data());
        std::size_t in_left = bytes.size();
        std::array<char, 4096> buffer;
        while (in_left > 0) {
            char* out_pointer = buffer.data();
            std::size_t out_left = buffer.size();
            const std::size_t result = iconv(handle_, &in, &in_left, &out_pointer, &out_left);
            out.append(buffer.data(), buffer.size() - out_left);
            if (result != static_cast<std::size_t>(-1)) continue;
            if (errno == E2BIG) continue;
            // EILSEQ (a byte the charset does not have) or EINVAL (a sequence cut off at the end): one replacement
            // character for the byte, then carry on after it.
            out += kReplacement;
            ++in;
            --in_left;
            iconv(handle_, nullptr, nullptr, nullptr, nullptr);
        }
        char* out_pointer = buffer.data();
        std::size_t out_left = buffer.size();
        iconv(handle_, nullptr, nullptr, &out_pointer, &out_left);
        out.append(buffer.data(), buffer.size() - out_left);
        return out;
    }

private:
    iconv_t handle_;
};

}  // namespace

std::string DecodingCharset(std::string_view label) {
    std::string name = Lower(label);
    while (!name.empty() && (name.back() == ' ' || name.back() == '"')) name.pop_back();
    while (!name.empty() && (name.front() == ' ' || name.front() == '"')) name.erase(0, 1);
    if (name.empty()) return {};
    if (name == "utf-8" || name == "utf8") return "UTF-8";
    // Mislabelled 8-bit text is most often Chinese from an old mailer: read as unlabelled.
    if (name == "us-ascii" || name == "ascii" || name == "ansi_x3.4-1968") return {};
    if (name == "gb2312" || name == "gbk" || name == "x-gbk" || name == "cp936" || name == "ms936" ||
        name == "windows-936" || name == "euc-cn" || name == "x-euc-cn" || name == "gb18030" || name == "csgb2312")
        return "GB18030";
    if (name == "big5" || name == "x-big5" || name == "big-5" || name == "cn-big5" || name == "csbig5" ||
        name == "big5-hkscs" || name == "cp950" || name == "ms950" || name == "windows-950")
        return "BIG5-HKSCS";
    // Anything else iconv knows (ISO-8859-x, windows-125x, Shift_JIS, EUC-KR, ...) under its own name.
    std::string upper(label);
    for (char& c : upper)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    Iconv probe(upper);
    return probe.Valid() ? upper : std::string();
}

std::string ToUtf8(std::string_view bytes, std::string_view label) {
    std::string charset = DecodingCharset(label);
    if (charset.empty() || charset == "UTF-8") {
        if (IsValidUtf8(bytes)) return std::string(bytes);
        if (charset == "UTF-8") return ScrubUtf8(bytes);
        charset = "GB18030";
    }
    Iconv converter(charset);
    if (!converter.Valid()) return ScrubUtf8(bytes);
    return converter.Convert(bytes);
}

bool IsValidUtf8(std::string_view text) {
    while (!text.empty()) {
        const std::size_t length = Utf8SequenceLength(text);
        if (length == 0) return false;
        text.remove_prefix(length);
    }
    return true;
}

std::string ScrubUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        const std::size_t length = Utf8SequenceLength(text);
        if (length == 0) {
            out += kReplacement;
            text.remove_prefix(1);
        } else {
            out.append(text.substr(0, length));
            text.remove_prefix(length);
        }
    }
    return out;
}

}  // namespace kesu::channels
