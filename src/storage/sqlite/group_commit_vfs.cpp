#include "storage/sqlite/group_commit_vfs.hpp"

#include <algorithm>
#include <string>

namespace kesu::storage::sqlite {

namespace {

constexpr const char* kName = "kesu-group-commit";
constexpr std::size_t kMaxGathered = 8u << 20;  // a larger transaction is written out in pieces of this size
constexpr std::size_t kMaxWrite = 64u << 10;    // the unix VFS writes less than 128 KB per call
// A file-control opcode of our own (SQLite leaves those above 100 to VFSs): the main file's log sync counts.
constexpr int kCountLogSyncsOpcode = 0x6b657375;

// The file SQLite sees; the default VFS's own file follows it in the same allocation.
struct GroupFile {
    sqlite3_file base;
    sqlite3_file* real;
    // Log files only: bytes not yet written, starting at gathered_offset.
    std::string* gathered;
    sqlite3_int64 gathered_offset;
    GroupFile* log;        // a main database file: its open log, if any
    GroupFile* database;   // a log: its main database file
    bool synced_once;      // a log: its first sync (which also syncs a new directory entry) was real
    bool sync_owed;        // a log: a commit was written since its last real sync
    int sync_flags;        // a log: the flags of the sync owed
    LogSyncCounts counts;  // a main database file: its logs' syncs
};

sqlite3_vfs* default_vfs = nullptr;
sqlite3_vfs group_commit_vfs;

GroupFile* Of(sqlite3_file* file) {
    return reinterpret_cast<GroupFile*>(file);
}
sqlite3_file* Real(sqlite3_file* file) {
    return Of(file)->real;
}
bool IsLog(const GroupFile* file) {
    return file->gathered != nullptr;
}

int WriteOut(GroupFile* file) {
    if (!IsLog(file) || file->gathered->empty()) return SQLITE_OK;
    int rc = SQLITE_OK;
    for (std::size_t done = 0; done < file->gathered->size() && rc == SQLITE_OK; done += kMaxWrite) {
        std::size_t piece = std::min(kMaxWrite, file->gathered->size() - done);
        rc = file->real->pMethods->xWrite(file->real, file->gathered->data() + done, static_cast<int>(piece),
                                          file->gathered_offset + static_cast<sqlite3_int64>(done));
    }
    file->gathered->clear();
    return rc;
}

int SyncLogNow(GroupFile* log, int flags) {
    if (int rc = WriteOut(log); rc != SQLITE_OK) return rc;
    int rc = log->real->pMethods->xSync(log->real, flags);
    if (rc != SQLITE_OK) return rc;
    log->synced_once = true;
    log->sync_owed = false;
    if (log->database != nullptr) ++log->database->counts.real;
    return SQLITE_OK;
}

// Before this connection writes the database file (only a checkpoint does, in WAL mode), the log it copies from must
// be on disk: otherwise a power loss could leave pages of the database overwritten and the log that held them lost.
int SyncOwedLog(GroupFile* database) {
    if (database->log == nullptr || !database->log->sync_owed) return SQLITE_OK;
    return SyncLogNow(database->log, database->log->sync_flags);
}

int Close(sqlite3_file* file) {
    GroupFile* f = Of(file);
    int written = WriteOut(f);
    delete f->gathered;
    f->gathered = nullptr;
    if (f->database != nullptr) f->database->log = nullptr;
    if (f->log != nullptr) f->log->database = nullptr;
    int closed = f->real->pMethods->xClose(f->real);
    return written != SQLITE_OK ? written : closed;
}

int Read(sqlite3_file* file, void* data, int amount, sqlite3_int64 offset) {
    if (int rc = WriteOut(Of(file)); rc != SQLITE_OK) return rc;
    return Real(file)->pMethods->xRead(Real(file), data, amount, offset);
}

int Write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
    GroupFile* f = Of(file);
    if (!IsLog(f)) {
        if (int rc = SyncOwedLog(f); rc != SQLITE_OK) return rc;
        return f->real->pMethods->xWrite(f->real, data, amount, offset);
    }
    auto end = f->gathered_offset + static_cast<sqlite3_int64>(f->gathered->size());
    if (f->gathered->empty() || offset != end) {
        if (int rc = WriteOut(f); rc != SQLITE_OK) return rc;
        f->gathered_offset = offset;
    }
    f->gathered->append(static_cast<const char*>(data), static_cast<std::size_t>(amount));
    return f->gathered->size() >= kMaxGathered ? WriteOut(f) : SQLITE_OK;
}

int Truncate(sqlite3_file* file, sqlite3_int64 size) {
    if (int rc = IsLog(Of(file)) ? WriteOut(Of(file)) : SyncOwedLog(Of(file)); rc != SQLITE_OK) return rc;
    return Real(file)->pMethods->xTruncate(Real(file), size);
}

int Sync(sqlite3_file* file, int flags) {
    GroupFile* f = Of(file);
    if (!IsLog(f)) return f->real->pMethods->xSync(f->real, flags);
    if (!f->synced_once) return SyncLogNow(f, flags);
    // Written for other connections to read, left for the owner to make durable (the header's contract).
    if (int rc = WriteOut(f); rc != SQLITE_OK) return rc;
    f->sync_owed = true;
    f->sync_flags = flags;
    if (f->database != nullptr) ++f->database->counts.deferred;
    return SQLITE_OK;
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
    if (op == kCountLogSyncsOpcode) {
        *static_cast<LogSyncCounts*>(argument) = Of(file)->counts;
        return SQLITE_OK;
    }
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
    GroupFile* f = Of(file);
    f->base.pMethods = nullptr;
    f->real = reinterpret_cast<sqlite3_file*>(f + 1);
    f->gathered = nullptr;
    f->gathered_offset = 0;
    f->log = nullptr;
    f->database = nullptr;
    f->synced_once = false;
    f->sync_owed = false;
    f->sync_flags = SQLITE_SYNC_NORMAL;
    f->counts = {};
    int rc = default_vfs->xOpen(default_vfs, name, f->real, flags, out_flags);
    if (rc != SQLITE_OK) return rc;
    if ((flags & SQLITE_OPEN_WAL) != 0) {
        f->gathered = new std::string();
        // The connection's main database file, opened through this VFS just before: it syncs what the log owes
        // before a checkpoint writes it.
        sqlite3_file* database = sqlite3_database_file_object(name);
        if (database != nullptr && database->pMethods == &kMethods) {
            f->database = Of(database);
            f->database->log = f;
            if (f->database->counts.real < 0) f->database->counts = {0, 0};
        }
    }
    f->base.pMethods = &kMethods;
    return SQLITE_OK;
}

bool Register() {
    default_vfs = sqlite3_vfs_find(nullptr);
    if (default_vfs == nullptr) return false;
    group_commit_vfs = *default_vfs;  // every VFS-level method (delete, access, time, ...) is the default's own
    group_commit_vfs.pNext = nullptr;
    group_commit_vfs.zName = kName;
    group_commit_vfs.szOsFile = static_cast<int>(sizeof(GroupFile)) + default_vfs->szOsFile;
    group_commit_vfs.xOpen = Open;
    return sqlite3_vfs_register(&group_commit_vfs, 0) == SQLITE_OK;
}

}  // namespace

const char* GroupCommitVfs() {
    static const bool registered = Register();
    return registered ? kName : nullptr;
}

LogSyncCounts CountLogSyncs(sqlite3* db) {
    LogSyncCounts counts;
    if (sqlite3_file_control(db, "main", kCountLogSyncsOpcode, &counts) != SQLITE_OK) return {};
    return counts;
}

}  // namespace kesu::storage::sqlite
