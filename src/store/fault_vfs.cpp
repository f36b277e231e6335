// SPDX-License-Identifier: Apache-2.0
// The fault-injecting VFS: every method forwards to the default VFS (which needs its own
// sqlite3_vfs pointer, not ours: the unix VFS keeps its locking style in pAppData); xWrite,
// xSync and xTruncate first ask the environment and fail as a full or broken disk would.
#include "store/internal/fault_vfs.h"

#include <sqlite3.h>

#include <atomic>
#include <stdexcept>

namespace tandem::store::detail {

struct FaultVfs::Impl {
  sqlite3_vfs vfs{};  // ours: registered under `name`
  sqlite3_vfs* real = nullptr;
  StoreEnv env;
  std::string name;

  // SQLITE_OK, or the code the operation fails with. `io_code` is the extended I/O error.
  int injected(int io_code) const {
    if (!env.fault) return SQLITE_OK;
    switch (env.fault()) {
      case StoreEnv::Fault::kNone:
        return SQLITE_OK;
      case StoreEnv::Fault::kDiskFull:
        return SQLITE_FULL;
      case StoreEnv::Fault::kIoError:
      case StoreEnv::Fault::kConnectionLost:
        return io_code;
    }
    return io_code;
  }
};

namespace {

using Impl = FaultVfs::Impl;

// Our file: the header SQLite sees, then the real file in the same allocation.
struct FaultFile {
  sqlite3_file base;
  const Impl* owner;
  sqlite3_file* real;
};

Impl* impl_of(sqlite3_vfs* vfs) { return static_cast<Impl*>(vfs->pAppData); }
sqlite3_file* real_of(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f)->real; }
const Impl* owner_of(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f)->owner; }

int file_close(sqlite3_file* f) {
  sqlite3_file* r = real_of(f);
  return r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
}
int file_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xRead(r, buf, n, off);
}
int file_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  if (int rc = owner_of(f)->injected(SQLITE_IOERR_WRITE); rc != SQLITE_OK) return rc;
  sqlite3_file* r = real_of(f);
  return r->pMethods->xWrite(r, buf, n, off);
}
int file_truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (int rc = owner_of(f)->injected(SQLITE_IOERR_TRUNCATE); rc != SQLITE_OK) return rc;
  sqlite3_file* r = real_of(f);
  return r->pMethods->xTruncate(r, size);
}
int file_sync(sqlite3_file* f, int flags) {
  if (int rc = owner_of(f)->injected(SQLITE_IOERR_FSYNC); rc != SQLITE_OK) return rc;
  sqlite3_file* r = real_of(f);
  return r->pMethods->xSync(r, flags);
}
int file_size(sqlite3_file* f, sqlite3_int64* size) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xFileSize(r, size);
}
int file_lock(sqlite3_file* f, int level) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xLock(r, level);
}
int file_unlock(sqlite3_file* f, int level) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xUnlock(r, level);
}
int file_check_reserved(sqlite3_file* f, int* out) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xCheckReservedLock(r, out);
}
int file_control(sqlite3_file* f, int op, void* arg) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xFileControl(r, op, arg);
}
int file_sector_size(sqlite3_file* f) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xSectorSize(r);
}
int file_device_characteristics(sqlite3_file* f) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xDeviceCharacteristics(r);
}
int file_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xShmMap(r, region, size, extend, out);
}
int file_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xShmLock(r, offset, n, flags);
}
void file_shm_barrier(sqlite3_file* f) {
  sqlite3_file* r = real_of(f);
  r->pMethods->xShmBarrier(r);
}
int file_shm_unmap(sqlite3_file* f, int delete_flag) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xShmUnmap(r, delete_flag);
}
int file_fetch(sqlite3_file* f, sqlite3_int64 off, int n, void** out) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xFetch(r, off, n, out);
}
int file_unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xUnfetch(r, off, p);
}

const sqlite3_io_methods kFileMethods = {
    3,
    file_close,
    file_read,
    file_write,
    file_truncate,
    file_sync,
    file_size,
    file_lock,
    file_unlock,
    file_check_reserved,
    file_control,
    file_sector_size,
    file_device_characteristics,
    file_shm_map,
    file_shm_lock,
    file_shm_barrier,
    file_shm_unmap,
    file_fetch,
    file_unfetch,
};

