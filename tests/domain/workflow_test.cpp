#include "domain/workflow.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace kesu::domain {
namespace {

constexpr Instant kNow{std::chrono::milliseconds{1'795'000'000'000}};

Actor ActorWith(Role role, std::int64_t user_id = 10) {
    return Actor{role == Role::kCustomer ? 0 : user_id, role, 1, false, "tester"};
}

// A role holding `permission`, preferring the least powerful one.
Role RoleWith(Permission permission) {
    if (permission == Permission::kCustomerRespond) return Role::kCustomer;
    for (Role role : {Role::kAgent, Role::kDepartment, Role::kSpecialist, Role::kManager, Role::kLeader,
                      Role::kAuditor, Role::kAdmin})
        if (RoleHas(role, permission)) return role;
    ADD_FAILURE() << "no role has " << PermissionName(permission);
    return Role::kAdmin;
}

ActionInput ValidInput(Action action) {
    ActionInput in;
    TextFieldSpec text = ActionTextField(action);
    if (!text.name.empty()) in.text = "说明文字";
    switch (action) {
        case Action::kTriage:
            in.category_id = 3;
            in.level = Level::kImportant;
            in.difficulty = Difficulty::kComplex;
            in.department_id = 1;
            break;
        case Action::kReclassify: in.level = Level::kMajor; break;
        case Action::kAssign: in.owner_id = 10; break;
        case Action::kTransfer: in.department_id = 2; break;
        case Action::kRecordCause: in.cause = CauseAnalysis{CauseCategory::kLogistics, "快递延误", "", 2, "", ""}; break;
        case Action::kSubmitPlan:
            in.measures = std::vector<Measure>{{"退款", "王五", kNow + std::chrono::hours{24}, "客户满意", false}};
            in.compensation_fen = 10000;
            break;
        case Action::kCompleteMeasure: in.measure_index = 0; break;
        case Action::kStartRecheck: in.reviewer_id = 99; break;
        case Action::kMerge: in.target_id = 500; break;
        default: break;
    }
    return in;
}

// A complaint in `from` whose other fields make `action` possible (a submitted plan to decide, a recent
// close to appeal, this actor as the re-check reviewer, ...).
Complaint ComplaintFor(const Transition& row, const Actor& actor) {
    Complaint c;
    c.id = 7;
    c.number = "TS-20261122-000007";
    c.kind = row.kind;
    c.status = row.from;
    c.version = 3;
    c.plan = SolutionPlan{{{"退款", "王五", kNow, "", row.action != Action::kCompleteMeasure}}, 10000,
                          PlanStatus::kSubmitted, 1, 55, std::nullopt, ""};
    c.closed_at = kNow - std::chrono::hours{24};
    c.recheck = Recheck{"不服", kNow, actor.user_id, std::nullopt, ""};
    return c;
}

struct Fixture {
    ProcessSettings settings;
    Complaint target;
    Fixture() {
        target.id = 500;
        target.number = "TS-20261122-000500";
        target.status = Status::kInvestigating;
    }
    ActionContext Context(const Actor& actor, RequestKind kind) {
        target.kind = kind;
        ActionContext context{actor, kNow, settings};
        context.merge_target = &target;
        context.reviewer_role = Role::kManager;
        return context;
    }
};

TEST(Workflow, EveryRowOfTheTableIsALegalMoveToItsTargetStatus) {
    for (const Transition& row : Transitions()) {
        Actor actor = ActorWith(RoleWith(row.permission));
        Fixture fixture;
        Complaint before = ComplaintFor(row, actor);
        auto after = ApplyAction(before, row.action, ValidInput(row.action), fixture.Context(actor, row.kind));
        ASSERT_TRUE(after.has_value()) << NameOf(row.kind) << " " << NameOf(row.from) << " --" << NameOf(row.action)
                                       << "--> as " << RoleName(actor.role) << ": " << after.error().message;
        EXPECT_EQ(after->status, row.to) << NameOf(row.action);
        EXPECT_EQ(after->version, before.version + 1);
        EXPECT_EQ(after->updated_at, kNow);
    }
}

TEST(Workflow, MovesNotInTheTableAreRefusedNamingActionAndStatus) {
    std::set<std::tuple<RequestKind, Status, Action>> legal;
    for (const Transition& row : Transitions()) legal.insert({row.kind, row.from, row.action});
    int refused = 0;
    for (auto kind : {RequestKind::kComplaint, RequestKind::kConsultation}) {
        for (const auto& status : StatusNames()) {
            for (const auto& action : ActionNames()) {
                if (legal.contains({kind, status.value, action.value})) continue;
                Complaint c;
                c.kind = kind;
                c.status = status.value;
                Fixture fixture;
                Actor admin = ActorWith(Role::kManager);
                auto result = ApplyAction(c, action.value, ValidInput(action.value), fixture.Context(admin, kind));
                ASSERT_FALSE(result.has_value()) << status.name << " " << action.name;
                EXPECT_EQ(result.error().code, ErrorCode::kIllegalTransition);
                EXPECT_NE(result.error().message.find(std::string(action.name)), std::string::npos);
                EXPECT_NE(result.error().message.find("'" + std::string(status.name) + "'"), std::string::npos);
                ++refused;
            }
        }
    }
    EXPECT_GT(refused, 700);
}

TEST(Workflow, RolesWithoutTheRowsPermissionAreForbidden) {
    for (const Transition& row : Transitions()) {
        for (Role role : {Role::kAgent, Role::kSpecialist, Role::kManager, Role::kDepartment, Role::kLeader,
                          Role::kAuditor, Role::kAdmin, Role::kCustomer}) {
            Actor actor = ActorWith(role);
            bool allowed_by_some_row = false;
            for (const Transition& other : Transitions())
                if (other.kind == row.kind && other.from == row.from && other.action == row.action &&
                    actor.Has(other.permission))
                    allowed_by_some_row = true;
            if (allowed_by_some_row) continue;
            Fixture fixture;
            auto result = ApplyAction(ComplaintFor(row, actor), row.action, ValidInput(row.action),
                                      fixture.Context(actor, row.kind));
            ASSERT_FALSE(result.has_value()) << RoleName(role) << " " << NameOf(row.action);
            EXPECT_EQ(result.error().code, ErrorCode::kForbidden) << RoleName(role) << " " << NameOf(row.action);
            EXPECT_NE(result.error().message.find(std::string(RoleName(role))), std::string::npos);
        }
    }
}

TEST(Workflow, AnAgentCannotApproveAPlanButAManagerCan) {
    Transition row{RequestKind::kComplaint, Status::kPlanSubmitted, Action::kApprovePlan, Status::kPlanApproved,
                   Permission::kApprovePlan};
    Fixture fixture;
    Actor agent = ActorWith(Role::kAgent);
    auto refused = ApplyAction(ComplaintFor(row, agent), Action::kApprovePlan, {}, fixture.Context(agent, row.kind));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message, "role 'agent' may not 'approve_plan'");
    Actor manager = ActorWith(Role::kManager);
    EXPECT_TRUE(ApplyAction(ComplaintFor(row, manager), Action::kApprovePlan, {}, fixture.Context(manager, row.kind)));
}

