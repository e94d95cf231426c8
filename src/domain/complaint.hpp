// The complaint / consultation record of BRIEF §2 and the enums that classify it.
// A Complaint is a value: use cases load it, apply a workflow action to a copy, and store it with its version.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/enum_names.hpp"
#include "domain/time.hpp"

namespace kesu::domain {

enum class RequestKind { kComplaint, kConsultation };

enum class Channel {
    kPhone, kWeb, kPortal, kApp, kWechat, kMiniProgram, kEmail, kWalkIn,
    kPlatform12315, kConsumerAssociation, kHeimao, kOtherPlatform,
};

enum class Status {
    kRegistered,      // 已登记
    kAcknowledged,    // 已受理
    kTriaged,         // 已确认分派
    kInvestigating,   // 调查核实中
    kAnalysed,        // 原因已分析 (a rejected plan returns here)
    kPlanSubmitted,   // 方案待审批
    kPlanApproved,    // 方案已批准
    kImplementing,    // 方案实施中
    kReplied,         // 已答复, waiting for the customer to confirm
    kConfirmed,       // 客户已确认
    kDisputed,        // 客户有异议
    kClosed,          // 已结案
    kAppealed,        // 申诉待复核
    kRechecking,      // 复核中
    kArchived,        // 已归档
    kRejected,        // 不予受理 (invalid)
    kMerged,          // 已合并 into another complaint
    kTransferred,     // consultation: transferred to a department
    kAnswered,        // consultation: answered
};

enum class Level { kMajor = 1, kImportant = 2, kGeneral = 3 };
enum class Difficulty { kSimple, kComplex };

enum class CauseCategory {
    kDesignDefect, kProduction, kOperatingError, kCommunication, kPolicy, kLogistics, kThirdParty,
    kCustomerMisunderstanding, kOther,
};

enum class PlanStatus { kSubmitted, kApproved, kRejected };
enum class RecheckDecision { kUphold, kRevise };

std::span<const EnumName<RequestKind>> RequestKindNames();
std::span<const EnumName<Channel>> ChannelNames();
std::span<const EnumName<Status>> StatusNames();
std::span<const EnumName<Level>> LevelNames();
std::span<const EnumName<Difficulty>> DifficultyNames();
std::span<const EnumName<CauseCategory>> CauseCategoryNames();
std::span<const EnumName<PlanStatus>> PlanStatusNames();
std::span<const EnumName<RecheckDecision>> RecheckDecisionNames();

inline std::string_view NameOf(RequestKind v) { return NameIn(RequestKindNames(), v); }
inline std::string_view NameOf(Channel v) { return NameIn(ChannelNames(), v); }
inline std::string_view NameOf(Status v) { return NameIn(StatusNames(), v); }
inline std::string_view NameOf(Level v) { return NameIn(LevelNames(), v); }
inline std::string_view NameOf(Difficulty v) { return NameIn(DifficultyNames(), v); }
inline std::string_view NameOf(CauseCategory v) { return NameIn(CauseCategoryNames(), v); }
inline std::string_view NameOf(PlanStatus v) { return NameIn(PlanStatusNames(), v); }
inline std::string_view NameOf(RecheckDecision v) { return NameIn(RecheckDecisionNames(), v); }

// The next level up (general → important → major); major stays major.
Level RaisedLevel(Level level);

// Open = still being worked: counts in backlogs and may receive actions other than reopen / appeal / archive.
bool IsOpen(Status status);

// Personal information of the complainant. Encrypted at rest; masked in every response unless revealed.
struct Complainant {
    std::string name;
    std::string phone;
    std::string email;
    std::string customer_id;  // the company's own customer number: personal data too (it identifies the person)
    std::string id_number;    // national id or passport
    std::string address;
    std::string other_contact;  // WeChat id, QQ, ...

