// SPDX-License-Identifier: Apache-2.0
// Fresh stores for the tests: a SQLite file in a temporary folder, or a PostgreSQL schema of
// its own in the throwaway cluster that ctest starts (fixture `postgres`, URL in
// TANDEM_TEST_PG_URL), so tests running in parallel never see each other's records.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "store/store.h"

namespace tandem::store::testing {

// The base URL of the test cluster; empty when PostgreSQL is not available.
inline std::string pg_test_url() {
  const char* url = std::getenv("TANDEM_TEST_PG_URL");
  return url ? url : "";
}

inline constexpr const char* kNoPostgres =
    "TANDEM_TEST_PG_URL is not set: the PostgreSQL 15 binaries (/usr/lib/postgresql/15/bin, "
    "Debian package postgresql) were not found when the build was configured";

// Runs SQL on the test cluster's database (as the cluster's superuser); empty on success.
inline std::string pg_admin(const std::string& sql) {
  PGconn* c = PQconnectdb(pg_test_url().c_str());
  std::string error;
  if (PQstatus(c) != CONNECTION_OK) {
    error = PQerrorMessage(c);
  } else {
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
      error = PQresultErrorMessage(r);
    }
    PQclear(r);
  }
  PQfinish(c);
  return error;
}

// A place for one test's store: call url() to open it (again) on the chosen backend.
class StorePlace {
 public:
  // `backend`: "sqlite" or "postgresql".
  explicit StorePlace(std::string backend) : backend_(std::move(backend)) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "_" + info->name();
    for (char& ch : name) {
      ch = std::isalnum(static_cast<unsigned char>(ch)) ? static_cast<char>(std::tolower(ch)) : '_';
    }
    name = "t" + std::to_string(::getpid()) + "_" + name;
    if (backend_ == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() / ("tandem-store-" + name);
      std::filesystem::remove_all(dir_);
      std::filesystem::create_directories(dir_);
    } else {
      schema_ = name.substr(0, 60);
      const std::string error =
          pg_admin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_);
      if (!error.empty()) ADD_FAILURE() << "cannot create the test schema: " << error;
    }
  }
  ~StorePlace() {
    if (backend_ == "sqlite") {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    } else {
      (void)pg_admin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    }
  }
  StorePlace(const StorePlace&) = delete;
  StorePlace& operator=(const StorePlace&) = delete;

  std::string url() const {
    if (backend_ == "sqlite") return "sqlite:" + (dir_ / "store.db").string();
    const std::string base = pg_test_url();
    return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           schema_;
  }
  std::filesystem::path file() const { return dir_ / "store.db"; }
  const std::string& schema() const { return schema_; }
  const std::string& backend() const { return backend_; }

 private:
  std::string backend_;
  std::filesystem::path dir_;
  std::string schema_;
};

// Skips a PostgreSQL test when no cluster is configured.
#define TANDEM_REQUIRE_BACKEND(backend)                                               \
  do {                                                                                \
    if ((backend) == "postgresql" && ::tandem::store::testing::pg_test_url().empty()) \
      GTEST_SKIP() << ::tandem::store::testing::kNoPostgres;                          \
  } while (0)

}  // namespace tandem::store::testing
