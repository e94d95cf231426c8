// Full-text search through the API: real Chinese and English texts filed as complaints are found exactly where
// a plain substring scan finds them; snippets highlight; scope, notes and customer names follow the roles.
#include <set>

#include "api/staffed_server.hpp"
#include "search/real_texts.hpp"

namespace kesu::api_test {
namespace {

using nlohmann::json;

class Search : public StaffedServer {
public:
    static void SetUpTestSuite() {
        StaffedServer::SetUpTestSuite();
        auto data = search::testing::SharedDataDirectory();
        ASSERT_TRUE(data) << "the real texts (KESU_SHARED_DATA or ../shared/data) could not be read";
        auto texts = search::testing::LoadMixedTexts(*data, 150);
        ASSERT_GT(texts.size(), 300u);
        for (const auto& text : texts) {
            std::string body = text.body.substr(0, 15000);
            while (!body.empty() && (static_cast<unsigned char>(body.back()) & 0xC0) == 0x80) body.pop_back();
            if (!body.empty() && static_cast<unsigned char>(body.back()) >= 0xC0) body.pop_back();
            if (body.find_first_not_of(" \n\t") == std::string::npos) continue;
            std::string subject = text.subject.empty() ? "客户反馈" : text.subject.substr(0, 150);
            while (!subject.empty() && (static_cast<unsigned char>(subject.back()) & 0xC0) == 0x80) subject.pop_back();
            if (!subject.empty() && static_cast<unsigned char>(subject.back()) >= 0xC0) subject.pop_back();
            HttpResult created = As("agent1").Post(
                "/api/v1/complaints", {{"channel", "web"}, {"subject", subject}, {"description", body},
                                       {"complainant", {{"name", "测试客户"}, {"phone", "13800000000"}}}});
            if (created.status != 201) continue;  // the few real texts with control characters are refused
            json c = created.Json()["complaint"];
            corpus_.push_back({c["id"].get<std::int64_t>(), subject + "\n" + body});
        }
    }
    struct Document {
        std::int64_t id;
        std::string text;
    };
    static inline std::vector<Document> corpus_;

