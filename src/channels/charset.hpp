// Text in the charsets Chinese mail arrives in, turned into UTF-8 with iconv. Labels are widened to the charset
// that contains them (GB2312 and GBK to GB18030, Big5 to Big5-HKSCS), because mailers label GBK text "gb2312"
// and Hong Kong characters "big5"; bytes no charset can read become U+FFFD instead of failing the whole text.
#pragma once

#include <string>
#include <string_view>

namespace kesu::channels {

// The iconv name to decode text labelled `label` with ("gb2312" → "GB18030"); empty for an unknown label.
std::string DecodingCharset(std::string_view label);

// `bytes` in `label` as UTF-8. An empty or unknown label: UTF-8 if the bytes are valid UTF-8, else GB18030.
std::string ToUtf8(std::string_view bytes, std::string_view label);

bool IsValidUtf8(std::string_view text);

// Replaces invalid UTF-8 sequences with U+FFFD.
std::string ScrubUtf8(std::string_view text);

}  // namespace kesu::channels
