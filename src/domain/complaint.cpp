#include "domain/complaint.hpp"

#include <array>

namespace kesu::domain {
namespace {

constexpr std::array<EnumName<RequestKind>, 2> kRequestKinds{{
    {RequestKind::kComplaint, "complaint"}, {RequestKind::kConsultation, "consultation"}}};

constexpr std::array<EnumName<Channel>, 12> kChannels{{
    {Channel::kPhone, "phone"},
    {Channel::kWeb, "web"},
    {Channel::kPortal, "portal"},
    {Channel::kApp, "app"},
    {Channel::kWechat, "wechat"},
    {Channel::kMiniProgram, "mini_program"},
    {Channel::kEmail, "email"},
    {Channel::kWalkIn, "walk_in"},
    {Channel::kPlatform12315, "platform_12315"},
    {Channel::kConsumerAssociation, "consumer_association"},
    {Channel::kHeimao, "heimao"},
    {Channel::kOtherPlatform, "other_platform"},
}};

constexpr std::array<EnumName<Status>, 19> kStatuses{{
    {Status::kRegistered, "registered"},
    {Status::kAcknowledged, "acknowledged"},
    {Status::kTriaged, "triaged"},
    {Status::kInvestigating, "investigating"},
    {Status::kAnalysed, "analysed"},
    {Status::kPlanSubmitted, "plan_submitted"},
    {Status::kPlanApproved, "plan_approved"},
    {Status::kImplementing, "implementing"},
    {Status::kReplied, "replied"},
    {Status::kConfirmed, "confirmed"},
    {Status::kDisputed, "disputed"},
    {Status::kClosed, "closed"},
    {Status::kAppealed, "appealed"},
    {Status::kRechecking, "rechecking"},
    {Status::kArchived, "archived"},
    {Status::kRejected, "rejected"},
    {Status::kMerged, "merged"},
    {Status::kTransferred, "transferred"},
    {Status::kAnswered, "answered"},
}};

constexpr std::array<EnumName<Level>, 3> kLevels{{
    {Level::kMajor, "major"}, {Level::kImportant, "important"}, {Level::kGeneral, "general"}}};

constexpr std::array<EnumName<Difficulty>, 2> kDifficulties{{
    {Difficulty::kSimple, "simple"}, {Difficulty::kComplex, "complex"}}};

constexpr std::array<EnumName<CauseCategory>, 9> kCauseCategories{{
    {CauseCategory::kDesignDefect, "design_defect"},
    {CauseCategory::kProduction, "production"},
    {CauseCategory::kOperatingError, "operating_error"},
    {CauseCategory::kCommunication, "communication"},
    {CauseCategory::kPolicy, "policy"},
    {CauseCategory::kLogistics, "logistics"},
    {CauseCategory::kThirdParty, "third_party"},
    {CauseCategory::kCustomerMisunderstanding, "customer_misunderstanding"},
    {CauseCategory::kOther, "other"},
}};

constexpr std::array<EnumName<PlanStatus>, 3> kPlanStatuses{{
    {PlanStatus::kSubmitted, "submitted"}, {PlanStatus::kApproved, "approved"}, {PlanStatus::kRejected, "rejected"}}};

constexpr std::array<EnumName<RecheckDecision>, 2> kRecheckDecisions{{
    {RecheckDecision::kUphold, "uphold"}, {RecheckDecision::kRevise, "revise"}}};

}  // namespace

std::span<const EnumName<RequestKind>> RequestKindNames() { return kRequestKinds; }
std::span<const EnumName<Channel>> ChannelNames() { return kChannels; }
std::span<const EnumName<Status>> StatusNames() { return kStatuses; }
std::span<const EnumName<Level>> LevelNames() { return kLevels; }
std::span<const EnumName<Difficulty>> DifficultyNames() { return kDifficulties; }
std::span<const EnumName<CauseCategory>> CauseCategoryNames() { return kCauseCategories; }
std::span<const EnumName<PlanStatus>> PlanStatusNames() { return kPlanStatuses; }
std::span<const EnumName<RecheckDecision>> RecheckDecisionNames() { return kRecheckDecisions; }

Level RaisedLevel(Level level) {
    return level == Level::kGeneral ? Level::kImportant : Level::kMajor;
}

bool IsOpen(Status status) {
    switch (status) {
        case Status::kClosed:
        case Status::kArchived:
        case Status::kRejected:
        case Status::kMerged:
            return false;
        default:
            return true;
    }
}

std::optional<std::int64_t> ParseYuan(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::int64_t whole = 0;
    std::size_t pos = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') whole = whole * 10 + (text[pos++] - '0');
    if (pos == 0) return std::nullopt;
    std::int64_t fraction = 0;
    if (pos < text.size()) {
        if (text[pos] != '.') return std::nullopt;
        ++pos;
        std::size_t digits = text.size() - pos;
        if (digits == 0 || digits > 2) return std::nullopt;
        for (; pos < text.size(); ++pos) {
            if (text[pos] < '0' || text[pos] > '9') return std::nullopt;
            fraction = fraction * 10 + (text[pos] - '0');
        }
        if (digits == 1) fraction *= 10;
    }
    return whole * 100 + fraction;
}

std::string FormatYuan(std::int64_t fen) {
    std::string out = fen < 0 ? "-" : "";
    std::int64_t magnitude = fen < 0 ? -fen : fen;
    AppendPadded(out, magnitude / 100, 1);
    out.push_back('.');
    AppendPadded(out, magnitude % 100, 2);
    return out;
}

}  // namespace kesu::domain
