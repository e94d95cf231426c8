#include "storage/postgres/postgres_connection.hpp"

#include <charconv>
#include <cstdlib>

namespace kesu::storage::postgres {

using domain::ErrorCode;

namespace {

// Per-connection limit of cached statements; queries built from varying filters run unprepared past it.
constexpr std::size_t kMaxPrepared = 200;

std::string_view Trimmed(const char* message) {
    std::string_view text = message == nullptr ? "" : message;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
    return text;
}

void IgnoreNotice(void*, const char*) {}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 0;
}

}  // namespace

std::int64_t Row::Int(int column) const {
    std::string_view text = View(column);
    std::int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

std::optional<std::int64_t> Row::OptionalInt(int column) const {
    if (IsNull(column)) return std::nullopt;
    return Int(column);
}

bool Row::Bool(int column) const {
    std::string_view text = View(column);
    return text == "t" || text == "true" || text == "1";
}

double Row::Real(int column) const { return std::strtod(std::string(View(column)).c_str(), nullptr); }

std::string_view Row::View(int column) const {
    return std::string_view(PQgetvalue(result_, row_, column),
                            static_cast<std::size_t>(PQgetlength(result_, row_, column)));
}

std::string Row::Bytea(int column) const {
    std::string_view text = View(column);
    std::string bytes;
    if (!text.starts_with("\\x")) return bytes;
    bytes.reserve((text.size() - 2) / 2);
    for (std::size_t i = 2; i + 1 < text.size(); i += 2)
        bytes.push_back(static_cast<char>(HexValue(text[i]) * 16 + HexValue(text[i + 1])));
    return bytes;
}

std::int64_t QueryResult::Affected() const {
    const char* tuples = PQcmdTuples(result_.get());
    return tuples == nullptr || *tuples == '\0' ? 0 : std::strtoll(tuples, nullptr, 10);
}

domain::Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url) {
    // Defaults first: parameters in the URL (expanded from dbname) override them.
    const char* keywords[] = {"connect_timeout", "keepalives_idle", "keepalives_interval", "keepalives_count",
                              "tcp_user_timeout", "application_name", "dbname", nullptr};
    const char* values[] = {"5", "15", "5", "3", "30000", "kesu", url.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keywords, values, 1);
    if (conn == nullptr) return domain::Fail(ErrorCode::kUnavailable, "PostgreSQL: out of memory");
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string message = "cannot connect to PostgreSQL: " + std::string(Trimmed(PQerrorMessage(conn)));
        PQfinish(conn);
        return domain::Fail(ErrorCode::kUnavailable, message);
    }
    PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);  // "there is no transaction in progress" and the like
    std::unique_ptr<Connection> connection(new Connection(conn));
    // A committed write must be durable: never run with synchronous_commit off, whatever the server default
    // (stricter settings such as remote_apply are kept). And a node that dies inside a transaction must not hold
    // the write lock for long: the server ends such a session after a minute if nothing else limits it.
    if (auto set = connection->Exec(
            "SELECT set_config('synchronous_commit', 'on', false) WHERE current_setting('synchronous_commit') = 'off';"
            "SELECT set_config('idle_in_transaction_session_timeout', '60s', false) "
            "WHERE current_setting('idle_in_transaction_session_timeout') = '0'");
        !set)
        return std::unexpected(set.error());
    return connection;
}

Connection::~Connection() { PQfinish(conn_); }

bool Connection::Broken() const { return broken_ || PQstatus(conn_) != CONNECTION_OK; }

domain::Error Connection::Failure(const PGresult* result, std::string_view context) {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string detail = std::string(context) + ": " +
                         std::string(Trimmed(result ? PQresultErrorMessage(result) : PQerrorMessage(conn_)));
    if (PQstatus(conn_) != CONNECTION_OK || state == nullptr) {
        broken_ = true;
        return {ErrorCode::kUnavailable, "the database connection was lost: " + detail, {}, 0};
    }
    std::string_view code(state);
    if (code == "23505") return {ErrorCode::kConflict, detail, {}, 0};
    if (code.starts_with("23") || code.starts_with("22")) return {ErrorCode::kInvalidArgument, detail, {}, 0};
    // Lost connection, shutdown, a server that became read-only (failover): replace the connection.
    if (code.starts_with("08") || code.starts_with("57P") || code == "25006") {
        broken_ = true;
        return {ErrorCode::kUnavailable, detail, {}, 0};
    }
    // Statements prepared before a schema change ("cached plan must not change result type"): start afresh.
    if (code == "0A000") broken_ = true;
    if (code == "40001" || code == "40P01" || code == "55P03" || code.starts_with("53"))
        return {ErrorCode::kUnavailable, detail, {}, 0};
    return {ErrorCode::kInternal, detail, {}, 0};
}

domain::Result<QueryResult> Connection::Execute(const std::string& sql, const Params& params) {
    return Run(sql, params, true);
}

domain::Result<QueryResult> Connection::ExecuteOnce(const std::string& sql, const Params& params) {
    return Run(sql, params, false);
}

