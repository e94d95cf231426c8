// Builds a search index of N documents of real text (the shared data, cycled with small variations) in an
// on-disk SQLite file and reports build rate, index size against text size, and query latency percentiles.
// Usage: KESU_SHARED_DATA=... bench_search [--docs 1000000] [--db /tmp/kesu_search_bench.db] [--rounds 20] [--reuse]
#include <sqlite3.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "search/real_texts.hpp"
#include "search/sqlite_search_index.hpp"

namespace {

using kesu::search::IndexedDocument;
using kesu::search::SearchOptions;
using kesu::search::SearchOrder;
using kesu::search::SqliteSearchIndex;
using Clock = std::chrono::steady_clock;

double MillisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

bool Exec(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
    std::cerr << sql << ": " << (message ? message : "") << "\n";
    sqlite3_free(message);
    return false;
}

// Cycling the texts: from the second round on, each copy gets a batch marker and a different order number,
// and every other copy drops its first sentence, so copies differ the way repeated complaints do.
IndexedDocument MakeDocument(const std::vector<kesu::search::testing::RealText>& texts, std::int64_t id) {
    const auto& text = texts[static_cast<std::size_t>(id) % texts.size()];
    const std::int64_t round = id / static_cast<std::int64_t>(texts.size());
    IndexedDocument document;
    document.doc_id = id + 1;
    document.sort_time = kesu::domain::FromMillis(1'700'000'000'000 + id * 30'000);
    document.body = text.body;
    if (round > 0) {
        if (round % 2 == 1) {
            const std::size_t cut = document.body.find("，");
            if (cut != std::string::npos && cut + 3 < document.body.size()) document.body.erase(0, cut + 3);
        }
        document.body += " 批次" + std::to_string(round);
    }
    document.subject =
        text.subject.empty() ? document.body.substr(0, std::min<std::size_t>(document.body.size(), 60)) : text.subject;
    document.product_order = text.product + " SO" + std::to_string(2023 + id % 3) + "-" + std::to_string(id % 12 + 1) +
                             "-" + std::to_string(id);
    document.customer_key = "c" + std::to_string(id % 200'000);
    return document;
}

struct Percentiles {
    double p50;
    double p99;
    double max;
};

Percentiles Measure(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) {
        return samples[static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1))];
    };
    return {at(0.50), at(0.99), samples.back()};
}

struct Settings {
    std::int64_t documents;
    std::string path;
    bool reuse;
    int rounds;
    std::size_t similar_terms;
    std::size_t similar_window;
};

