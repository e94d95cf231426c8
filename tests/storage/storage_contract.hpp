// The storage contract: behaviour every backend must have, written once against the domain ports and
// instantiated per backend (sqlite_contract_test.cpp, postgres_contract_test.cpp).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "domain/database.hpp"

namespace kesu::storage_contract {

// A backend under test. Open gives a database on a fresh, empty store; Reopen opens the same store again
// (after the previous Database object was destroyed), to check durability.
class Backend {
public:
    virtual ~Backend() = default;
    virtual std::unique_ptr<domain::Database> Open() = 0;
    virtual std::unique_ptr<domain::Database> Reopen() = 0;
    virtual std::string Name() const = 0;
    // Runs SQL straight on the store, bypassing kesu, as an older kesu or someone with database access would.
    // Call it while no Database of this backend is open.
    virtual void RunSql(const std::string& sql) = 0;
};

using BackendFactory = std::function<std::unique_ptr<Backend>()>;

class StorageContract : public ::testing::TestWithParam<BackendFactory> {
protected:
    void SetUp() override {
        backend_ = GetParam()();
        database_ = backend_->Open();
        ASSERT_NE(database_, nullptr);
    }
    void TearDown() override {
        database_.reset();
        backend_.reset();
    }
    domain::Database& Db() { return *database_; }
    void ReopenDatabase() {
        database_.reset();
        database_ = backend_->Reopen();
    }

    std::unique_ptr<Backend> backend_;
    std::unique_ptr<domain::Database> database_;
};

}  // namespace kesu::storage_contract
