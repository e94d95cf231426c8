#include "storage/files/file_store.hpp"

#include <sodium.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "crypto/digest.hpp"

namespace kesu::storage::files {

using domain::ErrorCode;
using domain::Fail;
namespace fs = std::filesystem;

FileStore::FileStore(std::string root) : root_(std::move(root)) { crypto::EnsureSodium(); }

std::string FileStore::StagingDirectory() const { return root_ + "/staging"; }

std::string FileStore::PathFor(const std::string& sha256) const {
    return root_ + "/" + sha256.substr(0, 2) + "/" + sha256;
}

domain::Result<FileFacts> FileStore::Inspect(const std::string& path) const {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Fail(ErrorCode::kUnavailable, "cannot read the uploaded file");
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    FileFacts facts;
    std::vector<char> buffer(1 << 16);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        auto count = static_cast<std::size_t>(in.gcount());
        if (count == 0) break;
        if (facts.head.size() < 512) facts.head.append(buffer.data(), std::min<std::size_t>(count, 512 - facts.head.size()));
        crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buffer.data()), count);
        facts.size += count;
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state, digest);
    facts.sha256 = crypto::ToHex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
    return facts;
}

domain::Result<void> FileStore::Adopt(const std::string& staged_path, const std::string& sha256) const {
    std::error_code ec;
    fs::path target = PathFor(sha256);
    fs::create_directories(target.parent_path(), ec);
    if (fs::exists(target, ec)) {
        fs::remove(staged_path, ec);
        return {};
    }
    // Make the bytes durable before the database row that points at them is committed.
    if (FILE* file = std::fopen(staged_path.c_str(), "rb")) {
        ::fsync(fileno(file));
        std::fclose(file);
    }
    fs::rename(staged_path, target, ec);
    if (ec) return Fail(ErrorCode::kUnavailable, "cannot store the attachment: " + ec.message());
    return {};
}

}  // namespace kesu::storage::files
