// Secret keys kept apart from the database: a file in the data directory's keys/ (created on first use, mode
// 0600 in a 0700 directory), or a base64 value from the environment when several nodes must share one key.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace kesu::crypto {

// Reads `size` random bytes from `path`, creating the file with a new random key if it does not exist. The file is
// created with O_EXCL and mode 0600 (never readable by others, not even for a moment); an existing key file or
// keys directory that others may read is tightened.
domain::Result<std::string> LoadOrCreateKeyFile(const std::string& path, std::size_t size);

// Decodes a base64 key of exactly `size` bytes; `name` (e.g. "KESU_PII_KEY") names it in the error.
domain::Result<std::string> DecodeBase64Key(std::string_view encoded, std::size_t size, std::string_view name);

// A 32-byte key derived from `key` for one purpose (keyed BLAKE2b), so one secret can serve several uses
// without any two of them sharing a key.
std::string DeriveSubkey(std::string_view key, std::string_view purpose);

}  // namespace kesu::crypto
