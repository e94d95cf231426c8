#include "use_cases/perform_action.hpp"

#include <algorithm>

#include "use_cases/clock_keeper.hpp"

namespace kesu::use_cases {

using domain::Action;
using domain::ErrorCode;
using domain::Fail;
using domain::FailField;

namespace {

domain::Result<void> CheckDepartment(domain::Transaction& tx, std::optional<std::int64_t> department_id,
                                     const char* field) {
    if (!department_id) return {};
    auto department = tx.Departments().Get(*department_id);
    if (!department || !department->active) return FailField(ErrorCode::kInvalidArgument, field, "no such active department");
    return {};
}

domain::Result<void> CheckOwner(domain::Transaction& tx, std::optional<std::int64_t> owner_id,
                                std::optional<std::int64_t> department_id) {
    if (!owner_id) return {};
    auto owner = tx.Users().Get(*owner_id);
    if (!owner || !owner->active) return FailField(ErrorCode::kInvalidArgument, "owner_id", "no such active user");
    if (!domain::CanOwnComplaints(owner->role))
        return FailField(ErrorCode::kInvalidArgument, "owner_id", "this user's role cannot own complaints");
    if (department_id && owner->department_id != department_id)
        return FailField(ErrorCode::kInvalidArgument, "owner_id", "the owner is not in the complaint's department");
    return {};
}

}  // namespace

domain::Result<domain::Complaint> PerformActionIn(domain::Transaction& tx, const Dependencies& deps, domain::Instant now,
                                                  const RequestContext& context, const domain::Complaint& current,
                                                  const ActionRequest& request) {
    if (current.version != request.expected_version) {
        return Fail(ErrorCode::kStaleVersion, "complaint " + current.number + " is at version " +
                                                  std::to_string(current.version) + ", you had " +
                                                  std::to_string(request.expected_version) + "; reload and try again");
    }
    const domain::ActionInput& input = request.input;
    auto settings = LoadProcessSettings(tx);
    if (!settings) return std::unexpected(settings.error());
    domain::ActionContext action_context{context.actor, now, *settings};

    std::optional<domain::Complaint> merge_target;
    if (request.action == Action::kMerge && input.target_id) {
        auto target = LoadVisible(tx, context.actor, *input.target_id);
        if (!target) return FailField(ErrorCode::kInvalidArgument, "target_id", target.error().message);
        merge_target = std::move(*target);
        action_context.merge_target = &*merge_target;
    }
    if (request.action == Action::kStartRecheck && input.reviewer_id) {
        auto reviewer = tx.Users().Get(*input.reviewer_id);
        if (!reviewer || !reviewer->active) return FailField(ErrorCode::kInvalidArgument, "reviewer_id", "no such active user");
        action_context.reviewer_role = reviewer->role;
    }
    if (input.category_id) {
        if (auto category = tx.Categories().Get(*input.category_id); !category || !category->active)
            return FailField(ErrorCode::kInvalidArgument, "category_id", "no such active category");
    }
    if (auto checked = CheckDepartment(tx, input.department_id, "department_id"); !checked) return std::unexpected(checked.error());
    if (input.cause) {
        if (auto checked = CheckDepartment(tx, input.cause->responsible_department_id, "cause.responsible_department_id");
            !checked)
            return std::unexpected(checked.error());
    }

    auto next = domain::ApplyAction(current, request.action, input, action_context);
    if (!next) return next;
    if (auto checked = CheckOwner(tx, input.owner_id, next->department_id); !checked) return std::unexpected(checked.error());

    auto config = deps.sla.Load(tx);
    if (!config) return std::unexpected(config.error());
    bool reclassified = next->level != current.level || next->difficulty != current.difficulty ||
                        next->category_id != current.category_id;
    if (auto kept = KeepClocks(tx, **config, context, *next, {request.action, reclassified}, now); !kept)
        return std::unexpected(kept.error());
    if (next->owner_id && next->owner_id != current.owner_id && next->owner_id != context.actor.user_id) {
        if (auto told = Notify(tx, *next, {true, false, false}, "assigned", "新分派：" + next->number, next->subject, now);
            !told)
            return std::unexpected(told.error());
    }

    if (auto updated = tx.Complaints().Update(*next, current.version); !updated) return std::unexpected(updated.error());
    domain::AuditEvent event = NewEvent(context, now, std::string(domain::NameOf(request.action)), current.id);
    event.changes = domain::DiffComplaints(current, *next);
    event.text = input.text;
    event.customer_visible = domain::IsCustomerVisible(request.action);
    if (auto appended = tx.Audit().Append(event); !appended) return std::unexpected(appended.error());

    if (merge_target) {
        domain::Complaint target_next = *merge_target;
        target_next.merged_from.push_back(current.id);
        target_next.version += 1;
        target_next.updated_at = now;
        if (auto updated = tx.Complaints().Update(target_next, merge_target->version); !updated)
            return std::unexpected(updated.error());
        domain::AuditEvent linked = NewEvent(context, now, "merged_from", merge_target->id);
        linked.changes = domain::DiffComplaints(*merge_target, target_next);
        linked.text = current.number;
        if (auto appended = tx.Audit().Append(linked); !appended) return std::unexpected(appended.error());
    }
    return next;
}

domain::Result<domain::Complaint> PerformAction(const Dependencies& deps, const RequestContext& context,
                                                const ActionRequest& request) {
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::Complaint>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::Complaint> {
        auto current = LoadVisible(tx, context.actor, request.complaint_id);
        if (!current) return current;
        return PerformActionIn(tx, deps, now, context, *current, request);
    });
}

}  // namespace kesu::use_cases
