// SPDX-License-Identifier: Apache-2.0
// See script_dir.hpp.
#include "script_dir.hpp"

#include <sys/stat.h>

namespace bots_lua {

ScriptChanges ScriptDir::scan() {
  std::map<std::string, Stamp> now;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(dir_, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    auto& p = it->path();
    if (p.extension() != ".lua") continue;
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    auto mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    now[p.stem().string()] = {mtime, static_cast<std::uintmax_t>(st.st_size),
                              static_cast<std::uintmax_t>(st.st_ino)};
  }
  ScriptChanges out;
  for (auto& [name, stamp] : now) {
    auto old = seen_.find(name);
    if (old == seen_.end())
      out.added.push_back(name);
    else if (old->second != stamp)
      out.changed.push_back(name);
  }
  for (auto& [name, stamp] : seen_)
    if (!now.contains(name)) out.removed.push_back(name);
  seen_ = std::move(now);
  return out;
}

}  // namespace bots_lua