    bool operator==(const Complainant&) const = default;
};

struct CauseAnalysis {
    CauseCategory category = CauseCategory::kOther;
    std::string root_cause;       // the finding
    std::string analysis_notes;   // 5-why / fishbone notes
    std::optional<std::int64_t> responsible_department_id;
    std::string responsible_person;
    std::string accountability;   // disciplinary / accountability decision, if warranted
    bool operator==(const CauseAnalysis&) const = default;
};

struct Measure {
    std::string description;
    std::string owner;
    Instant deadline;
    std::string expected_effect;
    bool done = false;
    bool operator==(const Measure&) const = default;
};

struct SolutionPlan {
    std::vector<Measure> measures;
    std::int64_t compensation_fen = 0;  // compensation or refund, in fen (0.01 CNY)
    PlanStatus status = PlanStatus::kSubmitted;
    int revision = 1;
    std::int64_t submitted_by = 0;
    std::optional<std::int64_t> decided_by;
    std::string decision_comment;
    bool operator==(const SolutionPlan&) const = default;
};

struct Recheck {
    std::string appeal_reason;
    Instant appealed_at;
    std::optional<std::int64_t> reviewer_id;
    std::optional<RecheckDecision> decision;
    std::string opinion;
    bool operator==(const Recheck&) const = default;
};

struct Satisfaction {
    int rating = 0;  // 1..5
    std::string comment;
    Instant rated_at;
    bool operator==(const Satisfaction&) const = default;
};

// The emergency process (应急处理) of a level-1 complaint: leaders alerted, a team named, a contingency plan
// attached, progress reported at a fixed interval until resolved.
struct EmergencyReport {
    Instant at;
    std::string text;
    std::int64_t author_id = 0;
    std::string author_name;
    bool operator==(const EmergencyReport&) const = default;
};

struct Emergency {
    Instant started_at;              // when leaders were alerted
    std::string trigger;             // "level_major", "manual" or "escalation"
    std::vector<std::string> team;   // the emergency team (应急小组)
    std::string contingency_plan;    // the plan attached (应急预案)
    std::optional<Instant> organised_at;  // team and plan recorded: the process has started
    int report_interval_minutes = 120;
    Instant next_report_due_at;
    std::vector<EmergencyReport> reports;
    std::optional<Instant> resolved_at;
    bool operator==(const Emergency&) const = default;
};

struct Complaint {
    std::int64_t id = 0;
    std::string number;  // TS-20261122-000123 (complaint) or ZX-... (consultation)
    RequestKind kind = RequestKind::kComplaint;
    Channel channel = Channel::kWeb;
    Status status = Status::kRegistered;
    int version = 1;

    Instant received_at;
    Instant created_at;
    Instant updated_at;
    std::optional<Instant> occurred_at;  // when the problem happened

    std::string subject;
    std::string description;
    std::string product;        // product or service concerned
    std::string order_number;   // order / contract number
    std::string customer_request;  // 诉求: what the customer asks for
    std::string business_line;
    std::string source_ref;     // the third-party platform's own reference (12315 case no., ...)
    std::optional<std::int64_t> amount_fen;  // amount involved

    Complainant complainant;

    std::optional<std::int64_t> category_id;
    Level level = Level::kGeneral;
    Difficulty difficulty = Difficulty::kSimple;
    std::optional<std::int64_t> owner_id;
    std::optional<std::int64_t> department_id;

    std::optional<CauseAnalysis> cause;
    std::optional<SolutionPlan> plan;
    std::string reply;  // the formal reply (答复) last sent
    std::optional<Instant> replied_at;
    std::string resolution;  // closing summary, rejection reason or consultation answer
    std::optional<Instant> closed_at;
    std::optional<std::int64_t> merged_into;
    std::vector<std::int64_t> merged_from;
    int reopen_count = 0;
    std::optional<Recheck> recheck;
    std::optional<Satisfaction> satisfaction;
    std::vector<std::int64_t> handler_ids;  // everyone who handled it; excluded from its re-check (回避)

    std::string access_code_digest;  // the customer's access code, stored only as a digest
    bool privacy_consent = false;

    std::string source;  // where it came from beyond the channel ("12315", ...): selects SLA rules
    std::optional<Emergency> emergency;
    bool waiting_on_customer = false;  // the SLA clocks are paused
    std::optional<Instant> next_due_at;  // the earliest deadline of a running clock (kept for queues)
    std::optional<Instant> transferred_at;  // consultation handed to a department (anchors its clock)

    bool operator==(const Complaint&) const = default;
};

// Money in fen from a decimal CNY string: "12", "12.3", "12.34". Rejects more than two decimals.
std::optional<std::int64_t> ParseYuan(std::string_view text);
std::string FormatYuan(std::int64_t fen);

}  // namespace kesu::domain
