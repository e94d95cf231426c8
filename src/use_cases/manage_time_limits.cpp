#include "use_cases/manage_time_limits.hpp"

#include "domain/calendar/working_calendar.hpp"
#include "use_cases/sla_config.hpp"

namespace kesu::use_cases {

using domain::ErrorCode;
using domain::Fail;

namespace {

domain::Result<void> RequireStaff(const domain::Actor& actor) {
    if (actor.user_id == 0) return Fail(ErrorCode::kForbidden, "staff only");
    return {};
}

domain::Result<void> Audit(domain::Transaction& tx, const RequestContext& context, domain::Instant now, std::string action,
                           std::string text) {
    domain::AuditEvent event = NewEvent(context, now, std::move(action));
    event.text = std::move(text);
    return tx.Audit().Append(event);
}

}  // namespace

domain::Result<std::vector<domain::BusinessCalendar>> ListCalendars(const Dependencies& deps, const RequestContext& context) {
    if (auto allowed = RequireStaff(context.actor); !allowed) return std::unexpected(allowed.error());
    return domain::ReadValue<std::vector<domain::BusinessCalendar>>(deps.database, [](domain::Transaction& tx) {
        return tx.Sla().ListCalendars();
    });
}

domain::Result<domain::BusinessCalendar> SaveCalendar(const Dependencies& deps, const RequestContext& context,
                                                      domain::BusinessCalendar calendar) {
    if (auto allowed = Require(context.actor, domain::Permission::kManageSettings); !allowed)
        return std::unexpected(allowed.error());
    if (calendar.id.empty() || calendar.id.size() > 64)
        return domain::FailField(ErrorCode::kInvalidArgument, "id", "must be 1 to 64 characters");
    if (auto compiled = domain::WorkingCalendar::Build(calendar); !compiled) return std::unexpected(compiled.error());
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::BusinessCalendar>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::BusinessCalendar> {
        if (auto saved = tx.Sla().PutCalendar(calendar); !saved) return std::unexpected(saved.error());
        if (auto bumped = BumpSlaConfigVersion(tx); !bumped) return std::unexpected(bumped.error());
        if (auto audited = Audit(tx, context, now, "calendar_saved", "calendar " + calendar.id + " (" +
                                                                        std::to_string(calendar.holidays.size()) + " holidays, " +
                                                                        std::to_string(calendar.makeup_days.size()) + " makeup days)");
            !audited)
            return std::unexpected(audited.error());
        return calendar;
    });
}

domain::Result<domain::BusinessCalendar> ImportSpecialDays(const Dependencies& deps, const RequestContext& context,
                                                           const std::string& calendar_id, const domain::SpecialDays& days) {
    if (auto allowed = Require(context.actor, domain::Permission::kManageSettings); !allowed)
        return std::unexpected(allowed.error());
    auto existing = domain::ReadValue<domain::BusinessCalendar>(deps.database, [&](domain::Transaction& tx) {
        return tx.Sla().GetCalendar(calendar_id);
    });
    if (!existing) return existing;
    return SaveCalendar(deps, context, domain::MergeSpecialDays(std::move(*existing), days));
}

domain::Result<domain::SlaPolicy> GetSlaPolicy(const Dependencies& deps, const RequestContext& context) {
    if (auto allowed = RequireStaff(context.actor); !allowed) return std::unexpected(allowed.error());
    return domain::ReadValue<domain::SlaPolicy>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::SlaPolicy> {
        auto config = deps.sla.Load(tx);
        if (!config) return std::unexpected(config.error());
        return (*config)->policy;
    });
}

domain::Result<std::vector<SlaPreset>> ListSlaPresets(const Dependencies& deps, const RequestContext& context) {
    (void)deps;
    if (auto allowed = RequireStaff(context.actor); !allowed) return std::unexpected(allowed.error());
    return std::vector<SlaPreset>{
        {"default", "通用时限（含12315七个工作日）", domain::DefaultSlaPolicy()},
        {"bank_insurer", "银行保险业（15日作出处理决定，复杂30日，经批准可再延30日）", domain::BankInsurerSlaPolicy()},
    };
}

domain::Result<domain::SlaPolicy> SaveSlaPolicy(const Dependencies& deps, const RequestContext& context,
                                                domain::SlaPolicy policy) {
    if (auto allowed = Require(context.actor, domain::Permission::kManageProcess); !allowed)
        return std::unexpected(allowed.error());
    policy.id = kActivePolicyId;
    if (auto valid = domain::ValidatePolicy(policy); !valid) return std::unexpected(valid.error());
    domain::Instant now = deps.clock.Now();
    return domain::WriteValue<domain::SlaPolicy>(deps.database, [&](domain::Transaction& tx) -> domain::Result<domain::SlaPolicy> {
        auto calendar = tx.Sla().GetCalendar(policy.calendar_id);
        if (!calendar) return domain::FailField(ErrorCode::kInvalidArgument, "calendar_id", "no such calendar");
        if (auto saved = tx.Sla().PutPolicy(policy); !saved) return std::unexpected(saved.error());
        if (auto bumped = BumpSlaConfigVersion(tx); !bumped) return std::unexpected(bumped.error());
        if (auto audited = Audit(tx, context, now, "sla_policy_saved", std::to_string(policy.rules.size()) + " rules"); !audited)
            return std::unexpected(audited.error());
        return policy;
    });
}

}  // namespace kesu::use_cases
