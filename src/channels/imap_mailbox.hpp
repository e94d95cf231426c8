// Email in: polls one IMAP mailbox with libcurl (implicit TLS on 993 or STARTTLS on 143), fetches the unseen
// messages oldest first and hands each raw message to a handler. A message the handler took is marked \Seen or
// moved to another folder (after_fetch); one it failed on is marked unseen again, so the next poll retries it.
// Messages past max_message_bytes are not handed over: they are marked seen and reported, never dropped silently.
// Thread-safety: one poller per mailbox, used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "channels/curl_session.hpp"
#include "domain/error.hpp"

namespace kesu::channels {

enum class AfterFetch { kMarkSeen, kMove };

struct ImapSettings {
    std::string host;
    int port = 993;
    TransportSettings transport{TlsMode::kImplicit};
    std::string username;
    std::string password;  // never logged, never part of an error
    std::string mailbox = "INBOX";
    AfterFetch after_fetch = AfterFetch::kMarkSeen;
    std::string move_to = "Processed";  // an existing folder, ASCII name (for kMove)
    int max_messages_per_poll = 50;
    std::size_t max_message_bytes = 30 * 1024 * 1024;
};

struct PollReport {
    int handled = 0;                       // taken by the handler and marked or moved
    int failed = 0;                        // the handler failed: left unseen for the next poll
    std::vector<std::uint32_t> oversized;  // UIDs over max_message_bytes, marked seen without being handled
    bool more = false;                     // more unseen messages wait than one poll takes
};

class ImapMailbox {
public:
    explicit ImapMailbox(ImapSettings settings);

    // The handler returns success when the message is dealt with for good (including a message it chose to
    // ignore, such as a bounce); an error means "try again later" (e.g. the database is unavailable).
    using Handler = std::function<domain::Result<void>(std::uint32_t uid, std::string_view raw)>;
    // Fails (kUnavailable) when the server cannot be reached or refuses the login; nothing is marked then.
    domain::Result<PollReport> Poll(const Handler& handler);

    // The steps of Poll, for tests and tools.
    domain::Result<std::vector<std::uint32_t>> UnseenUids();
    domain::Result<std::string> Fetch(std::uint32_t uid);  // sets \Seen as a side effect, as IMAP FETCH does
    domain::Result<void> MarkSeen(std::uint32_t uid, bool seen);
    domain::Result<void> Move(std::uint32_t uid, std::string_view folder);

private:
    domain::Result<std::string> Command(const std::string& url, const std::string& command);

    ImapSettings settings_;
    std::string base_url_;  // imap[s]://host:port/MAILBOX
    CurlPool pool_{1};
};

}  // namespace kesu::channels
