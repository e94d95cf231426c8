// The whole process of BRIEF §5 as one transition table (workflow.cpp), and the pure function that applies an
// action to a complaint. Every legal move is a row: kind, from-status, action, to-status, permission.
// Anything not listed is refused with a message naming the action and the status.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/complaint.hpp"
#include "domain/error.hpp"
#include "domain/role.hpp"

namespace kesu::domain {

enum class Action {
    kAcknowledge, kTriage, kReclassify, kAssign, kStartInvestigation, kRecordCause, kSubmitPlan, kApprovePlan,
    kRejectPlan, kImplement, kCompleteMeasure, kReply, kConfirm, kDispute, kClose, kReopen, kAppeal,
    kStartRecheck, kUpholdRecheck, kReviseRecheck, kRejectInvalid, kMerge, kArchive,
    kAnswer, kTransfer, kDepartmentAnswer,
};

std::span<const EnumName<Action>> ActionNames();
inline std::string_view NameOf(Action v) { return NameIn(ActionNames(), v); }

struct Transition {
    RequestKind kind;
    Status from;
    Action action;
    Status to;
    Permission permission;
};

std::span<const Transition> Transitions();

// What an action needs besides the complaint. The free-text field has a per-action JSON name (ActionTextField).
struct ActionInput {
    std::optional<std::int64_t> category_id;
    std::optional<Level> level;
    std::optional<Difficulty> difficulty;
    std::optional<std::int64_t> department_id;
    std::optional<std::int64_t> owner_id;
    std::optional<std::string> business_line;
    std::optional<CauseAnalysis> cause;
    std::optional<std::vector<Measure>> measures;
    std::optional<std::int64_t> compensation_fen;
    std::optional<std::int64_t> target_id;    // merge: the complaint this one is a duplicate of
    std::optional<std::int64_t> reviewer_id;  // start_recheck
    std::optional<int> measure_index;         // complete_measure
    std::string text;                         // message / summary / reason / comment / opinion / answer
};

// The JSON name of the action's free-text field and whether it is required ("" when the action has none).
struct TextFieldSpec {
    std::string_view name;
    bool required;
};
TextFieldSpec ActionTextField(Action action);

// Settings of the process that the workflow consults. Owned by the manager / admin; stored in the database.
struct ProcessSettings {
    std::int64_t manager_approval_limit_fen = 500000;  // plans compensating more need a leader
    int appeal_window_days = 30;                       // a closed complaint may be appealed this long
};

struct ActionContext {
    const Actor& actor;
    Instant now;
    const ProcessSettings& settings;
    const Complaint* merge_target = nullptr;      // merge: the loaded target complaint
    std::optional<Role> reviewer_role;            // start_recheck: the reviewer's role
};

// Field-level checks of the input that do not depend on the complaint (required fields, ranges).
std::vector<FieldError> ValidateActionInput(RequestKind kind, Action action, const ActionInput& input);

// The row for (kind, status, action), if the move is legal at all.
const Transition* FindTransition(RequestKind kind, Status from, Action action);

// Actions the actor could take now (what the UI offers): the table's moves for this status and role, less those
// the rules would refuse this actor anyway (deciding one's own plan, a plan over the approval limit, a re-check
// assigned to someone else). `settings` enables the approval-limit check.
std::vector<Action> AvailableActions(const Complaint& complaint, const Actor& actor,
                                     const ProcessSettings* settings = nullptr);

// Applies the action to a copy of the complaint. Checks, in order: legal in this status (kIllegalTransition),
// the actor's permission (kForbidden), the input (kInvalidArgument), then action-specific rules (approval
// limit, recusal, appeal window, merge target). Bumps version and updated_at; does not check scope.
Result<Complaint> ApplyAction(const Complaint& complaint, Action action, const ActionInput& input,
                              const ActionContext& context);

// Does the customer's tracking page show that this action happened, and the text that came with it?
bool IsCustomerVisible(Action action);
bool CustomerSeesText(Action action);

// Is the action one a customer takes (through the portal, or staff on the customer's behalf by phone)?
bool IsCustomerAction(Action action);

}  // namespace kesu::domain
