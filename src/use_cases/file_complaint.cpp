#include "use_cases/file_complaint.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

#include "domain/validation.hpp"
#include "domain/workflow.hpp"
#include "use_cases/clock_keeper.hpp"
#include "use_cases/perform_action.hpp"

namespace kesu::use_cases {

using domain::ErrorCode;
using domain::Fail;
using domain::FieldError;

namespace {

constexpr std::int64_t kMaxAmountFen = 100'000'000'000;  // one billion yuan
constexpr auto kClockSkew = std::chrono::minutes{5};
// received_at starts the complaint's clocks: a date far in the past makes every deadline long gone, so the
// complaint escalates to an emergency (alerting leaders) the moment it is filed. A registration backdated before
// kesu could have existed is a typo or an attack, never a real receipt; 2000-01-01 is far enough back for any
// backlog an operator imports, and the future is refused beyond the clock skew between the client and kesu.
constexpr domain::Instant kEarliestReceipt = std::chrono::sys_days{std::chrono::year{2000} / 1 / 1};

std::string NumberFor(domain::RequestKind kind, const std::string& day, std::int64_t sequence) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%s-%s-%06lld", kind == domain::RequestKind::kComplaint ? "TS" : "ZX",
                  day.c_str(), static_cast<long long>(sequence));
    return buffer;
}

constexpr std::size_t kAccessCodeLength = 8;

// A request with an Idempotency-Key gets an access code derived from the key (with a secret kept outside the
// database), so a retry is answered with the same code while neither the idempotency record nor anything else
// in the database holds it. Without a key the code is simply random.
std::string AccessCodeFor(const Dependencies& deps, const std::optional<IdempotencyKey>& key) {
    if (!key) return deps.tokens.NewAccessCode(kAccessCodeLength);
    std::string context = "idempotent registration";
    for (const std::string* part : {&key->scope, &key->key, &key->request_digest}) {
        context += '\0';
        context += *part;
    }
    return deps.tokens.DeriveAccessCode(context, kAccessCodeLength);
}

// What an idempotency record keeps: the complaint's id, enough to rebuild the first response.
std::string ReplayRecord(std::int64_t complaint_id) {
    return std::to_string(complaint_id);
}

domain::Result<FiledComplaint> Replay(domain::Transaction& tx, const Dependencies& deps,
                                      const domain::IdempotentResponse& stored, const IdempotencyKey& key) {
    if (stored.request_digest != key.request_digest)
        return Fail(ErrorCode::kConflict, "Idempotency-Key '" + key.key + "' was already used for a different request");
    std::int64_t id = 0;
    std::from_chars(stored.body.data(), stored.body.data() + stored.body.size(), id);  // older records: "<id> <code>"
    auto complaint = tx.Complaints().Get(id);
    if (!complaint) return std::unexpected(complaint.error());
    std::string access_code = AccessCodeFor(deps, key);
    if (deps.tokens.AccessCodeDigest(access_code) != complaint->access_code_digest)
        return Fail(ErrorCode::kConflict, "the request with Idempotency-Key '" + key.key + "' registered " +
                                              complaint->number +
                                              " before an upgrade of kesu; its access code "
                                              "cannot be shown again");
    return FiledComplaint{std::move(*complaint), std::move(access_code), {}, true};
}

}  // namespace

