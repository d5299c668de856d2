// SPDX-License-Identifier: Apache-2.0
// See config_overrides.hpp. The file is the kernel's to write; an operator may edit or
// delete it (the next SIGHUP or restart then reads what is left).
#include "kernel/host/config_overrides.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>

#include "kernel/host/config_util.hpp"

namespace sb::kernel {
namespace cd = config_detail;
namespace {

constexpr const char* kHeader =
    "# Plugin config changes made through the admin API (PUT /v1/admin/plugins/{id}/config).\n"
    "# Read after the main config file: each [plugin.<id>] table here replaces that instance's\n"
    "# keys there (`use` and `enabled` stay the main file's). Edit or delete it freely; the\n"
    "# next SIGHUP or restart reads what is left. Written by the server; comments are not kept.\n";

// nullopt when the file does not exist.
std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return std::nullopt;
    throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
  }
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::optional<toml::table> parse_file(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::nullopt;
  ConfigError syntax;
  auto doc = cd::parse_toml(*text, path, syntax);
  if (!doc) throw ConfigErrors({syntax});
  return doc;
}

void write_atomically(const std::string& path, const std::string& text) {
  auto tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + tmp + ": " + std::strerror(errno));
  std::size_t done = 0;
  while (done < text.size()) {
    auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = errno;
      ::close(fd);
      throw std::runtime_error("cannot write " + tmp + ": " + std::strerror(err));
    }
    done += static_cast<std::size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(tmp.c_str(), path.c_str()) != 0)
    throw std::runtime_error("cannot replace " + path + ": " + std::strerror(errno));
}

}  // namespace

std::string overrides_path(const std::string& data_dir) {
  return data_dir + "/config-overrides.toml";
}

void apply_overrides(KernelConfig& cfg) {
  auto path = overrides_path(cfg.server.data_dir);
  std::optional<toml::table> doc;
  try {
    doc = parse_file(path);
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const ConfigErrors*>(&e)) throw;
    throw ConfigErrors({{path, "", e.what()}});
  }
  if (!doc) return;
  std::vector<ConfigError> errors;
  for (auto& [top, node] : cd::in_file_order(*doc)) {
    // Not through `node`: a section is moved out below, which needs it non-const.
    auto* plugins = top == "plugin" ? doc->get_as<toml::table>("plugin") : nullptr;
    if (!plugins) {
      errors.push_back({cd::where_of(*node, path), top,
                        "only [plugin.<id>] tables belong in the overrides file"});
      continue;
    }
    for (auto& [id, section] : cd::in_file_order(*plugins)) {
      std::string key = "plugin." + id;
      auto* t = plugins->get_as<toml::table>(id);
      // A named copy: clang 14 cannot capture a structured binding.
      const auto& wanted = id;
      auto inst = std::find_if(cfg.instances.begin(), cfg.instances.end(),
                               [&](const InstanceConfig& i) { return i.id == wanted; });
      if (!t) {
        errors.push_back({cd::where_of(*section, path), key,
                          "expected table, got " + std::string(cd::toml_type_name(*section))});
      } else if (inst == cfg.instances.end()) {
        errors.push_back({cd::where_of(*section, path), key,
                          "overrides an instance " + cfg.file +
                              " does not configure; remove the table from this file"});
      } else if (t->contains("use") || t->contains("enabled")) {
        errors.push_back({cd::where_of(*section, path), key,
                          "`use` and `enabled` are the main file's; remove them here"});
      } else {
        inst->section = std::move(*t);  // a move keeps the overrides file's positions
      }
    }
  }
  if (!errors.empty()) throw ConfigErrors(std::move(errors));
}

void save_override(const std::string& data_dir, const std::string& instance,
                   const toml::table& section) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  auto path = overrides_path(data_dir);
  toml::table doc;
  try {
    if (auto old = parse_file(path)) doc = std::move(*old);
  } catch (const ConfigErrors& e) {
    throw std::runtime_error(std::string(e.what()) + " (fix or delete the file)");
  }
  if (!doc.contains("plugin")) doc.insert("plugin", toml::table{});
  auto* plugins = doc.get_as<toml::table>("plugin");
  if (!plugins)
    throw std::runtime_error(path + ": `plugin` is not a table (fix or delete the file)");
  plugins->insert_or_assign(instance, section);
  std::stringstream text;
  text << kHeader << "\n" << doc << "\n";
  write_atomically(path, text.str());
}

}  // namespace sb::kernel
