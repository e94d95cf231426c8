#include "use_cases/use_case_fixture.hpp"

#include <unistd.h>

#include "use_cases/file_complaint.hpp"
#include "use_cases/inbox_and_overview.hpp"
#include "use_cases/manage_catalog.hpp"
#include "use_cases/manage_users.hpp"
#include "use_cases/seed_defaults.hpp"

namespace kesu::use_case_test {

void UseCaseTest::SetUp() {
    static int counter = 0;
    directory_ = std::filesystem::temp_directory_path() /
                 ("kesu-usecase-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    Restart();
    ASSERT_TRUE(use_cases::SeedDefaults(*deps_, std::string("Admin12345!")));
    use_cases::RequestContext system{use_cases::SystemActor(), "setup", "local"};
    auto department = use_cases::CreateDepartment(*deps_, system, "客服部", std::nullopt);
    ASSERT_TRUE(department);
    department_id_ = department->id;
    auto make = [&](const char* username, domain::Role role, bool in_department) {
        use_cases::NewUser user{username, username, "", "Passw0rd!234", role,
                                in_department ? std::optional(department_id_) : std::nullopt, false};
        auto created = use_cases::CreateUser(*deps_, system, user);
        EXPECT_TRUE(created) << (created ? "" : created.error().message);
        return *created;
    };
    agent_ = make("agent", domain::Role::kAgent, true);
    specialist_ = make("specialist", domain::Role::kSpecialist, true);
    manager_ = make("manager", domain::Role::kManager, true);
    leader_ = make("leader", domain::Role::kLeader, false);
}

void UseCaseTest::TearDown() {
    deps_.reset();
    database_.reset();
    std::filesystem::remove_all(directory_);
}

void UseCaseTest::Restart() {
    deps_.reset();
    database_.reset();
    storage::sqlite::SqliteOptions options;
    options.path = (directory_ / "kesu.db").string();
    auto database = storage::sqlite::SqliteDatabase::Open(options, cipher_, hasher_);
    ASSERT_TRUE(database) << database.error().message;
    database_ = std::move(*database);
    sla_ = std::make_unique<use_cases::SlaConfigCache>();
    deps_ = std::make_unique<use_cases::Dependencies>(
        use_cases::Dependencies{*database_, clock_, passwords_, tokens_, *sla_, use_cases::Limits{}});
}

domain::Complaint UseCaseTest::Register(const std::string& subject, bool acknowledge) {
    use_cases::NewComplaint in;
    in.channel = domain::Channel::kPhone;
    in.subject = subject;
    in.description = "客户来电反映：" + subject;
    in.complainant.name = "王小明";
    in.complainant.phone = "13812345678";
    in.acknowledge = acknowledge;
    auto filed = use_cases::FileComplaint(*deps_, As(agent_), in, std::nullopt);
    EXPECT_TRUE(filed) << (filed ? "" : filed.error().message);
    return filed->complaint;
}

domain::Complaint UseCaseTest::Load(std::int64_t id) {
    auto loaded = domain::ReadValue<domain::Complaint>(*database_, [&](domain::Transaction& tx) { return tx.Complaints().Get(id); });
    EXPECT_TRUE(loaded);
    return *loaded;
}

std::vector<domain::Notification> UseCaseTest::InboxOf(const domain::User& user) {
    auto inbox = use_cases::ListNotifications(*deps_, As(user), false, 200);
    EXPECT_TRUE(inbox);
    return inbox->items;
}

}  // namespace kesu::use_case_test
