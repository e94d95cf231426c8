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

    // Characters OpenCC would change somewhere (empty: unknown, every Chinese text goes through OpenCC).
    std::size_t convertible_characters() const { return convertible_ == nullptr ? 0 : convertible_->count; }

private:
    // The characters that occur, changed, in some conversion entry: a text with none of them is its own
    // conversion, since no entry that changes anything can match in it. Most simplified text has none, and
    // skipping OpenCC for it saves most of the normaliser's time.
    struct Convertible {
        std::vector<bool> basic;  // code points below 0x10000
        std::vector<char32_t> astral;  // sorted
        std::size_t count = 0;
        bool Has(char32_t code_point) const;
    };

    TextNormalizer(std::shared_ptr<const opencc::SimpleConverter> converter,
                   std::shared_ptr<const Convertible> convertible);
    std::string NormalizeInto(std::string_view text, std::vector<std::uint32_t>* source_offsets) const;
    bool NeedsConversion(std::string_view folded) const;

    std::shared_ptr<const opencc::SimpleConverter> converter_;
    std::shared_ptr<const Convertible> convertible_;
};

}  // namespace kesu::search