std::vector<FieldError> ValidateNewComplaint(const NewComplaint& in, domain::Instant now) {
    using domain::CheckText;
    std::vector<FieldError> errors;
    CheckText(errors, "subject", in.subject, true, domain::kMaxSubject);
    CheckText(errors, "description", in.description, true, domain::kMaxLongText);
    CheckText(errors, "product", in.product, false, domain::kMaxShortText);
    CheckText(errors, "order_number", in.order_number, false, domain::kMaxShortText);
    CheckText(errors, "customer_request", in.customer_request, false, domain::kMaxMediumText);
    CheckText(errors, "business_line", in.business_line, false, domain::kMaxShortText);
    CheckText(errors, "source_ref", in.source_ref, false, domain::kMaxShortText);
    CheckText(errors, "source", in.source, false, 32);
    const domain::Complainant& p = in.complainant;
    CheckText(errors, "complainant.name", p.name, true, domain::kMaxShortText);
    CheckText(errors, "complainant.customer_id", p.customer_id, false, domain::kMaxShortText);
    CheckText(errors, "complainant.id_number", p.id_number, false, 30);
    CheckText(errors, "complainant.address", p.address, false, 200);
    CheckText(errors, "complainant.other_contact", p.other_contact, false, domain::kMaxShortText);
    if (!p.phone.empty() && !domain::IsPlausiblePhone(p.phone))
        errors.push_back({"complainant.phone", "is not a phone number (5 to 20 digits, spaces, + - ( ) allowed)"});
    if (!p.email.empty() && !domain::IsPlausibleEmail(p.email))
        errors.push_back({"complainant.email", "is not an email address"});
    if (p.phone.empty() && p.email.empty() && p.customer_id.empty() && p.other_contact.empty())
        errors.push_back({"complainant.phone", "give at least one way to reach the customer (phone, email, "
                                               "customer_id or other_contact)"});
    if (in.amount_fen && (*in.amount_fen < 0 || *in.amount_fen > kMaxAmountFen))
        errors.push_back({"amount", "must be between 0 and 1000000000.00"});
    if (in.occurred_at && *in.occurred_at > now + kClockSkew)
        errors.push_back({"occurred_at", "is in the future"});
    if (in.received_at && *in.received_at > now + kClockSkew)
        errors.push_back({"received_at", "is in the future"});
    else if (in.received_at && *in.received_at < kEarliestReceipt)
        errors.push_back({"received_at", "is before 2000-01-01"});
    return errors;
}

