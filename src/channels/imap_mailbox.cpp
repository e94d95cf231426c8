#include "channels/imap_mailbox.hpp"

#include <algorithm>
#include <charconv>

namespace kesu::channels {

namespace {

using domain::ErrorCode;
using domain::Fail;

struct Download {
    std::string data;
    std::size_t limit = 0;
    bool too_large = false;
};

std::size_t Collect(char* data, std::size_t size, std::size_t count, void* user) {
    auto* download = static_cast<Download*>(user);
    if (download->data.size() + size * count > download->limit) {
        download->too_large = true;
        return 0;  // ends the transfer with CURLE_WRITE_ERROR
    }
    download->data.append(data, size * count);
    return size * count;
}

// "* SEARCH 3 5 8" lines of a UID SEARCH answer.
std::vector<std::uint32_t> SearchResults(std::string_view answer) {
    std::vector<std::uint32_t> uids;
    std::size_t line_start = 0;
    while (line_start < answer.size()) {
        std::size_t line_end = answer.find('\n', line_start);
        if (line_end == std::string_view::npos) line_end = answer.size();
        std::string_view line = answer.substr(line_start, line_end - line_start);
        line_start = line_end + 1;
        if (!line.starts_with("* SEARCH")) continue;
        line.remove_prefix(8);
        while (!line.empty()) {
            while (!line.empty() && (line.front() == ' ' || line.front() == '\r')) line.remove_prefix(1);
            std::uint32_t uid = 0;
            const auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), uid);
            if (error != std::errc{}) break;
            uids.push_back(uid);
            line.remove_prefix(static_cast<std::size_t>(end - line.data()));
        }
    }
    std::sort(uids.begin(), uids.end());
    return uids;
}

bool IsPlainFolderName(std::string_view name) {
    if (name.empty() || name.size() > 100) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == '/'))
            return false;
    return true;
}

domain::Error Unavailable(CURLcode code, long reply) {
    std::string message = "IMAP: ";
    message += curl_easy_strerror(code);
    if (code == CURLE_LOGIN_DENIED) message = "IMAP: the server refused the user name or password";
    if (reply != 0) message += " (reply " + std::to_string(reply) + ")";
    return domain::Error{ErrorCode::kUnavailable, message, {}, 0};
}

}  // namespace

ImapMailbox::ImapMailbox(ImapSettings settings) : settings_(std::move(settings)) {
    const bool implicit = settings_.transport.tls == TlsMode::kImplicit;
    std::string mailbox;
    for (char c : settings_.mailbox) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                           c == '_' || c == '.';
        if (plain) {
            mailbox += c;
        } else {
            static constexpr char kHex[] = "0123456789ABCDEF";
            const auto byte = static_cast<unsigned char>(c);
            mailbox += '%';
            mailbox += kHex[byte >> 4];
            mailbox += kHex[byte & 15];
        }
    }
    base_url_ = std::string(implicit ? "imaps://" : "imap://") + settings_.host + ":" + std::to_string(settings_.port) +
                "/" + mailbox;
}

domain::Result<std::string> ImapMailbox::Command(const std::string& url, const std::string& command) {
    std::optional<CurlPool::Lease> lease = pool_.Acquire();
    if (!lease) return Fail(ErrorCode::kUnavailable, "IMAP: out of memory");
    CURL* curl = lease->get();
    ApplyTransport(curl, settings_.transport, "imap,imaps");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
    if (!command.empty()) curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, command.c_str());
    Download download{{}, settings_.max_message_bytes, false};
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &download);
    const CURLcode code = curl_easy_perform(curl);
    if (download.too_large) return Fail(ErrorCode::kPayloadTooLarge, "IMAP: the message is over the size limit");
    if (code != CURLE_OK) {
        long reply = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
        lease->Discard();
        return std::unexpected(Unavailable(code, reply));
    }
    return std::move(download.data);
}

domain::Result<std::vector<std::uint32_t>> ImapMailbox::UnseenUids() {
    domain::Result<std::string> answer = Command(base_url_, "UID SEARCH UNSEEN");
    if (!answer) return std::unexpected(answer.error());
    return SearchResults(*answer);
}

domain::Result<std::string> ImapMailbox::Fetch(std::uint32_t uid) {
    return Command(base_url_ + ";UID=" + std::to_string(uid), "");
}

domain::Result<void> ImapMailbox::MarkSeen(std::uint32_t uid, bool seen) {
    domain::Result<std::string> answer =
        Command(base_url_, "UID STORE " + std::to_string(uid) + (seen ? " +FLAGS (\\Seen)" : " -FLAGS (\\Seen)"));
    if (!answer) return std::unexpected(answer.error());
    return {};
}

domain::Result<void> ImapMailbox::Move(std::uint32_t uid, std::string_view folder) {
    if (!IsPlainFolderName(folder))
        return domain::FailField(ErrorCode::kInvalidArgument, "move_to", "not a plain folder name");
    domain::Result<std::string> answer =
        Command(base_url_, "UID MOVE " + std::to_string(uid) + " " + std::string(folder));
    if (!answer) return std::unexpected(answer.error());
    return {};
}

domain::Result<PollReport> ImapMailbox::Poll(const Handler& handler) {
    domain::Result<std::vector<std::uint32_t>> uids = UnseenUids();
    if (!uids) return std::unexpected(uids.error());
    PollReport report;
    const auto limit = static_cast<std::size_t>(std::max(1, settings_.max_messages_per_poll));
    if (uids->size() > limit) {
        report.more = true;
        uids->resize(limit);
    }
    for (std::uint32_t uid : *uids) {
        domain::Result<std::string> raw = Fetch(uid);
        if (!raw && raw.error().code == ErrorCode::kPayloadTooLarge) {
            if (auto marked = MarkSeen(uid, true); !marked) return std::unexpected(marked.error());
            report.oversized.push_back(uid);
            continue;
        }
        if (!raw) return std::unexpected(raw.error());
        if (!handler(uid, *raw)) {
            ++report.failed;
            if (auto unmarked = MarkSeen(uid, false); !unmarked) return std::unexpected(unmarked.error());
            continue;
        }
        domain::Result<void> done =
            settings_.after_fetch == AfterFetch::kMove ? Move(uid, settings_.move_to) : MarkSeen(uid, true);
        if (!done) return std::unexpected(done.error());
        ++report.handled;
    }
    return report;
}

}  // namespace kesu::channels
