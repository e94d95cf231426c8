// The customer's access code (查询码) is a secret of a few characters: the database keeps only a digest keyed with a
// secret it does not hold, and a retried registration is answered with the same code without any record of it.
#include "use_cases/file_complaint.hpp"
#include "use_cases/portal.hpp"
#include "use_cases/use_case_fixture.hpp"

namespace kesu::use_case_test {
namespace {

class AccessCodes : public UseCaseTest {
protected:
    use_cases::NewComplaint Input() const {
        use_cases::NewComplaint in;
        in.channel = domain::Channel::kPhone;
        in.subject = "快递丢件";
        in.description = "包裹显示签收但未收到";
        in.complainant.name = "王小明";
        in.complainant.phone = "13812345678";
        return in;
    }
    bool Tracks(const std::string& number, const std::string& code) {
        return use_cases::TrackComplaint(*deps_, {use_cases::CustomerActor(), "t", "203.0.113.9"}, {number, code})
            .has_value();
    }
};

TEST_F(AccessCodes, ARetryGetsTheSameCodeThoughNothingInTheDatabaseHoldsIt) {
    use_cases::IdempotencyKey key{"user:" + std::to_string(agent_.id), "call-7f3e", "body-digest"};
    auto first = use_cases::FileComplaint(*deps_, As(agent_), Input(), key);
    ASSERT_TRUE(first) << first.error().message;
    auto retry = use_cases::FileComplaint(*deps_, As(agent_), Input(), key);
    ASSERT_TRUE(retry) << retry.error().message;
    EXPECT_TRUE(retry->replayed);
    EXPECT_EQ(retry->complaint.id, first->complaint.id);
    EXPECT_EQ(retry->access_code, first->access_code);
    EXPECT_TRUE(Tracks(first->complaint.number, first->access_code));

    auto stored = domain::ReadValue<std::optional<domain::IdempotentResponse>>(
        *database_, [&](domain::Transaction& tx) { return tx.Idempotency().Get(key.scope, key.key); });
    ASSERT_TRUE(stored && *stored);
    EXPECT_EQ((*stored)->body.find(first->access_code), std::string::npos) << (*stored)->body;
    domain::Complaint saved = Load(first->complaint.id);
    EXPECT_NE(saved.access_code_digest, tokens_.Digest(first->access_code))
        << "a plain digest of 8 characters is found by trying them all";
    EXPECT_EQ(saved.access_code_digest.find(first->access_code), std::string::npos);

    use_cases::IdempotencyKey other = key;
    other.key = "call-8a01";
    auto another = use_cases::FileComplaint(*deps_, As(agent_), Input(), other);
    ASSERT_TRUE(another);
    EXPECT_NE(another->access_code, first->access_code);
    EXPECT_FALSE(Tracks(first->complaint.number, another->access_code));
}

TEST_F(AccessCodes, CodesGivenBeforeTheyWereKeyedStillOpenTheirComplaint) {
    auto filed = use_cases::FileComplaint(*deps_, As(agent_), Input(), std::nullopt);
    ASSERT_TRUE(filed);
    // As an older kesu stored it: a plain SHA-256 of the code.
    ASSERT_TRUE(database_->Write([&](domain::Transaction& tx) -> domain::Result<void> {
        auto complaint = tx.Complaints().Get(filed->complaint.id);
        if (!complaint) return std::unexpected(complaint.error());
        complaint->access_code_digest = tokens_.Digest("ABCD2345");
        return tx.Complaints().Update(*complaint, complaint->version);
    }));
    EXPECT_TRUE(Tracks(filed->complaint.number, "abcd-2345"));
    EXPECT_FALSE(Tracks(filed->complaint.number, filed->access_code));
}

}  // namespace
}  // namespace kesu::use_case_test
