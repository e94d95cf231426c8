// RFC 2047 encoded words made safe for GMime. GMime 3.2 decodes a run of adjacent base64 words of one charset as
// one base64 stream, so the padding Chinese mailers put at the end of each word (=?gb2312?B?xOO6ww==?=) ends the
// decoding and the rest of a folded subject, name or file name is lost. Each such run is rewritten here as one
// UTF-8 word before GMime reads the header: the words are decoded one by one, their bytes joined (a GBK character
// may be split between two words), and the whole run converted with the widened charset (see charset.hpp).
#pragma once

#include <string>
#include <string_view>

namespace kesu::channels {

// `value` with each run of adjacent encoded words (separated only by white space) replaced by a single
// =?UTF-8?B?…?= word. Text outside encoded words, and words that do not decode, are left as they are.
std::string MergeEncodedWords(std::string_view value);

}  // namespace kesu::channels
