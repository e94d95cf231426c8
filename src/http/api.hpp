// The REST API under /api/v1 (and /healthz, /metrics, the web UI's static files): one route table in
// router.cpp, authentication and CSRF checks before every staff route, a request id on every response,
// metrics and an access log line per request. Handlers turn JSON into use-case input and results into JSON.
// Thread-safety: Handle is called concurrently from the server's worker threads.
#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <string>
#include <vector>

#include "domain/audit_event.hpp"
#include "http/live_hub.hpp"
#include "http/message.hpp"
#include "http/metrics.hpp"
#include "storage/files/file_store.hpp"
#include "use_cases/context.hpp"
#include "use_cases/messages.hpp"
#include "use_cases/sessions.hpp"

namespace kesu::http {

struct ApiOptions {
    std::string web_root;              // the built web UI (index.html, assets/); empty: no UI
    bool secure_cookies = false;       // add Secure to the session cookie (behind TLS)
    std::uint64_t max_upload_bytes = 50u << 20;
};

enum class Access {
    kPublic,  // anyone (health, portal, login, static files)
    kStaff,   // a signed-in user or an API token
};

class Api;

struct Call {
    Request& request;
    use_cases::RequestContext context;
    std::optional<use_cases::Authenticated> auth;
    std::vector<std::string> params;  // the {placeholders} of the route, in order
};

using RouteHandler = Response (Api::*)(Call&);
// Admits an upload from its headers, before a byte of its body is read (authentication has already run).
using UploadAdmission = domain::Result<void> (Api::*)(Call&);

struct Route {
    const char* method;
    const char* pattern;  // "/api/v1/complaints/{id}/actions/{action}"
    const char* name;     // for metrics and logs: "complaints.action"
    Access access;
    RouteHandler handler;
    // Set on upload routes: the body is streamed to a file, once this has admitted it.
    UploadAdmission admit_upload = nullptr;
};

class Api final : public HttpHandler {
public:
    Api(const use_cases::Dependencies& deps, const storage::files::FileStore& files, Metrics& metrics,
        const domain::AuditHasher& hasher, std::shared_ptr<spdlog::logger> logger, ApiOptions options,
        domain::ChangeFeed* changes = nullptr);

    bool StreamsBodyToFile(std::string_view method, std::string_view path) const override;
    Response Handle(Request& request) override;
    std::optional<Response> AdmitUpload(Request& request) override;
    Response Refuse(int status, std::string_view detail) override;
    // GET /api/v1/live (WebSocket): complaint changes the signed-in user may see, as they are committed.
    std::variant<std::shared_ptr<LiveChannel>, Response> OpenLive(Request& request) override;

    // Every route, for the OpenAPI consistency test and the docs.
    static const std::vector<Route>& Routes();

    // System
    Response OnHealth(Call& call);
    Response OnMetrics(Call& call);
    Response OnOpenApi(Call& call);
    Response OnStatic(Call& call);
    // Accounts
    Response OnLogin(Call& call);
    Response OnLogout(Call& call);
    Response OnMe(Call& call);
    Response OnChangePassword(Call& call);
    Response OnListUsers(Call& call);
    Response OnCreateUser(Call& call);
    Response OnGetUser(Call& call);
    Response OnUpdateUser(Call& call);
    Response OnListTokens(Call& call);
    Response OnCreateToken(Call& call);
    Response OnRevokeToken(Call& call);
    Response OnListRoles(Call& call);
    // Reference data and settings
    Response OnListDepartments(Call& call);
    Response OnCreateDepartment(Call& call);
    Response OnUpdateDepartment(Call& call);
    Response OnListCategories(Call& call);
    Response OnCreateCategory(Call& call);
    Response OnUpdateCategory(Call& call);
    Response OnGetSettings(Call& call);
    Response OnUpdateSettings(Call& call);
    Response OnWorkflow(Call& call);
    // Complaints
    Response OnCreateComplaint(Call& call);
    Response OnListComplaints(Call& call);
    Response OnGetComplaint(Call& call);
    Response OnEditComplaint(Call& call);
    Response OnAction(Call& call);
    Response OnReveal(Call& call);
    Response OnTimeline(Call& call);
    Response OnListMessages(Call& call);
    Response OnAddMessage(Call& call);
    Response OnListAttachments(Call& call);
    domain::Result<void> AdmitAttachment(Call& call);
    Response OnUploadAttachment(Call& call);
    Response OnDownloadAttachment(Call& call);
    Response OnRecordSatisfaction(Call& call);
    Response OnRepeatCheck(Call& call);
    Response OnSimilar(Call& call);
    // Time limits, notifications and the user's workspace
    Response OnPauseClocks(Call& call);
    Response OnResumeClocks(Call& call);
    Response OnExtendClock(Call& call);
    Response OnOrganiseEmergency(Call& call);
    Response OnEmergencyReport(Call& call);
    Response OnListNotifications(Call& call);
    Response OnReadNotification(Call& call);
    Response OnReadAllNotifications(Call& call);
    Response OnOverview(Call& call);
    Response OnListCalendars(Call& call);
    Response OnSaveCalendar(Call& call);
    Response OnImportCalendar(Call& call);
    Response OnGetSlaPolicy(Call& call);
    Response OnSaveSlaPolicy(Call& call);
    Response OnListSlaPresets(Call& call);
    Response OnListTemplates(Call& call);
    Response OnCreateTemplate(Call& call);
    Response OnUpdateTemplate(Call& call);
    Response OnDeleteTemplate(Call& call);
    Response OnListViews(Call& call);
    Response OnSaveView(Call& call);
    Response OnDeleteView(Call& call);
    // Audit
    Response OnListAudit(Call& call);
    Response OnVerifyAudit(Call& call);
    // Customer portal
    Response OnPortalSubmit(Call& call);
    Response OnPortalTrack(Call& call);
    Response OnPortalMessage(Call& call);
    Response OnPortalAction(Call& call);
    Response OnPortalRate(Call& call);
    domain::Result<void> AdmitPortalUpload(Call& call);
    Response OnPortalUpload(Call& call);
    Response OnPortalDownload(Call& call);

private:
    // Routes the call (static files, 404 and 405 included) and runs its handler; sets route_name for metrics.
    Response Dispatch(Call& call, std::string& route_name, const Route*& route);
    const Route* Match(std::string_view method, std::string_view path, std::vector<std::string>& params,
                       bool& path_known) const;
    // Signs the caller in; an API token must also hold `scope` (a session may use every route its role allows).
    std::optional<Response> Authenticate(Call& call, domain::TokenScope scope) const;
    Response Problem(const Call& call, const domain::Error& error) const;
    // After a successful change to accounts: the affected users' open WebSockets check their credential again.
    void RecheckLiveSockets(const Route& route, const Call& call);
    // Streams a staged upload into the FileStore after checking its content type.
    domain::Result<use_cases::StoredFile> StageUpload(Call& call) const;

    const use_cases::Dependencies& deps_;
    const storage::files::FileStore& files_;
    Metrics& metrics_;
    const domain::AuditHasher& hasher_;
    std::shared_ptr<spdlog::logger> logger_;
    ApiOptions options_;
    LiveHub live_;
};

}  // namespace kesu::http
