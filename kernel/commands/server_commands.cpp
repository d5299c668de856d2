// SPDX-License-Identifier: Apache-2.0
// `run`, `check` and `wiring`: the commands that read a deployment's config.
#include <iostream>

#include "kernel/commands/commands.hpp"
#include "kernel/host/plugin_host.hpp"
#include "kernel/host/server.hpp"
#include "kernel/host/wiring.hpp"

namespace sb::kernel {
namespace {

// Loads and validates the config and every enabled plugin's section. Prints the problems
// and returns null when there are any.
std::unique_ptr<Server> prepared_server(const CommandLine& cmd, EnvOverrides& env) {
  auto path = resolve_config_path(cmd);
  try {
    auto config = load_config(path, env);
    auto server = std::make_unique<Server>(std::move(config), default_plugin_dirs());
    server->prepare(env);
    return server;
  } catch (const ConfigErrors& e) {
    std::cerr << path << ": invalid configuration:\n" << e.what() << "\n";
  } catch (const StartupError& e) {
    std::cerr << path << ": cannot start:\n" << e.what() << "\n";
  }
  return nullptr;
}

}  // namespace

int check_config(const CommandLine& cmd) {
  auto env = EnvOverrides::from_process();
  auto server = prepared_server(cmd, env);
  if (!server) return 1;
  std::cout << resolve_config_path(cmd) << ": ok (" << server->plugins().manifests().size()
            << " plugin instances)\n";
  return 0;
}

int print_wiring(const CommandLine& cmd) {
  auto env = EnvOverrides::from_process();
  auto server = prepared_server(cmd, env);
  if (!server) return 1;
  auto wiring = planned_wiring(server->bus_settings(), server->plugins().manifests());
  if (cmd.json)
    std::cout << json::serialize(wiring) << "\n";
  else
    std::cout << render_wiring(wiring);
  return 0;
}

int run_server(const CommandLine& cmd) {
  auto env = EnvOverrides::from_process();
  auto server = prepared_server(cmd, env);
  if (!server) return 1;
  try {
    server->start();
  } catch (const std::exception& e) {
    std::cerr << "switchboard: cannot start:\n" << e.what() << "\n";
    return 1;
  }
  server->run_until_signal(
      [&] { std::cout << "switchboard listening on " << server->listen_address() << std::endl; });
  return 0;
}

}  // namespace sb::kernel
