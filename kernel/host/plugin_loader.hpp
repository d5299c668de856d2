// SPDX-License-Identifier: Apache-2.0
// Finds and opens plugin shared objects with Boost.DLL and checks them before any of their
// code runs beyond the manifest: file, entry symbol, ABI version, manifest name.
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/dll/shared_library.hpp>
#include <switchboard/plugin.hpp>

namespace sb::kernel {

// A refusal that names the plugin and the cause.
class PluginError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LoadedPlugin {
  std::string name;
  std::string path;
  boost::dll::shared_library library;  // kept open while anything made by the plugin lives
  const PluginEntry* entry = nullptr;
  Manifest manifest;
};

// "push-webhook" -> "libsb_push_webhook.so".
std::string plugin_file_name(std::string_view plugin_name);

class PluginLoader {
 public:
  explicit PluginLoader(std::vector<std::string> dirs);
  // Loads (once per name) and checks the plugin; throws PluginError.
  std::shared_ptr<LoadedPlugin> load(const std::string& name);
  const std::vector<std::string>& dirs() const { return dirs_; }

 private:
  std::string find(const std::string& name) const;
  std::vector<std::string> dirs_;
  std::map<std::string, std::shared_ptr<LoadedPlugin>> loaded_;
};

}  // namespace sb::kernel
