// The fuzz harness of the inbound mail parser: one input in, parsed, every field read, and the parser's promises
// checked (every text UTF-8, attachment sizes consistent); a broken promise aborts, which a fuzzer reports. Any
// libFuzzer/AFL driver calls it from LLVMFuzzerTestOneInput; mail_parser_fuzz_test.cpp runs it over the seed
// corpus in fuzz_seeds/ and bounded mutations of it on every test run.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kesu::channels {

int FuzzOne(const std::uint8_t* data, std::size_t size);

}  // namespace kesu::channels
