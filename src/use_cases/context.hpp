// What every use case receives: the ports it may use (Dependencies, built once by main) and who is asking
// (RequestContext, built per request by the transport). Use cases see no I/O types.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/audit_event.hpp"
#include "domain/credentials.hpp"
#include "domain/database.hpp"
#include "domain/role.hpp"
#include "domain/time.hpp"
#include "domain/workflow.hpp"

namespace kesu::use_cases {

struct Limits {
    int portal_submissions_per_hour = 10;     // per client address
    int portal_lookups_per_hour = 60;         // failed number + access code checks per client address
    // Wrong passwords for one user name from one address before backoff: then each attempt waits
    // login_backoff_first, doubling with every further failure up to login_backoff_max. A right password clears it.
    int login_failures_before_backoff = 5;
    std::chrono::seconds login_backoff_first{30};
    std::chrono::minutes login_backoff_max{15};
    int login_failures_per_address = 20;      // any user names, within login_window
    std::chrono::minutes login_window{15};
    std::chrono::hours session_idle{8};
    std::chrono::hours session_absolute{24 * 7};
    std::chrono::hours idempotency_retention{24};
    std::chrono::minutes utc_offset{480};     // the organisation's civil time (complaint numbers, dates)
};

class SlaConfigCache;

struct Dependencies {
    domain::Database& database;
    const domain::Clock& clock;
    const domain::PasswordHasher& passwords;
    const domain::TokenService& tokens;
    SlaConfigCache& sla;
    Limits limits;
};

struct RequestContext {
    domain::Actor actor;
    std::string request_id;
    std::string client_address;
};

// The system itself (jobs, the CLI), for audit events.
domain::Actor SystemActor();
domain::Actor CustomerActor();

// An audit event stamped with who, when and which request.
domain::AuditEvent NewEvent(const RequestContext& context, domain::Instant at, std::string action,
                            std::optional<std::int64_t> complaint_id = std::nullopt);

// kForbidden naming the role and what it may not do.
domain::Result<void> Require(const domain::Actor& actor, domain::Permission permission);

// Loads a complaint the actor may see (kForbidden when outside their scope).
domain::Result<domain::Complaint> LoadVisible(domain::Transaction& tx, const domain::Actor& actor,
                                              std::int64_t complaint_id);

// Reads the process settings (defaults when never saved).
domain::Result<domain::ProcessSettings> LoadProcessSettings(domain::Transaction& tx);

// One copy of `notice` per user in `user_ids`, each addressed to that user, in the transaction's outbox.
domain::Result<void> NotifyUsers(domain::Transaction& tx, domain::Notification notice,
                                 const std::vector<std::int64_t>& user_ids);

// An in-app notice, in the transaction's outbox, to every active auditor: changes of who may decide what (the
// approval limit, PII grants) are watched by someone who is neither the actor nor the beneficiary.
domain::Result<void> NotifyAuditors(domain::Transaction& tx, std::string kind, std::string title, std::string body,
                                    domain::Instant now);

}  // namespace kesu::use_cases
