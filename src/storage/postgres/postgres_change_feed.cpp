#include "storage/postgres/postgres_change_feed.hpp"

#include <poll.h>

#include <charconv>
#include <chrono>
#include <optional>

#include "storage/postgres/postgres_connection.hpp"

namespace kesu::storage::postgres {

namespace {

constexpr const char* kChannel = "kesu_complaint_changes";

std::string OptionalId(const std::optional<std::int64_t>& id) { return id ? std::to_string(*id) : ""; }

std::optional<std::int64_t> ParseId(std::string_view text) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// id, number, status, department, owner, version, tab-separated.
std::optional<domain::ComplaintChange> ParsePayload(std::string_view payload) {
    std::vector<std::string_view> fields;
    for (std::size_t begin = 0;;) {
        std::size_t end = payload.find('\t', begin);
        fields.push_back(payload.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin));
        if (end == std::string_view::npos) break;
        begin = end + 1;
    }
    if (fields.size() != 6) return std::nullopt;
    auto id = ParseId(fields[0]);
    auto status = domain::ParseIn(domain::StatusNames(), std::string(fields[2]));
    auto version = ParseId(fields[5]);
    if (!id || !status || !version) return std::nullopt;
    return domain::ComplaintChange{*id, std::string(fields[1]), *status, ParseId(fields[3]), ParseId(fields[4]),
                                   static_cast<int>(*version)};
}

}  // namespace

void PostgresChangeFeed::Stop() {
    stopping_ = true;
    std::thread listening;
    {
        std::lock_guard lock(mutex_);
        listening = std::move(thread_);
    }
    if (listening.joinable()) listening.join();
    std::lock_guard lock(mutex_);
    listeners_.clear();
}

void PostgresChangeFeed::Subscribe(domain::ChangeFeed::Listener listener) {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    listeners_.push_back(std::move(listener));
    if (!thread_.joinable()) thread_ = std::thread([this] { Listen(); });
}

std::string PostgresChangeFeed::NotifySql(const std::vector<domain::ComplaintChange>& changes) {
    std::string sql;
    for (const domain::ComplaintChange& change : changes) {
        std::string payload = std::to_string(change.id) + "\t" + change.number + "\t" +
                              std::string(domain::NameOf(change.status)) + "\t" + OptionalId(change.department_id) +
                              "\t" + OptionalId(change.owner_id) + "\t" + std::to_string(change.version);
        std::string literal = "'";
        for (char c : payload) literal += c == '\'' ? std::string("''") : std::string(1, c);
        sql += (sql.empty() ? "SELECT " : ", ") + std::string("pg_notify('") + kChannel + "', " + literal + "')";
    }
    return sql;
}

void PostgresChangeFeed::Listen() {
    std::unique_ptr<Connection> connection;
    while (!stopping_) {
        if (!connection) {
            auto opened = Connection::Open(url_);
            if (opened && (*opened)->Exec(std::string("LISTEN ") + kChannel)) connection = std::move(*opened);
            if (!connection) {
                for (int i = 0; i < 10 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds{100});
                continue;
            }
        }
        PGconn* conn = connection->Handle();
        pollfd socket{PQsocket(conn), POLLIN, 0};
        if (poll(&socket, 1, 200) < 0) continue;  // short waits: Stop is noticed within 0.2 s
        if (PQconsumeInput(conn) == 0) {
            connection.reset();
            continue;
        }
        std::vector<domain::ComplaintChange> changes;
        while (PGnotify* notification = PQnotifies(conn)) {
            if (auto change = ParsePayload(notification->extra)) changes.push_back(std::move(*change));
            PQfreemem(notification);
        }
        if (changes.empty()) continue;
        std::vector<domain::ChangeFeed::Listener> listeners;
        {
            std::lock_guard lock(mutex_);
            listeners = listeners_;
        }
        for (const auto& change : changes)
            for (const auto& listener : listeners) listener(change);
    }
}

}  // namespace kesu::storage::postgres
