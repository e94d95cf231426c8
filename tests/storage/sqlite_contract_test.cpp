// The storage contract on SQLite, plus what only SQLite can show (triggers on the audit table, WAL mode).
#include <sqlite3.h>

#include <filesystem>

#include "crypto/pii_cipher.hpp"
#include "crypto/sha256_audit_hasher.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/storage_contract.hpp"

namespace kesu::storage_contract {
namespace {

class SqliteBackend final : public Backend {
public:
    SqliteBackend()
        : directory_(std::filesystem::temp_directory_path() /
                     ("kesu-contract-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))),
          cipher_(std::string(32, 'k')) {
        std::filesystem::remove_all(directory_);
        std::filesystem::create_directories(directory_);
    }
    ~SqliteBackend() override { std::filesystem::remove_all(directory_); }

    std::unique_ptr<domain::Database> Open() override { return Reopen(); }
    std::unique_ptr<domain::Database> Reopen() override {
        storage::sqlite::SqliteOptions options;
        options.path = (directory_ / "kesu.db").string();
        auto database = storage::sqlite::SqliteDatabase::Open(options, cipher_, hasher_);
        EXPECT_TRUE(database.has_value()) << (database ? "" : database.error().message);
        return database ? std::move(*database) : nullptr;
    }
    std::string Name() const override { return "sqlite"; }
    std::string Path() const { return (directory_ / "kesu.db").string(); }

private:
    static inline int counter_ = 0;
    std::filesystem::path directory_;
    crypto::PiiCipher cipher_;
    crypto::Sha256AuditHasher hasher_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, StorageContract,
                         ::testing::Values(BackendFactory([] { return std::make_unique<SqliteBackend>(); })),
                         [](const auto&) { return std::string("sqlite"); });

int Exec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc;
}

TEST(SqliteStorage, TheAuditTableRefusesUpdatesAndDeletes) {
    SqliteBackend backend;
    auto db = backend.Open();
    ASSERT_TRUE(db->Write([](domain::Transaction& tx) {
        domain::AuditEvent event;
        event.actor_name = "x";
        event.action = "login";
        return tx.Audit().Append(event);
    }));
    EXPECT_NE(Exec(backend.Path(), "UPDATE audit_events SET text = 'forged'"), SQLITE_OK);
    EXPECT_NE(Exec(backend.Path(), "DELETE FROM audit_events"), SQLITE_OK);
}

TEST(SqliteStorage, PersonalDataIsEncryptedAtRest) {
    SqliteBackend backend;
    auto db = backend.Open();
    ASSERT_TRUE(db->Write([](domain::Transaction& tx) {
        domain::Complaint c;
        c.number = "TS-ENC";
        c.subject = "s";
        c.description = "d";
        c.complainant.name = "张三丰";
        c.complainant.phone = "13812345678";
        return tx.Complaints().Insert(c);
    }));
    db.reset();
    sqlite3* raw = nullptr;
    sqlite3_open(backend.Path().c_str(), &raw);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(raw, "SELECT pii, masked_name, phone_index FROM complaints", -1, &statement, nullptr);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    std::string sealed(static_cast<const char*>(sqlite3_column_blob(statement, 0)),
                       static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
    std::string masked(reinterpret_cast<const char*>(sqlite3_column_text(statement, 1)));
    std::string phone_index(reinterpret_cast<const char*>(sqlite3_column_text(statement, 2)));
    sqlite3_finalize(statement);
    sqlite3_close(raw);
    EXPECT_EQ(sealed.find("13812345678"), std::string::npos);
    EXPECT_EQ(sealed.find("张三丰"), std::string::npos);
    EXPECT_EQ(masked, "张**");
    EXPECT_EQ(phone_index.find("138"), std::string::npos);
}

TEST(SqliteStorage, TheDatabaseRunsInWalModeWithFullSync) {
    SqliteBackend backend;
    auto db = backend.Open();
    db.reset();
    sqlite3* raw = nullptr;
    sqlite3_open(backend.Path().c_str(), &raw);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &statement, nullptr);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "wal");
    sqlite3_finalize(statement);
    sqlite3_close(raw);
}

}  // namespace
}  // namespace kesu::storage_contract
