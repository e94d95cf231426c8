#include "domain/workflow.hpp"

#include <algorithm>
#include <array>
#include <chrono>

#include "domain/validation.hpp"

namespace kesu::domain {
namespace {

using S = Status;
using A = Action;
using P = Permission;
constexpr RequestKind kC = RequestKind::kComplaint;
constexpr RequestKind kQ = RequestKind::kConsultation;

constexpr std::array<EnumName<Action>, 26> kActionNames{{
    {A::kAcknowledge, "acknowledge"},
    {A::kTriage, "triage"},
    {A::kReclassify, "reclassify"},
    {A::kAssign, "assign"},
    {A::kStartInvestigation, "start_investigation"},
    {A::kRecordCause, "record_cause"},
    {A::kSubmitPlan, "submit_plan"},
    {A::kApprovePlan, "approve_plan"},
    {A::kRejectPlan, "reject_plan"},
    {A::kImplement, "implement"},
    {A::kCompleteMeasure, "complete_measure"},
    {A::kReply, "reply"},
    {A::kConfirm, "confirm"},
    {A::kDispute, "dispute"},
    {A::kClose, "close"},
    {A::kReopen, "reopen"},
    {A::kAppeal, "appeal"},
    {A::kStartRecheck, "start_recheck"},
    {A::kUpholdRecheck, "uphold_recheck"},
    {A::kReviseRecheck, "revise_recheck"},
    {A::kRejectInvalid, "reject_invalid"},
    {A::kMerge, "merge"},
    {A::kArchive, "archive"},
    {A::kAnswer, "answer"},
    {A::kTransfer, "transfer"},
    {A::kDepartmentAnswer, "department_answer"},
}};

// One legal move per row. Customer actions appear twice: by the customer, and by staff recording what the
// customer said on the phone.
constexpr std::array kTransitions{
    // Complaint: register → acknowledge → triage
    Transition{kC, S::kRegistered, A::kAcknowledge, S::kAcknowledged, P::kAcknowledge},
    Transition{kC, S::kAcknowledged, A::kTriage, S::kTriaged, P::kTriage},
    Transition{kC, S::kRegistered, A::kAssign, S::kRegistered, P::kAcknowledge},
    Transition{kC, S::kAcknowledged, A::kAssign, S::kAcknowledged, P::kAcknowledge},
    Transition{kC, S::kTriaged, A::kAssign, S::kTriaged, P::kTriage},
    Transition{kC, S::kInvestigating, A::kAssign, S::kInvestigating, P::kTriage},
    Transition{kC, S::kAnalysed, A::kAssign, S::kAnalysed, P::kTriage},
    Transition{kC, S::kPlanSubmitted, A::kAssign, S::kPlanSubmitted, P::kTriage},
    Transition{kC, S::kPlanApproved, A::kAssign, S::kPlanApproved, P::kTriage},
    Transition{kC, S::kImplementing, A::kAssign, S::kImplementing, P::kTriage},
    Transition{kC, S::kDisputed, A::kAssign, S::kDisputed, P::kTriage},
    Transition{kC, S::kAppealed, A::kAssign, S::kAppealed, P::kTriage},
    Transition{kC, S::kTriaged, A::kReclassify, S::kTriaged, P::kTriage},
    Transition{kC, S::kInvestigating, A::kReclassify, S::kInvestigating, P::kTriage},
    Transition{kC, S::kAnalysed, A::kReclassify, S::kAnalysed, P::kTriage},
    Transition{kC, S::kPlanSubmitted, A::kReclassify, S::kPlanSubmitted, P::kTriage},
    Transition{kC, S::kPlanApproved, A::kReclassify, S::kPlanApproved, P::kTriage},
    Transition{kC, S::kImplementing, A::kReclassify, S::kImplementing, P::kTriage},
    // Investigate → cause and responsibility → plan → approval
    Transition{kC, S::kTriaged, A::kStartInvestigation, S::kInvestigating, P::kInvestigate},
    Transition{kC, S::kInvestigating, A::kRecordCause, S::kAnalysed, P::kInvestigate},
    Transition{kC, S::kAnalysed, A::kRecordCause, S::kAnalysed, P::kInvestigate},
    Transition{kC, S::kAnalysed, A::kSubmitPlan, S::kPlanSubmitted, P::kDraftPlan},
    Transition{kC, S::kPlanSubmitted, A::kApprovePlan, S::kPlanApproved, P::kApprovePlan},
    Transition{kC, S::kPlanSubmitted, A::kRejectPlan, S::kAnalysed, P::kApprovePlan},
    // Implement → reply → the customer confirms or disputes → close
    Transition{kC, S::kPlanApproved, A::kImplement, S::kImplementing, P::kInvestigate},
    Transition{kC, S::kImplementing, A::kCompleteMeasure, S::kImplementing, P::kInvestigate},
    Transition{kC, S::kImplementing, A::kReply, S::kReplied, P::kReply},
    Transition{kC, S::kReplied, A::kConfirm, S::kConfirmed, P::kCustomerRespond},
    Transition{kC, S::kReplied, A::kConfirm, S::kConfirmed, P::kReply},
    Transition{kC, S::kReplied, A::kDispute, S::kDisputed, P::kCustomerRespond},
    Transition{kC, S::kReplied, A::kDispute, S::kDisputed, P::kReply},
    Transition{kC, S::kConfirmed, A::kClose, S::kClosed, P::kReply},
    Transition{kC, S::kReplied, A::kClose, S::kClosed, P::kReply},
    Transition{kC, S::kDisputed, A::kClose, S::kClosed, P::kReply},
    // Reopen, appeal and re-check
    Transition{kC, S::kDisputed, A::kReopen, S::kInvestigating, P::kReply},
    Transition{kC, S::kClosed, A::kReopen, S::kInvestigating, P::kReply},
    Transition{kC, S::kClosed, A::kAppeal, S::kAppealed, P::kCustomerRespond},
    Transition{kC, S::kClosed, A::kAppeal, S::kAppealed, P::kReply},
    Transition{kC, S::kAppealed, A::kStartRecheck, S::kRechecking, P::kRecheck},
    Transition{kC, S::kRechecking, A::kUpholdRecheck, S::kClosed, P::kRecheck},
    Transition{kC, S::kRechecking, A::kReviseRecheck, S::kInvestigating, P::kRecheck},
    // Invalid and duplicate complaints
    Transition{kC, S::kRegistered, A::kRejectInvalid, S::kRejected, P::kRejectInvalid},
    Transition{kC, S::kAcknowledged, A::kRejectInvalid, S::kRejected, P::kRejectInvalid},
    Transition{kC, S::kTriaged, A::kRejectInvalid, S::kRejected, P::kRejectInvalid},
    Transition{kC, S::kInvestigating, A::kRejectInvalid, S::kRejected, P::kRejectInvalid},
    Transition{kC, S::kRegistered, A::kMerge, S::kMerged, P::kRejectInvalid},
    Transition{kC, S::kAcknowledged, A::kMerge, S::kMerged, P::kRejectInvalid},
    Transition{kC, S::kTriaged, A::kMerge, S::kMerged, P::kRejectInvalid},
    Transition{kC, S::kInvestigating, A::kMerge, S::kMerged, P::kRejectInvalid},
    // Archive
    Transition{kC, S::kClosed, A::kArchive, S::kArchived, P::kArchive},
    Transition{kC, S::kRejected, A::kArchive, S::kArchived, P::kArchive},
    Transition{kC, S::kMerged, A::kArchive, S::kArchived, P::kArchive},
    // Consultation: register → answer directly, or transfer (24 h) → department answers (3 wd) → close
    Transition{kQ, S::kRegistered, A::kAcknowledge, S::kAcknowledged, P::kAcknowledge},
    Transition{kQ, S::kRegistered, A::kAnswer, S::kAnswered, P::kAnswerConsultation},
    Transition{kQ, S::kAcknowledged, A::kAnswer, S::kAnswered, P::kAnswerConsultation},
    Transition{kQ, S::kRegistered, A::kTransfer, S::kTransferred, P::kAnswerConsultation},
    Transition{kQ, S::kAcknowledged, A::kTransfer, S::kTransferred, P::kAnswerConsultation},
    Transition{kQ, S::kTransferred, A::kTransfer, S::kTransferred, P::kAnswerConsultation},
    Transition{kQ, S::kTransferred, A::kDepartmentAnswer, S::kAnswered, P::kDepartmentAnswer},
    Transition{kQ, S::kAnswered, A::kClose, S::kClosed, P::kAnswerConsultation},
    Transition{kQ, S::kClosed, A::kReopen, S::kRegistered, P::kAnswerConsultation},
    Transition{kQ, S::kRegistered, A::kRejectInvalid, S::kRejected, P::kRejectInvalid},
    Transition{kQ, S::kAcknowledged, A::kRejectInvalid, S::kRejected, P::kRejectInvalid},
    Transition{kQ, S::kRegistered, A::kMerge, S::kMerged, P::kRejectInvalid},
    Transition{kQ, S::kAcknowledged, A::kMerge, S::kMerged, P::kRejectInvalid},
    Transition{kQ, S::kClosed, A::kArchive, S::kArchived, P::kArchive},
    Transition{kQ, S::kRejected, A::kArchive, S::kArchived, P::kArchive},
    Transition{kQ, S::kMerged, A::kArchive, S::kArchived, P::kArchive},
};

bool MayTake(RequestKind kind, Status from, Action action, const Actor& actor) {
    return std::ranges::any_of(kTransitions, [&](const Transition& row) {
        return row.kind == kind && row.from == from && row.action == action && actor.Has(row.permission);
    });
}

void RequireText(std::vector<FieldError>& errors, RequestKind kind, Action action, const std::string& text) {
    TextFieldSpec spec = ActionTextField(action);
    if (spec.name.empty()) return;
    // An answered consultation is closed by its answer; a complaint's closing needs its own summary.
    bool required = spec.required && !(kind == RequestKind::kConsultation && action == A::kClose);
    if (required && IsBlank(text)) errors.push_back({std::string(spec.name), "is required"});
    if (CountCodePoints(text) > kMaxLongText) errors.push_back({std::string(spec.name), "is longer than 20000 characters"});
    if (!IsValidUtf8(text)) errors.push_back({std::string(spec.name), "is not valid UTF-8"});
}

void ValidateMeasures(std::vector<FieldError>& errors, const std::optional<std::vector<Measure>>& measures) {
    if (!measures || measures->empty()) {
        errors.push_back({"measures", "at least one measure is required"});
        return;
    }
    if (measures->size() > 50) errors.push_back({"measures", "at most 50 measures"});
    for (std::size_t i = 0; i < measures->size(); ++i) {
        const Measure& m = (*measures)[i];
        std::string prefix = "measures[" + std::to_string(i) + "].";
        CheckText(errors, prefix + "description", m.description, true, kMaxMediumText);
        CheckText(errors, prefix + "owner", m.owner, true, kMaxShortText);
        CheckText(errors, prefix + "expected_effect", m.expected_effect, false, kMaxMediumText);
    }
}

void AddHandler(Complaint& complaint, const Actor& actor) {
    if (actor.user_id == 0) return;
    if (std::ranges::find(complaint.handler_ids, actor.user_id) == complaint.handler_ids.end())
        complaint.handler_ids.push_back(actor.user_id);
}

}  // namespace

std::span<const EnumName<Action>> ActionNames() { return kActionNames; }
std::span<const Transition> Transitions() { return kTransitions; }

TextFieldSpec ActionTextField(Action action) {
    switch (action) {
        case A::kAcknowledge: return {"message", false};
        case A::kTriage: return {"comment", false};
        case A::kReclassify: return {"reason", true};
        case A::kAssign: return {"comment", false};
        case A::kStartInvestigation: return {"comment", false};
        case A::kRecordCause: return {"", false};
        case A::kSubmitPlan: return {"comment", false};
        case A::kApprovePlan: return {"comment", false};
        case A::kRejectPlan: return {"comment", true};
        case A::kImplement: return {"comment", false};
        case A::kCompleteMeasure: return {"comment", false};
        case A::kReply: return {"message", true};
        case A::kConfirm: return {"comment", false};
        case A::kDispute: return {"reason", true};
        case A::kClose: return {"summary", true};
        case A::kReopen: return {"reason", true};
        case A::kAppeal: return {"reason", true};
        case A::kStartRecheck: return {"comment", false};
        case A::kUpholdRecheck: return {"opinion", true};
        case A::kReviseRecheck: return {"opinion", true};
        case A::kRejectInvalid: return {"reason", true};
        case A::kMerge: return {"comment", false};
        case A::kArchive: return {"", false};
        case A::kAnswer: return {"answer", true};
        case A::kTransfer: return {"comment", false};
        case A::kDepartmentAnswer: return {"answer", true};
    }
    return {"", false};
}

bool IsCustomerVisible(Action action) {
    switch (action) {
        case A::kAcknowledge: case A::kReply: case A::kConfirm: case A::kDispute: case A::kClose: case A::kReopen:
        case A::kAppeal: case A::kStartRecheck: case A::kUpholdRecheck: case A::kReviseRecheck:
        case A::kRejectInvalid: case A::kMerge: case A::kAnswer: case A::kTransfer: case A::kDepartmentAnswer:
        case A::kStartInvestigation:
            return true;
        default:
            return false;
    }
}

bool CustomerSeesText(Action action) {
    switch (action) {
        case A::kAcknowledge: case A::kReply: case A::kDispute: case A::kClose: case A::kAppeal:
        case A::kUpholdRecheck: case A::kReviseRecheck: case A::kRejectInvalid: case A::kAnswer:
        case A::kDepartmentAnswer:
            return true;
        default:
            return false;
    }
}

bool IsCustomerAction(Action action) {
    return action == A::kConfirm || action == A::kDispute || action == A::kAppeal;
}

const Transition* FindTransition(RequestKind kind, Status from, Action action) {
    auto it = std::ranges::find_if(kTransitions, [&](const Transition& row) {
        return row.kind == kind && row.from == from && row.action == action;
    });
    return it == kTransitions.end() ? nullptr : &*it;
}

std::vector<Action> AvailableActions(const Complaint& complaint, const Actor& actor, const ProcessSettings* settings) {
    std::vector<Action> actions;
    for (const Transition& row : kTransitions) {
        if (row.kind != complaint.kind || row.from != complaint.status || !actor.Has(row.permission)) continue;
        bool deciding_plan = row.action == A::kApprovePlan || row.action == A::kRejectPlan;
        if (deciding_plan && complaint.plan && actor.user_id != 0 && complaint.plan->submitted_by == actor.user_id) continue;
        if (row.action == A::kApprovePlan && settings && actor.role == Role::kManager && complaint.plan &&
            complaint.plan->compensation_fen > settings->manager_approval_limit_fen)
            continue;
        bool deciding_recheck = row.action == A::kUpholdRecheck || row.action == A::kReviseRecheck;
        if (deciding_recheck && (!complaint.recheck || complaint.recheck->reviewer_id != actor.user_id)) continue;
        if (std::ranges::find(actions, row.action) == actions.end()) actions.push_back(row.action);
    }
    return actions;
}

std::vector<FieldError> ValidateActionInput(RequestKind kind, Action action, const ActionInput& input) {
    std::vector<FieldError> errors;
    RequireText(errors, kind, action, input.text);
    switch (action) {
        case A::kTriage:
            if (!input.category_id) errors.push_back({"category_id", "is required"});
            if (!input.level) errors.push_back({"level", "is required"});
            if (!input.difficulty) errors.push_back({"difficulty", "is required"});
            if (!input.department_id) errors.push_back({"department_id", "is required"});
            break;
        case A::kReclassify:
            if (!input.category_id && !input.level && !input.difficulty && !input.business_line)
                errors.push_back({"level", "give at least one of category_id, level, difficulty, business_line"});
            break;
        case A::kAssign:
            if (!input.department_id && !input.owner_id)
                errors.push_back({"owner_id", "give owner_id, department_id or both"});
            break;
        case A::kRecordCause:
            if (!input.cause) {
                errors.push_back({"cause", "is required"});
            } else {
                CheckText(errors, "cause.root_cause", input.cause->root_cause, true, kMaxLongText);
                CheckText(errors, "cause.analysis_notes", input.cause->analysis_notes, false, kMaxLongText);
                CheckText(errors, "cause.responsible_person", input.cause->responsible_person, false, kMaxShortText);
                CheckText(errors, "cause.accountability", input.cause->accountability, false, kMaxMediumText);
            }
            break;
        case A::kSubmitPlan:
            ValidateMeasures(errors, input.measures);
            if (input.compensation_fen && *input.compensation_fen < 0)
                errors.push_back({"compensation", "must not be negative"});
            break;
        case A::kCompleteMeasure:
            if (!input.measure_index) errors.push_back({"measure_index", "is required"});
            break;
        case A::kStartRecheck:
            if (!input.reviewer_id) errors.push_back({"reviewer_id", "is required"});
            break;
        case A::kMerge:
            if (!input.target_id) errors.push_back({"target_id", "is required"});
            break;
        case A::kTransfer:
            if (!input.department_id) errors.push_back({"department_id", "is required"});
            break;
        default:
            break;
    }
    return errors;
}

Result<Complaint> ApplyAction(const Complaint& complaint, Action action, const ActionInput& input,
                              const ActionContext& context) {
    const Transition* row = FindTransition(complaint.kind, complaint.status, action);
    if (row == nullptr) {
        return Fail(ErrorCode::kIllegalTransition,
                    "action '" + std::string(NameOf(action)) + "' is not allowed when a " +
                        std::string(NameOf(complaint.kind)) + " is '" + std::string(NameOf(complaint.status)) + "'");
    }
    const Actor& actor = context.actor;
    if (!MayTake(complaint.kind, complaint.status, action, actor)) {
        return Fail(ErrorCode::kForbidden, "role '" + std::string(RoleName(actor.role)) + "' may not '" +
                                               std::string(NameOf(action)) + "'");
    }
    if (auto errors = ValidateActionInput(complaint.kind, action, input); !errors.empty()) return FailFields(errors);

    Complaint next = complaint;
    next.status = row->to;
    next.version = complaint.version + 1;
    next.updated_at = context.now;

    switch (action) {
        case A::kAcknowledge:
        case A::kStartInvestigation:
        case A::kImplement:
        case A::kConfirm:
        case A::kArchive:
            break;
        case A::kTriage:
            next.category_id = input.category_id;
            next.level = *input.level;
            next.difficulty = *input.difficulty;
            next.department_id = input.department_id;
            if (input.owner_id) next.owner_id = input.owner_id;
            if (input.business_line) next.business_line = *input.business_line;
            break;
        case A::kReclassify:
            if (input.category_id) next.category_id = input.category_id;
            if (input.level) next.level = *input.level;
            if (input.difficulty) next.difficulty = *input.difficulty;
            if (input.business_line) next.business_line = *input.business_line;
            break;
        case A::kAssign:
            if (input.department_id && input.department_id != complaint.department_id) {
                next.department_id = input.department_id;
                if (!input.owner_id) next.owner_id.reset();  // a new department picks its own owner
            }
            if (input.owner_id) next.owner_id = input.owner_id;
            break;
        case A::kRecordCause:
            next.cause = input.cause;
            break;
        case A::kSubmitPlan: {
            SolutionPlan plan;
            plan.measures = *input.measures;
            plan.compensation_fen = input.compensation_fen.value_or(0);
            plan.revision = complaint.plan ? complaint.plan->revision + 1 : 1;
            plan.submitted_by = actor.user_id;
            next.plan = plan;
            break;
        }
        case A::kApprovePlan:
        case A::kRejectPlan: {
            if (!next.plan) return Fail(ErrorCode::kIllegalTransition, "there is no submitted plan to decide");
            if (action == A::kApprovePlan && actor.role == Role::kManager &&
                next.plan->compensation_fen > context.settings.manager_approval_limit_fen) {
                return Fail(ErrorCode::kForbidden, "compensation " + FormatYuan(next.plan->compensation_fen) +
                                                       " exceeds the manager approval limit of " +
                                                       FormatYuan(context.settings.manager_approval_limit_fen) +
                                                       "; a leader must approve");
            }
            if (next.plan->submitted_by == actor.user_id && actor.user_id != 0)
                return Fail(ErrorCode::kForbidden, "a plan cannot be decided by the person who submitted it");
            next.plan->status = action == A::kApprovePlan ? PlanStatus::kApproved : PlanStatus::kRejected;
            next.plan->decided_by = actor.user_id;
            next.plan->decision_comment = input.text;
            break;
        }
        case A::kCompleteMeasure: {
            int index = *input.measure_index;
            if (!next.plan || index < 0 || static_cast<std::size_t>(index) >= next.plan->measures.size())
                return FailField(ErrorCode::kInvalidArgument, "measure_index", "no such measure in the plan");
            auto& measure = next.plan->measures[static_cast<std::size_t>(index)];
            if (measure.done) return FailField(ErrorCode::kInvalidArgument, "measure_index", "measure is already done");
            measure.done = true;
            break;
        }
        case A::kReply:
            if (next.plan && std::ranges::any_of(next.plan->measures, [](const Measure& m) { return !m.done; }))
                return Fail(ErrorCode::kIllegalTransition, "every measure of the plan must be done before the reply");
            next.reply = input.text;
            next.replied_at = context.now;
            break;
        case A::kDispute:
            next.resolution = input.text;
            break;
        case A::kClose:
            next.resolution = input.text;
            next.closed_at = context.now;
            break;
        case A::kReopen:
            next.reopen_count = complaint.reopen_count + 1;
            next.closed_at.reset();
            break;
        case A::kAppeal: {
            auto window = std::chrono::days{context.settings.appeal_window_days};
            if (!complaint.closed_at || context.now - *complaint.closed_at > window) {
                return Fail(ErrorCode::kIllegalTransition,
                            "the appeal period of " + std::to_string(context.settings.appeal_window_days) +
                                " days after closing has passed");
            }
            next.recheck = Recheck{input.text, context.now, std::nullopt, std::nullopt, ""};
            next.closed_at.reset();
            break;
        }
        case A::kStartRecheck: {
            std::int64_t reviewer = *input.reviewer_id;
            if (std::ranges::find(complaint.handler_ids, reviewer) != complaint.handler_ids.end())
                return FailField(ErrorCode::kInvalidArgument, "reviewer_id",
                                 "the reviewer handled this complaint and must recuse (回避)");
            if (!context.reviewer_role || !RoleHas(*context.reviewer_role, Permission::kRecheck))
                return FailField(ErrorCode::kInvalidArgument, "reviewer_id", "the reviewer may not run re-checks");
            if (!next.recheck) next.recheck = Recheck{};
            next.recheck->reviewer_id = reviewer;
            break;
        }
        case A::kUpholdRecheck:
        case A::kReviseRecheck:
            if (!complaint.recheck || complaint.recheck->reviewer_id != actor.user_id)
                return Fail(ErrorCode::kForbidden, "only the assigned reviewer may decide the re-check");
            next.recheck->decision = action == A::kUpholdRecheck ? RecheckDecision::kUphold : RecheckDecision::kRevise;
            next.recheck->opinion = input.text;
            if (action == A::kUpholdRecheck) next.closed_at = context.now;
            break;
        case A::kRejectInvalid:
            next.resolution = input.text;
            next.closed_at = context.now;
            break;
        case A::kMerge: {
            const Complaint* target = context.merge_target;
            if (target == nullptr || target->id != *input.target_id)
                return FailField(ErrorCode::kInvalidArgument, "target_id", "target complaint not loaded");
            if (target->id == complaint.id)
                return FailField(ErrorCode::kInvalidArgument, "target_id", "a complaint cannot be merged into itself");
            if (!IsOpen(target->status))
                return FailField(ErrorCode::kInvalidArgument, "target_id", "the target complaint is not open");
            if (target->kind != complaint.kind)
                return FailField(ErrorCode::kInvalidArgument, "target_id", "the target is of another kind");
            next.merged_into = target->id;
            next.resolution = input.text.empty() ? "merged into " + target->number : input.text;
            next.closed_at = context.now;
            break;
        }
        case A::kAnswer:
        case A::kDepartmentAnswer:
            next.reply = input.text;
            next.replied_at = context.now;
            break;
        case A::kTransfer:
            next.department_id = input.department_id;
            next.owner_id.reset();
            next.transferred_at = context.now;
            break;
    }
    bool handles = !IsCustomerAction(action) && action != A::kUpholdRecheck && action != A::kReviseRecheck &&
                   action != A::kStartRecheck && action != A::kArchive;
    if (handles) AddHandler(next, actor);
    return next;
}

}  // namespace kesu::domain
