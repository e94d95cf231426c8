// Health, metrics, the OpenAPI document and the web UI's static files.
#include <filesystem>
#include <fstream>

#include "http/api.hpp"
#include "http/handler_support.hpp"
#include "http/openapi_document.hpp"
#include "logging/log_format.hpp"
#include "use_cases/view_complaint.hpp"

namespace kesu::http {

namespace fs = std::filesystem;

namespace {

const char* ContentTypeFor(const fs::path& path) {
    std::string extension = path.extension().string();
    if (extension == ".html") return "text/html; charset=utf-8";
    if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
    if (extension == ".css") return "text/css; charset=utf-8";
    if (extension == ".json") return "application/json";
    if (extension == ".svg") return "image/svg+xml";
    if (extension == ".png") return "image/png";
    if (extension == ".ico") return "image/x-icon";
    if (extension == ".woff2") return "font/woff2";
    if (extension == ".woff") return "font/woff";
    if (extension == ".ttf") return "font/ttf";
    return "application/octet-stream";
}

// What a file system can hold (Linux's NAME_MAX and PATH_MAX): a longer request path names no file of the UI, and
// asking the file system about it would only fail ("File name too long").
constexpr std::size_t kMaxFileNameBytes = 255;
constexpr std::size_t kMaxFilePathBytes = 4096;

bool IsPlausibleFilePath(std::string_view path) {
    if (path.size() > kMaxFilePathBytes) return false;
    while (!path.empty()) {
        auto end = path.find('/');
        if (path.substr(0, end).size() > kMaxFileNameBytes) return false;
        if (end == std::string_view::npos) break;
        path.remove_prefix(end + 1);
    }
    return true;
}

}  // namespace

Response Api::OnHealth(Call& call) {
    if (auto ok = use_cases::CheckDatabase(deps_); !ok)
        return ProblemResponse(503, "the database does not answer", call.context.request_id);
    // Reads still answer, but every write is refused until kesu restarts: not healthy, and the reason says why.
    if (std::string refusal = deps_.database.WriteRefusal(); !refusal.empty()) {
        Response response = JsonResponse(503, {{"type", "https://kesu.dev/problems/writes_refused"},
                                               {"title", "Service unavailable"},
                                               {"status", 503},
                                               {"detail", "kesu refuses every write until it is restarted"},
                                               {"reason", refusal},
                                               {"request_id", call.context.request_id}});
        response.SetHeader("Content-Type", "application/problem+json");
        return response;
    }
    return JsonResponse(200, {{"status", "ok"}});
}

Response Api::OnMetrics(Call& call) {
    std::string text = metrics_.Render();
    if (auto counts = use_cases::CountComplaintsByStatus(deps_)) {
        text += "# HELP kesu_complaints Complaints and consultations by status (whole database).\n";
        text += "# TYPE kesu_complaints gauge\n";
        for (const auto& [status, count] : *counts)
            text += "kesu_complaints{status=\"" + std::string(domain::NameOf(status)) + "\"} " + std::to_string(count) + "\n";
    } else {
        logger_->warn("metrics cannot count complaints error={} request_id={}", logging::Quote(counts.error().message),
                      call.context.request_id);
    }
    Response response;
    response.body = std::move(text);
    response.SetHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    return response;
}

Response Api::OnOpenApi(Call&) {
    Response response;
    response.body = std::string(OpenApiDocument());
    response.SetHeader("Content-Type", "application/json; charset=utf-8");
    response.SetHeader("Access-Control-Allow-Origin", "*");
    return response;
}

Response Api::OnStatic(Call& call) {
    if (options_.web_root.empty())
        return ProblemResponse(404, "the web UI is not installed (build web/ and pass --web-root)",
                               call.context.request_id);
    const std::string& path = call.request.path;
    if (!IsPlausibleFilePath(path)) return ProblemResponse(404, "no such file", call.context.request_id);
    std::error_code ec;
    fs::path root = fs::weakly_canonical(options_.web_root, ec);
    if (ec) return ProblemResponse(404, "the web UI cannot be read", call.context.request_id);
    fs::path requested = fs::weakly_canonical(root / (path.size() <= 1 ? "index.html" : path.substr(1)), ec);
    bool inside = !ec && (requested.string().starts_with(root.string() + "/") || requested == root);
    bool is_asset = path.starts_with("/assets/");
    if (!inside || !fs::is_regular_file(requested, ec)) {
        if (is_asset || !inside) return ProblemResponse(404, "no such file", call.context.request_id);
        requested = root / "index.html";  // client-side routes of the single-page app
    }
    Response response;
    response.file_path = requested.string();
    response.SetHeader("Content-Type", ContentTypeFor(requested));
    response.SetHeader("Cache-Control", is_asset ? "public, max-age=31536000, immutable" : "no-cache");
    if (requested.extension() == ".html")
        response.SetHeader("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                           "script-src 'self'; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'");
    return response;
}

}  // namespace kesu::http
