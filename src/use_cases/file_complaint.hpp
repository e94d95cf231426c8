// Register (登记) a complaint or consultation from any channel: validate, number it (TS-/ZX-YYYYMMDD-NNNNNN),
// give the customer an access code, warn about the same person's open complaints, audit it — all in one
// durable transaction, replayed (not duplicated) when the same Idempotency-Key comes again.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/complaint.hpp"
#include "domain/complaint_repository.hpp"
#include "use_cases/context.hpp"
#include "use_cases/view_complaint.hpp"

namespace kesu::use_cases {

struct NewComplaint {
    domain::RequestKind kind = domain::RequestKind::kComplaint;
    domain::Channel channel = domain::Channel::kWeb;
    std::optional<domain::Instant> received_at;  // default: now (e.g. a letter registered the next day)
    std::optional<domain::Instant> occurred_at;
    std::string subject;
    std::string description;
    std::string product;
    std::string order_number;
    std::string customer_request;
    std::string business_line;
    std::string source_ref;
    std::string source;  // the platform it came through beyond the channel ("12315"): selects SLA rules
    std::optional<std::int64_t> amount_fen;
    domain::Complainant complainant;
    std::optional<std::int64_t> category_id;
    bool privacy_consent = false;
    bool acknowledge = false;  // acknowledged on the spot (phone, walk-in)
};

struct IdempotencyKey {
    std::string scope;           // whose keys: "user:<id>" or "portal"
    std::string key;             // the client's Idempotency-Key
    std::string request_digest;  // SHA-256 of the request body
};

struct FiledComplaint {
    domain::Complaint complaint;
    std::string access_code;  // shown once; only its digest is stored
    SamePersonMatches same_person;  // the same person's other open complaints, within the registrar's scope
    bool replayed = false;  // true when this is the stored result of an earlier identical request
};

std::vector<domain::FieldError> ValidateNewComplaint(const NewComplaint& input, domain::Instant now);

domain::Result<FiledComplaint> FileComplaint(const Dependencies& deps, const RequestContext& context,
                                             const NewComplaint& input, const std::optional<IdempotencyKey>& key);

// The portal's anonymous submission: consent required, rate-limited per client address.
domain::Result<FiledComplaint> SubmitFromPortal(const Dependencies& deps, const RequestContext& context,
                                                NewComplaint input, const std::optional<IdempotencyKey>& key);

}  // namespace kesu::use_cases
