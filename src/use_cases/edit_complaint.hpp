// Correcting the registered facts (初步确认): subject, description, product, order, amounts, times and the
// complainant's details, while the complaint is open, with optimistic versioning and an audited diff.
#pragma once

#include <optional>
#include <string>

#include "domain/complaint.hpp"
#include "use_cases/context.hpp"

namespace kesu::use_cases {

struct ComplaintPatch {
    int expected_version = 0;
    std::optional<std::string> subject;
    std::optional<std::string> description;
    std::optional<std::string> product;
    std::optional<std::string> order_number;
    std::optional<std::string> customer_request;
    std::optional<std::string> business_line;
    std::optional<std::string> source_ref;
    std::optional<std::optional<std::int64_t>> amount_fen;       // set, or cleared with null
    std::optional<std::optional<domain::Instant>> occurred_at;
    std::optional<domain::Channel> channel;
    std::optional<std::string> name;
    std::optional<std::string> phone;
    std::optional<std::string> email;
    std::optional<std::string> customer_id;
    std::optional<std::string> id_number;
    std::optional<std::string> address;
    std::optional<std::string> other_contact;
};

domain::Result<domain::Complaint> EditComplaintFacts(const Dependencies& deps, const RequestContext& context,
                                                     std::int64_t complaint_id, const ComplaintPatch& patch);

}  // namespace kesu::use_cases