// Separate from main so the index (and its prepared statements) is gone before the connection closes.
int RunBenchmark(sqlite3* db, const kesu::search::TextNormalizer& normalizer,
                 const std::vector<kesu::search::testing::RealText>& texts, const Settings& settings) {
    const auto& [documents, path, reuse, rounds, similar_terms, similar_window] = settings;
    SqliteSearchIndex index(db, normalizer);
    if (auto created = index.CreateSchema(); !created) {
        std::cerr << created.error().message << "\n";
        return 1;
    }

    if (!reuse) {
        std::uint64_t text_bytes = 0;
        const auto start = Clock::now();
        Exec(db, "BEGIN");
        for (std::int64_t id = 0; id < documents; ++id) {
            const IndexedDocument document = MakeDocument(texts, id);
            text_bytes += document.subject.size() + document.body.size() + document.product_order.size();
            if (auto upserted = index.Upsert(document); !upserted) {
                std::cerr << upserted.error().message << "\n";
                return 1;
            }
            if ((id + 1) % 10'000 == 0) {
                Exec(db, "COMMIT");
                Exec(db, "BEGIN");
            }
            if ((id + 1) % 100'000 == 0)
                std::cout << "  " << (id + 1) << " documents, " << MillisecondsSince(start) / 1000 << " s\n"
                          << std::flush;
        }
        Exec(db, "COMMIT");
        Exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
        const double seconds = MillisecondsSince(start) / 1000;
        const auto index_bytes = std::filesystem::file_size(path);
        std::printf("build: %lld documents in %.1f s = %.0f documents/s, %.1f MB text/s\n",
                    static_cast<long long>(documents), seconds, static_cast<double>(documents) / seconds,
                    static_cast<double>(text_bytes) / 1e6 / seconds);
        std::printf("size: text %.1f MB, index file %.1f MB (%.2f x text)\n", static_cast<double>(text_bytes) / 1e6,
                    static_cast<double>(index_bytes) / 1e6,
                    static_cast<double>(index_bytes) / static_cast<double>(text_bytes));
    }

    const std::vector<std::pair<std::string, std::vector<std::string>>> groups{
        {"common words", {"不错", "质量", "物流", "味道", "酒店", "快递", "credit", "flight", "没有", "房间"}},
        {"rare words",
         {"屏幕碎裂", "退款", "耳机", "噪音扰民", "搅拌站", "mortgage", "equifax", "保质期", "发票", "漏水"}},
        {"two words",
         {"质量 不错", "物流 快递", "屏幕 电池", "credit report", "酒店 早餐", "送餐 很慢", "手机 屏幕", "退款 客服",
          "房间 干净", "小区 噪音"}},
        {"phrases and codes", {"\"质量不错\"", "\"customer service\"", "SO2024-5-88004", "退款 OR 退货", "快递 -物流"}},
    };
    for (const SearchOrder order : {SearchOrder::kRelevance, SearchOrder::kNewest}) {
        std::printf("queries (first page of 20, count capped at 1000, order %s):\n",
                    order == SearchOrder::kRelevance ? "relevance" : "newest");
        for (const auto& [name, queries] : groups) {
            std::vector<double> samples;
            std::size_t total = 0;
            for (int round = 0; round < rounds; ++round) {
                for (const std::string& query : queries) {
                    const auto start = Clock::now();
                    auto parsed = kesu::search::ParseQuery(query);
                    auto page = index.Search(*parsed->text, SearchOptions{.order = order});
                    samples.push_back(MillisecondsSince(start));
                    if (!page) {
                        std::cerr << query << ": " << page.error().message << "\n";
                        return 1;
                    }
                    if (round == 0) total += page->total;
                }
            }
            const Percentiles p = Measure(samples);
            std::printf("  %-18s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (mean capped total %.0f)\n", name.c_str(),
                        p.p50, p.p99, p.max, static_cast<double>(total) / static_cast<double>(queries.size()));
        }
    }

    std::vector<double> similar;
    for (std::int64_t id = 1; id <= 50; ++id) {
        const auto start = Clock::now();
        auto hits = index.Similar(documents - id * 997 % documents,
                                  {.query_terms = similar_terms, .candidate_window = similar_window});
        similar.push_back(MillisecondsSince(start));
        if (!hits) {
            std::cerr << hits.error().message << "\n";
            return 1;
        }
    }
    const Percentiles p = Measure(similar);
    std::printf("similar (10 hits): p50 %.2f ms  p99 %.2f ms\n", p.p50, p.p99);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"kesu search benchmark"};
    std::int64_t documents = 1'000'000;
    std::string path = "/tmp/kesu_search_bench.db";
    bool reuse = false;
    int rounds = 20;
    app.add_option("--docs", documents, "documents to index");
    app.add_option("--db", path, "SQLite file to build (replaced unless --reuse)");
    app.add_option("--rounds", rounds, "times each query is run");
    app.add_flag("--reuse", reuse, "query an index built by an earlier run");
    std::size_t similar_terms = kesu::search::SimilarOptions{}.query_terms;
    std::size_t similar_window = kesu::search::SimilarOptions{}.candidate_window;
    app.add_option("--similar-terms", similar_terms, "distinctive tokens a similar-complaints query uses");
    app.add_option("--similar-window", similar_window, "newest matches ranked for similar complaints");
    CLI11_PARSE(app, argc, argv);

    const auto data = kesu::search::testing::SharedDataDirectory();
    if (!data) {
        std::cerr << "set KESU_SHARED_DATA to the shared data directory\n";
        return 2;
    }
    auto normalizer = kesu::search::TextNormalizer::Create();
    if (!normalizer) {
        std::cerr << normalizer.error().message << "\n";
        return 1;
    }
    std::vector<kesu::search::testing::RealText> texts = kesu::search::testing::LoadMixedTexts(*data, 1);
    for (auto& message : kesu::search::testing::LoadHotIssueMessages(*data)) texts.push_back(std::move(message));
    std::shuffle(texts.begin(), texts.end(), std::mt19937(42));
    std::cout << "real texts: " << texts.size() << "\n";

    const Settings settings{documents, path, reuse, rounds, similar_terms, similar_window};
    if (!reuse) std::filesystem::remove(path);
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return 1;
    Exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144");
    const int status = RunBenchmark(db, *normalizer, texts, settings);
    sqlite3_close(db);
    return status;
}
