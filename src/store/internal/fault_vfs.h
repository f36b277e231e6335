// SPDX-License-Identifier: Apache-2.0
// A sqlite3_vfs that wraps the default one and asks StoreEnv::fault before every write, sync
// and truncate, so tests can make the disk "full" or "fail" under a real SQLite database
// (docs/store.md, "Fault injection"). Internal to the store.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace tandem::store::detail {

// Registers a VFS under a unique name for as long as it lives; open the database with
// sqlite3_open_v2(..., name().c_str()). Must outlive every connection opened through it.
class FaultVfs {
 public:
  explicit FaultVfs(StoreEnv env);
  ~FaultVfs();
  FaultVfs(const FaultVfs&) = delete;
  FaultVfs& operator=(const FaultVfs&) = delete;

  const std::string& name() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem::store::detail
