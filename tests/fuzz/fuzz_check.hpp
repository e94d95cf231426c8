// What every fuzz target of tests/fuzz uses: a broken promise of the code under test aborts with a message, which
// libFuzzer reports as a crash and saves the input for (crash-<sha1> in the working directory).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace kesu::fuzz {

inline void Check(bool holds, const char* promise) {
    if (holds) return;
    std::fprintf(stderr, "kesu fuzz: broken promise: %s\n", promise);
    std::abort();
}

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace kesu::fuzz
