// GMime 3 for the mail composer and parser: one-time initialisation and owning pointers for its GObjects.
#pragma once

#include <gmime/gmime.h>

#include <memory>
#include <string>
#include <string_view>

namespace kesu::channels {

// Calls g_mime_init once for the process. Thread-safety: safe to call from any thread.
void EnsureGMime();

struct GObjectUnref {
    void operator()(void* object) const {
        if (object != nullptr) g_object_unref(object);
    }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
    void operator()(void* memory) const { g_free(memory); }
};
using GCharPtr = std::unique_ptr<char, GFree>;

// Takes a g_malloc'ed string (may be null) into a std::string and frees it.
std::string TakeGString(char* text);

// A parser-options object GMime owns no reference to; freed by the pointer.
struct ParserOptionsFree {
    void operator()(GMimeParserOptions* options) const { g_mime_parser_options_free(options); }
};
using ParserOptionsPtr = std::unique_ptr<GMimeParserOptions, ParserOptionsFree>;

struct FormatOptionsFree {
    void operator()(GMimeFormatOptions* options) const { g_mime_format_options_free(options); }
};
using FormatOptionsPtr = std::unique_ptr<GMimeFormatOptions, FormatOptionsFree>;

// The decoded content of a leaf part (transfer encoding removed, charset untouched).
std::string DecodedContent(GMimePart* part);

}  // namespace kesu::channels
