#include "use_cases/sla_config.hpp"

#include "domain/calendar/china_calendar.hpp"

namespace kesu::use_cases {

namespace {
constexpr const char* kVersionKey = "sla.config_version";
}  // namespace

domain::Result<std::shared_ptr<const SlaConfig>> SlaConfigCache::Load(domain::Transaction& tx) {
    auto stamp = tx.Settings().Get(kVersionKey);
    if (!stamp) return std::unexpected(stamp.error());
    std::string version = stamp->value_or("0");
    {
        std::lock_guard lock(mutex_);
        if (current_ && current_->version == version) return current_;
    }
    auto stored = tx.Sla().GetPolicy(kActivePolicyId);
    if (!stored) return std::unexpected(stored.error());
    domain::SlaPolicy policy = stored->value_or(domain::DefaultSlaPolicy());
    auto definition = tx.Sla().GetCalendar(policy.calendar_id);
    domain::BusinessCalendar calendar;
    if (definition) {
        calendar = std::move(*definition);
    } else if (definition.error().code == domain::ErrorCode::kNotFound && policy.calendar_id == "cn-default") {
        calendar = domain::ChinaDefaultCalendar();
    } else {
        return std::unexpected(definition.error());
    }
    auto compiled = domain::WorkingCalendar::Build(std::move(calendar));
    if (!compiled) return std::unexpected(compiled.error());
    auto config = std::make_shared<const SlaConfig>(SlaConfig{std::move(policy), std::move(*compiled), version});
    std::lock_guard lock(mutex_);
    current_ = config;
    return config;
}

domain::Result<void> BumpSlaConfigVersion(domain::Transaction& tx) {
    auto stamp = tx.Settings().Get(kVersionKey);
    if (!stamp) return std::unexpected(stamp.error());
    long long next = std::stoll(stamp->value_or("0")) + 1;
    return tx.Settings().Put(kVersionKey, std::to_string(next));
}

}  // namespace kesu::use_cases
