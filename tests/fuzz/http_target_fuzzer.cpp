// The request target as the server takes it apart before any handler runs (http/message.hpp): ParseTarget,
// ParseQuery, PercentDecode and the cookie reader. Promises: a parsed target is an absolute path free of NUL bytes,
// and percent-encoding any text then decoding it gives the text back.
#include <string>

#include "fuzz/fuzz_check.hpp"
#include "http/message.hpp"

namespace {

std::string PercentEncodeAll(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string encoded;
    for (char byte : text) {
        auto c = static_cast<unsigned char>(byte);
        encoded += '%';
        encoded += kHex[c >> 4];
        encoded += kHex[c & 15];
    }
    return encoded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using kesu::fuzz::Check;
    std::string_view text = kesu::fuzz::AsText(data, size);

    if (auto target = kesu::http::ParseTarget(text)) {
        Check(target->path.starts_with('/'), "a parsed target's path is absolute");
        Check(target->path.find('\0') == std::string::npos, "a parsed target's path holds no NUL byte");
        Check(target->path.size() <= text.size(), "decoding never lengthens the path");
    }
    for (const auto& [name, value] : kesu::http::ParseQuery(text))
        Check(name.size() + value.size() <= text.size(), "decoded query pairs are no longer than the query");
    for (bool plus_is_space : {false, true}) {
        auto round_trip = kesu::http::PercentDecode(PercentEncodeAll(text), plus_is_space);
        Check(round_trip && *round_trip == text, "PercentDecode undoes percent-encoding");
    }

    kesu::http::Request request;
    request.headers.emplace_back("cookie", std::string(text));
    for (const char* name : {"kesu_session", "", " ", "a"}) (void)request.Cookie(name);
    return 0;
}
