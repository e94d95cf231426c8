#include "storage/sqlite/write_combining_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <string>

namespace kesu::storage::sqlite {

namespace {

constexpr const char* kName = "kesu-write-combining";
constexpr std::size_t kMaxGathered = 8u << 20;  // a larger transaction is written out in pieces of this size
constexpr std::size_t kMaxWrite = 64u << 10;    // the unix VFS writes less than 128 KB per call

// The file SQLite sees; the default VFS's own file follows it in the same allocation.
struct CombiningFile {
    sqlite3_file base;
    sqlite3_file* real;
    std::string* gathered;  // log files only: bytes not yet written, starting at gathered_offset
    sqlite3_int64 gathered_offset;
};
static_assert(sizeof(CombiningFile) % 8 == 0);

sqlite3_vfs* default_vfs = nullptr;
sqlite3_vfs combining_vfs;

CombiningFile* Of(sqlite3_file* file) {
    return reinterpret_cast<CombiningFile*>(file);
}
sqlite3_file* Real(sqlite3_file* file) {
    return Of(file)->real;
}

int WriteOut(CombiningFile* file) {
    if (file->gathered == nullptr || file->gathered->empty()) return SQLITE_OK;
    int rc = SQLITE_OK;
    for (std::size_t done = 0; done < file->gathered->size() && rc == SQLITE_OK; done += kMaxWrite) {
        std::size_t piece = std::min(kMaxWrite, file->gathered->size() - done);
        rc = file->real->pMethods->xWrite(file->real, file->gathered->data() + done, static_cast<int>(piece),
                                          file->gathered_offset + static_cast<sqlite3_int64>(done));
    }
    file->gathered->clear();
    return rc;
}

int Close(sqlite3_file* file) {
    CombiningFile* f = Of(file);
    int written = WriteOut(f);
    delete f->gathered;
    f->gathered = nullptr;
    int closed = f->real->pMethods->xClose(f->real);
    return written != SQLITE_OK ? written : closed;
}

int Read(sqlite3_file* file, void* data, int amount, sqlite3_int64 offset) {
    if (int rc = WriteOut(Of(file)); rc != SQLITE_OK) return rc;
    return Real(file)->pMethods->xRead(Real(file), data, amount, offset);
}

int Write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
    CombiningFile* f = Of(file);
    if (f->gathered == nullptr) return f->real->pMethods->xWrite(f->real, data, amount, offset);
    auto end = f->gathered_offset + static_cast<sqlite3_int64>(f->gathered->size());
    if (f->gathered->empty() || offset != end) {
        if (int rc = WriteOut(f); rc != SQLITE_OK) return rc;
        f->gathered_offset = offset;
    }
    f->gathered->append(static_cast<const char*>(data), static_cast<std::size_t>(amount));
    return f->gathered->size() >= kMaxGathered ? WriteOut(f) : SQLITE_OK;
}

int Truncate(sqlite3_file* file, sqlite3_int64 size) {
    if (int rc = WriteOut(Of(file)); rc != SQLITE_OK) return rc;
    return Real(file)->pMethods->xTruncate(Real(file), size);
}

int Sync(sqlite3_file* file, int flags) {
    if (int rc = WriteOut(Of(file)); rc != SQLITE_OK) return rc;
    return Real(file)->pMethods->xSync(Real(file), flags);
}

int FileSize(sqlite3_file* file, sqlite3_int64* size) {
    if (int rc = WriteOut(Of(file)); rc != SQLITE_OK) return rc;
    return Real(file)->pMethods->xFileSize(Real(file), size);
}

int Lock(sqlite3_file* file, int level) {
    return Real(file)->pMethods->xLock(Real(file), level);
}
int Unlock(sqlite3_file* file, int level) {
    return Real(file)->pMethods->xUnlock(Real(file), level);
}
int CheckReservedLock(sqlite3_file* file, int* reserved) {
    return Real(file)->pMethods->xCheckReservedLock(Real(file), reserved);
}
int FileControl(sqlite3_file* file, int op, void* argument) {
    return Real(file)->pMethods->xFileControl(Real(file), op, argument);
}
int SectorSize(sqlite3_file* file) {
    return Real(file)->pMethods->xSectorSize(Real(file));
}
int DeviceCharacteristics(sqlite3_file* file) {
    return Real(file)->pMethods->xDeviceCharacteristics(Real(file));
}

int ShmMap(sqlite3_file* file, int region, int size, int extend, void volatile** memory) {
    if (Real(file)->pMethods->iVersion < 2) return SQLITE_IOERR_SHMMAP;
    return Real(file)->pMethods->xShmMap(Real(file), region, size, extend, memory);
}
int ShmLock(sqlite3_file* file, int offset, int count, int flags) {
    if (Real(file)->pMethods->iVersion < 2) return SQLITE_IOERR_SHMLOCK;
    return Real(file)->pMethods->xShmLock(Real(file), offset, count, flags);
}
void ShmBarrier(sqlite3_file* file) {
    if (Real(file)->pMethods->iVersion >= 2) Real(file)->pMethods->xShmBarrier(Real(file));
}
int ShmUnmap(sqlite3_file* file, int delete_flag) {
    if (Real(file)->pMethods->iVersion < 2) return SQLITE_OK;
    return Real(file)->pMethods->xShmUnmap(Real(file), delete_flag);
}
int Fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** page) {
    if (Real(file)->pMethods->iVersion < 3) {
        *page = nullptr;
        return SQLITE_OK;
    }
    return Real(file)->pMethods->xFetch(Real(file), offset, amount, page);
}
int Unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
    if (Real(file)->pMethods->iVersion < 3) return SQLITE_OK;
    return Real(file)->pMethods->xUnfetch(Real(file), offset, page);
}

const sqlite3_io_methods kMethods = {3,
                                     Close,
                                     Read,
                                     Write,
                                     Truncate,
                                     Sync,
                                     FileSize,
                                     Lock,
                                     Unlock,
                                     CheckReservedLock,
                                     FileControl,
                                     SectorSize,
                                     DeviceCharacteristics,
                                     ShmMap,
                                     ShmLock,
                                     ShmBarrier,
                                     ShmUnmap,
                                     Fetch,
                                     Unfetch};

int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
    CombiningFile* f = Of(file);
    f->base.pMethods = nullptr;
    f->real = reinterpret_cast<sqlite3_file*>(f + 1);
    f->gathered = nullptr;
    f->gathered_offset = 0;
    int rc = default_vfs->xOpen(default_vfs, name, f->real, flags, out_flags);
    if (rc != SQLITE_OK) return rc;
    if ((flags & SQLITE_OPEN_WAL) != 0) f->gathered = new std::string();
    f->base.pMethods = &kMethods;
    return SQLITE_OK;
}

bool Register() {
    default_vfs = sqlite3_vfs_find(nullptr);
    if (default_vfs == nullptr) return false;
    combining_vfs = *default_vfs;  // every VFS-level method (delete, access, time, ...) is the default's own
    combining_vfs.pNext = nullptr;
    combining_vfs.zName = kName;
    combining_vfs.szOsFile = static_cast<int>(sizeof(CombiningFile)) + default_vfs->szOsFile;
    combining_vfs.xOpen = Open;
    return sqlite3_vfs_register(&combining_vfs, 0) == SQLITE_OK;
}

}  // namespace

const char* WriteCombiningVfs() {
    static const bool registered = Register();
    return registered ? kName : nullptr;
}

}  // namespace kesu::storage::sqlite
