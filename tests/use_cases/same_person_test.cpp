// The repeat warning (重复投诉) is a read like any other: the same person's open complaints in another department
// are counted, never shown (number, subject or owner would leak across departments).
#include "use_cases/file_complaint.hpp"
#include "use_cases/manage_catalog.hpp"
#include "use_cases/manage_users.hpp"
#include "use_cases/perform_action.hpp"
#include "use_cases/use_case_fixture.hpp"
#include "use_cases/view_complaint.hpp"

namespace kesu::use_case_test {
namespace {

class SamePerson : public UseCaseTest {
protected:
    void SetUp() override {
        UseCaseTest::SetUp();
        use_cases::RequestContext system{use_cases::SystemActor(), "setup", "local"};
        auto logistics = use_cases::CreateDepartment(*deps_, system, "物流部", std::nullopt);
        ASSERT_TRUE(logistics);
        auto created = use_cases::CreateUser(
            *deps_, system,
            {"agent.logistics", "物流客服", "", "Passw0rd!234", domain::Role::kAgent, logistics->id, false});
        ASSERT_TRUE(created);
        other_agent_ = *created;
    }

    // A complaint of 客服部 for the phone number 13812345678 (Register's complainant).
    domain::Complaint OwnedByCustomerService(const std::string& subject) {
        domain::Complaint c = Register(subject);
        domain::ActionInput in;
        in.category_id = 2;
        in.level = domain::Level::kGeneral;
        in.difficulty = domain::Difficulty::kSimple;
        in.department_id = department_id_;
        in.owner_id = specialist_.id;
        auto triaged =
            use_cases::PerformAction(*deps_, As(specialist_), {c.id, domain::Action::kTriage, in, c.version});
        EXPECT_TRUE(triaged) << (triaged ? "" : triaged.error().message);
        return triaged ? *triaged : c;
    }

    static domain::Complainant Phone(const std::string& phone) {
        domain::Complainant contact;
        contact.phone = phone;
        return contact;
    }

    domain::User other_agent_;
};

TEST_F(SamePerson, AnotherDepartmentSeesOnlyHowManyOpenComplaintsTheSamePersonHas) {
    OwnedByCustomerService("第一次投诉");
    OwnedByCustomerService("第二次投诉");

    auto elsewhere = use_cases::FindOpenBySamePerson(*deps_, As(other_agent_), Phone("13812345678"));
    ASSERT_TRUE(elsewhere);
    EXPECT_TRUE(elsewhere->visible.empty());
    EXPECT_EQ(elsewhere->out_of_scope, 2);

    auto inside = use_cases::FindOpenBySamePerson(*deps_, As(agent_), Phone("+86 138 1234 5678"));
    ASSERT_TRUE(inside);
    EXPECT_EQ(inside->visible.size(), 2u);
    EXPECT_EQ(inside->out_of_scope, 0);

    auto everyone = use_cases::FindOpenBySamePerson(*deps_, As(other_agent_), Phone("13900000000"));
    ASSERT_TRUE(everyone);
    EXPECT_TRUE(everyone->visible.empty());
    EXPECT_EQ(everyone->out_of_scope, 0);
}

TEST_F(SamePerson, RegisteringForTheSamePersonInAnotherDepartmentListsNoneOfTheirComplaints) {
    domain::Complaint theirs = OwnedByCustomerService("客服部的投诉");
    use_cases::NewComplaint in;
    in.channel = domain::Channel::kPhone;
    in.subject = "物流部登记";
    in.description = "同一位客户";
    in.complainant.name = "王小明";
    in.complainant.phone = "13812345678";
    auto filed = use_cases::FileComplaint(*deps_, As(other_agent_), in, std::nullopt);
    ASSERT_TRUE(filed) << filed.error().message;
    EXPECT_TRUE(filed->same_person.visible.empty());
    EXPECT_EQ(filed->same_person.out_of_scope, 1);

    // The new one waits in the intake pool, which both departments' agents see; 客服部 sees its own too.
    auto again = use_cases::FileComplaint(*deps_, As(agent_), in, std::nullopt);
    ASSERT_TRUE(again);
    ASSERT_EQ(again->same_person.visible.size(), 2u);
    EXPECT_EQ(again->same_person.out_of_scope, 0);
    EXPECT_TRUE(again->same_person.visible[0].id == theirs.id || again->same_person.visible[1].id == theirs.id);
}

}  // namespace
}  // namespace kesu::use_case_test
