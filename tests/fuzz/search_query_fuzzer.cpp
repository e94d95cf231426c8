// The search box (search/query.hpp): any text is parsed, compiled to an FTS5 expression and run against a small
// in-memory index. Promises: a bad query is the user's error (400), never FTS5's (a 500), whatever the columns.
#include <sqlite3.h>

#include <memory>

#include "fuzz/fuzz_check.hpp"
#include "search/sqlite_search_index.hpp"

namespace {

using kesu::domain::ErrorCode;
using kesu::search::ColumnSet;
using kesu::search::IndexColumn;

struct Index {
    sqlite3* db = nullptr;
    std::unique_ptr<kesu::search::SqliteSearchIndex> index;
};

Index& TheIndex() {
    static Index index = [] {
        Index made;
        kesu::fuzz::Check(sqlite3_open(":memory:", &made.db) == SQLITE_OK, "an in-memory database opens");
        auto normalizer = kesu::search::TextNormalizer::Create();
        kesu::fuzz::Check(normalizer.has_value(), "OpenCC loads");
        made.index = std::make_unique<kesu::search::SqliteSearchIndex>(
            made.db, *normalizer, [](std::string_view token) { return "h" + std::to_string(token.size()); });
        kesu::fuzz::Check(made.index->CreateSchema().has_value(), "the index schema is created");
        kesu::search::IndexedDocument document{1,
                                               kesu::domain::FromMillis(86'400'000),
                                               "屏幕碎裂 退款",
                                               "快递 SO2023-11-0042 e-mail",
                                               "内部 备注",
                                               "iPhone 15",
                                               "王小明",
                                               "c1",
                                               {"d_1", "u_2"}};
        kesu::fuzz::Check(made.index->Upsert(document).has_value(), "a document is indexed");
        return made;
    }();
    return index;
}

bool IsUserError(ErrorCode code) {
    return code == ErrorCode::kInvalidArgument || code == ErrorCode::kForbidden;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using kesu::fuzz::Check;
    if (size > 4096) return -1;  // the API caps q far below this
    Index& index = TheIndex();
    auto parsed = kesu::search::ParseQuery(kesu::fuzz::AsText(data, size));
    if (!parsed) {
        Check(parsed.error().code == ErrorCode::kInvalidArgument, "a bad query is invalid input");
        Check(!parsed.error().fields.empty() && parsed.error().fields[0].field == "q", "a bad query names q");
        return 0;
    }
    Check(parsed->text.has_value() || !parsed->filters.IsEmpty(), "a parsed query holds text or filters");
    if (!parsed->text) return 0;
    for (ColumnSet columns : {ColumnSet::Public(), ColumnSet::All(), ColumnSet{IndexColumn::kBody}}) {
        kesu::search::SearchOptions options;
        options.columns = columns;
        options.scope_any = {"d_1"};
        auto page = index.index->Search(*parsed->text, options);
        if (!page && !IsUserError(page.error().code)) {
            std::fprintf(stderr, "search failed: %s\n", page.error().message.c_str());
            Check(false, "a query that parses is never an internal error of the index");
        }
    }
    return 0;
}