    static std::set<std::int64_t> Found(const std::string& user, const std::string& query) {
        std::set<std::int64_t> ids;
        std::string cursor;
        for (int page = 0; page < 100; ++page) {
            std::string path = "/api/v1/complaints?limit=100&q=" + Encode(query) + (cursor.empty() ? "" : "&cursor=" + cursor);
            HttpResult result = As(user).Get(path);
            EXPECT_EQ(result.status, 200) << result.body;
            json body = result.Json();
            for (const auto& item : body["items"]) ids.insert(item["id"].get<std::int64_t>());
            if (body["next_cursor"].is_null()) break;
            cursor = body["next_cursor"].get<std::string>();
        }
        return ids;
    }
    static std::string Encode(const std::string& text) {
        std::string encoded;
        for (char character : text) {
            auto c = static_cast<unsigned char>(character);
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            encoded += std::isalnum(c) ? std::string(1, static_cast<char>(c)) : std::string(hex);
        }
        return encoded;
    }
};

TEST_F(Search, FindsExactlyTheComplaintsContainingEachWord) {
    ASSERT_GT(corpus_.size(), 300u);
    for (const char* word : {"物流", "快递", "退款", "屏幕", "质量", "酒店", "小区", "不满意", "flight", "account"}) {
        std::set<std::int64_t> expected;
        for (const auto& document : corpus_)
            if (document.text.find(word) != std::string::npos) expected.insert(document.id);
        if (std::isalpha(static_cast<unsigned char>(word[0]))) {
            // English words are found whole and case-insensitively, and a change between letters and digits
            // separates words ("flight911" holds "flight"): compare with that word scan.
            expected.clear();
            for (const auto& document : corpus_) {
                std::string lower = document.text;
                for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                std::string needle = word;
                for (std::size_t at = lower.find(needle); at != std::string::npos; at = lower.find(needle, at + 1)) {
                    std::size_t end = at + needle.size();
                    bool before = at == 0 || !std::isalpha(static_cast<unsigned char>(lower[at - 1]));
                    bool after = end >= lower.size() || !std::isalpha(static_cast<unsigned char>(lower[end]));
                    if (before && after) {
                        expected.insert(document.id);
                        break;
                    }
                }
            }
        }
        EXPECT_FALSE(expected.empty()) << word;
        EXPECT_EQ(Found("admin1", word), expected) << word;
    }
}

TEST_F(Search, AComplaintIsSearchableTheMomentItIsCreatedWithItsWordsHighlighted) {
    HttpResult created = As("agent1").Post("/api/v1/complaints",
                                           {{"channel", "phone"}, {"subject", "冰箱压缩机异响"},
                                            {"description", "新买的冰箱压缩机夜间异响严重，影响休息，要求换货。"},
                                            {"order_number", "JD-2026-0042"},
                                            {"complainant", {{"name", "欧阳娜娜"}, {"phone", "13900009999"}}}});
    ASSERT_EQ(created.status, 201);
    std::int64_t id = created.Json()["complaint"]["id"];
    json found = As("agent1").Get("/api/v1/complaints?q=" + Encode("压缩机 异响")).Json();
    ASSERT_GE(found["items"].size(), 1u);
    EXPECT_EQ(found["items"][0]["id"], id);
    EXPECT_NE(found["items"][0]["snippet"].get<std::string>().find("<mark>压缩机</mark>"), std::string::npos);
    EXPECT_EQ(Found("agent1", "JD-2026-0042"), std::set<std::int64_t>{id}) << "order numbers are tokens";
    EXPECT_EQ(Found("agent1", "\"夜间异响\""), std::set<std::int64_t>{id});
    EXPECT_TRUE(Found("agent1", "压缩机 -冰箱").empty());
}

TEST_F(Search, CustomerNamesAreFoundOnlyByRolesThatMaySeeThem) {
    HttpResult created = As("agent1").Post("/api/v1/complaints",
                                           {{"channel", "phone"}, {"subject", "姓名搜索"}, {"description", "测试"},
                                            {"complainant", {{"name", "诸葛明亮"}, {"phone", "13900001234"}}}});
    ASSERT_EQ(created.status, 201);
    std::int64_t id = created.Json()["complaint"]["id"];
    EXPECT_EQ(Found("agent1", "customer:诸葛明亮"), std::set<std::int64_t>{id});
    EXPECT_TRUE(Found("leader1", "诸葛明亮").empty()) << "masked roles cannot find by a name they cannot see";
    HttpResult refused = As("leader1").Get("/api/v1/complaints?q=" + Encode("customer:诸葛明亮"));
    EXPECT_EQ(refused.status, 403);
}

TEST_F(Search, InternalNotesAreSearchableByStaffAndScopeStillApplies) {
    json complaint = RegisterByPhone("范围测试");
    std::int64_t id = complaint["id"];
    ASSERT_EQ(Act("spec1", id, "triage", {{"category_id", CategoryId("other")}, {"level", "general"},
                                           {"difficulty", "simple"}, {"department_id", DepartmentId("客服部")}})
                  .status,
              200);
    ASSERT_EQ(As("spec1").Post("/api/v1/complaints/" + std::to_string(id) + "/messages",
                               {{"visibility", "internal"}, {"body", "内部备注：疑似批次问题编号B2026"}}).status,
              201);
    EXPECT_EQ(Found("spec1", "批次问题"), std::set<std::int64_t>{id});
    EXPECT_TRUE(Found("agent2", "批次问题").empty()) << "物流部 does not see 客服部's complaints";
    EXPECT_EQ(Found("spec1", "批次问题 status:triaged"), std::set<std::int64_t>{id});
    EXPECT_TRUE(Found("spec1", "批次问题 status:closed").empty());
}

TEST_F(Search, QueryMistakesAreNamedWithTheirPosition) {
    HttpResult result = As("agent1").Get("/api/v1/complaints?q=" + Encode("\"未闭合"));
    EXPECT_EQ(result.status, 400);
    EXPECT_EQ(result.Json()["field"], "q");
    HttpResult unknown = As("agent1").Get("/api/v1/complaints?q=" + Encode("colour:red"));
    EXPECT_EQ(unknown.status, 400);
}

TEST_F(Search, SimilarComplaintsPutTheSameCustomerFirst) {
    json first = RegisterByPhone("洗衣机漏水", "13766667777");
    RegisterByPhone("洗衣机漏水严重", "13500001111");
    json third = RegisterByPhone("洗衣机又漏水了", "13766667777");
    HttpResult similar = As("spec1").Get("/api/v1/complaints/" + std::to_string(third["id"].get<std::int64_t>()) + "/similar");
    ASSERT_EQ(similar.status, 200) << similar.body;
    json items = similar.Json()["items"];
    ASSERT_GE(items.size(), 1u);
    EXPECT_EQ(items[0]["id"], first["id"]);
    EXPECT_TRUE(items[0]["same_customer"].get<bool>());
}

}  // namespace
}  // namespace kesu::api_test
