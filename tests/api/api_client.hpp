// A small HTTP client for the API tests (libcurl): JSON in and out, a cookie jar per client, the CSRF token
// captured at login and sent on writes, or an API token.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace kesu::api_test {

struct HttpResult {
    long status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    nlohmann::json Json() const;
    std::string Header(const std::string& name) const;
};

class ApiClient {
public:
    explicit ApiClient(std::string base_url);
    ~ApiClient();
    ApiClient(const ApiClient&) = delete;
    ApiClient& operator=(const ApiClient&) = delete;

    // Signs in with the session cookie; returns the login response.
    HttpResult Login(const std::string& username, const std::string& password);
    void UseToken(std::string token) { token_ = std::move(token); }
    // The value of a cookie the server set on this client ("" if none).
    std::string Cookie(const std::string& name) const;
    void SetCsrf(std::string csrf) { csrf_ = std::move(csrf); }

    HttpResult Get(const std::string& path);
    HttpResult Post(const std::string& path, const nlohmann::json& body, const std::map<std::string, std::string>& headers = {});
    HttpResult Patch(const std::string& path, const nlohmann::json& body);
    HttpResult Put(const std::string& path, const nlohmann::json& body);
    HttpResult Delete(const std::string& path);
    // Any method with a raw body and headers (uploads, malformed JSON, wrong content types).
    HttpResult Send(const std::string& method, const std::string& path, const std::string& body,
                    const std::map<std::string, std::string>& headers);

private:
    std::string base_url_;
    void* curl_;
    std::string token_;
    std::string csrf_;
};

}  // namespace kesu::api_test
