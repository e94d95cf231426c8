// The group-commit VFS under SQLite's own use: whatever the writer gathers, another connection reads back whole; the
// log's syncs at commit are left to the owner, but never the one a checkpoint needs.
#include "storage/sqlite/group_commit_vfs.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace kesu::storage::sqlite {
namespace {

class Database {
public:
    Database(const std::string& path, const char* vfs, int flags) {
        EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db_, flags, vfs), SQLITE_OK);
    }
    ~Database() { sqlite3_close(db_); }
    sqlite3* Handle() { return db_; }
    void Exec(const std::string& sql) {
        char* error = nullptr;
        EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
        sqlite3_free(error);
    }
    // One row of text columns, joined by '|'.
    std::string Row(const std::string& sql) {
        sqlite3_stmt* statement = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr), SQLITE_OK);
        std::string row;
        if (sqlite3_step(statement) == SQLITE_ROW)
            for (int i = 0; i < sqlite3_column_count(statement); ++i)
                row += (i ? "|" : "") + std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, i)));
        sqlite3_finalize(statement);
        return row;
    }

private:
    sqlite3* db_ = nullptr;
};

std::filesystem::path FreshDirectory(const std::string& name) {
    auto directory = std::filesystem::temp_directory_path() / ("kesu-vfs-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory);
    std::filesystem::create_directories(directory);
    return directory;
}

// Rows, bytes and a sample of every row's content.
constexpr const char* kFingerprint =
    "SELECT count(*), sum(length(body)), hex(group_concat(substr(body, 2000, 4), '')) FROM t";

TEST(GroupCommitVfs, WhatTheWriterCommittedOtherConnectionsReadBackWhole) {
    auto directory = FreshDirectory("read-back");
    std::string path = (directory / "test.db").string();
    const char* vfs = GroupCommitVfs();
    ASSERT_NE(vfs, nullptr);
    {
        Database writer(path, vfs, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        writer.Exec(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0;"
            "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)");
        // One transaction larger than what is gathered at once (8 MB) and than one write of the unix VFS (128 KB).
        writer.Exec(
            "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
            "INSERT INTO t (body) SELECT randomblob(4000) FROM n; COMMIT");
        Database reader(path, nullptr, SQLITE_OPEN_READONLY);
        std::string after_large = writer.Row(kFingerprint);
        EXPECT_TRUE(after_large.starts_with("3000|12000000|")) << after_large;
        EXPECT_EQ(reader.Row(kFingerprint), after_large);
        // Many small commits, each read by the other connection straight after.
        for (int i = 0; i < 50; ++i) {
            writer.Exec(
                "INSERT INTO t (body) VALUES (randomblob(3000)); UPDATE t SET body = randomblob(4000) WHERE id = " +
                std::to_string(1 + i * 37));
            EXPECT_EQ(reader.Row(kFingerprint), writer.Row(kFingerprint)) << "after small commit " << i;
        }
        // A log that is checkpointed and started again from its beginning.
        writer.Exec("PRAGMA wal_checkpoint(RESTART); INSERT INTO t (body) VALUES (randomblob(5000))");
        EXPECT_EQ(reader.Row(kFingerprint), writer.Row(kFingerprint));
    }
    Database reopened(path, nullptr, SQLITE_OPEN_READONLY);
    EXPECT_TRUE(reopened.Row(kFingerprint).starts_with("3051|12155000|"));
    std::filesystem::remove_all(directory);
}

TEST(GroupCommitVfs, LeavesCommitSyncsToItsOwnerButSyncsTheLogBeforeACheckpointCopiesIt) {
    auto directory = FreshDirectory("deferred");
    std::string path = (directory / "test.db").string();
    {
        Database writer(path, GroupCommitVfs(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        writer.Exec(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0;"
            "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)");
        // The log's first sync is real: it also makes the new file's directory entry durable.
        LogSyncCounts first = CountLogSyncs(writer.Handle());
        EXPECT_EQ(first.real, 1);
        for (int i = 0; i < 20; ++i) writer.Exec("INSERT INTO t (body) VALUES (randomblob(3000))");
        LogSyncCounts committed = CountLogSyncs(writer.Handle());
        EXPECT_EQ(committed.real, 1) << "a commit's sync is the owner's (LogSyncer)";
        EXPECT_EQ(committed.deferred, first.deferred + 20);
        // A checkpoint overwrites database pages with the log's: the log it copies is synced first, once.
        writer.Exec("PRAGMA wal_checkpoint(PASSIVE)");
        EXPECT_EQ(CountLogSyncs(writer.Handle()).real, 2);
        writer.Exec("PRAGMA wal_checkpoint(PASSIVE)");
        EXPECT_EQ(CountLogSyncs(writer.Handle()).real, 2) << "nothing owed, nothing synced";
        Database other(path, nullptr, SQLITE_OPEN_READONLY);
        EXPECT_EQ(other.Row("SELECT count(*) FROM t"), "20");
        EXPECT_EQ(CountLogSyncs(other.Handle()).real, -1) << "not a connection of this VFS";
    }
    std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace kesu::storage::sqlite