domain::Result<FiledComplaint> FileComplaint(const Dependencies& deps, const RequestContext& context,
                                             const NewComplaint& input, const std::optional<IdempotencyKey>& key) {
    const domain::Actor& actor = context.actor;
    if (actor.role != domain::Role::kCustomer) {
        if (auto allowed = Require(actor, domain::Permission::kRegister); !allowed) return std::unexpected(allowed.error());
    }
    domain::Instant now = deps.clock.Now();
    if (auto errors = ValidateNewComplaint(input, now); !errors.empty()) return domain::FailFields(errors);

    std::string access_code = AccessCodeFor(deps, key);
    std::string access_digest = deps.tokens.AccessCodeDigest(access_code);
    // The same person's open complaints, read beside the write rather than in it: the single writer's time is what
    // bounds intake (docs/performance.md), and a complaint filed at the same instant may be missed either way.
    auto repeats = domain::ReadValue<SamePersonMatches>(
        deps.database, [&](domain::Transaction& tx) { return FindSamePerson(tx, actor, input.complainant, 5); });
    if (!repeats) return std::unexpected(repeats.error());

    return domain::WriteValue<FiledComplaint>(deps.database, [&](domain::Transaction& tx) -> domain::Result<FiledComplaint> {
        if (key) {
            auto stored = tx.Idempotency().Get(key->scope, key->key);
            if (!stored) return std::unexpected(stored.error());
            if (*stored) return Replay(tx, deps, **stored, *key);
        }
        if (input.category_id) {
            if (auto category = tx.Categories().Get(*input.category_id); !category)
                return domain::FailField(ErrorCode::kInvalidArgument, "category_id", "no such category");
        }

        std::string day = domain::CivilDateStamp(now, deps.limits.utc_offset);
        std::string prefix = input.kind == domain::RequestKind::kComplaint ? "TS-" : "ZX-";
        auto sequence = tx.Complaints().NextSequence(prefix + day);
        if (!sequence) return std::unexpected(sequence.error());

        domain::Complaint c;
        c.number = NumberFor(input.kind, day, *sequence);
        c.kind = input.kind;
        c.channel = input.channel;
        c.received_at = input.received_at.value_or(now);
        c.created_at = now;
        c.updated_at = now;
        c.occurred_at = input.occurred_at;
        c.subject = input.subject;
        c.description = input.description;
        c.product = input.product;
        c.order_number = input.order_number;
        c.customer_request = input.customer_request;
        c.business_line = input.business_line;
        c.source_ref = input.source_ref;
        c.amount_fen = input.amount_fen;
        c.complainant = input.complainant;
        c.category_id = input.category_id;
        c.access_code_digest = access_digest;
        c.privacy_consent = input.privacy_consent;
        c.source = input.source.empty() && input.channel == domain::Channel::kPlatform12315 ? "12315" : input.source;
        auto config = deps.sla.Load(tx);
        if (!config) return std::unexpected(config.error());
        auto clocks = PlanNewClocks(tx, **config, c, now);
        if (!clocks) return std::unexpected(clocks.error());
        if (auto inserted = tx.Complaints().Insert(c); !inserted) return std::unexpected(inserted.error());
        if (auto saved = SaveNewClocks(tx, **config, c, *clocks); !saved) return std::unexpected(saved.error());

        domain::AuditEvent created = NewEvent(context, now, "created", c.id);
        created.changes = domain::InitialFields(c);
        created.text = "已登记 " + c.number;
        created.customer_visible = true;
        if (auto appended = tx.Audit().Append(created); !appended) return std::unexpected(appended.error());

        if (input.acknowledge) {
            auto acknowledged = PerformActionIn(tx, deps, now, context, c, {c.id, domain::Action::kAcknowledge, {}, c.version});
            if (!acknowledged) return std::unexpected(acknowledged.error());
            c = std::move(*acknowledged);
        }
        if (key) {
            domain::IdempotentResponse record{key->request_digest, 201, ReplayRecord(c.id), now};
            if (auto put = tx.Idempotency().Put(key->scope, key->key, record); !put)
                return std::unexpected(put.error());
        }
        return FiledComplaint{std::move(c), access_code, std::move(*repeats), false};
    });
}

domain::Result<FiledComplaint> SubmitFromPortal(const Dependencies& deps, const RequestContext& context,
                                                NewComplaint input, const std::optional<IdempotencyKey>& key) {
    // Every problem at once: the consent and the fields.
    std::vector<FieldError> errors = ValidateNewComplaint(input, deps.clock.Now());
    if (!input.privacy_consent)
        errors.insert(errors.begin(), {"privacy_consent", "you must agree to the privacy notice before submitting"});
    if (!errors.empty()) return domain::FailFields(errors);
    input.acknowledge = false;
    input.received_at.reset();
    input.category_id.reset();

    // Count successful submissions per address: counted before filing (check and count in one write transaction,
    // so concurrent submissions cannot all pass the check) and taken back when nothing new was filed.
    domain::Instant now = deps.clock.Now();
    domain::Instant window = std::chrono::floor<std::chrono::hours>(now);
    std::string throttle_key = "portal-submit:" + context.client_address;
    auto reserved = deps.database.Write([&](domain::Transaction& tx) -> domain::Result<void> {
        auto count = tx.Throttle().Hit(throttle_key, window);
        if (!count) return std::unexpected(count.error());
        if (*count > deps.limits.portal_submissions_per_hour) {
            return std::unexpected(domain::Error{
                ErrorCode::kRateLimited, "too many submissions from your address; try again later", {},
                static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(window + std::chrono::hours{1} - now).count())});
        }
        return {};
    });
    if (!reserved) return std::unexpected(reserved.error());
    auto filed = FileComplaint(deps, context, input, key);
    if (!filed || filed->replayed)
        (void)deps.database.Write([&](domain::Transaction& tx) { return tx.Throttle().Release(throttle_key, window); });
    return filed;
}

}  // namespace kesu::use_cases
