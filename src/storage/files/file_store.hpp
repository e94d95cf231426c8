// Attachment bytes on disk, content-addressed (root/ab/abcdef…), so identical files are stored once and a
// file's name is its SHA-256. The root may be a directory shared by several kesu nodes (NFS, CephFS).
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <cstdint>
#include <string>

#include "domain/error.hpp"

namespace kesu::storage::files {

struct FileFacts {
    std::string sha256;  // hex
    std::string head;    // the first 512 bytes, for content sniffing
    std::uint64_t size = 0;
};

class FileStore {
public:
    explicit FileStore(std::string root);

    // Where uploads are written before they are adopted (same file system, so adoption is a rename).
    std::string StagingDirectory() const;
    domain::Result<FileFacts> Inspect(const std::string& path) const;
    // Moves a staged file into the store under its hash (replacing nothing: identical content is kept once).
    domain::Result<void> Adopt(const std::string& staged_path, const std::string& sha256) const;
    std::string PathFor(const std::string& sha256) const;

private:
    std::string root_;
};

}  // namespace kesu::storage::files
