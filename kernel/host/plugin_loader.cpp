// SPDX-License-Identifier: Apache-2.0
// Opening a plugin: every refusal says which plugin, which file and what to do about it.
#include "kernel/host/plugin_loader.hpp"

#include <dlfcn.h>

#include <filesystem>

namespace sb::kernel {
namespace fs = std::filesystem;

std::string plugin_file_name(std::string_view plugin_name) {
  std::string file = "libsb_";
  for (char c : plugin_name) file += c == '-' ? '_' : c;
  return file + ".so";
}

PluginLoader::PluginLoader(std::vector<std::string> dirs) : dirs_(std::move(dirs)) {}

std::string PluginLoader::find(const std::string& name) const {
  std::string file = plugin_file_name(name);
  for (auto& dir : dirs_) {
    fs::path p = fs::path(dir) / file;
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return fs::absolute(p).string();
  }
  std::string searched;
  for (auto& d : dirs_) searched += (searched.empty() ? "" : ", ") + d;
  throw PluginError("plugin \"" + name + "\": file " + file + " not found in " +
                    (searched.empty() ? std::string("(no plugin directories)") : searched));
}

std::shared_ptr<LoadedPlugin> PluginLoader::load(const std::string& name) {
  if (auto it = loaded_.find(name); it != loaded_.end()) return it->second;
  auto p = std::make_shared<LoadedPlugin>();
  p->name = name;
  p->path = find(name);
  auto who = "plugin \"" + name + "\" (" + p->path + ")";

  boost::system::error_code ec;
  // Local symbols: two plugins may bundle different versions of a helper library.
  p->library.load(p->path, ec, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  if (ec) {
    const char* detail = dlerror();
    throw PluginError(who + ": cannot be loaded: " + (detail ? std::string(detail) : ec.message()));
  }
  if (!p->library.has(kPluginEntrySymbol))
    throw PluginError(who + ": symbol \"" + std::string(kPluginEntrySymbol) +
                      "\" missing; a plugin must export it with SB_PLUGIN(manifest, Class)");
  p->entry = &p->library.get_alias<const PluginEntry>(kPluginEntrySymbol);

  // Read the two version words before touching anything whose layout may differ.
  auto major = p->entry->abi_major, minor = p->entry->abi_minor;
  auto theirs = std::to_string(major) + "." + std::to_string(minor);
  auto ours = std::to_string(kAbiMajor) + "." + std::to_string(kAbiMinor);
  if (major != kAbiMajor)
    throw PluginError(who + ": built against SDK ABI " + theirs + ", this kernel speaks ABI " +
                      ours + "; rebuild the plugin against this SDK");
  if (minor > kAbiMinor)
    throw PluginError(who + ": built against SDK ABI " + theirs + ", newer than this kernel's " +
                      ours + "; upgrade the server or rebuild the plugin against this SDK");

  try {
    p->manifest = p->entry->manifest();
  } catch (const std::exception& e) {
    throw PluginError(who + ": manifest() threw: " + e.what());
  }
  if (p->manifest.name != name)
    throw PluginError(who + ": its manifest names it \"" + p->manifest.name +
                      "\"; the file name must match the plugin name");
  if (!p->entry->create) throw PluginError(who + ": has no factory");
  loaded_[name] = p;
  return p;
}

}  // namespace sb::kernel
