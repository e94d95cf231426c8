// Real complaint-like texts from the shared data directory (KESU_SHARED_DATA), for the search tests and the
// benchmark. The data is read at run time and never copied into the repository.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace kesu::search::testing {

struct RealText {
    std::string subject;
    std::string body;
    std::string product;
    std::string user;  // who wrote it, where the source says
    std::string time;  // as written in the source
};

// KESU_SHARED_DATA (CTest sets it), else the path CMake knew at configure time; nullopt if neither exists.
inline std::optional<std::filesystem::path> SharedDataDirectory() {
    const char* directory = std::getenv("KESU_SHARED_DATA");
    std::filesystem::path path = directory != nullptr && *directory ? directory : KESU_DEFAULT_SHARED_DATA;
    if (!std::filesystem::is_directory(path)) return std::nullopt;
    return path;
}

// RFC 4180: quoted fields may hold commas, doubled quotes and newlines. Returns rows without the header.
inline std::vector<std::vector<std::string>> ReadCsv(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream buffer;
    buffer << file.rdbuf();
    const std::string data = buffer.str();
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const char c = data[i];
        if (quoted) {
            if (c == '"' && i + 1 < data.size() && data[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') ++i;
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
        } else {
            field += c;
        }
    }
    if (!field.empty() || !row.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    if (!rows.empty()) rows.erase(rows.begin());
    return rows;
}

// Every step-th row (step >= 1) that has the columns, starting at `first`.
template <class Make>
std::vector<RealText> Sample(const std::filesystem::path& path, std::size_t columns, std::size_t step,
                             std::size_t first, Make make) {
    std::vector<RealText> texts;
    const auto rows = ReadCsv(path);
    for (std::size_t i = first; i < rows.size(); i += step)
        if (rows[i].size() >= columns) texts.push_back(make(rows[i]));
    return texts;
}

// Online-shopping reviews (product type as product), food-delivery reviews, citizen messages with the
// official replies, CFPB complaint narratives (issue as subject) and airline tweets; `step` thins each file.
inline std::vector<RealText> LoadMixedTexts(const std::filesystem::path& data, std::size_t step) {
    std::vector<RealText> all;
    const auto append = [&](std::vector<RealText> texts) { all.insert(all.end(), texts.begin(), texts.end()); };
    append(Sample(data / "online_shopping_10_cats/online_shopping_10_cats.csv", 3, step, 0, [](const auto& row) {
        return RealText{"", row[2], row[0], "", ""};
    }));
    append(Sample(data / "waimai_10k/waimai_10k.csv", 2, step, 0, [](const auto& row) {
        return RealText{"", row[1], "", "", ""};
    }));
    append(
        Sample(data / "tipdm2020_gov_messages/attachment4_messages_with_replies.csv", 7, step, 0, [](const auto& row) {
            return RealText{row[2], row[4] + "\n" + row[5], "", row[1], row[3]};
        }));
    append(Sample(data / "cfpb_complaints_sample/cfpb_sample_2015-2020_ZiyuYan9.csv", 18,
                  std::max<std::size_t>(1, step / 4), 0, [](const auto& row) {
                      return RealText{row[3], row[5], row[1], "", row[0]};
                  }));
    append(Sample(data / "twitter_airline_sentiment/Tweets_merged.csv", 11, step, 0, [](const auto& row) {
        return RealText{"", row[9], row[5], "", row[10]};
    }));
    return all;
}

// Citizen messages of tipdm attachment 3: many reports of the same issues.
inline std::vector<RealText> LoadHotIssueMessages(const std::filesystem::path& data) {
    return Sample(data / "tipdm2020_gov_messages/attachment3_hot_issue_messages.csv", 5, 1, 0, [](const auto& row) {
        return RealText{row[2], row[4], "", row[1], row[3]};
    });
}

}  // namespace kesu::search::testing
