// Handlers for signing in and out, the current user, staff accounts, API tokens and roles.
#include <algorithm>

#include "http/api.hpp"
#include "http/handler_support.hpp"
#include "use_cases/manage_users.hpp"
#include "use_cases/sessions.hpp"

namespace kesu::http {

using domain::ErrorCode;
using nlohmann::json;

namespace {

json PermissionsJson(domain::Role role) {
    json list = json::array();
    for (int i = 0; i <= static_cast<int>(domain::Permission::kCustomerRespond); ++i) {
        auto permission = static_cast<domain::Permission>(i);
        if (domain::RoleHas(role, permission)) list.push_back(domain::PermissionName(permission));
    }
    return list;
}

std::string SessionCookie(const std::string& value, long max_age_seconds, bool secure) {
    return std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
           std::to_string(max_age_seconds) + (secure ? "; Secure" : "");
}

}  // namespace

Response Api::OnLogin(Call& call) {
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    auto username = reader.Text("username", true, 64).value_or("");
    auto password = reader.Text("password", true, 256).value_or("");
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto login = use_cases::Login(deps_, call.context, username, password);
    if (!login) return Problem(call, login.error());
    Response response = JsonResponse(200, {{"user", UserJson(login->user, true)},
                                           {"csrf_token", login->csrf_token},
                                           {"permissions", PermissionsJson(login->user.role)},
                                           {"expires_at", domain::FormatInstant(login->expires_at)}});
    auto max_age = std::chrono::duration_cast<std::chrono::seconds>(deps_.limits.session_idle).count();
    response.SetHeader("Set-Cookie", SessionCookie(login->session_token, static_cast<long>(max_age), options_.secure_cookies));
    return response;
}

Response Api::OnLogout(Call& call) {
    if (auto cookie = call.request.Cookie(kSessionCookie)) {
        if (auto done = use_cases::Logout(deps_, call.context, *cookie); !done) return Problem(call, done.error());
    }
    Response response;
    response.status = 204;
    response.SetHeader("Set-Cookie", SessionCookie("", 0, options_.secure_cookies));
    return response;
}

Response Api::OnMe(Call& call) {
    const use_cases::Authenticated& auth = *call.auth;
    return JsonResponse(200, {{"user", UserJson(auth.user, true)},
                              {"csrf_token", auth.via_session ? json(auth.csrf_token) : json(nullptr)},
                              {"permissions", PermissionsJson(auth.user.role)},
                              {"may_reveal_pii", auth.actor.MayRevealPii()}});
}

Response Api::OnChangePassword(Call& call) {
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    auto current = reader.Text("current_password", true, 256).value_or("");
    auto next = reader.Text("new_password", true, 256).value_or("");
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    std::optional<std::string> this_session;
    if (call.auth->via_session) this_session = call.request.Cookie(kSessionCookie);
    if (auto done = use_cases::ChangeOwnPassword(deps_, call.context, current, next, this_session); !done)
        return Problem(call, done.error());
    Response response;
    response.status = 204;
    return response;
}

Response Api::OnListUsers(Call& call) {
    auto users = use_cases::ListUsers(deps_, call.context);
    if (!users) return Problem(call, users.error());
    bool full = call.context.actor.Has(domain::Permission::kManageUsers);
    json list = json::array();
    for (const auto& user : *users) list.push_back(UserJson(user, full));
    return JsonResponse(200, {{"items", list}});
}

Response Api::OnGetUser(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto users = use_cases::ListUsers(deps_, call.context);
    if (!users) return Problem(call, users.error());
    bool full = call.context.actor.Has(domain::Permission::kManageUsers) || call.context.actor.user_id == *id;
    for (const auto& user : *users)
        if (user.id == *id) return JsonResponse(200, UserJson(user, full));
    return Problem(call, {ErrorCode::kNotFound, "user " + std::to_string(*id) + " does not exist", {}, 0});
}

Response Api::OnCreateUser(Call& call) {
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    use_cases::NewUser input;
    input.username = reader.Text("username", true, 64).value_or("");
    input.display_name = reader.Text("display_name", true, domain::kMaxShortText).value_or("");
    input.email = reader.Text("email", false, 254).value_or("");
    input.password = reader.Text("password", true, 256).value_or("");
    auto role = reader.Text("role", true, 32);
    if (role) {
        if (auto parsed = domain::ParseRole(*role); parsed && *parsed != domain::Role::kCustomer) input.role = *parsed;
        else reader.Error("role", "must be one of: agent, specialist, manager, department, leader, auditor, admin");
    }
    input.department_id = reader.Integer("department_id", false, 1, INT64_MAX);
    input.pii_grant = reader.Boolean("pii_grant", false).value_or(false);
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto user = use_cases::CreateUser(deps_, call.context, input);
    if (!user) return Problem(call, user.error());
    Response response = JsonResponse(201, UserJson(*user, true));
    response.SetHeader("Location", "/api/v1/users/" + std::to_string(user->id));
    return response;
}

Response Api::OnUpdateUser(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    use_cases::UserPatch patch;
    patch.expected_version = static_cast<int>(reader.Integer("version", true, 1, INT32_MAX).value_or(0));
    patch.display_name = reader.Text("display_name", false, domain::kMaxShortText);
    patch.email = reader.Text("email", false, 254);
    patch.password = reader.Text("password", false, 256);
    if (auto role = reader.Text("role", false, 32)) {
        if (auto parsed = domain::ParseRole(*role); parsed && *parsed != domain::Role::kCustomer) patch.role = parsed;
        else reader.Error("role", "must be one of: agent, specialist, manager, department, leader, auditor, admin");
    }
    if (reader.IsNull("department_id")) {
        patch.department_id = std::optional<std::int64_t>();
        (void)reader.Integer("department_id", false, 1, INT64_MAX);
    } else if (auto department = reader.Integer("department_id", false, 1, INT64_MAX)) {
        patch.department_id = std::optional(*department);
    }
    patch.active = reader.Boolean("active", false);
    patch.pii_grant = reader.Boolean("pii_grant", false);
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto user = use_cases::UpdateUser(deps_, call.context, *id, patch);
    if (!user) return Problem(call, user.error());
    return JsonResponse(200, UserJson(*user, true));
}

Response Api::OnListTokens(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto tokens = use_cases::ListApiTokens(deps_, call.context, *id);
    if (!tokens) return Problem(call, tokens.error());
    json list = json::array();
    for (const auto& token : *tokens) list.push_back(TokenJson(token));
    return JsonResponse(200, {{"items", list}});
}

Response Api::OnCreateToken(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    use_cases::NewApiToken input;
    input.name = reader.Text("name", true, domain::kMaxShortText).value_or("");
    if (auto days = reader.Integer("expires_in_days", false, 1, domain::kMaxTokenLifetime.count()))
        input.expires_in_days = static_cast<int>(*days);
    if (const json* scopes = reader.Array("scopes", false, domain::TokenScopeNames().size())) {
        input.scopes.emplace();
        for (const auto& item : *scopes) {
            auto scope =
                item.is_string() ? domain::ParseIn(domain::TokenScopeNames(), item.get<std::string>()) : std::nullopt;
            if (!scope) {
                reader.Error("scopes", "each must be one of: read, write, reveal_pii, audit, admin");
                break;
            }
            if (std::ranges::find(*input.scopes, *scope) == input.scopes->end()) input.scopes->push_back(*scope);
        }
    }
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    // A token never makes another: a leaked one must not be able to outlive its own revocation or expiry.
    if (!call.auth->via_session)
        return Problem(
            call, {ErrorCode::kForbidden, "API tokens are created by their user signed in, not by a token", {}, 0});
    auto issued = use_cases::CreateApiToken(deps_, call.context, *id, input);
    if (!issued) return Problem(call, issued.error());
    json body_json = TokenJson(issued->token);
    body_json["token"] = issued->secret;
    return JsonResponse(201, body_json);
}

Response Api::OnRevokeToken(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto token_id = PathId(call, 1, "token_id");
    if (!token_id) return Problem(call, token_id.error());
    if (auto done = use_cases::RevokeApiToken(deps_, call.context, *id, *token_id); !done)
        return Problem(call, done.error());
    Response response;
    response.status = 204;
    return response;
}

Response Api::OnListRoles(Call&) {
    json list = json::array();
    for (domain::Role role : domain::StaffRoles())
        list.push_back({{"role", domain::RoleName(role)}, {"permissions", PermissionsJson(role)}});
    return JsonResponse(200, {{"items", list}});
}

}  // namespace kesu::http
