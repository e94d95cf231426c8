// Folds text so that what a user types and what a complaint says compare equal: full-width ASCII → ASCII,
// case, Latin accents (é→e, ß→ss), and traditional → simplified Chinese through OpenCC.
// The index and the query both go through here; the snippet maker uses the offsets to map matches back.
// Thread-safety: a TextNormalizer is immutable after Create; its const methods may run concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace opencc {
class SimpleConverter;
}

namespace kesu::search {

// OpenCC's traditional → simplified configuration; OpenCC looks bare names up in its data directory.
inline constexpr std::string_view kDefaultOpenccConfig = "t2s.json";

struct NormalizedText {
    std::string text;
    // For every byte of text, the byte offset in the original of the character it came from;
    // one extra entry at the end holds the original's size.
    std::vector<std::uint32_t> source_offsets;
};

class TextNormalizer {
public:
    // Fails with kUnavailable if the OpenCC configuration cannot be loaded.
    static domain::Result<TextNormalizer> Create(std::string_view opencc_config = kDefaultOpenccConfig);

    std::string Normalize(std::string_view text) const;
    // Same text as Normalize except in the rare case where OpenCC's phrase conversion changes the number of
    // characters; then characters are converted one by one so that offsets stay exact.
    NormalizedText NormalizeWithOffsets(std::string_view text) const;

private:
    explicit TextNormalizer(std::shared_ptr<const opencc::SimpleConverter> converter);
    std::string NormalizeInto(std::string_view text, std::vector<std::uint32_t>* source_offsets) const;

    std::shared_ptr<const opencc::SimpleConverter> converter_;
};

}  // namespace kesu::search
