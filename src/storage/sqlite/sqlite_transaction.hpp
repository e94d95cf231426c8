// The repositories of one SQLite transaction, all sharing its connection. Created by SqliteDatabase for each
// Read or batched Write; never outlives it.
#pragma once

#include "crypto/pii_cipher.hpp"
#include "domain/database.hpp"
#include "storage/sqlite/sqlite_account_repositories.hpp"
#include "storage/sqlite/sqlite_audit_repository.hpp"
#include "storage/sqlite/sqlite_complaint_repository.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_sla_repositories.hpp"
#include "storage/sqlite/sqlite_support_repositories.hpp"

namespace kesu::storage::sqlite {

class SqliteTransaction final : public domain::Transaction {
public:
    // `changes` (write transactions only) collects the complaints changed, for the change feed; `indexing` says
    // what becomes of their full-text entries (see ComplaintIndexing).
    SqliteTransaction(Connection& connection, search::SqliteSearchIndex& search, const crypto::PiiCipher& cipher,
                      const domain::AuditHasher& hasher, std::vector<domain::ComplaintChange>* changes = nullptr,
                      ComplaintIndexing indexing = {})
        : complaints_(connection, cipher, search, changes, std::move(indexing)),
          audit_(connection, hasher),
          users_(connection),
          departments_(connection),
          sessions_(connection),
          api_tokens_(connection),
          categories_(connection),
          messages_(connection, complaints_),
          attachments_(connection),
          idempotency_(connection),
          throttle_(connection),
          settings_(connection),
          sla_(connection),
          timers_(connection),
          outbox_(connection),
          templates_(connection) {}

    domain::ComplaintRepository& Complaints() override { return complaints_; }
    domain::AuditRepository& Audit() override { return audit_; }
    domain::UserRepository& Users() override { return users_; }
    domain::DepartmentRepository& Departments() override { return departments_; }
    domain::SessionRepository& Sessions() override { return sessions_; }
    domain::ApiTokenRepository& ApiTokens() override { return api_tokens_; }
    domain::CategoryRepository& Categories() override { return categories_; }
    domain::MessageRepository& Messages() override { return messages_; }
    domain::AttachmentRepository& Attachments() override { return attachments_; }
    domain::IdempotencyRepository& Idempotency() override { return idempotency_; }
    domain::ThrottleRepository& Throttle() override { return throttle_; }
    domain::SettingsRepository& Settings() override { return settings_; }
    domain::SlaRepository& Sla() override { return sla_; }
    domain::TimerRepository& Timers() override { return timers_; }
    domain::OutboxRepository& Outbox() override { return outbox_; }
    domain::TemplateRepository& Templates() override { return templates_; }

private:
    SqliteComplaintRepository complaints_;
    SqliteAuditRepository audit_;
    SqliteUserRepository users_;
    SqliteDepartmentRepository departments_;
    SqliteSessionRepository sessions_;
    SqliteApiTokenRepository api_tokens_;
    SqliteCategoryRepository categories_;
    SqliteMessageRepository messages_;
    SqliteAttachmentRepository attachments_;
    SqliteIdempotencyRepository idempotency_;
    SqliteThrottleRepository throttle_;
    SqliteSettingsRepository settings_;
    SqliteSlaRepository sla_;
    SqliteTimerRepository timers_;
    SqliteOutboxRepository outbox_;
    SqliteTemplateRepository templates_;
};

}  // namespace kesu::storage::sqlite
