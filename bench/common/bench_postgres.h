// SPDX-License-Identifier: Apache-2.0
// The PostgreSQL server of the store and live-host benchmarks: TANDEM_BENCH_PG_URL when set,
// else a throwaway cluster started with scripts/pg-test-cluster.sh (as the tests' fixture
// does), and a schema of its own per store.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

namespace tandem::bench {

struct BenchPostgres {
  std::string url;      // empty: no PostgreSQL benchmarks
  std::string cluster;  // set when this process started the cluster
  int port = 0;
};

// `name` names the benchmark in messages and the cluster's folder.
inline BenchPostgres start_bench_postgres(const char* name, int port) {
  BenchPostgres pg;
  pg.port = port;
  if (const char* url = std::getenv("TANDEM_BENCH_PG_URL")) {
    pg.url = url;
    return pg;
  }
  const std::string dir = std::string("/tmp/tandem-") + name + "-pg-" + std::to_string(::getpid());
  const std::string cmd = std::string("bash ") + TANDEM_SOURCE_DIR +
                          "/scripts/pg-test-cluster.sh start " + dir + " " + std::to_string(port) +
                          " >/dev/null";
  if (std::system(cmd.c_str()) == 0 && std::filesystem::exists(dir + "/PG_VERSION")) {
    pg.cluster = dir;
    pg.url = "postgresql://postgres@127.0.0.1:" + std::to_string(port) + "/tandem_test";
  } else {
    std::fprintf(stderr, "%s: no PostgreSQL cluster: its benchmarks are skipped\n", name);
  }
  return pg;
}

inline void stop_bench_postgres(const BenchPostgres& pg) {
  if (pg.cluster.empty()) return;
  const std::string cmd = std::string("bash ") + TANDEM_SOURCE_DIR +
                          "/scripts/pg-test-cluster.sh stop " + pg.cluster + " " +
                          std::to_string(pg.port);
  (void)std::system(cmd.c_str());
}

// The URL of `schema` in the server's database (dropped and created again when `fresh`);
// empty when psql fails.
inline std::string pg_schema_url(const std::string& url, const std::string& schema, bool fresh) {
  if (fresh) {
    const std::string sql = "SET client_min_messages TO warning; DROP SCHEMA IF EXISTS " + schema +
                            " CASCADE; CREATE SCHEMA " + schema;
    const std::string cmd = "psql -q -X \"" + url + "\" -c \"" + sql + "\" >/dev/null";
    if (std::system(cmd.c_str()) != 0) return "";
  }
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema;
}

}  // namespace tandem::bench
