// SPDX-License-Identifier: Apache-2.0
// The node's data directory holds the database, jwt.key and other secrets: it and everything
// in it are for the server's user alone.
#pragma once

#include <cstddef>
#include <string>

#include <switchboard/log.hpp>

namespace sb::kernel {

// Adds 077 to the process's umask, so that every file and directory created from now on
// (SQLite's database and its -wal and -shm, keys, logs) is owner-only. Called by main().
void restrict_umask();

// Creates `path` with mode 0700, or takes group and other access away from it and from
// everything under it (symbolic links are neither followed nor changed), logging a warning
// for each (the first 20 by name, then a count). Returns how many modes it changed. Throws
// std::runtime_error naming the directory when it cannot be created.
std::size_t prepare_data_dir(const std::string& path, Logger& log);

}  // namespace sb::kernel