domain::Result<QueryResult> Connection::Run(const std::string& sql, const Params& params, bool prepare) {
    std::vector<const char*> values(params.Size());
    std::vector<int> lengths(params.Size());
    for (std::size_t i = 0; i < params.Size(); ++i) {
        values[i] = params.nulls_[i] ? nullptr : params.values_[i].data();
        lengths[i] = static_cast<int>(params.values_[i].size());
    }
    const int count = static_cast<int>(params.Size());
    PGresult* raw = nullptr;
    auto found = prepared_.find(sql);
    if (prepare && found == prepared_.end() && prepared_.size() < kMaxPrepared) {
        std::string name = "k" + std::to_string(++next_statement_);
        QueryResult prepared(PQprepare(conn_, name.c_str(), NumberPlaceholders(sql).c_str(), 0, nullptr));
        if (PQresultStatus(prepared.raw()) != PGRES_COMMAND_OK) return std::unexpected(Failure(prepared.raw(), sql));
        found = prepared_.emplace(sql, std::move(name)).first;
    }
    if (!deferred_.empty()) {
        return Pipeline(sql, [&] {
            return found != prepared_.end()
                       ? PQsendQueryPrepared(conn_, found->second.c_str(), count, values.data(), lengths.data(),
                                             params.formats_.data(), 0)
                       : PQsendQueryParams(conn_, NumberPlaceholders(sql).c_str(), count, nullptr, values.data(),
                                           lengths.data(), params.formats_.data(), 0);
        });
    }
    if (found != prepared_.end()) {
        raw = PQexecPrepared(conn_, found->second.c_str(), count, values.data(), lengths.data(),
                             params.formats_.data(), 0);
    } else {
        raw = PQexecParams(conn_, NumberPlaceholders(sql).c_str(), count, nullptr, values.data(), lengths.data(),
                           params.formats_.data(), 0);
    }
    QueryResult result(raw);
    ExecStatusType status = PQresultStatus(raw);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return std::unexpected(Failure(raw, sql));
    return result;
}

template <class Send>
domain::Result<QueryResult> Connection::Pipeline(const std::string& sql, Send send_statement) {
    std::vector<std::string> deferred = std::move(deferred_);
    deferred_.clear();
    bool sent = PQenterPipelineMode(conn_) == 1;
    for (const std::string& statement : deferred)
        sent = sent && PQsendQueryParams(conn_, statement.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
    sent = sent && send_statement() == 1 && PQpipelineSync(conn_) == 1;
    if (!sent) {
        broken_ = true;
        return std::unexpected(Failure(nullptr, sql));
    }
    // One result per statement (each followed by NULL), then the sync marker.
    std::vector<QueryResult> results;
    for (int nulls = 0; nulls < 2;) {
        PGresult* raw = PQgetResult(conn_);
        if (raw == nullptr) {
            ++nulls;
            continue;
        }
        nulls = 0;
        if (PQresultStatus(raw) == PGRES_PIPELINE_SYNC) {
            PQclear(raw);
            break;
        }
        results.emplace_back(raw);
    }
    if (PQexitPipelineMode(conn_) != 1) broken_ = true;
    if (results.size() != deferred.size() + 1) return std::unexpected(Failure(nullptr, sql));
    for (std::size_t i = 0; i < results.size(); ++i) {
        ExecStatusType status = PQresultStatus(results[i].raw());
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
            return std::unexpected(Failure(results[i].raw(), i < deferred.size() ? deferred[i] : sql));
    }
    return std::move(results.back());
}

domain::Result<QueryResult> Connection::ExecuteGuarded(const std::string& sql, const Params& params) {
    Defer("SAVEPOINT kesu_statement");
    auto result = Execute(sql, params);
    if (!result && !Broken()) (void)Exec("ROLLBACK TO SAVEPOINT kesu_statement");
    if (auto released = Exec("RELEASE SAVEPOINT kesu_statement"); !released && result)
        return std::unexpected(released.error());
    return result;
}

domain::Result<void> Connection::Exec(const std::string& sql) {
    auto tag = ExecTag(sql);
    if (!tag) return std::unexpected(tag.error());
    return {};
}

domain::Result<std::string> Connection::ExecTag(const std::string& sql) {
    std::string all;
    for (const std::string& statement : deferred_) all += statement + "; ";
    deferred_.clear();
    QueryResult result(PQexec(conn_, (all + sql).c_str()));
    ExecStatusType status = PQresultStatus(result.raw());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        return std::unexpected(Failure(result.raw(), sql.substr(0, 80)));
    return std::string(PQcmdStatus(const_cast<PGresult*>(result.raw())));
}

std::string NumberPlaceholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    bool in_literal = false;
    int next = 0;
    for (char c : sql) {
        if (c == '\'') in_literal = !in_literal;
        if (c == '?' && !in_literal) {
            out += '$';
            out += std::to_string(++next);
        } else {
            out += c;
        }
    }
    return out;
}

std::string QuoteLexeme(std::string_view lexeme) {
    std::string quoted = "'";
    for (char c : lexeme) {
        if (c == '\'') quoted += "''";
        else if (c == '\\') quoted += "\\\\";
        else quoted += c;
    }
    return quoted + "'";
}

}  // namespace kesu::storage::postgres
