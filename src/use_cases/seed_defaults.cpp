#include "use_cases/seed_defaults.hpp"

#include "domain/calendar/china_calendar.hpp"
#include "domain/calendar/sla_policy.hpp"
#include "domain/category.hpp"
#include "use_cases/sla_config.hpp"

namespace kesu::use_cases {

domain::Result<SeedReport> SeedDefaults(const Dependencies& deps, const std::optional<std::string>& admin_password,
                                        bool create_admin) {
    auto counts = domain::ReadValue<std::pair<std::size_t, std::int64_t>>(
        deps.database, [](domain::Transaction& tx) -> domain::Result<std::pair<std::size_t, std::int64_t>> {
            auto categories = tx.Categories().List();
            if (!categories) return std::unexpected(categories.error());
            auto users = tx.Users().Count();
            if (!users) return std::unexpected(users.error());
            return std::pair{categories->size(), *users};
        });
    if (!counts) return std::unexpected(counts.error());
    SeedReport report;
    std::string password;
    std::string hash;
    if (create_admin && counts->second == 0) {
        password = admin_password.value_or(deps.tokens.NewSecret(12));
        hash = deps.passwords.Hash(password);
    }
    domain::Instant now = deps.clock.Now();
    RequestContext system{SystemActor(), "seed", "local"};
    auto written = deps.database.Write([&](domain::Transaction& tx) -> domain::Result<void> {
        if (counts->first == 0) {
            std::vector<std::int64_t> ids;
            for (domain::Category category : domain::DefaultCategories()) {
                if (category.parent_id) category.parent_id = ids[static_cast<std::size_t>(*category.parent_id - 1)];
                if (auto inserted = tx.Categories().Insert(category); !inserted) return inserted;
                ids.push_back(category.id);
                ++report.categories_created;
            }
        }
        // The official China calendar and the BRIEF §4 policy, stored so an admin can see and edit them.
        auto calendars = tx.Sla().ListCalendars();
        if (!calendars) return std::unexpected(calendars.error());
        if (calendars->empty()) {
            if (auto saved = tx.Sla().PutCalendar(domain::ChinaDefaultCalendar()); !saved) return saved;
        }
        auto policy = tx.Sla().GetPolicy(kActivePolicyId);
        if (!policy) return std::unexpected(policy.error());
        if (!*policy) {
            domain::SlaPolicy defaults = domain::DefaultSlaPolicy();
            defaults.id = kActivePolicyId;
            if (auto saved = tx.Sla().PutPolicy(defaults); !saved) return saved;
            if (auto bumped = BumpSlaConfigVersion(tx); !bumped) return bumped;
        }
        if (!hash.empty()) {
            domain::User admin{0, "admin", "系统管理员", "", hash, domain::Role::kAdmin, std::nullopt, true, false, now, 1};
            if (auto inserted = tx.Users().Insert(admin); !inserted) return inserted;
            domain::AuditEvent event = NewEvent(system, now, "user_created");
            event.changes = {{"user.username", "", "admin"}, {"user.role", "", "admin"}};
            event.text = "initial administrator";
            if (auto appended = tx.Audit().Append(event); !appended) return appended;
            report.admin_password = password;
        }
        return {};
    });
    if (!written) return std::unexpected(written.error());
    return report;
}

}  // namespace kesu::use_cases
