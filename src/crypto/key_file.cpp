#include "crypto/key_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "crypto/digest.hpp"

namespace kesu::crypto {

using domain::ErrorCode;
using domain::Fail;

namespace {

domain::Result<std::string> CreateKeyFile(const std::string& path, std::size_t size) {
    std::string key(size, '\0');
    randombytes_buf(key.data(), key.size());
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return Fail(ErrorCode::kUnavailable, "cannot create the key file " + path + ": " + std::strerror(errno));
    bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) return Fail(ErrorCode::kUnavailable, "cannot write the key file " + path);
    return key;
}

}  // namespace

domain::Result<std::string> LoadOrCreateKeyFile(const std::string& path, std::size_t size) {
    EnsureSodium();
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path directory = fs::path(path).parent_path();
    if (!directory.empty()) {
        fs::create_directories(directory, ec);
        if (ec) return Fail(ErrorCode::kUnavailable, "cannot create " + directory.string() + ": " + ec.message());
        fs::permissions(directory, fs::perms::owner_all, fs::perm_options::replace, ec);
    }
    if (!fs::exists(path, ec)) {
        auto created = CreateKeyFile(path, size);
        if (created || !fs::exists(path, ec)) return created;  // else another process created it first: read that
    }
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
    std::ifstream in(path, std::ios::binary);
    std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (key.size() != size)
        return Fail(ErrorCode::kInvalidArgument,
                    "the key file " + path + " is not a " + std::to_string(size) + "-byte key");
    return key;
}

domain::Result<std::string> DecodeBase64Key(std::string_view encoded, std::size_t size, std::string_view name) {
    EnsureSodium();
    std::string key(size, '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(key.data()), key.size(), encoded.data(), encoded.size(),
                          nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        length != size)
        return Fail(ErrorCode::kInvalidArgument,
                    std::string(name) + " must be " + std::to_string(size) + " bytes, base64-encoded");
    return key;
}

std::string DeriveSubkey(std::string_view key, std::string_view purpose) {
    EnsureSodium();
    std::string subkey(32, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(subkey.data()), subkey.size(),
                       reinterpret_cast<const unsigned char*>(purpose.data()), purpose.size(),
                       reinterpret_cast<const unsigned char*>(key.data()), key.size());
    return subkey;
}

}  // namespace kesu::crypto
