// SPDX-License-Identifier: Apache-2.0
// The store-sqlite plugin's typed config and its schema. Defaults come from the SQLite
// write-throughput spike: a big cache, 16 KiB pages and deep group-commit batches.
#pragma once

#include <cstdint>
#include <string>

#include <switchboard/config_schema.hpp>

namespace sb::store_sqlite {

struct Config {
  std::string path;
  std::int64_t busy_timeout_ms = 5000;
  std::int64_t cache_mb = 256;
  std::int64_t read_cache_mb = 32;
  std::int64_t page_size = 16384;
  std::string synchronous = "normal";
  std::int64_t max_batch = 2048;
  std::int64_t read_connections = 4;
  std::int64_t wal_autocheckpoint = 4000;
  std::int64_t mmap_mb = 0;
  std::int64_t degraded_queue = 100000;
  std::int64_t max_queue = 200000;

  static sb::ConfigSchema schema() {
    return {
        sb::key_string("path", "",
                       "Database file. Empty: <data_dir>/switchboard.db. Parent folders are "
                       "created."),
        sb::key_int("busy_timeout_ms", 5000,
                    "How long a statement waits for another connection's write lock before "
                    "failing with `unavailable`.",
                    0, 600000),
        sb::key_int("cache_mb", 256, "Page cache of the writer's connection, in MiB.", 1, 65536),
        sb::key_int("read_cache_mb", 32, "Page cache of each pooled connection, in MiB.", 1, 65536),
        sb::key_int("page_size", 16384,
                    "Page size in bytes (a power of two), applied when the database is created.",
                    512, 65536),
        sb::key_string("synchronous", "normal",
                       "SQLite synchronous mode. `normal` survives a process crash but may lose "
                       "the last commits on power loss; `full` survives both; `off` neither.",
                       {"normal", "full", "off"}),
        sb::key_int("max_batch", 2048,
                    "Most appends the writer commits in one transaction (group commit).", 1,
                    1000000),
        sb::key_int("read_connections", 4,
                    "Connections for the synchronous calls (reads, acks, accounts, keys...).", 1,
                    64),
        sb::key_int("wal_autocheckpoint", 4000,
                    "WAL pages written before SQLite checkpoints (0: never automatically).", 0,
                    10000000),
        sb::key_int("mmap_mb", 0, "Memory-mapped I/O per connection, in MiB (0: off).", 0, 1048576),
        sb::key_int("degraded_queue", 100000,
                    "Appends waiting for the writer above which health reports `degraded`.", 1,
                    100000000),
        sb::key_int("max_queue", 200000,
                    "Writes waiting for the writer beyond which a new message is refused at "
                    "once (`unavailable`, retry) instead of queued: memory stays bounded when "
                    "clients offer more than the disk takes. Receipts and acks still queue.",
                    1, 100000000),
    };
  }
  static Config load(const sb::ConfigView& v) {
    Config c;
    c.path = v.string("path");
    c.busy_timeout_ms = v.integer("busy_timeout_ms");
    c.cache_mb = v.integer("cache_mb");
    c.read_cache_mb = v.integer("read_cache_mb");
    c.page_size = v.integer("page_size");
    c.synchronous = v.string("synchronous");
    c.max_batch = v.integer("max_batch");
    c.read_connections = v.integer("read_connections");
    c.wal_autocheckpoint = v.integer("wal_autocheckpoint");
    c.mmap_mb = v.integer("mmap_mb");
    c.degraded_queue = v.integer("degraded_queue");
    c.max_queue = v.integer("max_queue");
    return c;
  }
};

}  // namespace sb::store_sqlite