TEST(Workflow, RequiredFieldsAreNamedWhenMissing) {
    Complaint c;
    c.status = Status::kAcknowledged;
    Fixture fixture;
    Actor specialist = ActorWith(Role::kSpecialist);
    auto result = ApplyAction(c, Action::kTriage, {}, fixture.Context(specialist, c.kind));
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    std::set<std::string> fields;
    for (const auto& field : result.error().fields) fields.insert(field.field);
    EXPECT_EQ(fields, (std::set<std::string>{"category_id", "level", "difficulty", "department_id"}));
}

TEST(Workflow, RejectingAsInvalidNeedsAReason) {
    Complaint c;
    Fixture fixture;
    Actor specialist = ActorWith(Role::kSpecialist);
    auto result = ApplyAction(c, Action::kRejectInvalid, {}, fixture.Context(specialist, c.kind));
    ASSERT_FALSE(result);
    ASSERT_EQ(result.error().fields.size(), 1u);
    EXPECT_EQ(result.error().fields[0].field, "reason");
}

TEST(Workflow, ManagerApprovalIsCappedAndALeaderApprovesAbove) {
    Transition row{RequestKind::kComplaint, Status::kPlanSubmitted, Action::kApprovePlan, Status::kPlanApproved,
                   Permission::kApprovePlan};
    Fixture fixture;
    fixture.settings.manager_approval_limit_fen = 5000;
    Actor manager = ActorWith(Role::kManager);
    Complaint c = ComplaintFor(row, manager);
    c.plan->compensation_fen = 5001;
    auto refused = ApplyAction(c, Action::kApprovePlan, {}, fixture.Context(manager, c.kind));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
    EXPECT_NE(refused.error().message.find("50.01"), std::string::npos);
    Actor leader = ActorWith(Role::kLeader);
    EXPECT_TRUE(ApplyAction(c, Action::kApprovePlan, {}, fixture.Context(leader, c.kind)));
}

