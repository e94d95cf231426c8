// The complaints table as both backends read and write it: the column lists of a full row and of a summary,
// and the row → domain mapping. `Row` is a backend's result row with Int, Text and OptionalInt by column
// index; the columns whose SQL type differs between backends (booleans, the sealed personal data, the details
// JSON) are read by the caller and passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "crypto/pii_cipher.hpp"
#include "domain/complaint.hpp"
#include "domain/complaint_repository.hpp"
#include "domain/error.hpp"
#include "storage/common/complaint_codec.hpp"

namespace kesu::storage::common {

// Positions are fixed: FullComplaintFromRow and SummaryFromRow read by index.
inline constexpr const char* kComplaintColumns =
    "id, number, kind, channel, status, version, received_at, created_at, updated_at, occurred_at, subject, "
    "description, product, order_number, customer_request, business_line, source_ref, amount_fen, category_id, "
    "level, difficulty, owner_id, department_id, pii, details, access_code_digest, privacy_consent, next_due_at";
inline constexpr int kPiiColumn = 23;
inline constexpr int kDetailsColumn = 24;
inline constexpr int kPrivacyConsentColumn = 26;

inline constexpr const char* kSummaryColumns =
    "id, number, kind, status, channel, level, difficulty, subject, masked_name, category_id, department_id, "
    "owner_id, received_at, updated_at, version, next_due_at, emergency";
inline constexpr int kEmergencyColumn = 16;

template <class E>
E ParseOr(std::span<const domain::EnumName<E>> names, const std::string& text, E fallback) {
    return domain::ParseIn(names, text).value_or(fallback);
}

inline domain::Level LevelFrom(std::int64_t value) {
    if (value == 1) return domain::Level::kMajor;
    if (value == 2) return domain::Level::kImportant;
    return domain::Level::kGeneral;
}

inline std::optional<std::int64_t> OptionalMillis(const std::optional<domain::Instant>& at) {
    return at ? std::optional(domain::ToMillis(*at)) : std::nullopt;
}

// What the `emergency` column holds: an emergency still running on an open complaint.
inline bool HasActiveEmergency(const domain::Complaint& c) {
    return c.emergency && !c.emergency->resolved_at && domain::IsOpen(c.status);
}

template <class Row>
domain::ComplaintSummary SummaryFromRow(const Row& row, bool emergency) {
    domain::ComplaintSummary s;
    s.id = row.Int(0);
    s.number = row.Text(1);
    s.kind = ParseOr(domain::RequestKindNames(), row.Text(2), domain::RequestKind::kComplaint);
    s.status = ParseOr(domain::StatusNames(), row.Text(3), domain::Status::kRegistered);
    s.channel = ParseOr(domain::ChannelNames(), row.Text(4), domain::Channel::kWeb);
    s.level = LevelFrom(row.Int(5));
    s.difficulty = ParseOr(domain::DifficultyNames(), row.Text(6), domain::Difficulty::kSimple);
    s.subject = row.Text(7);
    s.masked_name = row.Text(8);
    s.category_id = row.OptionalInt(9);
    s.department_id = row.OptionalInt(10);
    s.owner_id = row.OptionalInt(11);
    s.received_at = domain::FromMillis(row.Int(12));
    s.updated_at = domain::FromMillis(row.Int(13));
    s.version = static_cast<int>(row.Int(14));
    if (auto due = row.OptionalInt(15)) s.next_due_at = domain::FromMillis(*due);
    s.emergency = emergency;
    return s;
}

template <class Row>
domain::Result<domain::Complaint> FullComplaintFromRow(const Row& row, const crypto::PiiCipher& cipher,
                                                       std::string_view sealed_pii, std::string_view details,
                                                       bool privacy_consent) {
    domain::Complaint c;
    c.id = row.Int(0);
    c.number = row.Text(1);
    c.kind = ParseOr(domain::RequestKindNames(), row.Text(2), domain::RequestKind::kComplaint);
    c.channel = ParseOr(domain::ChannelNames(), row.Text(3), domain::Channel::kWeb);
    c.status = ParseOr(domain::StatusNames(), row.Text(4), domain::Status::kRegistered);
    c.version = static_cast<int>(row.Int(5));
    c.received_at = domain::FromMillis(row.Int(6));
    c.created_at = domain::FromMillis(row.Int(7));
    c.updated_at = domain::FromMillis(row.Int(8));
    if (auto at = row.OptionalInt(9)) c.occurred_at = domain::FromMillis(*at);
    c.subject = row.Text(10);
    c.description = row.Text(11);
    c.product = row.Text(12);
    c.order_number = row.Text(13);
    c.customer_request = row.Text(14);
    c.business_line = row.Text(15);
    c.source_ref = row.Text(16);
    c.amount_fen = row.OptionalInt(17);
    c.category_id = row.OptionalInt(18);
    c.level = LevelFrom(row.Int(19));
    c.difficulty = ParseOr(domain::DifficultyNames(), row.Text(20), domain::Difficulty::kSimple);
    c.owner_id = row.OptionalInt(21);
    c.department_id = row.OptionalInt(22);
    auto complainant = OpenComplainant(cipher, sealed_pii);
    if (!complainant) return std::unexpected(complainant.error());
    c.complainant = std::move(*complainant);
    if (auto decoded = DecodeDetails(details, c); !decoded) return std::unexpected(decoded.error());
    c.access_code_digest = row.Text(25);
    c.privacy_consent = privacy_consent;
    if (auto due = row.OptionalInt(27)) c.next_due_at = domain::FromMillis(*due);
    return c;
}

}  // namespace kesu::storage::common
