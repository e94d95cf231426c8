// One TextNormalizer for all search tests: loading OpenCC's dictionaries once keeps the suite fast.
#pragma once

#include <gtest/gtest.h>

#include "search/text_normalizer.hpp"

namespace kesu::search::testing {

inline const TextNormalizer& TestNormalizer() {
    static const TextNormalizer normalizer = [] {
        auto created = TextNormalizer::Create();
        if (!created) {
            ADD_FAILURE() << created.error().message;
            std::abort();
        }
        return *created;
    }();
    return normalizer;
}

}  // namespace kesu::search::testing