TEST(Workflow, ThePlanSubmitterCannotApproveTheirOwnPlan) {
    Transition row{RequestKind::kComplaint, Status::kPlanSubmitted, Action::kApprovePlan, Status::kPlanApproved,
                   Permission::kApprovePlan};
    Fixture fixture;
    Actor manager = ActorWith(Role::kManager, 55);
    auto refused = ApplyAction(ComplaintFor(row, manager), Action::kApprovePlan, {}, fixture.Context(manager, row.kind));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
}

TEST(Workflow, ARecheckReviewerWhoHandledTheComplaintMustRecuse) {
    Complaint c;
    c.status = Status::kAppealed;
    c.handler_ids = {10, 99};
    Fixture fixture;
    Actor manager = ActorWith(Role::kManager, 20);
    ActionInput in;
    in.reviewer_id = 99;
    auto refused = ApplyAction(c, Action::kStartRecheck, in, fixture.Context(manager, c.kind));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().fields.at(0).field, "reviewer_id");
    EXPECT_NE(refused.error().message.find("回避"), std::string::npos);
    in.reviewer_id = 98;
    EXPECT_TRUE(ApplyAction(c, Action::kStartRecheck, in, fixture.Context(manager, c.kind)));
}

TEST(Workflow, HandlersAreRememberedForRecusal) {
    Complaint c;
    c.status = Status::kAcknowledged;
    Fixture fixture;
    Actor specialist = ActorWith(Role::kSpecialist, 42);
    auto triaged = ApplyAction(c, Action::kTriage, ValidInput(Action::kTriage), fixture.Context(specialist, c.kind));
    ASSERT_TRUE(triaged);
    EXPECT_EQ(triaged->handler_ids, std::vector<std::int64_t>{42});
}

TEST(Workflow, AnAppealAfterTheWindowIsRefused) {
    Complaint c;
    c.status = Status::kClosed;
    c.closed_at = kNow - std::chrono::days{31};
    Fixture fixture;
    Actor customer = ActorWith(Role::kCustomer);
    ActionInput in;
    in.text = "我不同意";
    auto refused = ApplyAction(c, Action::kAppeal, in, fixture.Context(customer, c.kind));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kIllegalTransition);
    c.closed_at = kNow - std::chrono::days{29};
    EXPECT_TRUE(ApplyAction(c, Action::kAppeal, in, fixture.Context(customer, c.kind)));
}

TEST(Workflow, TheReplyWaitsUntilEveryMeasureIsDone) {
    Complaint c;
    c.status = Status::kImplementing;
    c.plan = SolutionPlan{{{"退款", "王五", kNow, "", true}, {"道歉", "李四", kNow, "", false}}, 0,
                          PlanStatus::kApproved, 1, 1, 2, ""};
    Fixture fixture;
    Actor specialist = ActorWith(Role::kSpecialist);
    ActionInput reply;
    reply.text = "已处理";
    EXPECT_FALSE(ApplyAction(c, Action::kReply, reply, fixture.Context(specialist, c.kind)));
    c.plan->measures[1].done = true;
    EXPECT_TRUE(ApplyAction(c, Action::kReply, reply, fixture.Context(specialist, c.kind)));
}

