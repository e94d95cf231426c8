// The repositories of one PostgreSQL transaction, all sharing its connection. Created by PostgresDatabase for
// each Read or batched Write; never outlives it.
#pragma once

#include "crypto/pii_cipher.hpp"
#include "domain/database.hpp"
#include "storage/postgres/postgres_account_repositories.hpp"
#include "storage/postgres/postgres_audit_repository.hpp"
#include "storage/postgres/postgres_complaint_repository.hpp"
#include "storage/postgres/postgres_connection.hpp"
#include "storage/postgres/postgres_search_index.hpp"
#include "storage/postgres/postgres_sla_repositories.hpp"
#include "storage/postgres/postgres_support_repositories.hpp"

namespace kesu::storage::postgres {

class PostgresTransaction final : public domain::Transaction {
public:
    // `writable`: a write transaction (holding the write lock), where queues may lock what they hand out.
    // `changes` (write transactions only) collects the complaints changed, for the change feed.
    PostgresTransaction(Connection& connection, const search::TextNormalizer& normalizer,
                        const search::TokenHasher& customer_hasher, const crypto::PiiCipher& cipher,
                        const domain::AuditHasher& hasher, bool writable,
                        std::vector<domain::ComplaintChange>* changes = nullptr)
        : search_(connection, normalizer, customer_hasher),
          complaints_(connection, cipher, search_, changes),
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
          outbox_(connection, writable),
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

    PostgresComplaintRepository& ComplaintStore() { return complaints_; }
    PostgresSearchIndex& SearchIndex() { return search_; }

private:
    PostgresSearchIndex search_;
    PostgresComplaintRepository complaints_;
    PostgresAuditRepository audit_;
    PostgresUserRepository users_;
    PostgresDepartmentRepository departments_;
    PostgresSessionRepository sessions_;
    PostgresApiTokenRepository api_tokens_;
    PostgresCategoryRepository categories_;
    PostgresMessageRepository messages_;
    PostgresAttachmentRepository attachments_;
    PostgresIdempotencyRepository idempotency_;
    PostgresThrottleRepository throttle_;
    PostgresSettingsRepository settings_;
    PostgresSlaRepository sla_;
    PostgresTimerRepository timers_;
    PostgresOutboxRepository outbox_;
    PostgresTemplateRepository templates_;
};

}  // namespace kesu::storage::postgres
