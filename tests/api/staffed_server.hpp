// A running kesu with one account per role, in two departments (客服部 handles complaints, 物流部 is a
// responsible department), and helpers to drive complaints through the API.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "api/api_client.hpp"
#include "api/kesu_process.hpp"

namespace kesu::api_test {

class StaffedServer : public ::testing::Test {
public:
    static void SetUpTestSuite();
    static void TearDownTestSuite();

    // A client signed in (session cookie + CSRF) as one of: admin1, agent1, agent2 (物流部), spec1, mgr1, mgr2,
    // dept1 (物流部), leader1, auditor1.
    static ApiClient& As(const std::string& username);
    static std::unique_ptr<ApiClient> Anonymous();
    static std::int64_t DepartmentId(const std::string& name);
    static std::int64_t UserId(const std::string& username);
    static std::int64_t CategoryId(const std::string& code);

    // A complaint registered by agent1 over the phone, acknowledged on the spot; returns its JSON.
    static nlohmann::json RegisterByPhone(const std::string& subject, const std::string& phone = "13812345678");
    // Runs an action as `username` with the complaint's current version; returns the response.
    static HttpResult Act(const std::string& username, std::int64_t id, const std::string& action,
                          nlohmann::json body = nlohmann::json::object());
    // Counts that must not change when a request is refused: complaints (all) and audit events.
    static std::pair<std::size_t, std::int64_t> WrittenSoFar();

    static inline std::unique_ptr<KesuProcess> server_;
    static inline std::map<std::string, std::unique_ptr<ApiClient>> clients_;
};

}  // namespace kesu::api_test