int vfs_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags,
             int* out_flags) {
  Impl* impl = impl_of(vfs);
  auto* f = reinterpret_cast<FaultFile*>(file);
  f->owner = impl;
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  f->real->pMethods = nullptr;
  const int rc = impl->real->xOpen(impl->real, name, f->real, flags, out_flags);
  // SQLite calls xClose only when pMethods is set: mirror the real file's state.
  f->base.pMethods = f->real->pMethods ? &kFileMethods : nullptr;
  return rc;
}
int vfs_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  Impl* impl = impl_of(vfs);
  return impl->real->xDelete(impl->real, name, sync_dir);
}
int vfs_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  Impl* impl = impl_of(vfs);
  return impl->real->xAccess(impl->real, name, flags, out);
}
int vfs_full_pathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  Impl* impl = impl_of(vfs);
  return impl->real->xFullPathname(impl->real, name, n, out);
}
void* vfs_dl_open(sqlite3_vfs* vfs, const char* name) {
  Impl* impl = impl_of(vfs);
  return impl->real->xDlOpen(impl->real, name);
}
void vfs_dl_error(sqlite3_vfs* vfs, int n, char* out) {
  Impl* impl = impl_of(vfs);
  impl->real->xDlError(impl->real, n, out);
}
void (*vfs_dl_sym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  Impl* impl = impl_of(vfs);
  return impl->real->xDlSym(impl->real, handle, symbol);
}
void vfs_dl_close(sqlite3_vfs* vfs, void* handle) {
  Impl* impl = impl_of(vfs);
  impl->real->xDlClose(impl->real, handle);
}
int vfs_randomness(sqlite3_vfs* vfs, int n, char* out) {
  Impl* impl = impl_of(vfs);
  return impl->real->xRandomness(impl->real, n, out);
}
int vfs_sleep(sqlite3_vfs* vfs, int micros) {
  Impl* impl = impl_of(vfs);
  return impl->real->xSleep(impl->real, micros);
}
int vfs_current_time(sqlite3_vfs* vfs, double* out) {
  Impl* impl = impl_of(vfs);
  return impl->real->xCurrentTime(impl->real, out);
}
int vfs_get_last_error(sqlite3_vfs* vfs, int n, char* out) {
  Impl* impl = impl_of(vfs);
  return impl->real->xGetLastError ? impl->real->xGetLastError(impl->real, n, out) : 0;
}
int vfs_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  Impl* impl = impl_of(vfs);
  return impl->real->xCurrentTimeInt64(impl->real, out);
}

std::atomic<unsigned> next_vfs_number{0};

}  // namespace

FaultVfs::FaultVfs(StoreEnv env) : impl_(std::make_unique<Impl>()) {
  impl_->real = sqlite3_vfs_find(nullptr);
  if (impl_->real == nullptr || impl_->real->iVersion < 2) {
    throw std::logic_error("SQLite has no default VFS of version 2 or later");
  }
  impl_->env = std::move(env);
  impl_->name = "tandem-fault-" + std::to_string(next_vfs_number.fetch_add(1));
  sqlite3_vfs& v = impl_->vfs;
  v.iVersion = 2;
  v.szOsFile = static_cast<int>(sizeof(FaultFile)) + impl_->real->szOsFile;
  v.mxPathname = impl_->real->mxPathname;
  v.zName = impl_->name.c_str();
  v.pAppData = impl_.get();
  v.xOpen = vfs_open;
  v.xDelete = vfs_delete;
  v.xAccess = vfs_access;
  v.xFullPathname = vfs_full_pathname;
  v.xDlOpen = vfs_dl_open;
  v.xDlError = vfs_dl_error;
  v.xDlSym = vfs_dl_sym;
  v.xDlClose = vfs_dl_close;
  v.xRandomness = vfs_randomness;
  v.xSleep = vfs_sleep;
  v.xCurrentTime = vfs_current_time;
  v.xGetLastError = vfs_get_last_error;
  v.xCurrentTimeInt64 = vfs_current_time_int64;
  sqlite3_vfs_register(&v, /*makeDflt=*/0);
}

FaultVfs::~FaultVfs() { sqlite3_vfs_unregister(&impl_->vfs); }

const std::string& FaultVfs::name() const { return impl_->name; }

}  // namespace tandem::store::detail
