// HTML-only mail turned into readable text with libxml2's HTML parser (which recovers from the broken markup
// mailers send): scripts, styles and the head dropped, block elements on lines of their own, list items marked,
// table cells separated, white space collapsed, entities decoded.
#pragma once

#include <string>
#include <string_view>

namespace kesu::channels {

// `html` must be UTF-8 (the parser decodes the part's charset first); a <meta charset> inside is ignored.
std::string HtmlToText(std::string_view html);

}  // namespace kesu::channels
