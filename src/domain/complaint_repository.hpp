// Port: where complaints are kept. Implemented by every storage backend and checked by one contract suite
// (tests/storage/contract_*). All calls run inside a Transaction (see database.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/access_policy.hpp"
#include "domain/complaint.hpp"
#include "domain/error.hpp"

namespace kesu::domain {

enum class ComplaintSort { kReceivedAt, kUpdatedAt, kLevel };

// Keyset position after the last row of a page: the sort value and the id that breaks ties.
struct PageCursor {
    std::int64_t sort_value = 0;
    std::int64_t id = 0;
};

struct ComplaintQuery {
    VisibilityScope scope;
    std::optional<Status> status;
    std::optional<bool> open;
    std::optional<RequestKind> kind;
    std::optional<std::int64_t> category_id;  // matches the category and its sub-categories
    std::optional<Level> level;
    std::optional<Channel> channel;
    std::optional<std::int64_t> department_id;
    bool unassigned_department = false;  // only complaints with no department
    std::optional<std::int64_t> owner_id;
    bool unowned = false;  // only complaints with no owner
    std::optional<Instant> received_from;  // inclusive
    std::optional<Instant> received_to;    // exclusive
    std::optional<Instant> due_before;     // a running clock's deadline falls before this (includes overdue)
    bool emergency_only = false;           // only complaints with an active emergency process
    ComplaintSort sort = ComplaintSort::kReceivedAt;
    bool descending = true;
    std::optional<PageCursor> after;
    int limit = 50;
};

// What lists show: no personal data except the masked name.
struct ComplaintSummary {
    std::int64_t id = 0;
    std::string number;
    RequestKind kind = RequestKind::kComplaint;
    Status status = Status::kRegistered;
    Channel channel = Channel::kWeb;
    Level level = Level::kGeneral;
    Difficulty difficulty = Difficulty::kSimple;
    std::string subject;
    std::string masked_name;
    std::optional<std::int64_t> category_id;
    std::optional<std::int64_t> department_id;
    std::optional<std::int64_t> owner_id;
    Instant received_at;
    Instant updated_at;
    std::optional<Instant> next_due_at;
    bool emergency = false;
    int version = 1;
};

struct ComplaintPage {
    std::vector<ComplaintSummary> items;
    std::optional<PageCursor> next;  // absent on the last page
};

// Full-text search within the list's filters and the reader's scope (docs/search.md has the query language).
struct SearchRequest {
    std::string text;        // what the user typed: words, "phrases", OR, -exclusions, field:value filters
    ComplaintQuery filters;  // scope, list filters and limit; sort and cursor are ignored
    std::int64_t offset = 0;
    bool by_date = false;    // newest first instead of by relevance
    bool include_internal_notes = false;
    bool include_customer_names = false;  // only for readers who may see personal data
    std::int64_t actor_user_id = 0;       // what owner:me means
    std::chrono::minutes utc_offset{480};  // what from:2026-11-01 means
};

struct SearchHitSummary {
    ComplaintSummary summary;
    double score = 0;
    std::string snippet;  // HTML: text escaped, matches in <mark>
};

struct SearchResultPage {
    std::vector<SearchHitSummary> items;
    std::int64_t total = 0;
    bool total_capped = false;
    std::optional<std::int64_t> next_offset;
    // The index had not taken in every change committed before the search (it is written behind the commit and
    // the wait for it timed out): recent changes may be missing from the page.
    bool incomplete = false;
};

struct SimilarComplaint {
    ComplaintSummary summary;
    double similarity = 0;   // 0..1
    bool same_customer = false;
};

struct OverviewCounts {
    std::int64_t received_today = 0;
    std::int64_t closed_today = 0;
    std::int64_t open_total = 0;
    std::int64_t overdue_open = 0;
    std::int64_t due_today = 0;
    std::int64_t emergencies_open = 0;
    std::vector<std::pair<Status, std::int64_t>> open_by_status;
    std::vector<std::pair<std::string, std::int64_t>> received_last_14_days;  // "2026-11-22" → count, oldest first
};

class ComplaintRepository {
public:
    virtual ~ComplaintRepository() = default;

    virtual Result<Complaint> Get(std::int64_t id) = 0;
    virtual Result<Complaint> GetByNumber(std::string_view number) = 0;
    // Assigns complaint.id. Number must be unique (kConflict otherwise).
    virtual Result<void> Insert(Complaint& complaint) = 0;
    // Writes `complaint` only if the stored version is `expected_version` (kStaleVersion otherwise).
    virtual Result<void> Update(const Complaint& complaint, int expected_version) = 0;
    // Next value of a named counter, starting at 1 (complaint numbers count per day: "TS-20261122").
    virtual Result<std::int64_t> NextSequence(std::string_view counter) = 0;
    virtual Result<ComplaintPage> List(const ComplaintQuery& query) = 0;
    // Open complaints by the same person (phone, email or customer id), newest first, for repeat warnings.
    virtual Result<std::vector<ComplaintSummary>> FindOpenByContact(const Complainant& complainant, int limit) = 0;
    virtual Result<std::vector<std::pair<Status, std::int64_t>>> CountByStatus() = 0;
    virtual Result<SearchResultPage> Search(const SearchRequest& request) = 0;
    // Earlier complaints most like this one (the same customer's first), within the scope.
    virtual Result<std::vector<SimilarComplaint>> FindSimilar(std::int64_t id, const VisibilityScope& scope, int limit) = 0;
    // Today's numbers within a scope, for the overview page. Days are civil days at `utc_offset`.
    virtual Result<OverviewCounts> Overview(const VisibilityScope& scope, Instant now, std::chrono::minutes utc_offset) = 0;
};

}  // namespace kesu::domain
