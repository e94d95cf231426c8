#include "storage/sqlite/sqlite_complaint_repository.hpp"

#include <cstdio>
#include <map>

#include "storage/common/complaint_codec.hpp"

namespace kesu::storage::sqlite {

using domain::Complaint;
using domain::ComplaintSummary;
using domain::ErrorCode;
using domain::Fail;
namespace common = storage::common;

namespace {

constexpr const char* kColumns =
    "id, number, kind, channel, status, version, received_at, created_at, updated_at, occurred_at, subject, "
    "description, product, order_number, customer_request, business_line, source_ref, amount_fen, category_id, "
    "level, difficulty, owner_id, department_id, pii, details, access_code_digest, privacy_consent, next_due_at";

constexpr const char* kSummaryColumns =
    "id, number, kind, status, channel, level, difficulty, subject, masked_name, category_id, department_id, "
    "owner_id, received_at, updated_at, version, next_due_at, emergency";

template <class E>
E Parse(std::span<const domain::EnumName<E>> names, const std::string& text, E fallback) {
    return domain::ParseIn(names, text).value_or(fallback);
}

domain::Level LevelFrom(std::int64_t value) {
    if (value == 1) return domain::Level::kMajor;
    if (value == 2) return domain::Level::kImportant;
    return domain::Level::kGeneral;
}

ComplaintSummary ReadSummary(const Statement& row) {
    ComplaintSummary s;
    s.id = row.Int(0);
    s.number = row.Text(1);
    s.kind = Parse(domain::RequestKindNames(), row.Text(2), domain::RequestKind::kComplaint);
    s.status = Parse(domain::StatusNames(), row.Text(3), domain::Status::kRegistered);
    s.channel = Parse(domain::ChannelNames(), row.Text(4), domain::Channel::kWeb);
    s.level = LevelFrom(row.Int(5));
    s.difficulty = Parse(domain::DifficultyNames(), row.Text(6), domain::Difficulty::kSimple);
    s.subject = row.Text(7);
    s.masked_name = row.Text(8);
    s.category_id = row.OptionalInt(9);
    s.department_id = row.OptionalInt(10);
    s.owner_id = row.OptionalInt(11);
    s.received_at = domain::FromMillis(row.Int(12));
    s.updated_at = domain::FromMillis(row.Int(13));
    s.version = static_cast<int>(row.Int(14));
    if (auto due = row.OptionalInt(15)) s.next_due_at = domain::FromMillis(*due);
    s.emergency = row.Int(16) != 0;
    return s;
}

// A bound value of a dynamically built query: text or integer.
struct Param {
    Param(std::int64_t value) : number(value) {}  // NOLINT(google-explicit-constructor)
    Param(std::string value) : is_text(true), text(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    bool is_text = false;
    std::int64_t number = 0;
    std::string text;
};

void BindParams(Statement& statement, const std::vector<Param>& params) {
    int index = 0;
    for (const Param& param : params) {
        ++index;
        if (param.is_text) statement.BindAt(index, param.text);
        else statement.BindAt(index, param.number);
    }
}

std::optional<std::int64_t> OptionalMillis(const std::optional<domain::Instant>& at) {
    return at ? std::optional(domain::ToMillis(*at)) : std::nullopt;
}

bool HasActiveEmergency(const Complaint& c) { return c.emergency && !c.emergency->resolved_at && domain::IsOpen(c.status); }

}  // namespace

domain::Result<Complaint> SqliteComplaintRepository::ReadOne(Statement& row) {
    Complaint c;
    c.id = row.Int(0);
    c.number = row.Text(1);
    c.kind = Parse(domain::RequestKindNames(), row.Text(2), domain::RequestKind::kComplaint);
    c.channel = Parse(domain::ChannelNames(), row.Text(3), domain::Channel::kWeb);
    c.status = Parse(domain::StatusNames(), row.Text(4), domain::Status::kRegistered);
    c.version = static_cast<int>(row.Int(5));
    c.received_at = domain::FromMillis(row.Int(6));
    c.created_at = domain::FromMillis(row.Int(7));
    c.updated_at = domain::FromMillis(row.Int(8));
    if (auto at = row.OptionalInt(9)) c.occurred_at = domain::FromMillis(*at);
    c.subject = row.Text(10);
    c.description = row.Text(11);
    c.product = row.Text(12);
    c.order_number = row.Text(13);
    c.customer_request = row.Text(14);
    c.business_line = row.Text(15);
    c.source_ref = row.Text(16);
    c.amount_fen = row.OptionalInt(17);
    c.category_id = row.OptionalInt(18);
    c.level = LevelFrom(row.Int(19));
    c.difficulty = Parse(domain::DifficultyNames(), row.Text(20), domain::Difficulty::kSimple);
    c.owner_id = row.OptionalInt(21);
    c.department_id = row.OptionalInt(22);
    auto complainant = common::OpenComplainant(cipher_, row.BlobAt(23));
    if (!complainant) return std::unexpected(complainant.error());
    c.complainant = std::move(*complainant);
    if (auto decoded = common::DecodeDetails(row.Text(24), c); !decoded) return std::unexpected(decoded.error());
    c.access_code_digest = row.Text(25);
    c.privacy_consent = row.Int(26) != 0;
    if (auto due = row.OptionalInt(27)) c.next_due_at = domain::FromMillis(*due);
    return c;
}

domain::Result<Complaint> SqliteComplaintRepository::Get(std::int64_t id) {
    auto statement = connection_.Prepare(std::string("SELECT ") + kColumns + " FROM complaints WHERE id = ?");
    if (!statement) return std::unexpected(statement.error());
    statement->Bind(id);
    auto row = statement->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return Fail(ErrorCode::kNotFound, "complaint " + std::to_string(id) + " does not exist");
    return ReadOne(*statement);
}

domain::Result<Complaint> SqliteComplaintRepository::GetByNumber(std::string_view number) {
    auto statement = connection_.Prepare(std::string("SELECT ") + kColumns + " FROM complaints WHERE number = ?");
    if (!statement) return std::unexpected(statement.error());
    statement->Bind(number);
    auto row = statement->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return Fail(ErrorCode::kNotFound, "complaint " + std::string(number) + " does not exist");
    return ReadOne(*statement);
}

domain::Result<void> SqliteComplaintRepository::Insert(Complaint& c) {
    auto statement = connection_.Prepare(
        "INSERT INTO complaints (number, kind, channel, status, is_open, version, received_at, created_at, "
        "updated_at, occurred_at, subject, description, product, order_number, customer_request, business_line, "
        "source_ref, amount_fen, category_id, level, difficulty, owner_id, department_id, customer_id, masked_name, "
        "pii, phone_index, email_index, details, access_code_digest, privacy_consent, next_due_at, emergency, closed_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!statement) return std::unexpected(statement.error());
    common::PiiColumns pii = common::SealComplainant(cipher_, c.complainant);
    statement->Bind(c.number, domain::NameOf(c.kind), domain::NameOf(c.channel), domain::NameOf(c.status),
                    domain::IsOpen(c.status), c.version, domain::ToMillis(c.received_at), domain::ToMillis(c.created_at),
                    domain::ToMillis(c.updated_at), OptionalMillis(c.occurred_at), c.subject, c.description,
                    c.product, c.order_number, c.customer_request, c.business_line, c.source_ref, c.amount_fen,
                    c.category_id, static_cast<int>(c.level), domain::NameOf(c.difficulty), c.owner_id,
                    c.department_id, c.complainant.customer_id, pii.masked_name, Blob{pii.sealed}, pii.phone_index,
                    pii.email_index, common::EncodeDetails(c), c.access_code_digest, c.privacy_consent,
                    OptionalMillis(c.next_due_at), HasActiveEmergency(c), OptionalMillis(c.closed_at));
    if (auto done = statement->Run(); !done) {
        if (done.error().code == ErrorCode::kConflict)
            return Fail(ErrorCode::kConflict, "complaint number " + c.number + " already exists");
        return done;
    }
    c.id = connection_.LastInsertId();
    return {};
}

domain::Result<void> SqliteComplaintRepository::Update(const Complaint& c, int expected_version) {
    auto statement = connection_.Prepare(
        "UPDATE complaints SET channel = ?, status = ?, is_open = ?, version = ?, received_at = ?, updated_at = ?, "
        "occurred_at = ?, subject = ?, description = ?, product = ?, order_number = ?, customer_request = ?, "
        "business_line = ?, source_ref = ?, amount_fen = ?, category_id = ?, level = ?, difficulty = ?, owner_id = ?, "
        "department_id = ?, customer_id = ?, masked_name = ?, pii = ?, phone_index = ?, email_index = ?, details = ?, "
        "access_code_digest = ?, privacy_consent = ?, next_due_at = ?, emergency = ?, closed_at = ? "
        "WHERE id = ? AND version = ?");
    if (!statement) return std::unexpected(statement.error());
    common::PiiColumns pii = common::SealComplainant(cipher_, c.complainant);
    statement->Bind(domain::NameOf(c.channel), domain::NameOf(c.status), domain::IsOpen(c.status), c.version,
                    domain::ToMillis(c.received_at), domain::ToMillis(c.updated_at), OptionalMillis(c.occurred_at),
                    c.subject, c.description, c.product, c.order_number, c.customer_request, c.business_line,
                    c.source_ref, c.amount_fen, c.category_id, static_cast<int>(c.level), domain::NameOf(c.difficulty),
                    c.owner_id, c.department_id, c.complainant.customer_id, pii.masked_name, Blob{pii.sealed},
                    pii.phone_index, pii.email_index, common::EncodeDetails(c), c.access_code_digest,
                    c.privacy_consent, OptionalMillis(c.next_due_at), HasActiveEmergency(c), OptionalMillis(c.closed_at),
                    c.id, expected_version);
    if (auto done = statement->Run(); !done) return done;
    if (connection_.Changes() == 1) return {};
    auto existing = Get(c.id);
    if (!existing) return std::unexpected(existing.error());
    return Fail(ErrorCode::kStaleVersion, "complaint " + c.number + " was changed by someone else (version " +
                                              std::to_string(existing->version) + ", you had " +
                                              std::to_string(expected_version) + "); reload and try again");
}

domain::Result<std::int64_t> SqliteComplaintRepository::NextSequence(std::string_view counter) {
    auto statement = connection_.Prepare(
        "INSERT INTO sequences (name, value) VALUES (?, 1) "
        "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value");
    if (!statement) return std::unexpected(statement.error());
    statement->Bind(counter);
    auto row = statement->Step();
    if (!row) return std::unexpected(row.error());
    return statement->Int(0);
}

domain::Result<domain::ComplaintPage> SqliteComplaintRepository::List(const domain::ComplaintQuery& q) {
    std::string sql = std::string("SELECT ") + kSummaryColumns + " FROM complaints WHERE 1 = 1";
    std::vector<Param> params;
    auto where = [&](const std::string& clause, auto... values) {
        sql += " AND " + clause;
        (params.push_back(Param(values)), ...);
    };

    // Scope, skipped when an explicit filter already keeps the query inside it (so the queue index is used).
    const domain::VisibilityScope& scope = q.scope;
    bool inside_scope = scope.all || (q.department_id && q.department_id == scope.department_id) ||
                        (q.owner_id && scope.user_id != 0 && *q.owner_id == scope.user_id) ||
                        (q.unassigned_department && scope.intake);
    if (!inside_scope) {
        std::vector<std::string> allowed;
        if (scope.intake) allowed.push_back("department_id IS NULL");
        if (scope.department_id) {
            allowed.push_back("department_id = ?");
            params.push_back(*scope.department_id);
        }
        if (scope.user_id != 0) {
            allowed.push_back("owner_id = ?");
            params.push_back(scope.user_id);
        }
        if (allowed.empty()) {
            sql += " AND 0";
        } else {
            std::string any;
            for (const auto& clause : allowed) any += (any.empty() ? "" : " OR ") + clause;
            sql += " AND (" + any + ")";
        }
    }
    if (q.status) where("status = ?", std::string(domain::NameOf(*q.status)));
    if (q.open) where("is_open = ?", std::int64_t{*q.open ? 1 : 0});
    if (q.kind) where("kind = ?", std::string(domain::NameOf(*q.kind)));
    if (q.category_id)
        where("category_id IN (SELECT id FROM categories WHERE id = ? OR parent_id = ?)", *q.category_id, *q.category_id);
    if (q.level) where("level = ?", std::int64_t{static_cast<int>(*q.level)});
    if (q.channel) where("channel = ?", std::string(domain::NameOf(*q.channel)));
    if (q.department_id) where("department_id = ?", *q.department_id);
    if (q.unassigned_department) sql += " AND department_id IS NULL";
    if (q.owner_id) where("owner_id = ?", *q.owner_id);
    if (q.unowned) sql += " AND owner_id IS NULL";
    if (q.received_from) where("received_at >= ?", domain::ToMillis(*q.received_from));
    if (q.received_to) where("received_at < ?", domain::ToMillis(*q.received_to));
    if (q.due_before) where("is_open = 1 AND next_due_at < ?", domain::ToMillis(*q.due_before));
    if (q.emergency_only) sql += " AND emergency = 1";

    std::string sort_column = q.sort == domain::ComplaintSort::kUpdatedAt ? "updated_at" : "received_at";
    const char* direction = q.descending ? "DESC" : "ASC";
    if (q.after) {
        where("(" + sort_column + ", id) " + (q.descending ? "<" : ">") + " (?, ?)", q.after->sort_value, q.after->id);
    }
    sql += " ORDER BY " + sort_column + " " + direction + ", id " + direction + " LIMIT ?";
    params.push_back(std::int64_t{q.limit + 1});

    auto statement = connection_.Prepare(sql);
    if (!statement) return std::unexpected(statement.error());
    BindParams(*statement, params);
    domain::ComplaintPage page;
    for (;;) {
        auto row = statement->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        page.items.push_back(ReadSummary(*statement));
    }
    if (page.items.size() > static_cast<std::size_t>(q.limit)) {
        page.items.pop_back();
        const ComplaintSummary& last = page.items.back();
        std::int64_t sort_value = q.sort == domain::ComplaintSort::kUpdatedAt ? domain::ToMillis(last.updated_at)
                                                                              : domain::ToMillis(last.received_at);
        page.next = domain::PageCursor{sort_value, last.id};
    }
    return page;
}

domain::Result<std::vector<ComplaintSummary>> SqliteComplaintRepository::FindOpenByContact(
    const domain::Complainant& complainant, int limit) {
    common::PiiColumns pii = common::SealComplainant(cipher_, complainant);
    std::vector<std::string> matches;
    std::vector<Param> params;
    if (!pii.phone_index.empty()) {
        matches.push_back("phone_index = ?");
        params.push_back(pii.phone_index);
    }
    if (!pii.email_index.empty()) {
        matches.push_back("email_index = ?");
        params.push_back(pii.email_index);
    }
    if (!complainant.customer_id.empty()) {
        matches.push_back("customer_id = ?");
        params.push_back(complainant.customer_id);
    }
    if (matches.empty()) return std::vector<ComplaintSummary>{};
    std::string any;
    for (const auto& clause : matches) any += (any.empty() ? "" : " OR ") + clause;
    std::string sql = std::string("SELECT ") + kSummaryColumns + " FROM complaints WHERE is_open = 1 AND (" + any +
                      ") ORDER BY received_at DESC, id DESC LIMIT ?";
    params.push_back(std::int64_t{limit});
    auto statement = connection_.Prepare(sql);
    if (!statement) return std::unexpected(statement.error());
    BindParams(*statement, params);
    std::vector<ComplaintSummary> found;
    for (;;) {
        auto row = statement->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        found.push_back(ReadSummary(*statement));
    }
    return found;
}

domain::Result<domain::OverviewCounts> SqliteComplaintRepository::Overview(const domain::VisibilityScope& scope,
                                                                           domain::Instant now,
                                                                           std::chrono::minutes utc_offset) {
    // The scope as a condition on its own, with its parameters.
    std::string in_scope = "1";
    std::vector<Param> scope_params;
    if (!scope.all) {
        std::vector<std::string> allowed;
        if (scope.intake) allowed.push_back("department_id IS NULL");
        if (scope.department_id) {
            allowed.push_back("department_id = ?");
            scope_params.push_back(*scope.department_id);
        }
        if (scope.user_id != 0) {
            allowed.push_back("owner_id = ?");
            scope_params.push_back(scope.user_id);
        }
        in_scope = "0";
        for (const auto& clause : allowed) in_scope += " OR " + clause;
    }
    const std::int64_t day = 86'400'000;
    std::int64_t offset = std::chrono::duration_cast<std::chrono::milliseconds>(utc_offset).count();
    std::int64_t now_ms = domain::ToMillis(now);
    std::int64_t day_start = (now_ms + offset) / day * day - offset;
    std::int64_t day_end = day_start + day;

    auto count = [&](const std::string& condition, std::vector<Param> params) -> domain::Result<std::int64_t> {
        auto statement = connection_.Prepare("SELECT COUNT(*) FROM complaints WHERE (" + in_scope + ") AND " + condition);
        if (!statement) return std::unexpected(statement.error());
        std::vector<Param> all = scope_params;
        all.insert(all.end(), params.begin(), params.end());
        BindParams(*statement, all);
        auto row = statement->Step();
        if (!row) return std::unexpected(row.error());
        return statement->Int(0);
    };
    domain::OverviewCounts counts;
    struct Item {
        std::int64_t* target;
        std::string condition;
        std::vector<Param> params;
    };
    std::vector<Item> items{
        {&counts.received_today, "received_at >= ? AND received_at < ?", {day_start, day_end}},
        {&counts.closed_today, "closed_at >= ? AND closed_at < ?", {day_start, day_end}},
        {&counts.open_total, "is_open = 1", {}},
        {&counts.overdue_open, "is_open = 1 AND next_due_at < ?", {now_ms}},
        {&counts.due_today, "is_open = 1 AND next_due_at >= ? AND next_due_at < ?", {now_ms, day_end}},
        {&counts.emergencies_open, "emergency = 1", {}},
    };
    for (auto& item : items) {
        auto value = count(item.condition, item.params);
        if (!value) return std::unexpected(value.error());
        *item.target = *value;
    }
    auto by_status = connection_.Prepare("SELECT status, COUNT(*) FROM complaints WHERE (" + in_scope +
                                         ") AND is_open = 1 GROUP BY status ORDER BY status");
    if (!by_status) return std::unexpected(by_status.error());
    BindParams(*by_status, scope_params);
    for (;;) {
        auto row = by_status->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        if (auto status = domain::ParseIn(domain::StatusNames(), by_status->Text(0)))
            counts.open_by_status.emplace_back(*status, by_status->Int(1));
    }
    std::int64_t since = day_start - 13 * day;
    auto per_day = connection_.Prepare("SELECT (received_at + ?) / ? AS day, COUNT(*) FROM complaints WHERE (" + in_scope +
                                       ") AND received_at >= ? GROUP BY day ORDER BY day");
    if (!per_day) return std::unexpected(per_day.error());
    std::vector<Param> day_params{offset, day};
    day_params.insert(day_params.end(), scope_params.begin(), scope_params.end());
    day_params.push_back(since);
    BindParams(*per_day, day_params);
    std::map<std::int64_t, std::int64_t> received;
    for (;;) {
        auto row = per_day->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        received[per_day->Int(0)] = per_day->Int(1);
    }
    for (std::int64_t d = (since + offset) / day; d <= (day_start + offset) / day; ++d) {
        auto date = std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{d}}};
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                      static_cast<unsigned>(date.day()));
        counts.received_last_14_days.emplace_back(text, received.contains(d) ? received[d] : 0);
    }
    return counts;
}

domain::Result<std::vector<std::pair<domain::Status, std::int64_t>>> SqliteComplaintRepository::CountByStatus() {
    auto statement = connection_.Prepare("SELECT status, COUNT(*) FROM complaints GROUP BY status");
    if (!statement) return std::unexpected(statement.error());
    std::vector<std::pair<domain::Status, std::int64_t>> counts;
    for (;;) {
        auto row = statement->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        if (auto status = domain::ParseIn(domain::StatusNames(), statement->Text(0)))
            counts.emplace_back(*status, statement->Int(1));
    }
    return counts;
}

}  // namespace kesu::storage::sqlite
