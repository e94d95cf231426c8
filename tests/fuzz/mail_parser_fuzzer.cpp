// The inbound mail parser under libFuzzer: the harness and its promises are tests/channels/mail_parser_fuzz.cpp,
// which channels_tests also runs over bounded mutations on every test run.
#include "channels/mail_parser_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return kesu::channels::FuzzOne(data, size);
}
