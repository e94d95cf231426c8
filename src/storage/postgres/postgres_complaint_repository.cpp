#include "storage/postgres/postgres_complaint_repository.hpp"

#include <cstdio>
#include <map>

#include "search/query.hpp"
#include "search/snippet.hpp"
#include "storage/common/complaint_codec.hpp"
#include "storage/common/complaint_rows.hpp"
#include "storage/common/search_paging.hpp"
#include "storage/postgres/postgres_complaint_filter.hpp"

namespace kesu::storage::postgres {

using domain::Complaint;
using domain::ComplaintSummary;
using domain::ErrorCode;
using domain::Fail;
namespace common = storage::common;

namespace {

ComplaintSummary ReadSummary(const Row& row) { return common::SummaryFromRow(row, row.Bool(common::kEmergencyColumn)); }

std::vector<ComplaintSummary> Summaries(const QueryResult& rows) {
    std::vector<ComplaintSummary> summaries;
    for (int i = 0; i < rows.Rows(); ++i) summaries.push_back(ReadSummary(rows.At(i)));
    return summaries;
}

std::string IdArray(const std::vector<std::int64_t>& ids) {
    std::string array = "{";
    for (auto id : ids) array += (array.size() > 1 ? "," : "") + std::to_string(id);
    return array + "}";
}

}  // namespace

domain::Result<Complaint> PostgresComplaintRepository::ReadOne(const Row& row) const {
    return common::FullComplaintFromRow(row, cipher_, row.Bytea(common::kPiiColumn), row.View(common::kDetailsColumn),
                                        row.Bool(common::kPrivacyConsentColumn));
}

domain::Result<Complaint> PostgresComplaintRepository::Get(std::int64_t id) {
    auto rows = connection_.Query(std::string("SELECT ") + common::kComplaintColumns + " FROM complaints WHERE id = ?", id);
    if (!rows) return std::unexpected(rows.error());
    if (rows->Rows() == 0) return Fail(ErrorCode::kNotFound, "complaint " + std::to_string(id) + " does not exist");
    return ReadOne(rows->At(0));
}

domain::Result<Complaint> PostgresComplaintRepository::GetByNumber(std::string_view number) {
    auto rows = connection_.Query(std::string("SELECT ") + common::kComplaintColumns + " FROM complaints WHERE number = ?", number);
    if (!rows) return std::unexpected(rows.error());
    if (rows->Rows() == 0) return Fail(ErrorCode::kNotFound, "complaint " + std::string(number) + " does not exist");
    return ReadOne(rows->At(0));
}

domain::Result<void> PostgresComplaintRepository::Insert(Complaint& c) {
    common::PiiColumns pii = common::SealComplainant(cipher_, c.complainant);
    auto inserted = connection_.Query(
        "INSERT INTO complaints (number, kind, channel, status, is_open, version, received_at, created_at, "
        "updated_at, occurred_at, subject, description, product, order_number, customer_request, business_line, "
        "source_ref, amount_fen, category_id, level, difficulty, owner_id, department_id, customer_index, masked_name, "
        "pii, phone_index, email_index, details, access_code_digest, privacy_consent, next_due_at, emergency, "
        "closed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT (number) DO NOTHING RETURNING id",
        c.number, domain::NameOf(c.kind), domain::NameOf(c.channel), domain::NameOf(c.status),
        domain::IsOpen(c.status), c.version, domain::ToMillis(c.received_at), domain::ToMillis(c.created_at),
        domain::ToMillis(c.updated_at), common::OptionalMillis(c.occurred_at), c.subject, c.description, c.product,
        c.order_number, c.customer_request, c.business_line, c.source_ref, c.amount_fen, c.category_id,
        static_cast<int>(c.level), domain::NameOf(c.difficulty), c.owner_id, c.department_id,
        pii.customer_index, pii.masked_name, Bytes{pii.sealed}, pii.phone_index, pii.email_index,
        common::EncodeDetails(c), c.access_code_digest, c.privacy_consent, common::OptionalMillis(c.next_due_at),
        common::HasActiveEmergency(c), common::OptionalMillis(c.closed_at));
    if (!inserted) return std::unexpected(inserted.error());
    if (inserted->Rows() == 0) return Fail(ErrorCode::kConflict, "complaint number " + c.number + " already exists");
    c.id = inserted->At(0).Int(0);
    if (changes_) changes_->push_back({c.id, c.number, c.status, c.department_id, c.owner_id, c.version});
    return IndexDocument(c, false);
}

domain::Result<void> PostgresComplaintRepository::IndexDocument(const Complaint& c, bool with_messages) {
    search::IndexedDocument document;
    document.doc_id = c.id;
    document.sort_time = c.received_at;
    document.subject = c.subject;
    document.body = c.description;
    if (!c.customer_request.empty()) document.body += "\n" + c.customer_request;
    if (!c.reply.empty()) document.body += "\n" + c.reply;
    if (with_messages) {
        auto messages = connection_.Query("SELECT customer_visible, body FROM messages WHERE complaint_id = ? ORDER BY id",
                                          c.id);
        if (!messages) return std::unexpected(messages.error());
        for (int i = 0; i < messages->Rows(); ++i) {
            std::string& target = messages->At(i).Bool(0) ? document.body : document.internal_notes;
            target += (target.empty() ? "" : "\n") + messages->At(i).Text(1);
        }
    }
    document.product_order = c.product + " " + c.order_number;
    document.customer_name = c.complainant.name;
    common::PiiColumns pii = common::SealComplainant(cipher_, c.complainant);
    document.customer_key = !pii.phone_index.empty()   ? pii.phone_index
                            : !pii.email_index.empty() ? pii.email_index
                                                       : pii.customer_index;
    return search_.Upsert(document);
}

domain::Result<void> PostgresComplaintRepository::Reindex(std::int64_t id) {
    auto complaint = Get(id);
    if (!complaint) return std::unexpected(complaint.error());
    return IndexDocument(*complaint, true);
}

domain::Result<void> PostgresComplaintRepository::Update(const Complaint& c, int expected_version) {
    common::PiiColumns pii = common::SealComplainant(cipher_, c.complainant);
    auto changed = AffectedRows(connection_.Query(
        "UPDATE complaints SET channel = ?, status = ?, is_open = ?, version = ?, received_at = ?, updated_at = ?, "
        "occurred_at = ?, subject = ?, description = ?, product = ?, order_number = ?, customer_request = ?, "
        "business_line = ?, source_ref = ?, amount_fen = ?, category_id = ?, level = ?, difficulty = ?, owner_id = ?, "
        "department_id = ?, customer_index = ?, masked_name = ?, pii = ?, phone_index = ?, email_index = ?, "
        "details = ?, "
        "access_code_digest = ?, privacy_consent = ?, next_due_at = ?, emergency = ?, closed_at = ? "
        "WHERE id = ? AND version = ?",
        domain::NameOf(c.channel), domain::NameOf(c.status), domain::IsOpen(c.status), c.version,
        domain::ToMillis(c.received_at), domain::ToMillis(c.updated_at), common::OptionalMillis(c.occurred_at), c.subject,
        c.description, c.product, c.order_number, c.customer_request, c.business_line, c.source_ref, c.amount_fen,
        c.category_id, static_cast<int>(c.level), domain::NameOf(c.difficulty), c.owner_id, c.department_id,
        pii.customer_index, pii.masked_name, Bytes{pii.sealed}, pii.phone_index, pii.email_index,
        common::EncodeDetails(c), c.access_code_digest, c.privacy_consent, common::OptionalMillis(c.next_due_at),
        common::HasActiveEmergency(c), common::OptionalMillis(c.closed_at), c.id, expected_version));
    if (!changed) return std::unexpected(changed.error());
    if (*changed == 1) {
        if (changes_) changes_->push_back({c.id, c.number, c.status, c.department_id, c.owner_id, c.version});
        return IndexDocument(c, true);
    }
    auto existing = Get(c.id);
    if (!existing) return std::unexpected(existing.error());
    return Fail(ErrorCode::kStaleVersion, "complaint " + c.number + " was changed by someone else (version " +
                                              std::to_string(existing->version) + ", you had " +
                                              std::to_string(expected_version) + "); reload and try again");
}

domain::Result<std::int64_t> PostgresComplaintRepository::NextSequence(std::string_view counter) {
    return FirstRow<std::int64_t>(
        connection_.Query("INSERT INTO sequences (name, value) VALUES (?, 1) "
                          "ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 RETURNING value",
                          counter),
        [](const Row& row) { return row.Int(0); }, "no sequence value");
}

domain::Result<domain::ComplaintPage> PostgresComplaintRepository::List(const domain::ComplaintQuery& q) {
    FilterSql f = BuildFilter(q);
    std::string sort_column = q.sort == domain::ComplaintSort::kUpdatedAt ? "updated_at" : "received_at";
    const char* direction = q.descending ? "DESC" : "ASC";
    if (q.after)
        f.Add("(" + sort_column + ", id) " + (q.descending ? "<" : ">") + " (?, ?)", q.after->sort_value, q.after->id);
    Params params;
    AddValues(params, f.params);
    params.Add(std::int64_t{q.limit + 1});
    auto rows = connection_.Execute(std::string("SELECT ") + common::kSummaryColumns + " FROM complaints WHERE " +
                                        f.conditions + " ORDER BY " + sort_column + " " + direction + ", id " +
                                        direction + " LIMIT ?",
                                    params);
    if (!rows) return std::unexpected(rows.error());
    domain::ComplaintPage page;
    page.items = Summaries(*rows);
    if (page.items.size() > static_cast<std::size_t>(q.limit)) {
        page.items.pop_back();
        const ComplaintSummary& last = page.items.back();
        std::int64_t sort_value = q.sort == domain::ComplaintSort::kUpdatedAt ? domain::ToMillis(last.updated_at)
                                                                              : domain::ToMillis(last.received_at);
        page.next = domain::PageCursor{sort_value, last.id};
    }
    return page;
}

domain::Result<std::vector<ComplaintSummary>> PostgresComplaintRepository::SummariesOf(
    const std::vector<std::int64_t>& ids, std::vector<std::string>* descriptions) {
    std::vector<ComplaintSummary> summaries;
    if (ids.empty()) return summaries;
    auto rows = connection_.Query(std::string("SELECT ") + common::kSummaryColumns +
                                      ", description FROM complaints WHERE id = ANY(?::bigint[])",
                                  IdArray(ids));
    if (!rows) return std::unexpected(rows.error());
    std::map<std::int64_t, std::pair<ComplaintSummary, std::string>> found;
    for (int i = 0; i < rows->Rows(); ++i) {
        ComplaintSummary summary = ReadSummary(rows->At(i));
        found.emplace(summary.id, std::pair{summary, rows->At(i).Text(17)});
    }
    for (auto id : ids) {  // in the order asked (rank order)
        auto it = found.find(id);
        if (it == found.end()) continue;
        summaries.push_back(it->second.first);
        if (descriptions) descriptions->push_back(it->second.second);
    }
    return summaries;
}

domain::Result<domain::SearchResultPage> PostgresComplaintRepository::Search(const domain::SearchRequest& r) {
    auto parsed = search::ParseQuery(r.text);
    if (!parsed) return std::unexpected(parsed.error());
    FilterSql f = BuildFilter(r.filters);
    AddQueryFilters(f, parsed->filters, r.actor_user_id, r.utc_offset);
    domain::SearchResultPage page;
    std::int64_t limit = std::max(1, r.filters.limit);
    if (!parsed->text) {
        // Only field filters: newest first.
        Params params;
        AddValues(params, f.params);
        params.Add(limit + 1);
        params.Add(r.offset);
        auto rows = connection_.Execute(std::string("SELECT ") + common::kSummaryColumns + " FROM complaints WHERE " +
                                            f.conditions + " ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?",
                                        params);
        if (!rows) return std::unexpected(rows.error());
        for (auto& summary : Summaries(*rows)) page.items.push_back({std::move(summary), 0, ""});
        common::FinishFilterOnlyPage(page, r.offset, limit);
        return page;
    }
    search::SearchOptions options;
    options.columns = search::ColumnSet::Public();
    if (r.include_internal_notes) options.columns = options.columns.With(search::IndexColumn::kInternalNotes);
    if (r.include_customer_names) options.columns = options.columns.With(search::IndexColumn::kCustomerName);
    options.limit = static_cast<std::size_t>(limit);
    options.offset = static_cast<std::size_t>(r.offset);
    options.order = r.by_date ? search::SearchOrder::kNewest : search::SearchOrder::kRelevance;
    options.doc_filter_sql = "d.doc_id IN (SELECT id FROM complaints WHERE " + f.conditions + ")";
    options.doc_filter_arguments = f.params;
    auto hits = search_.Search(*parsed->text, options);
    if (!hits) return std::unexpected(hits.error());
    std::vector<std::int64_t> ids;
    for (const auto& hit : hits->hits) ids.push_back(hit.doc_id);
    std::vector<std::string> descriptions;
    auto summaries = SummariesOf(ids, &descriptions);
    if (!summaries) return std::unexpected(summaries.error());
    for (std::size_t i = 0; i < summaries->size(); ++i) {
        const ComplaintSummary& summary = (*summaries)[i];
        double score = 0;
        for (const auto& hit : hits->hits)
            if (hit.doc_id == summary.id) score = hit.score;
        page.items.push_back(
            {summary, score, search::HitSnippet(search_.normalizer(), descriptions[i], summary.subject, *parsed->text)});
    }
    page.total = static_cast<std::int64_t>(hits->total);
    page.total_capped = hits->total_is_capped;
    if (r.offset + limit < page.total) page.next_offset = r.offset + limit;
    return page;
}

domain::Result<std::vector<domain::SimilarComplaint>> PostgresComplaintRepository::FindSimilar(
    std::int64_t id, const domain::VisibilityScope& scope, int limit) {
    search::SimilarOptions options;
    options.limit = static_cast<std::size_t>(std::max(1, limit) * 3);  // room for those outside the scope
    auto hits = search_.Similar(id, options);
    if (!hits) return std::unexpected(hits.error());
    std::vector<std::int64_t> ids;
    for (const auto& hit : *hits) ids.push_back(hit.doc_id);
    auto summaries = SummariesOf(ids, nullptr);
    if (!summaries) return std::unexpected(summaries.error());
    std::vector<domain::SimilarComplaint> similar;
    for (const auto& summary : *summaries) {
        bool visible = scope.all || (scope.intake && !summary.department_id) ||
                       (scope.department_id && summary.department_id == scope.department_id) ||
                       (scope.user_id != 0 && summary.owner_id == scope.user_id);
        if (!visible) continue;
        for (const auto& hit : *hits)
            if (hit.doc_id == summary.id) similar.push_back({summary, hit.similarity, hit.same_customer});
        if (similar.size() >= static_cast<std::size_t>(limit)) break;
    }
    return similar;
}

domain::Result<std::vector<ComplaintSummary>> PostgresComplaintRepository::FindOpenByContact(
    const domain::Complainant& complainant, int limit) {
    common::PiiColumns pii = common::SealComplainant(cipher_, complainant);
    std::vector<std::string> matches;
    Params params;
    if (!pii.phone_index.empty()) {
        matches.push_back("phone_index = ?");
        params.Add(pii.phone_index);
    }
    if (!pii.email_index.empty()) {
        matches.push_back("email_index = ?");
        params.Add(pii.email_index);
    }
    if (!pii.customer_index.empty()) {
        matches.push_back("customer_index = ?");
        params.Add(pii.customer_index);
    }
    if (matches.empty()) return std::vector<ComplaintSummary>{};
    std::string any;
    for (const auto& clause : matches) any += (any.empty() ? "" : " OR ") + clause;
    params.Add(std::int64_t{limit});
    auto rows = connection_.Execute(std::string("SELECT ") + common::kSummaryColumns + " FROM complaints WHERE is_open AND (" +
                                        any + ") ORDER BY received_at DESC, id DESC LIMIT ?",
                                    params);
    if (!rows) return std::unexpected(rows.error());
    return Summaries(*rows);
}

domain::Result<domain::OverviewCounts> PostgresComplaintRepository::Overview(const domain::VisibilityScope& scope,
                                                                             domain::Instant now,
                                                                             std::chrono::minutes utc_offset) {
    const FilterSql in_scope = ScopeFilter(scope);
    const std::int64_t day = 86'400'000;
    const std::int64_t offset = std::chrono::duration_cast<std::chrono::milliseconds>(utc_offset).count();
    const std::int64_t now_ms = domain::ToMillis(now);
    const std::int64_t day_start = (now_ms + offset) / day * day - offset;
    const std::int64_t day_end = day_start + day;
    const std::int64_t since = day_start - 13 * day;

    // Every count in one scan of the complaints in scope.
    Params params;
    for (std::int64_t value : {day_start, day_end, day_start, day_end, now_ms, now_ms, day_end}) params.Add(value);
    AddValues(params, in_scope.params);
    auto totals = connection_.Execute(
        "SELECT count(*) FILTER (WHERE received_at >= ? AND received_at < ?), "
        "count(*) FILTER (WHERE closed_at >= ? AND closed_at < ?), "
        "count(*) FILTER (WHERE is_open), "
        "count(*) FILTER (WHERE is_open AND next_due_at < ?), "
        "count(*) FILTER (WHERE is_open AND next_due_at >= ? AND next_due_at < ?), "
        "count(*) FILTER (WHERE emergency) "
        "FROM complaints WHERE " + in_scope.conditions,
        params);
    if (!totals) return std::unexpected(totals.error());
    domain::OverviewCounts counts;
    const Row row = totals->At(0);
    counts.received_today = row.Int(0);
    counts.closed_today = row.Int(1);
    counts.open_total = row.Int(2);
    counts.overdue_open = row.Int(3);
    counts.due_today = row.Int(4);
    counts.emergencies_open = row.Int(5);

    Params status_params;
    AddValues(status_params, in_scope.params);
    auto by_status = connection_.Execute("SELECT status, count(*) FROM complaints WHERE " + in_scope.conditions +
                                             " AND is_open GROUP BY status ORDER BY status",
                                         status_params);
    if (!by_status) return std::unexpected(by_status.error());
    for (int i = 0; i < by_status->Rows(); ++i) {
        if (auto status = domain::ParseIn(domain::StatusNames(), by_status->At(i).Text(0)))
            counts.open_by_status.emplace_back(*status, by_status->At(i).Int(1));
    }

    Params day_params;
    day_params.Add(offset);
    day_params.Add(day);
    AddValues(day_params, in_scope.params);
    day_params.Add(since);
    auto per_day = connection_.Execute("SELECT (received_at + ?) / ? AS day, count(*) FROM complaints WHERE " +
                                           in_scope.conditions + " AND received_at >= ? GROUP BY day ORDER BY day",
                                       day_params);
    if (!per_day) return std::unexpected(per_day.error());
    std::map<std::int64_t, std::int64_t> received;
    for (int i = 0; i < per_day->Rows(); ++i) received[per_day->At(i).Int(0)] = per_day->At(i).Int(1);
    for (std::int64_t d = (since + offset) / day; d <= (day_start + offset) / day; ++d) {
        auto date = std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{d}}};
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
        counts.received_last_14_days.emplace_back(text, received.contains(d) ? received[d] : 0);
    }
    return counts;
}

domain::Result<std::vector<std::pair<domain::Status, std::int64_t>>> PostgresComplaintRepository::CountByStatus() {
    auto rows = connection_.Query("SELECT status, count(*) FROM complaints GROUP BY status");
    if (!rows) return std::unexpected(rows.error());
    std::vector<std::pair<domain::Status, std::int64_t>> counts;
    for (int i = 0; i < rows->Rows(); ++i) {
        if (auto status = domain::ParseIn(domain::StatusNames(), rows->At(i).Text(0)))
            counts.emplace_back(*status, rows->At(i).Int(1));
    }
    return counts;
}

}  // namespace kesu::storage::postgres
