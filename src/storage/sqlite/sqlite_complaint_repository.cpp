#include "storage/sqlite/sqlite_complaint_repository.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>
#include <variant>

#include "search/query.hpp"
#include "search/snippet.hpp"
#include "storage/common/complaint_codec.hpp"
#include "storage/common/complaint_filter.hpp"
#include "storage/common/complaint_rows.hpp"
#include "storage/common/search_paging.hpp"

namespace kesu::storage::sqlite {

using domain::Complaint;
using domain::ComplaintSummary;
using domain::ErrorCode;
using domain::Fail;
namespace common = storage::common;

namespace {

ComplaintSummary ReadSummary(const Statement& row) {
    return common::SummaryFromRow(row, row.Int(common::kEmergencyColumn) != 0);
}

using common::AddQueryFilters;
using common::FilterSql;
using common::SqlValue;

FilterSql BuildFilter(const domain::ComplaintQuery& query) {
    return common::BuildFilter(query, common::kSqliteDialect);
}

void BindParams(Statement& statement, const std::vector<SqlValue>& params) {
    int index = 0;
    for (const SqlValue& param : params) {
        ++index;
        if (const auto* number = std::get_if<std::int64_t>(&param))
            statement.BindAt(index, *number);
        else
            statement.BindAt(index, std::get<std::string>(param));
    }
}

}  // namespace

domain::Result<Complaint> SqliteComplaintRepository::ReadOne(Statement& row) {
    return common::FullComplaintFromRow(row, cipher_, row.BlobAt(common::kPiiColumn), row.Text(common::kDetailsColumn),
                                        row.Int(common::kPrivacyConsentColumn) != 0);
}

domain::Result<Complaint> SqliteComplaintRepository::Get(std::int64_t id) {
    auto statement =
        connection_.Prepare(std::string("SELECT ") + common::kComplaintColumns + " FROM complaints WHERE id = ?");
    if (!statement) return std::unexpected(statement.error());
    statement->Bind(id);
    auto row = statement->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return Fail(ErrorCode::kNotFound, "complaint " + std::to_string(id) + " does not exist");
    return ReadOne(*statement);
}

domain::Result<Complaint> SqliteComplaintRepository::GetByNumber(std::string_view number) {
    auto statement =
        connection_.Prepare(std::string("SELECT ") + common::kComplaintColumns + " FROM complaints WHERE number = ?");
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
        "source_ref, amount_fen, category_id, level, difficulty, owner_id, department_id, customer_index, masked_name, "
        "pii, phone_index, email_index, details, access_code_digest, privacy_consent, next_due_at, emergency, closed_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!statement) return std::unexpected(statement.error());
    common::PiiColumns pii = common::SealComplainant(cipher_, c.complainant);
    statement->Bind(c.number, domain::NameOf(c.kind), domain::NameOf(c.channel), domain::NameOf(c.status),
                    domain::IsOpen(c.status), c.version, domain::ToMillis(c.received_at), domain::ToMillis(c.created_at),
                    domain::ToMillis(c.updated_at), common::OptionalMillis(c.occurred_at), c.subject, c.description,
                    c.product, c.order_number, c.customer_request, c.business_line, c.source_ref, c.amount_fen,
                    c.category_id, static_cast<int>(c.level), domain::NameOf(c.difficulty), c.owner_id,
                    c.department_id, pii.customer_index, pii.masked_name, Blob{pii.sealed}, pii.phone_index,
                    pii.email_index, common::EncodeDetails(c), c.access_code_digest, c.privacy_consent,
                    common::OptionalMillis(c.next_due_at), common::HasActiveEmergency(c), common::OptionalMillis(c.closed_at));
    if (auto done = statement->Run(); !done) {
        if (done.error().code == ErrorCode::kConflict)
            return Fail(ErrorCode::kConflict, "complaint number " + c.number + " already exists");
        return done;
    }
    c.id = connection_.LastInsertId();
    if (changes_) changes_->push_back({c.id, c.number, c.status, c.department_id, c.owner_id, c.version});
    return IndexDocument(c, false);
}

domain::Result<void> SqliteComplaintRepository::Enqueue(std::int64_t id) {
    return connection_.Run("INSERT INTO search_queue (doc_id) VALUES (?)", id);
}

domain::Result<void> SqliteComplaintRepository::IndexDocument(const Complaint& c, bool with_messages) {
    if (indexing_.queue) return Enqueue(c.id);
    search::IndexedDocument document;
    document.doc_id = c.id;
    document.sort_time = c.received_at;
    document.subject = c.subject;
    document.body = c.description;
    if (!c.customer_request.empty()) document.body += "\n" + c.customer_request;
    if (!c.reply.empty()) document.body += "\n" + c.reply;
    if (with_messages) {
        auto messages =
            connection_.Query("SELECT customer_visible, body FROM messages WHERE complaint_id = ? ORDER BY id", c.id);
        if (!messages) return std::unexpected(messages.error());
        for (;;) {
            auto row = messages->Step();
            if (!row) return std::unexpected(row.error());
            if (!*row) break;
            std::string& target = messages->Int(0) != 0 ? document.body : document.internal_notes;
            target += (target.empty() ? "" : "\n") + messages->Text(1);
        }
    }
    document.product_order = c.product + " " + c.order_number;
    document.customer_name = c.complainant.name;
    common::PiiColumns pii = common::SealComplainant(cipher_, c.complainant);
    document.customer_key = !pii.phone_index.empty()   ? pii.phone_index
                            : !pii.email_index.empty() ? pii.email_index
                                                       : pii.customer_index;
    document.scope = {search::DepartmentScopeToken(c.department_id), search::OwnerScopeToken(c.owner_id)};
    if (indexing_.collect) {
        indexing_.collect->push_back(std::move(document));
        return {};
    }
    return search_.Upsert(document);
}

domain::Result<void> SqliteComplaintRepository::Reindex(std::int64_t id) {
    if (indexing_.queue) return Enqueue(id);
    auto complaint = Get(id);
    if (!complaint) return std::unexpected(complaint.error());
    return IndexDocument(*complaint, true);
}

domain::Result<void> SqliteComplaintRepository::Update(const Complaint& c, int expected_version) {
    auto statement = connection_.Prepare(
        "UPDATE complaints SET channel = ?, status = ?, is_open = ?, version = ?, received_at = ?, updated_at = ?, "
        "occurred_at = ?, subject = ?, description = ?, product = ?, order_number = ?, customer_request = ?, "
        "business_line = ?, source_ref = ?, amount_fen = ?, category_id = ?, level = ?, difficulty = ?, owner_id = ?, "
        "department_id = ?, customer_index = ?, masked_name = ?, pii = ?, phone_index = ?, email_index = ?, "
        "details = ?, "
        "access_code_digest = ?, privacy_consent = ?, next_due_at = ?, emergency = ?, closed_at = ? "
        "WHERE id = ? AND version = ?");
    if (!statement) return std::unexpected(statement.error());
    common::PiiColumns pii = common::SealComplainant(cipher_, c.complainant);
    statement->Bind(domain::NameOf(c.channel), domain::NameOf(c.status), domain::IsOpen(c.status), c.version,
                    domain::ToMillis(c.received_at), domain::ToMillis(c.updated_at), common::OptionalMillis(c.occurred_at),
                    c.subject, c.description, c.product, c.order_number, c.customer_request, c.business_line,
                    c.source_ref, c.amount_fen, c.category_id, static_cast<int>(c.level), domain::NameOf(c.difficulty),
                    c.owner_id, c.department_id, pii.customer_index, pii.masked_name, Blob{pii.sealed},
                    pii.phone_index, pii.email_index, common::EncodeDetails(c), c.access_code_digest,
                    c.privacy_consent, common::OptionalMillis(c.next_due_at), common::HasActiveEmergency(c), common::OptionalMillis(c.closed_at),
                    c.id, expected_version);
    if (auto done = statement->Run(); !done) return done;
    if (connection_.Changes() == 1) {
        if (changes_) changes_->push_back({c.id, c.number, c.status, c.department_id, c.owner_id, c.version});
        return IndexDocument(c, true);
    }
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

namespace {}  // namespace

domain::Result<domain::ComplaintPage> SqliteComplaintRepository::List(const domain::ComplaintQuery& q) {
    FilterSql f = BuildFilter(q);
    std::string sort_column = q.sort == domain::ComplaintSort::kUpdatedAt ? "updated_at" : "received_at";
    const char* direction = q.descending ? "DESC" : "ASC";
    if (q.after)
        f.Add("(" + sort_column + ", id) " + (q.descending ? "<" : ">") + " (?, ?)", q.after->sort_value, q.after->id);
    std::string sql = std::string("SELECT ") + common::kSummaryColumns + " FROM complaints WHERE " + f.conditions +
                      " ORDER BY " + sort_column + " " + direction + ", id " + direction + " LIMIT ?";
    f.params.push_back(std::int64_t{q.limit + 1});

    auto statement = connection_.Prepare(sql);
    if (!statement) return std::unexpected(statement.error());
    BindParams(*statement, f.params);
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

domain::Result<std::vector<ComplaintSummary>> SqliteComplaintRepository::SummariesOf(
    const std::vector<std::int64_t>& ids, std::vector<std::string>* descriptions) {
    std::vector<ComplaintSummary> summaries;
    if (ids.empty()) return summaries;
    std::string marks;
    for (std::size_t i = 0; i < ids.size(); ++i) marks += i ? ", ?" : "?";
    auto statement = connection_.Prepare(std::string("SELECT ") + common::kSummaryColumns +
                                         ", description FROM complaints WHERE id IN (" + marks + ")");
    if (!statement) return std::unexpected(statement.error());
    int index = 0;
    for (auto id : ids) statement->BindAt(++index, id);
    std::map<std::int64_t, std::pair<ComplaintSummary, std::string>> found;
    for (;;) {
        auto row = statement->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        ComplaintSummary summary = ReadSummary(*statement);
        found.emplace(summary.id, std::pair{summary, statement->Text(17)});
    }
    for (auto id : ids) {  // in the order asked (rank order)
        auto it = found.find(id);
        if (it == found.end()) continue;
        summaries.push_back(it->second.first);
        if (descriptions) descriptions->push_back(it->second.second);
    }
    return summaries;
}

domain::Result<domain::SearchResultPage> SqliteComplaintRepository::Search(const domain::SearchRequest& r) {
    auto parsed = search::ParseQuery(r.text);
    if (!parsed) return std::unexpected(parsed.error());
    if (parsed->text) return SearchText(r, *parsed);
    FilterSql f = BuildFilter(r.filters);
    AddQueryFilters(f, parsed->filters, r.actor_user_id, r.utc_offset);
    domain::SearchResultPage page;
    std::int64_t limit = std::max(1, r.filters.limit);
    // Only field filters: newest first.
    std::string sql = std::string("SELECT ") + common::kSummaryColumns + " FROM complaints WHERE " + f.conditions +
                      " ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?";
    f.params.push_back(limit + 1);
    f.params.push_back(r.offset);
    auto statement = connection_.Prepare(sql);
    if (!statement) return std::unexpected(statement.error());
    BindParams(*statement, f.params);
    for (;;) {
        auto row = statement->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        page.items.push_back({ReadSummary(*statement), 0, ""});
    }
    common::FinishFilterOnlyPage(page, r.offset, limit);
    return page;
}

namespace {

// The reader's scope as search-index scope tokens (see search::DepartmentScopeToken); nullopt: everything.
std::optional<std::vector<std::string>> ScopeTokens(const domain::VisibilityScope& scope) {
    if (scope.all) return std::nullopt;
    std::vector<std::string> tokens;
    if (scope.intake) tokens.push_back(search::DepartmentScopeToken(std::nullopt));
    if (scope.department_id) tokens.push_back(search::DepartmentScopeToken(scope.department_id));
    if (scope.user_id != 0) tokens.push_back(search::OwnerScopeToken(scope.user_id));
    return tokens;
}

bool InScope(const domain::VisibilityScope& scope, const ComplaintSummary& summary) {
    return scope.all || (scope.intake && !summary.department_id) ||
           (scope.department_id && summary.department_id == scope.department_id) ||
           (scope.user_id != 0 && summary.owner_id == scope.user_id);
}

}  // namespace

// Words to find: the reader's scope is part of the FTS5 query (scope tokens), the other list filters are checked
// per candidate against the narrow covering index complaints_search_filter.
domain::Result<domain::SearchResultPage> SqliteComplaintRepository::SearchText(const domain::SearchRequest& r,
                                                                               const search::ParsedQuery& parsed) {
    domain::SearchResultPage page;
    std::int64_t limit = std::max(1, r.filters.limit);
    const domain::VisibilityScope& scope = r.filters.scope;
    auto scope_tokens = ScopeTokens(scope);
    if (scope_tokens && scope_tokens->empty()) return page;  // the reader may see nothing
    domain::ComplaintQuery filters = r.filters;
    filters.scope = domain::VisibilityScope{};
    filters.scope.all = true;
    FilterSql f = BuildFilter(filters);
    AddQueryFilters(f, parsed.filters, r.actor_user_id, r.utc_offset);
    search::SearchOptions options;
    if (scope_tokens) options.scope_any = *scope_tokens;
    options.columns = search::ColumnSet::Public();
    if (r.include_internal_notes) options.columns = options.columns.With(search::IndexColumn::kInternalNotes);
    if (r.include_customer_names) options.columns = options.columns.With(search::IndexColumn::kCustomerName);
    options.limit = static_cast<std::size_t>(limit);
    options.offset = static_cast<std::size_t>(r.offset);
    options.order = r.by_date ? search::SearchOrder::kNewest : search::SearchOrder::kRelevance;
    // Correlated: one probe per candidate match, rather than materialising every visible id. The narrow
    // covering index (migration 0003) keeps each probe on a page shared with its neighbours.
    if (f.conditions != common::kSqliteDialect.always) {
        options.doc_filter_sql =
            "EXISTS (SELECT 1 FROM complaints INDEXED BY complaints_search_filter "
            "WHERE complaints.id = d.doc_id AND " +
            f.conditions + ")";
        options.doc_filter_arguments = f.params;
    }
    // An index that has not caught up is still searched, but the page says it may miss recent changes.
    if (indexing_.before_search && !indexing_.before_search()) page.incomplete = true;
    auto hits = search_.Search(*parsed.text, options);
    if (!hits) return std::unexpected(hits.error());
    std::vector<std::int64_t> ids;
    for (const auto& hit : hits->hits) ids.push_back(hit.doc_id);
    std::vector<std::string> descriptions;
    auto summaries = SummariesOf(ids, &descriptions);
    if (!summaries) return std::unexpected(summaries.error());
    for (std::size_t i = 0; i < summaries->size(); ++i) {
        const ComplaintSummary& summary = (*summaries)[i];
        // The index's scope tokens are rewritten with every change of the complaint; checked again here so an
        // index that fell behind can never show a complaint outside the reader's scope.
        if (!InScope(scope, summary)) continue;
        double score = 0;
        for (const auto& hit : hits->hits)
            if (hit.doc_id == summary.id) score = hit.score;
        page.items.push_back(
            {summary, score, search::HitSnippet(search_.normalizer(), descriptions[i], summary.subject, *parsed.text)});
    }
    page.total = static_cast<std::int64_t>(hits->total);
    page.total_capped = hits->total_is_capped;
    if (r.offset + limit < page.total) page.next_offset = r.offset + limit;
    return page;
}

domain::Result<std::vector<domain::SimilarComplaint>> SqliteComplaintRepository::FindSimilar(
    std::int64_t id, const domain::VisibilityScope& scope, int limit) {
    search::SimilarOptions options;
    options.limit = static_cast<std::size_t>(std::max(1, limit) * 3);  // room for those outside the scope
    if (indexing_.before_search) (void)indexing_.before_search();      // a timeout is logged and counted by the indexer
    auto hits = search_.Similar(id, options);
    if (!hits) return std::unexpected(hits.error());
    domain::ComplaintQuery in_scope;
    in_scope.scope = scope;
    FilterSql f = BuildFilter(in_scope);
    std::vector<std::int64_t> ids;
    for (const auto& hit : *hits) ids.push_back(hit.doc_id);
    auto summaries = SummariesOf(ids, nullptr);
    if (!summaries) return std::unexpected(summaries.error());
    std::vector<domain::SimilarComplaint> similar;
    for (const auto& summary : *summaries) {
        domain::Complaint probe;
        probe.department_id = summary.department_id;
        probe.owner_id = summary.owner_id;
        bool visible = scope.all || (scope.intake && !probe.department_id) ||
                       (scope.department_id && probe.department_id == scope.department_id) ||
                       (scope.user_id != 0 && probe.owner_id == scope.user_id);
        if (!visible) continue;
        for (const auto& hit : *hits)
            if (hit.doc_id == summary.id) similar.push_back({summary, hit.similarity, hit.same_customer});
        if (similar.size() >= static_cast<std::size_t>(limit)) break;
    }
    (void)f;
    return similar;
}

domain::Result<std::vector<ComplaintSummary>> SqliteComplaintRepository::FindOpenByContact(
    const domain::Complainant& complainant, int limit) {
    common::PiiColumns pii = common::SealComplainant(cipher_, complainant);
    // One bounded, index-ordered query per kind of contact (each repeats its partial index's condition), merged
    // here: the cost stays a few rows even for someone with thousands of complaints.
    const std::pair<const char*, std::string> contacts[] = {
        {"phone_index", pii.phone_index}, {"email_index", pii.email_index}, {"customer_index", pii.customer_index}};
    std::vector<ComplaintSummary> found;
    for (const auto& [column, value] : contacts) {
        if (value.empty()) continue;
        std::string name(column);
        auto rows = CollectRows<ComplaintSummary>(
            connection_.Query(std::string("SELECT ") + common::kSummaryColumns + " FROM complaints WHERE " + name +
                                  " = ? AND " + name + " <> '' AND is_open = 1 ORDER BY received_at DESC LIMIT ?",
                              value, limit),
            ReadSummary);
        if (!rows) return std::unexpected(rows.error());
        for (auto& row : *rows)
            if (std::ranges::none_of(found, [&](const ComplaintSummary& s) { return s.id == row.id; }))
                found.push_back(std::move(row));
    }
    std::ranges::sort(found, [](const ComplaintSummary& a, const ComplaintSummary& b) {
        return std::tie(a.received_at, a.id) > std::tie(b.received_at, b.id);
    });
    if (found.size() > static_cast<std::size_t>(limit)) found.resize(static_cast<std::size_t>(limit));
    return found;
}

domain::Result<domain::OverviewCounts> SqliteComplaintRepository::Overview(const domain::VisibilityScope& scope,
                                                                           domain::Instant now,
                                                                           std::chrono::minutes utc_offset) {
    // The scope as a condition on its own, with its parameters.
    const FilterSql scoped = common::ScopeFilter(scope, common::kSqliteDialect);
    const std::string& in_scope = scoped.conditions;
    const std::vector<SqlValue>& scope_params = scoped.params;
    const std::int64_t day = 86'400'000;
    std::int64_t offset = std::chrono::duration_cast<std::chrono::milliseconds>(utc_offset).count();
    std::int64_t now_ms = domain::ToMillis(now);
    std::int64_t day_start = (now_ms + offset) / day * day - offset;
    std::int64_t day_end = day_start + day;

    auto count = [&](const std::string& condition, std::vector<SqlValue> params) -> domain::Result<std::int64_t> {
        auto statement =
            connection_.Prepare("SELECT COUNT(*) FROM complaints WHERE (" + in_scope + ") AND " + condition);
        if (!statement) return std::unexpected(statement.error());
        std::vector<SqlValue> all = scope_params;
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
        std::vector<SqlValue> params;
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
    auto per_day = connection_.Prepare("SELECT (received_at + ?) / ? AS day, COUNT(*) FROM complaints WHERE (" +
                                       in_scope + ") AND received_at >= ? GROUP BY day ORDER BY day");
    if (!per_day) return std::unexpected(per_day.error());
    std::vector<SqlValue> day_params{offset, day};
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
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
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
