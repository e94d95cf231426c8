// Raw HTTP over a plain socket, for requests a well-behaved client will not send (invalid escapes, over-long
// paths, bytes that are not HTTP at all) and for holding connections open.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace kesu::api_test {

// Opens a connection to 127.0.0.1:port; -1 when it cannot. The caller closes it.
int ConnectLoopback(int port);
// Sends `bytes` on a new connection and reads until the server closes it or `timeout` passes; returns what came
// back ("" when nothing did).
std::string RawExchange(int port, std::string_view bytes,
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
// The status code of the first response in `text`, 0 when there is none.
int StatusOf(std::string_view text);
// The body of the first response in `text` (after the blank line).
std::string BodyOf(std::string_view text);

}  // namespace kesu::api_test
