// Every route kesu serves, and the request pipeline in front of the handlers.
#include <chrono>

#include "http/api.hpp"
#include "http/handler_support.hpp"
#include "http/problem.hpp"
#include "logging/log_format.hpp"

namespace kesu::http {

namespace {

constexpr Access kPublic = Access::kPublic;
constexpr Access kStaff = Access::kStaff;

std::vector<std::string_view> Segments(std::string_view path) {
    std::vector<std::string_view> segments;
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        auto end = path.find('/');
        segments.push_back(path.substr(0, end));
        if (end == std::string_view::npos) break;
        path.remove_prefix(end);
    }
    return segments;
}

bool IsSafeMethod(std::string_view method) { return method == "GET" || method == "HEAD"; }

std::string CleanRequestId(std::string_view given, const domain::TokenService& tokens) {
    bool ok = !given.empty() && given.size() <= 64;
    for (char c : given) {
        bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '_' || c == '.';
        ok = ok && allowed;
    }
    return ok ? std::string(given) : tokens.NewSecret(12);
}

bool SameSecret(std::string_view a, std::string_view b) {
    if (a.size() != b.size() || a.empty()) return false;
    unsigned char difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

// The scope an API token needs for a route: reading is `read`, unmasking and the audit trail have their own, changes
// to the organisation's set-up are `admin`, and every other change is `write`.
domain::TokenScope ScopeFor(const Route& route) {
    using domain::TokenScope;
    std::string_view name = route.name;
    if (name == "complaints.reveal") return TokenScope::kRevealPii;
    if (name.starts_with("audit.")) return TokenScope::kAudit;
    if (std::string_view(route.method) == "GET") return TokenScope::kRead;
    for (std::string_view area : {"users.", "tokens.", "departments.", "categories.", "settings.", "calendars.", "sla.",
                                  "templates.", "change_requests."})
        if (name.starts_with(area)) return TokenScope::kAdmin;
    return TokenScope::kWrite;
}

void AddSecurityHeaders(Response& response, std::string_view request_id) {
    response.SetHeader("X-Request-Id", std::string(request_id));
    response.SetHeader("X-Content-Type-Options", "nosniff");
    response.SetHeader("X-Frame-Options", "DENY");
    response.SetHeader("Referrer-Policy", "no-referrer");
}

}  // namespace

const std::vector<Route>& Api::Routes() {
    static const std::vector<Route> kRoutes{
        {"GET", "/healthz", "health", kPublic, &Api::OnHealth},
        {"GET", "/metrics", "metrics", kPublic, &Api::OnMetrics},
        {"GET", "/api/v1/openapi.json", "openapi", kPublic, &Api::OnOpenApi},

        {"POST", "/api/v1/auth/login", "auth.login", kPublic, &Api::OnLogin},
        {"POST", "/api/v1/auth/logout", "auth.logout", kStaff, &Api::OnLogout},
        {"GET", "/api/v1/auth/me", "auth.me", kStaff, &Api::OnMe},
        {"POST", "/api/v1/auth/password", "auth.password", kStaff, &Api::OnChangePassword},

        {"GET", "/api/v1/users", "users.list", kStaff, &Api::OnListUsers},
        {"POST", "/api/v1/users", "users.create", kStaff, &Api::OnCreateUser},
        {"GET", "/api/v1/users/{id}", "users.get", kStaff, &Api::OnGetUser},
        {"PATCH", "/api/v1/users/{id}", "users.update", kStaff, &Api::OnUpdateUser},
        {"GET", "/api/v1/users/{id}/tokens", "tokens.list", kStaff, &Api::OnListTokens},
        {"POST", "/api/v1/users/{id}/tokens", "tokens.create", kStaff, &Api::OnCreateToken},
        {"DELETE", "/api/v1/users/{id}/tokens/{token_id}", "tokens.revoke", kStaff, &Api::OnRevokeToken},
        {"GET", "/api/v1/roles", "roles.list", kStaff, &Api::OnListRoles},

        {"GET", "/api/v1/departments", "departments.list", kStaff, &Api::OnListDepartments},
        {"POST", "/api/v1/departments", "departments.create", kStaff, &Api::OnCreateDepartment},
        {"PATCH", "/api/v1/departments/{id}", "departments.update", kStaff, &Api::OnUpdateDepartment},
        {"GET", "/api/v1/categories", "categories.list", kPublic, &Api::OnListCategories},
        {"POST", "/api/v1/categories", "categories.create", kStaff, &Api::OnCreateCategory},
        {"PATCH", "/api/v1/categories/{id}", "categories.update", kStaff, &Api::OnUpdateCategory},
        {"GET", "/api/v1/settings/process", "settings.get", kStaff, &Api::OnGetSettings},
        {"PUT", "/api/v1/settings/process", "settings.update", kStaff, &Api::OnUpdateSettings},
        {"GET", "/api/v1/workflow", "workflow", kStaff, &Api::OnWorkflow},

        {"POST", "/api/v1/complaints", "complaints.create", kStaff, &Api::OnCreateComplaint},
        {"GET", "/api/v1/complaints", "complaints.list", kStaff, &Api::OnListComplaints},
        {"POST", "/api/v1/complaints/repeat-check", "complaints.repeat_check", kStaff, &Api::OnRepeatCheck},
        {"GET", "/api/v1/complaints/{id}", "complaints.get", kStaff, &Api::OnGetComplaint},
        {"PATCH", "/api/v1/complaints/{id}", "complaints.edit", kStaff, &Api::OnEditComplaint},
        {"POST", "/api/v1/complaints/{id}/actions/{action}", "complaints.action", kStaff, &Api::OnAction},
        {"POST", "/api/v1/complaints/{id}/reveal", "complaints.reveal", kStaff, &Api::OnReveal},
        {"GET", "/api/v1/complaints/{id}/timeline", "complaints.timeline", kStaff, &Api::OnTimeline},
        {"GET", "/api/v1/complaints/{id}/similar", "complaints.similar", kStaff, &Api::OnSimilar},
        {"GET", "/api/v1/complaints/{id}/messages", "messages.list", kStaff, &Api::OnListMessages},
        {"POST", "/api/v1/complaints/{id}/messages", "messages.create", kStaff, &Api::OnAddMessage},
        {"GET", "/api/v1/complaints/{id}/attachments", "attachments.list", kStaff, &Api::OnListAttachments},
        {"POST", "/api/v1/complaints/{id}/attachments", "attachments.upload", kStaff, &Api::OnUploadAttachment,
         &Api::AdmitAttachment},
        {"GET", "/api/v1/attachments/{id}/content", "attachments.download", kStaff, &Api::OnDownloadAttachment},
        {"POST", "/api/v1/complaints/{id}/satisfaction", "complaints.satisfaction", kStaff, &Api::OnRecordSatisfaction},

        {"POST", "/api/v1/complaints/{id}/clocks/pause", "clocks.pause", kStaff, &Api::OnPauseClocks},
        {"POST", "/api/v1/complaints/{id}/clocks/resume", "clocks.resume", kStaff, &Api::OnResumeClocks},
        {"POST", "/api/v1/complaints/{id}/clocks/{target}/extend", "clocks.extend", kStaff, &Api::OnExtendClock},
        {"POST", "/api/v1/complaints/{id}/emergency", "emergency.organise", kStaff, &Api::OnOrganiseEmergency},
        {"POST", "/api/v1/complaints/{id}/emergency/reports", "emergency.report", kStaff, &Api::OnEmergencyReport},

        {"GET", "/api/v1/notifications", "notifications.list", kStaff, &Api::OnListNotifications},
        {"POST", "/api/v1/notifications/read-all", "notifications.read_all", kStaff, &Api::OnReadAllNotifications},
        {"POST", "/api/v1/notifications/{id}/read", "notifications.read", kStaff, &Api::OnReadNotification},
        {"GET", "/api/v1/stats/overview", "stats.overview", kStaff, &Api::OnOverview},
        {"GET", "/api/v1/calendars", "calendars.list", kStaff, &Api::OnListCalendars},
        {"PUT", "/api/v1/calendars/{id}", "calendars.save", kStaff, &Api::OnSaveCalendar},
        {"POST", "/api/v1/calendars/{id}/import", "calendars.import", kStaff, &Api::OnImportCalendar},
        {"GET", "/api/v1/sla/policy", "sla.policy_get", kStaff, &Api::OnGetSlaPolicy},
        {"PUT", "/api/v1/sla/policy", "sla.policy_save", kStaff, &Api::OnSaveSlaPolicy},
        {"GET", "/api/v1/sla/presets", "sla.presets", kStaff, &Api::OnListSlaPresets},
        {"GET", "/api/v1/templates", "templates.list", kStaff, &Api::OnListTemplates},
        {"POST", "/api/v1/templates", "templates.create", kStaff, &Api::OnCreateTemplate},
        {"PATCH", "/api/v1/templates/{id}", "templates.update", kStaff, &Api::OnUpdateTemplate},
        {"DELETE", "/api/v1/templates/{id}", "templates.delete", kStaff, &Api::OnDeleteTemplate},
        {"GET", "/api/v1/me/views", "views.list", kStaff, &Api::OnListViews},
        {"POST", "/api/v1/me/views", "views.create", kStaff, &Api::OnSaveView},
        {"DELETE", "/api/v1/me/views/{id}", "views.delete", kStaff, &Api::OnDeleteView},

        {"GET", "/api/v1/audit/events", "audit.list", kStaff, &Api::OnListAudit},
        {"GET", "/api/v1/audit/verify", "audit.verify", kStaff, &Api::OnVerifyAudit},

        {"POST", "/api/v1/portal/complaints", "portal.submit", kPublic, &Api::OnPortalSubmit},
        {"POST", "/api/v1/portal/track", "portal.track", kPublic, &Api::OnPortalTrack},
        {"POST", "/api/v1/portal/complaints/{number}/messages", "portal.message", kPublic, &Api::OnPortalMessage},
        {"POST", "/api/v1/portal/complaints/{number}/actions/{action}", "portal.action", kPublic, &Api::OnPortalAction},
        {"POST", "/api/v1/portal/complaints/{number}/satisfaction", "portal.rate", kPublic, &Api::OnPortalRate},
        {"POST", "/api/v1/portal/complaints/{number}/attachments", "portal.upload", kPublic, &Api::OnPortalUpload,
         &Api::AdmitPortalUpload},
        {"GET", "/api/v1/portal/complaints/{number}/attachments/{id}", "portal.download", kPublic, &Api::OnPortalDownload},
    };
    return kRoutes;
}

Api::Api(const use_cases::Dependencies& deps, const storage::files::FileStore& files, Metrics& metrics,
         const domain::AuditHasher& hasher, std::shared_ptr<spdlog::logger> logger, ApiOptions options,
         domain::ChangeFeed* changes)
    : deps_(deps),
      files_(files),
      metrics_(metrics),
      hasher_(hasher),
      logger_(std::move(logger)),
      options_(std::move(options)),
      live_(changes, [this](const LiveCredential& credential) -> domain::Result<domain::Actor> {
          auto auth = credential.session ? use_cases::AuthenticateSession(deps_, credential.secret, false)
                                         : use_cases::AuthenticateToken(deps_, credential.secret);
          if (!auth) return std::unexpected(auth.error());
          return auth->actor;
      }) {}

std::variant<std::shared_ptr<LiveChannel>, Response> Api::OpenLive(Request& request) {
    Call call{request, {use_cases::CustomerActor(), CleanRequestId(request.Header("x-request-id"), deps_.tokens),
                        request.client_address},
              std::nullopt, {}};
    if (request.path != "/api/v1/live") return ProblemResponse(404, "no WebSocket endpoint here", call.context.request_id);
    // Browsers cannot set headers on a WebSocket: the session cookie signs it in; a cross-site page cannot use it
    // because the cookie is SameSite=Strict and the Origin must be this host.
    std::string_view origin = request.Header("origin");
    std::string_view host = request.Header("host");
    if (!origin.empty() && origin != "http://" + std::string(host) && origin != "https://" + std::string(host))
        return ProblemResponse(403, "WebSocket from another origin", call.context.request_id);
    if (auto refused = Authenticate(call, domain::TokenScope::kRead)) return *refused;
    metrics_.ObserveRequest("live.open", "GET", 101, 0);
    LiveCredential credential{call.auth->via_session, ""};
    if (credential.session)
        credential.secret = call.request.Cookie(kSessionCookie).value_or("");
    else
        credential.secret = std::string(request.Header("authorization").substr(7));
    return live_.Connect(call.context.actor, std::move(credential));
}

const Route* Api::Match(std::string_view method, std::string_view path, std::vector<std::string>& params,
                        bool& path_known) const {
    auto segments = Segments(path);
    path_known = false;
    for (const Route& route : Routes()) {
        auto pattern = Segments(route.pattern);
        if (pattern.size() != segments.size()) continue;
        std::vector<std::string> captured;
        bool matches = true;
        for (std::size_t i = 0; i < pattern.size() && matches; ++i) {
            if (pattern[i].starts_with('{')) captured.emplace_back(segments[i]);
            else matches = pattern[i] == segments[i];
        }
        if (!matches) continue;
        path_known = true;
        if (route.method != method && !(method == "HEAD" && std::string_view(route.method) == "GET")) continue;
        params = std::move(captured);
        return &route;
    }
    return nullptr;
}

bool Api::StreamsBodyToFile(std::string_view method, std::string_view path) const {
    std::vector<std::string> params;
    bool known = false;
    const Route* route = Match(method, path, params, known);
    return route != nullptr && route->admit_upload != nullptr;
}

std::optional<Response> Api::AdmitUpload(Request& request) {
    auto started = std::chrono::steady_clock::now();
    Call call{request,
              {use_cases::CustomerActor(), CleanRequestId(request.Header("x-request-id"), deps_.tokens),
               request.client_address},
              std::nullopt,
              {}};
    bool path_known = false;
    const Route* route = Match(request.method, request.path, call.params, path_known);
    if (route == nullptr || route->admit_upload == nullptr) return std::nullopt;  // the server asked StreamsBodyToFile
    std::optional<Response> refusal;
    try {
        if (route->access == Access::kStaff) refusal = Authenticate(call, ScopeFor(*route));
        if (!refusal)
            if (auto admitted = (this->*(route->admit_upload))(call); !admitted)
                refusal = Problem(call, admitted.error());
    } catch (const std::exception& e) {
        logger_->error("upload admission threw request_id={} route={} error={}", call.context.request_id, route->name,
                       logging::Quote(e.what()));
        refusal = ProblemResponse(500, "an internal error occurred; quote request id " + call.context.request_id,
                                  call.context.request_id);
    }
    if (!refusal) return std::nullopt;
    // Refused from the headers: the body is never read, nothing reaches the disk.
    AddSecurityHeaders(*refusal, call.context.request_id);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_.ObserveRequest(route->name, request.method, refusal->status, seconds);
    logger_->info("request method={} route={} path={} status={} ms={:.2f} user={} request_id={} body=unread",
                  logging::Quote(request.method), route->name, logging::Quote(request.path), refusal->status,
                  seconds * 1000, call.auth ? call.auth->user.id : 0, call.context.request_id);
    return refusal;
}

Response Api::Problem(const Call& call, const domain::Error& error) const {
    if (error.code == domain::ErrorCode::kInternal || error.code == domain::ErrorCode::kUnavailable)
        logger_->error("request failed request_id={} error={}", call.context.request_id, logging::Quote(error.message));
    return ProblemResponse(error, call.context.request_id);
}

std::optional<Response> Api::Authenticate(Call& call, domain::TokenScope scope) const {
    std::string_view authorization = call.request.Header("authorization");
    if (authorization.starts_with("Bearer ")) {
        auto auth = use_cases::AuthenticateToken(deps_, std::string(authorization.substr(7)));
        if (!auth) return Problem(call, auth.error());
        if (!auth->Allows(scope))
            return Problem(call, {domain::ErrorCode::kForbidden,
                                  "this API token lacks the scope '" + std::string(domain::NameOf(scope)) + "'", {}, 0});
        call.auth = std::move(*auth);
    } else if (auto cookie = call.request.Cookie(kSessionCookie)) {
        auto auth = use_cases::AuthenticateSession(deps_, *cookie);
        if (!auth) return Problem(call, auth.error());
        if (!IsSafeMethod(call.request.method) && !SameSecret(call.request.Header("x-csrf-token"), auth->csrf_token))
            return Problem(call, {domain::ErrorCode::kForbidden,
                                  "the X-CSRF-Token header is missing or wrong for this session", {}, 0});
        call.auth = std::move(*auth);
    } else {
        return Problem(call, {domain::ErrorCode::kUnauthenticated, "sign in, or send an API token as 'Authorization: Bearer …'", {}, 0});
    }
    call.context.actor = call.auth->actor;
    return std::nullopt;
}

Response Api::Dispatch(Call& call, std::string& route_name, const Route*& route) {
    Request& request = call.request;
    bool path_known = false;
    route = Match(request.method, request.path, call.params, path_known);
    if (route != nullptr) {
        route_name = route->name;
        if (route->access == Access::kStaff)
            if (auto refused = Authenticate(call, ScopeFor(*route))) return std::move(*refused);
        return (this->*(route->handler))(call);
    }
    if (!request.path.starts_with("/api/") && IsSafeMethod(request.method) && request.path != "/healthz" &&
        request.path != "/metrics") {
        route_name = "static";
        return OnStatic(call);
    }
    if (path_known)
        return ProblemResponse(405, "method " + request.method + " is not allowed on " + request.path,
                               call.context.request_id);
    return ProblemResponse(404, "no such endpoint: " + request.path, call.context.request_id);
}

Response Api::Handle(Request& request) {
    auto started = std::chrono::steady_clock::now();
    Call call{request,
              {use_cases::CustomerActor(), CleanRequestId(request.Header("x-request-id"), deps_.tokens),
               request.client_address},
              std::nullopt,
              {}};
    std::string route_name = "unmatched";
    const Route* route = nullptr;
    Response response;
    try {
        response = Dispatch(call, route_name, route);
    } catch (const std::exception& e) {
        logger_->error("request threw request_id={} route={} error={}", call.context.request_id, route_name,
                       logging::Quote(e.what()));
        response = ProblemResponse(500, "an internal error occurred; quote request id " + call.context.request_id,
                                   call.context.request_id);
    }
    if (route != nullptr && response.status >= 200 && response.status < 300) RecheckLiveSockets(*route, call);
    AddSecurityHeaders(response, call.context.request_id);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_.ObserveRequest(route_name, request.method, response.status, seconds);
    logger_->info("request method={} route={} path={} status={} ms={:.2f} user={} request_id={}",
                  logging::Quote(request.method), route_name, logging::Quote(request.path), response.status,
                  seconds * 1000, call.auth ? call.auth->user.id : 0, call.context.request_id);
    return response;
}

void Api::RecheckLiveSockets(const Route& route, const Call& call) {
    // Changes that can end someone's sign-in or narrow what they may see: their open WebSockets are checked at once
    // (those on other nodes within LiveHub::kRecheckEvery).
    std::string_view name = route.name;
    if (name == "auth.logout" || name == "auth.password") {
        live_.Recheck(call.auth ? std::optional(call.auth->user.id) : std::nullopt);
    } else if (name == "users.update" || name == "tokens.revoke") {
        std::int64_t user_id = 0;
        std::from_chars(call.params[0].data(), call.params[0].data() + call.params[0].size(), user_id);
        live_.Recheck(user_id);
    } else if (name.starts_with("change_requests.")) {
        live_.Recheck();
    }
}

Response Api::Refuse(int status, std::string_view detail) {
    std::string request_id = deps_.tokens.NewSecret(12);
    Response response = ProblemResponse(status, detail, request_id);
    AddSecurityHeaders(response, request_id);
    metrics_.ObserveRequest("refused", "-", status, 0);
    return response;
}

}  // namespace kesu::http
