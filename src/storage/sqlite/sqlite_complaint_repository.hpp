// Complaints in SQLite: scalar columns for filtering and sorting, the nested parts as JSON, personal data
// encrypted with blind indexes (see storage/common/complaint_codec.hpp).
#pragma once

#include <functional>

#include "crypto/pii_cipher.hpp"
#include "domain/complaint_repository.hpp"
#include "domain/database.hpp"
#include "search/sqlite_search_index.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace kesu::storage::sqlite {

// What becomes of a changed complaint's full-text entry, and what a search does first.
struct ComplaintIndexing {
    // Record the complaint in search_queue for the background indexer (SqliteDatabase's writer).
    bool queue = false;
    // Otherwise, with a target, build the entries there for the caller to write (the indexer); without one, write
    // them to the index at once.
    std::vector<search::IndexedDocument>* collect = nullptr;
    // Called before a full-text search reads the index (readers: wait for the indexer to catch up). False: the wait
    // timed out, and the index may lack changes committed before this read.
    std::function<bool()> before_search;
};

class SqliteComplaintRepository final : public domain::ComplaintRepository {
public:
    // `changes` collects the complaints changed (for the change feed).
    SqliteComplaintRepository(Connection& connection, const crypto::PiiCipher& cipher,
                              search::SqliteSearchIndex& search,
                              std::vector<domain::ComplaintChange>* changes = nullptr, ComplaintIndexing indexing = {})
        : connection_(connection),
          cipher_(cipher),
          search_(search),
          changes_(changes),
          indexing_(std::move(indexing)) {}

    domain::Result<domain::Complaint> Get(std::int64_t id) override;
    domain::Result<domain::Complaint> GetByNumber(std::string_view number) override;
    domain::Result<void> Insert(domain::Complaint& complaint) override;
    domain::Result<void> Update(const domain::Complaint& complaint, int expected_version) override;
    domain::Result<std::int64_t> NextSequence(std::string_view counter) override;
    domain::Result<domain::ComplaintPage> List(const domain::ComplaintQuery& query) override;
    domain::Result<std::vector<domain::ComplaintSummary>> FindOpenByContact(const domain::Complainant& complainant,
                                                                            int limit) override;
    domain::Result<std::vector<std::pair<domain::Status, std::int64_t>>> CountByStatus() override;
    domain::Result<domain::SearchResultPage> Search(const domain::SearchRequest& request) override;
    domain::Result<std::vector<domain::SimilarComplaint>> FindSimilar(std::int64_t id,
                                                                      const domain::VisibilityScope& scope,
                                                                      int limit) override;
    // Rewrites the complaint's full-text entry from its current row and messages (or queues it, see
    // ComplaintIndexing).
    domain::Result<void> Reindex(std::int64_t id);
    domain::Result<domain::OverviewCounts> Overview(const domain::VisibilityScope& scope, domain::Instant now,
                                                    std::chrono::minutes utc_offset) override;

private:
    domain::Result<domain::Complaint> ReadOne(Statement& statement);
    domain::Result<void> IndexDocument(const domain::Complaint& complaint, bool with_messages);
    domain::Result<void> Enqueue(std::int64_t id);
    domain::Result<domain::SearchResultPage> SearchText(const domain::SearchRequest& request,
                                                        const search::ParsedQuery& parsed);
    domain::Result<std::vector<domain::ComplaintSummary>> SummariesOf(const std::vector<std::int64_t>& ids,
                                                                      std::vector<std::string>* descriptions);

    Connection& connection_;
    const crypto::PiiCipher& cipher_;
    search::SqliteSearchIndex& search_;
    std::vector<domain::ComplaintChange>* changes_;
    ComplaintIndexing indexing_;
};

}  // namespace kesu::storage::sqlite
