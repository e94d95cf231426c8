// Use cases on a real SQLite database in a temporary directory, with the clock pinned by the test.
// Staff are created once per test: agent, specialist and manager in 客服部, a leader.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "crypto/pii_cipher.hpp"
#include "crypto/sha256_audit_hasher.hpp"
#include "crypto/sodium_password_hasher.hpp"
#include "crypto/sodium_token_service.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "use_cases/context.hpp"
#include "use_cases/sla_config.hpp"

namespace kesu::use_case_test {

// 2026-02-13T18:30:00+08:00, the Friday evening before the 2026 Spring Festival.
inline domain::Instant At(const char* rfc3339) { return *domain::ParseInstant(rfc3339); }

class UseCaseTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;
    // Closes and reopens the database, as a restart of kesu would.
    void Restart();

    use_cases::RequestContext As(const domain::User& user) const {
        return {domain::ActorOf(user), "test", "127.0.0.1"};
    }
    // A phone complaint registered (and, by default, acknowledged on the spot) by the agent at the clock's time.
    domain::Complaint Register(const std::string& subject, bool acknowledge = true);
    domain::Complaint Load(std::int64_t id);
    std::vector<domain::Notification> InboxOf(const domain::User& user);

    std::filesystem::path directory_;
    domain::FixedClock clock_{At("2026-02-13T18:30:00+08:00")};
    crypto::PiiCipher cipher_{std::string(32, 'k')};
    crypto::Sha256AuditHasher hasher_;
    crypto::SodiumPasswordHasher passwords_;
    crypto::SodiumTokenService tokens_;
    std::unique_ptr<storage::sqlite::SqliteDatabase> database_;
    std::unique_ptr<use_cases::SlaConfigCache> sla_;
    std::unique_ptr<use_cases::Dependencies> deps_;
    domain::User agent_, specialist_, manager_, leader_;
    std::int64_t department_id_ = 0;
};

}  // namespace kesu::use_case_test
