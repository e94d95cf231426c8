// The SQLite engine reports what happens in the background (a failed log sync, slow statements) through the logger
// it is given, like the rest of kesu, never on stderr by itself.
#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

#include <atomic>
#include <filesystem>
#include <sstream>

#include "crypto/pii_cipher.hpp"
#include "crypto/sha256_audit_hasher.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace kesu::storage::sqlite {
namespace {

class EngineLog : public ::testing::Test {
protected:
    EngineLog()
        : directory_(std::filesystem::temp_directory_path() / ("kesu-engine-log-" + std::to_string(::getpid()))),
          cipher_(std::string(32, 'k')),
          logger_(std::make_shared<spdlog::logger>("kesu", std::make_shared<spdlog::sinks::ostream_sink_mt>(lines_))) {
        std::filesystem::remove_all(directory_);
        std::filesystem::create_directories(directory_);
    }
    ~EngineLog() override { std::filesystem::remove_all(directory_); }

    std::unique_ptr<SqliteDatabase> Open(SqliteOptions options) {
        options.path = (directory_ / "kesu.db").string();
        options.search_indexer = false;
        options.logger = logger_;
        auto database = SqliteDatabase::Open(options, cipher_, hasher_);
        EXPECT_TRUE(database.has_value()) << (database ? "" : database.error().message);
        return database ? std::move(*database) : nullptr;
    }
    std::string Logged() {
        logger_->flush();
        return lines_.str();
    }

    static domain::TransactionWork Insert(const std::string& number, const std::string& description) {
        return [number, description](domain::Transaction& tx) -> domain::Result<void> {
            domain::Complaint complaint;
            complaint.number = number;
            complaint.subject = "投诉";
            complaint.description = description;
            auto inserted = tx.Complaints().Insert(complaint);
            if (!inserted) return std::unexpected(inserted.error());
            return {};
        };
    }

    std::filesystem::path directory_;
    crypto::PiiCipher cipher_;
    crypto::Sha256AuditHasher hasher_;
    std::ostringstream lines_;
    std::shared_ptr<spdlog::logger> logger_;
};

TEST_F(EngineLog, AFailedLogSyncIsReportedThroughTheLogger) {
    std::atomic<bool> broken{false};
    SqliteOptions options;
    options.sync_log = [&]() -> domain::Result<void> {
        if (broken) return domain::Fail(domain::ErrorCode::kUnavailable, "cannot sync kesu.db-wal: Input/output error");
        return {};
    };
    auto database = Open(options);
    ASSERT_NE(database, nullptr);
    broken = true;
    EXPECT_FALSE(database->Write(Insert("TS-L1", "退款")).has_value());
    EXPECT_NE(Logged().find("cannot sync kesu.db-wal: Input/output error; refusing further writes until restarted"),
              std::string::npos)
        << Logged();
}

TEST_F(EngineLog, SlowStatementsAreLoggedWithTheirSqlButNeverTheirValues) {
    SqliteOptions options;
    // SQLite times statements in whole milliseconds: anything measured at all is logged. Writing 16 MB of text takes
    // more than a millisecond on any machine.
    options.slow_statement = std::chrono::nanoseconds{1};
    auto database = Open(options);
    ASSERT_NE(database, nullptr);
    std::string description = "独一无二的投诉内容";
    while (description.size() < (16u << 20)) description += description;
    ASSERT_TRUE(database->Write(Insert("TS-L2", description)).has_value());
    std::string logged = Logged();
    EXPECT_NE(logged.find("slow SQL"), std::string::npos) << logged;
    EXPECT_NE(logged.find("INSERT INTO complaints"), std::string::npos) << logged;
    EXPECT_EQ(logged.find("独一无二的投诉内容"), std::string::npos) << logged.substr(0, 2000);
}

TEST_F(EngineLog, NoStatementIsLoggedWhenTheThresholdIsOff) {
    auto database = Open(SqliteOptions{});
    ASSERT_NE(database, nullptr);
    ASSERT_TRUE(database->Write(Insert("TS-L3", "退款")).has_value());
    EXPECT_EQ(Logged().find("slow SQL"), std::string::npos) << Logged();
}

}  // namespace
}  // namespace kesu::storage::sqlite
