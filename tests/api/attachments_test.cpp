// Attachments: streamed to disk, SHA-256 recorded, content checked against its bytes, customers only through
// their access code.
#include "api/staffed_server.hpp"

#include <sodium.h>

namespace kesu::api_test {
namespace {

using nlohmann::json;

class Attachments : public StaffedServer {};

std::string Png() {
    std::string png("\x89PNG\r\n\x1A\n", 8);
    for (int i = 0; i < 5000; ++i) png += static_cast<char>(i * 7);
    return png;
}

std::string Sha256(const std::string& data) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

TEST_F(Attachments, AnUploadIsStoredWithItsHashAndDownloadsIdentically) {
    json complaint = RegisterByPhone("附件测试");
    std::string base = "/api/v1/complaints/" + std::to_string(complaint["id"].get<std::int64_t>());
    std::string png = Png();
    HttpResult uploaded = As("agent1").Send("POST", base + "/attachments?filename=%E7%85%A7%E7%89%87.png", png,
                                            {{"Content-Type", "image/png"}});
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    json attachment = uploaded.Json();
    EXPECT_EQ(attachment["filename"], "照片.png");
    EXPECT_EQ(attachment["content_type"], "image/png");
    EXPECT_EQ(attachment["size"], png.size());
    EXPECT_EQ(attachment["sha256"], Sha256(png));
    HttpResult downloaded = As("spec1").Get("/api/v1/attachments/" + std::to_string(attachment["id"].get<std::int64_t>()) + "/content");
    ASSERT_EQ(downloaded.status, 200);
    EXPECT_EQ(downloaded.body, png);
    EXPECT_EQ(downloaded.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(As("agent2").Get("/api/v1/attachments/" + std::to_string(attachment["id"].get<std::int64_t>()) + "/content").status, 200)
        << "the complaint is still in the intake pool, visible to every agent";
}

TEST_F(Attachments, FilesWhoseBytesDoNotMatchAreRefused) {
    json complaint = RegisterByPhone("附件类型");
    std::string base = "/api/v1/complaints/" + std::to_string(complaint["id"].get<std::int64_t>());
    HttpResult executable = As("agent1").Send("POST", base + "/attachments?filename=invoice.pdf",
                                              std::string("MZ\x90\x00\x03\x00\x00\x00", 8) + std::string(100, '\0'),
                                              {{"Content-Type", "application/pdf"}});
    EXPECT_EQ(executable.status, 415);
    HttpResult disguised = As("agent1").Send("POST", base + "/attachments?filename=a.png", "%PDF-1.4\n...",
                                             {{"Content-Type", "image/png"}});
    EXPECT_EQ(disguised.status, 415);
    EXPECT_EQ(As("agent1").Get(base + "/attachments").Json()["items"].size(), 0u);
}

TEST_F(Attachments, CustomersAttachOnlyWithTheirAccessCode) {
    HttpResult submitted = Anonymous()->Post("/api/v1/portal/complaints",
                                             {{"subject", "门户附件"}, {"description", "附上照片"},
                                              {"complainant", {{"name", "郑女士"}, {"phone", "13600002222"}}},
                                              {"privacy_consent", true}});
    ASSERT_EQ(submitted.status, 201);
    std::string number = submitted.Json()["number"];
    std::string path = "/api/v1/portal/complaints/" + number + "/attachments?filename=photo.png";
    EXPECT_EQ(Anonymous()->Send("POST", path, Png(), {{"X-Access-Code", "WRONGCODE"}}).status, 401);
    HttpResult uploaded = Anonymous()->Send("POST", path, Png(), {{"X-Access-Code", submitted.Json()["access_code"]}});
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    json seen = Anonymous()->Post("/api/v1/portal/track", {{"number", number}, {"access_code", submitted.Json()["access_code"]}}).Json();
    ASSERT_EQ(seen["attachments"].size(), 1u);
    EXPECT_EQ(seen["attachments"][0]["filename"], "photo.png");
}

TEST_F(Attachments, StaffCannotAttachFilesToAClosedComplaint) {
    json complaint = RegisterByPhone("已结案后补附件");
    std::int64_t id = complaint["id"];
    ASSERT_EQ(Act("spec1", id, "reject_invalid", {{"reason", "重复投诉"}}).status, 200);
    std::string base = "/api/v1/complaints/" + std::to_string(id);
    HttpResult refused = As("agent1").Send("POST", base + "/attachments?filename=late.png", Png(), {{"Content-Type", "image/png"}});
    EXPECT_EQ(refused.status, 409) << refused.body;
    EXPECT_EQ(refused.Header("content-type"), "application/problem+json");
    EXPECT_EQ(refused.Json()["type"], "https://kesu.dev/problems/illegal_transition");
    EXPECT_EQ(As("agent1").Get(base + "/attachments").Json()["items"].size(), 0u);
}

}  // namespace
}  // namespace kesu::api_test
