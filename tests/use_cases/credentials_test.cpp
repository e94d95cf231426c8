// Sessions and API tokens end when they should: a new password signs everyone else out, a deactivated user's
// tokens never come back, tokens expire and carry scopes, and only their own user can make them.
#include "use_cases/manage_users.hpp"
#include "use_cases/sessions.hpp"
#include "use_cases/use_case_fixture.hpp"

namespace kesu::use_case_test {
namespace {

using domain::TokenScope;

class Credentials : public UseCaseTest {
protected:
    std::string SignIn(const domain::User& user, const std::string& password = "Passw0rd!234") {
        auto login = use_cases::Login(*deps_, As(user), user.username, password);
        EXPECT_TRUE(login) << (login ? "" : login.error().message);
        return login ? login->session_token : "";
    }
    std::string Token(const domain::User& user, use_cases::NewApiToken input = {"集成", std::nullopt, std::nullopt}) {
        auto issued = use_cases::CreateApiToken(*deps_, As(user), user.id, input);
        EXPECT_TRUE(issued) << (issued ? "" : issued.error().message);
        return issued ? issued->secret : "";
    }
    bool SessionWorks(const std::string& session) {
        return use_cases::AuthenticateSession(*deps_, session).has_value();
    }
    bool TokenWorks(const std::string& token) { return use_cases::AuthenticateToken(*deps_, token).has_value(); }
    domain::User Admin() {
        auto admin = domain::ReadValue<domain::User>(
            *database_, [](domain::Transaction& tx) { return tx.Users().GetByUsername("admin"); });
        EXPECT_TRUE(admin);
        return *admin;
    }
    domain::User Current(const domain::User& user) {
        auto current = domain::ReadValue<domain::User>(
            *database_, [&](domain::Transaction& tx) { return tx.Users().Get(user.id); });
        EXPECT_TRUE(current);
        return *current;
    }
};

TEST_F(Credentials, ANewPasswordEndsEveryOtherSessionAndRevokesEveryToken) {
    std::string here = SignIn(agent_);
    std::string elsewhere = SignIn(agent_);
    std::string token = Token(agent_);
    ASSERT_TRUE(SessionWorks(elsewhere) && TokenWorks(token));

    ASSERT_TRUE(use_cases::ChangeOwnPassword(*deps_, As(agent_), "Passw0rd!234", "N3w-Passw0rd!", here));
    EXPECT_TRUE(SessionWorks(here)) << "the session that changed it stays signed in";
    EXPECT_FALSE(SessionWorks(elsewhere)) << "whoever else knew the old password is signed out";
    EXPECT_FALSE(TokenWorks(token));
}

TEST_F(Credentials, APasswordSetByAnAdminAlsoRevokesTheUsersTokens) {
    std::string token = Token(agent_);
    use_cases::UserPatch patch;
    patch.expected_version = Current(agent_).version;
    patch.password = "Adm1n-Chosen-Pw";
    ASSERT_TRUE(use_cases::UpdateUser(*deps_, As(Admin()), agent_.id, patch));
    EXPECT_FALSE(TokenWorks(token));
}

TEST_F(Credentials, ReactivatingAUserBringsNoOldTokenBack) {
    std::string token = Token(agent_);
    std::string session = SignIn(agent_);
    use_cases::UserPatch off;
    off.expected_version = Current(agent_).version;
    off.active = false;
    ASSERT_TRUE(use_cases::UpdateUser(*deps_, As(Admin()), agent_.id, off));
    use_cases::UserPatch on;
    on.expected_version = Current(agent_).version;
    on.active = true;
    ASSERT_TRUE(use_cases::UpdateUser(*deps_, As(Admin()), agent_.id, on));
    EXPECT_FALSE(TokenWorks(token));
    EXPECT_FALSE(SessionWorks(session));
    EXPECT_TRUE(SessionWorks(SignIn(agent_))) << "the user signs in again and makes new tokens";
}

TEST_F(Credentials, OnlyTheUserThemselfCanMakeATokenThatActsAsThem) {
    auto forged = use_cases::CreateApiToken(*deps_, As(Admin()), agent_.id, {"以他人身份", std::nullopt, std::nullopt});
    ASSERT_FALSE(forged);
    EXPECT_EQ(forged.error().code, domain::ErrorCode::kForbidden);
    auto mine = use_cases::CreateApiToken(*deps_, As(agent_), agent_.id, {"自己的", std::nullopt, std::nullopt});
    EXPECT_TRUE(mine);
}

TEST_F(Credentials, TokensExpireAfterNinetyDaysUnlessToldSoonerAndReadAndWriteByDefault) {
    std::string lasting = Token(agent_);
    std::string brief = Token(agent_, {"一周", 7, std::vector<TokenScope>{TokenScope::kRead}});
    auto auth = use_cases::AuthenticateToken(*deps_, lasting);
    ASSERT_TRUE(auth);
    EXPECT_TRUE(auth->Allows(TokenScope::kRead));
    EXPECT_TRUE(auth->Allows(TokenScope::kWrite));
    EXPECT_FALSE(auth->Allows(TokenScope::kRevealPii));
    EXPECT_FALSE(auth->Allows(TokenScope::kAdmin));
    auto reader = use_cases::AuthenticateToken(*deps_, brief);
    ASSERT_TRUE(reader);
    EXPECT_FALSE(reader->Allows(TokenScope::kWrite));

    clock_.Advance(std::chrono::days{8});
    EXPECT_FALSE(TokenWorks(brief));
    EXPECT_TRUE(TokenWorks(lasting));
    clock_.Advance(std::chrono::days{83});
    EXPECT_FALSE(TokenWorks(lasting)) << "no token lives for ever";

    auto too_long = use_cases::CreateApiToken(*deps_, As(agent_), agent_.id, {"永久", 3650, std::nullopt});
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.error().fields.at(0).field, "expires_in_days");
}

}  // namespace
}  // namespace kesu::use_case_test
