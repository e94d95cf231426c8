#include "api/api_client.hpp"

#include <curl/curl.h>

#include <stdexcept>
#include <vector>

namespace kesu::api_test {

namespace {

std::size_t CollectBody(char* data, std::size_t size, std::size_t count, void* target) {
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

std::size_t CollectHeader(char* data, std::size_t size, std::size_t count, void* target) {
    std::string line(data, size * count);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
        (*static_cast<std::map<std::string, std::string>*>(target))[name] = value;
    }
    return size * count;
}

}  // namespace

nlohmann::json HttpResult::Json() const {
    if (body.empty()) return nullptr;
    return nlohmann::json::parse(body, nullptr, false);
}

std::string HttpResult::Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
}

ApiClient::ApiClient(std::string base_url) : base_url_(std::move(base_url)), curl_(curl_easy_init()) {
    if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
    curl_easy_setopt(static_cast<CURL*>(curl_), CURLOPT_COOKIEFILE, "");  // in-memory cookie jar
}

ApiClient::~ApiClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

HttpResult ApiClient::Send(const std::string& method, const std::string& path, const std::string& body,
                           const std::map<std::string, std::string>& headers) {
    CURL* curl = static_cast<CURL*>(curl_);
    HttpResult result;
    std::string url = base_url_ + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl, CURLOPT_NOBODY, method == "HEAD" ? 1L : 0L);
    if (method == "GET" || method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    } else {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    curl_slist* list = nullptr;
    for (const auto& [name, value] : headers) list = curl_slist_append(list, (name + ": " + value).c_str());
    if (!token_.empty()) list = curl_slist_append(list, ("Authorization: Bearer " + token_).c_str());
    if (!csrf_.empty() && method != "GET") list = curl_slist_append(list, ("X-CSRF-Token: " + csrf_).c_str());
    list = curl_slist_append(list, "Expect:");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, CollectBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, CollectHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result.headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(list);
    if (code != CURLE_OK) {
        result.status = 0;
        result.body = curl_easy_strerror(code);
        return result;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
    return result;
}

std::string ApiClient::Cookie(const std::string& name) const {
    curl_slist* cookies = nullptr;
    curl_easy_getinfo(static_cast<CURL*>(curl_), CURLINFO_COOKIELIST, &cookies);
    std::string value;
    for (curl_slist* line = cookies; line != nullptr; line = line->next) {
        // Netscape format: domain, flag, path, secure, expiry, name, value (tab-separated).
        std::string text = line->data;
        std::vector<std::string> fields;
        std::size_t start = 0;
        for (std::size_t tab = text.find('\t'); tab != std::string::npos; tab = text.find('\t', start)) {
            fields.push_back(text.substr(start, tab - start));
            start = tab + 1;
        }
        fields.push_back(text.substr(start));
        if (fields.size() == 7 && fields[5] == name) value = fields[6];
    }
    curl_slist_free_all(cookies);
    return value;
}

HttpResult ApiClient::Login(const std::string& username, const std::string& password) {
    HttpResult result = Post("/api/v1/auth/login", {{"username", username}, {"password", password}});
    if (result.status == 200) csrf_ = result.Json().value("csrf_token", "");
    return result;
}

HttpResult ApiClient::Get(const std::string& path) { return Send("GET", path, "", {}); }

HttpResult ApiClient::Post(const std::string& path, const nlohmann::json& body,
                           const std::map<std::string, std::string>& headers) {
    auto all = headers;
    all.emplace("Content-Type", "application/json");
    return Send("POST", path, body.dump(), all);
}

HttpResult ApiClient::Patch(const std::string& path, const nlohmann::json& body) {
    return Send("PATCH", path, body.dump(), {{"Content-Type", "application/json"}});
}

HttpResult ApiClient::Put(const std::string& path, const nlohmann::json& body) {
    return Send("PUT", path, body.dump(), {{"Content-Type", "application/json"}});
}

HttpResult ApiClient::Delete(const std::string& path) { return Send("DELETE", path, "", {}); }

}  // namespace kesu::api_test