TEST(Workflow, MergingIntoItselfOrAClosedComplaintIsRefused) {
    Complaint c;
    c.id = 500;
    c.status = Status::kAcknowledged;
    Fixture fixture;
    Actor specialist = ActorWith(Role::kSpecialist);
    ActionInput in;
    in.target_id = 500;
    EXPECT_FALSE(ApplyAction(c, Action::kMerge, in, fixture.Context(specialist, c.kind)));
    c.id = 1;
    fixture.target.status = Status::kClosed;
    auto refused = ApplyAction(c, Action::kMerge, in, fixture.Context(specialist, c.kind));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().fields.at(0).field, "target_id");
}

TEST(Workflow, AvailableActionsFollowStatusAndRole) {
    Complaint c;
    c.status = Status::kPlanSubmitted;
    auto manager_actions = AvailableActions(c, ActorWith(Role::kManager));
    auto agent_actions = AvailableActions(c, ActorWith(Role::kAgent));
    auto has = [](const std::vector<Action>& list, Action action) {
        return std::ranges::find(list, action) != list.end();
    };
    EXPECT_TRUE(has(manager_actions, Action::kApprovePlan));
    EXPECT_TRUE(has(manager_actions, Action::kRejectPlan));
    EXPECT_FALSE(has(agent_actions, Action::kApprovePlan));
}

TEST(Workflow, NobodyIsOfferedADecisionTheRulesWouldRefuse) {
    Complaint c;
    c.status = Status::kPlanSubmitted;
    c.plan = SolutionPlan{{{"退款", "王五", kNow, "", false}}, 900000, PlanStatus::kSubmitted, 1, 55, std::nullopt, ""};
    auto has = [](const std::vector<Action>& list, Action action) { return std::ranges::find(list, action) != list.end(); };
    ProcessSettings settings;
    EXPECT_FALSE(has(AvailableActions(c, ActorWith(Role::kManager, 55), &settings), Action::kApprovePlan))
        << "the submitter does not decide their own plan";
    EXPECT_FALSE(has(AvailableActions(c, ActorWith(Role::kManager, 56), &settings), Action::kApprovePlan))
        << "9000.00 is over a manager's limit";
    EXPECT_TRUE(has(AvailableActions(c, ActorWith(Role::kManager, 56), &settings), Action::kRejectPlan));
    EXPECT_TRUE(has(AvailableActions(c, ActorWith(Role::kLeader, 57), &settings), Action::kApprovePlan));
    c.status = Status::kRechecking;
    c.recheck = Recheck{"不服", kNow, 60, std::nullopt, ""};
    EXPECT_FALSE(has(AvailableActions(c, ActorWith(Role::kManager, 56)), Action::kUpholdRecheck));
    EXPECT_TRUE(has(AvailableActions(c, ActorWith(Role::kManager, 60)), Action::kUpholdRecheck));
}

TEST(Workflow, ConsultationsTakeTheShortPath) {
    Complaint q;
    q.kind = RequestKind::kConsultation;
    Fixture fixture;
    Actor agent = ActorWith(Role::kAgent);
    ActionInput transfer;
    transfer.department_id = 4;
    auto transferred = ApplyAction(q, Action::kTransfer, transfer, fixture.Context(agent, q.kind));
    ASSERT_TRUE(transferred);
    EXPECT_EQ(transferred->status, Status::kTransferred);
    EXPECT_EQ(transferred->department_id, 4);
    Actor department = ActorWith(Role::kDepartment);
    ActionInput answer;
    answer.text = "可以在APP内办理";
    auto answered = ApplyAction(*transferred, Action::kDepartmentAnswer, answer, fixture.Context(department, q.kind));
    ASSERT_TRUE(answered);
    EXPECT_EQ(answered->status, Status::kAnswered);
    EXPECT_EQ(answered->reply, "可以在APP内办理");
    EXPECT_FALSE(ApplyAction(q, Action::kTriage, ValidInput(Action::kTriage), fixture.Context(agent, q.kind)));
}

}  // namespace
}  // namespace kesu::domain
