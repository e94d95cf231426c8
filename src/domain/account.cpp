#include "domain/account.hpp"

namespace kesu::domain {

Actor ActorOf(const User& user) {
    return Actor{user.id, user.role, user.department_id, user.pii_grant, user.display_name};
}

namespace {
constexpr EnumName<TokenScope> kTokenScopes[] = {{TokenScope::kRead, "read"},
                                                 {TokenScope::kWrite, "write"},
                                                 {TokenScope::kRevealPii, "reveal_pii"},
                                                 {TokenScope::kAudit, "audit"},
                                                 {TokenScope::kAdmin, "admin"}};
}  // namespace

std::span<const EnumName<TokenScope>> TokenScopeNames() {
    return kTokenScopes;
}

std::string JoinScopes(const std::vector<TokenScope>& scopes) {
    std::string text;
    for (TokenScope scope : scopes) {
        if (!text.empty()) text += ' ';
        text += NameOf(scope);
    }
    return text;
}

std::vector<TokenScope> ParseScopes(std::string_view text) {
    std::vector<TokenScope> scopes;
    while (!text.empty()) {
        auto end = text.find(' ');
        if (auto scope = ParseIn(TokenScopeNames(), text.substr(0, end))) scopes.push_back(*scope);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return scopes;
}

bool ApiToken::Allows(TokenScope scope) const {
    for (TokenScope given : scopes)
        if (given == scope) return true;
    return false;
}

}  // namespace kesu::domain
