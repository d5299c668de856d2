// SPDX-License-Identifier: Apache-2.0
// Instance lifecycle: prepare (load, validate, order), start, drain, stop, reload.
#include "kernel/host/plugin_host.hpp"
#include "kernel/host/service_registry.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <boost/mp11/algorithm.hpp>
#include <switchboard/events/all.hpp>

#include "kernel/host/instance_context.hpp"
#include "kernel/host/log.hpp"

namespace sb::kernel {

struct PluginHost::Instance {
  std::string id;
  std::shared_ptr<LoadedPlugin> plugin;
  json::object config;
  std::unique_ptr<InstanceContext> context;
  std::unique_ptr<Plugin> object;
  enum class State { prepared, started, failed, stopped } state = State::prepared;
  std::string failure;
  bool refused_reload = false;

  std::string who() const { return "plugin instance \"" + id + "\" (" + plugin->name + ")"; }
};

namespace {

std::string_view to_string(int state) {
  static const char* names[] = {"prepared", "started", "failed", "stopped"};
  return names[state];
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (auto& p : parts) out += (out.empty() ? "" : std::string(sep)) + p;
  return out;
}

}  // namespace

StartupError::StartupError(std::vector<std::string> problems_in)
    : std::runtime_error(join(problems_in, "\n")), problems(std::move(problems_in)) {}

PluginHost::PluginHost(KernelParts parts, PluginLoader& loader)
    : parts_(std::move(parts)), loader_(loader) {}

PluginHost::~PluginHost() {
  stop_all();
}

void PluginHost::prepare(const KernelConfig& config, EnvOverrides& env) {
  std::vector<std::string> problems;
  std::vector<ConfigError> config_errors;
  std::vector<std::unique_ptr<Instance>> prepared;
  for (auto& ic : config.instances) {
    if (!ic.enabled) {
      env.consume_under("plugin." + ic.id);  // configured, merely switched off: not a typo
      continue;
    }
    auto inst = std::make_unique<Instance>();
    inst->id = ic.id;
    try {
      inst->plugin = loader_.load(ic.plugin);
    } catch (const PluginError& e) {
      problems.push_back(ic.where + ": [plugin." + ic.id + "]: " + e.what());
      continue;
    }
    inst->config = validate_section(ic.section, inst->plugin->manifest.schema, "plugin." + ic.id,
                                    config.file, env, config_errors);
    prepared.push_back(std::move(inst));
  }
  check_unused_env(env, config_errors);
  for (auto& e : config_errors) problems.push_back(e.to_string());
  auto ordered = order(std::move(prepared), problems);
  check_deployment_references(config, ordered, problems);
  if (!problems.empty()) throw StartupError(std::move(problems));
  instances_ = std::move(ordered);
}

// Kahn's algorithm over "requires service S" -> "instances providing S", keeping file
// order among instances that are free to start.
std::vector<std::unique_ptr<PluginHost::Instance>> PluginHost::order(
    std::vector<std::unique_ptr<Instance>> in, std::vector<std::string>& problems) {
  std::map<std::string, std::vector<std::size_t>> providers;
  for (std::size_t i = 0; i < in.size(); ++i)
    for (auto& s : in[i]->plugin->manifest.provides) providers[s].push_back(i);

  std::vector<std::set<std::size_t>> deps(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    for (auto& s : in[i]->plugin->manifest.requires_) {
      auto it = providers.find(s);
      if (it == providers.end() && parts_.services.has(s)) continue;  // the kernel's own
      if (it == providers.end()) {
        problems.push_back(in[i]->who() + " requires service \"" + s +
                           "\", which no enabled plugin instance provides");
        continue;
      }
      for (auto p : it->second)
        if (p != i) deps[i].insert(p);
    }
  }
  std::vector<std::unique_ptr<Instance>> out;
  std::vector<bool> done(in.size(), false);
  for (bool progress = true; progress;) {
    progress = false;
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (done[i]) continue;
      if (std::all_of(deps[i].begin(), deps[i].end(), [&](auto d) { return done[d]; })) {
        done[i] = progress = true;
        out.push_back(std::move(in[i]));
        i = static_cast<std::size_t>(-1);  // restart: keep file order among the ready ones
      }
    }
  }
  std::vector<std::string> cycle;
  for (std::size_t i = 0; i < in.size(); ++i)
    if (!done[i]) cycle.push_back(in[i]->id);
  if (!cycle.empty())
    problems.push_back("plugin instances depend on each other's services in a cycle: " +
                       join(cycle, ", "));
  return out;
}

// [bus.handlers.<id>] and [services] must name instances that exist (and, for services,
// provide the service); otherwise a typo would silently leave the default in place.
void PluginHost::check_deployment_references(const KernelConfig& config,
                                             const std::vector<std::unique_ptr<Instance>>& ready,
                                             std::vector<std::string>& problems) const {
  auto configured = [&](const std::string& id) {
    return std::any_of(config.instances.begin(), config.instances.end(),
                       [&](auto& ic) { return ic.id == id; });
  };
  std::set<std::string, std::less<>> known_events;
  boost::mp11::mp_for_each<AllEvents>(
      [&](auto e) { known_events.insert(std::string(decltype(e)::event_name)); });
  for (auto& inst : ready) {
    auto& m = inst->plugin->manifest;
    known_events.insert(m.consumes.begin(), m.consumes.end());
    known_events.insert(m.publishes.begin(), m.publishes.end());
    for (auto& i : m.intercepts) known_events.insert(i.event);
  }
  for (auto& [id, rule] : config.bus.handlers) {
    if (id != "kernel" && !configured(id))
      problems.push_back(config.file + ": bus.handlers." + id + ": no plugin instance \"" + id +
                         "\" is configured");
    if (rule.events)
      for (auto& ev : *rule.events)
        if (!known_events.contains(ev))
          problems.push_back(config.file + ": bus.handlers." + id + ".events: unknown event \"" +
                             ev + "\" (see `switchboard events`)");
  }
  for (auto& [service, id] : config.services) {
    const std::string& wanted = id;  // clang 14 does not capture a structured binding
    auto it =
        std::find_if(ready.begin(), ready.end(), [&wanted](auto& i) { return i->id == wanted; });
    if (it == ready.end())
      problems.push_back(config.file + ": services." + service + ": no enabled plugin instance \"" +
                         id + "\"");
    else if (auto& p = (*it)->plugin->manifest.provides;
             std::find(p.begin(), p.end(), service) == p.end())
      problems.push_back(config.file + ": services." + service + ": " + (*it)->who() +
                         " does not provide \"" + service + "\"");
  }
}

void PluginHost::start_all() {
  SourceLogger log(parts_.logs, "kernel");
  for (auto& inst : instances_) {
    if (inst->state == Instance::State::started) continue;
    try {
      inst->context =
          std::make_unique<InstanceContext>(parts_, inst->id, inst->config, inst->plugin->manifest);
      inst->object = inst->plugin->entry->create();
      inst->object->start(*inst->context);
      inst->state = Instance::State::started;
      log.info("plugin instance started", {{"instance", inst->id},
                                           {"plugin", inst->plugin->name},
                                           {"version", inst->plugin->manifest.version}});
    } catch (const std::exception& e) {
      inst->state = Instance::State::failed;
      inst->failure = e.what();
      std::string problem = inst->who() + " failed to start: " + e.what();
      log.error(problem);
      inst->object.reset();
      inst->context.reset();
      stop_all();
      throw StartupError({problem});
    }
  }
}

void PluginHost::drain_all() {
  for (auto it = instances_.rbegin(); it != instances_.rend(); ++it) {
    auto& inst = **it;
    if (inst.state != Instance::State::started) continue;
    try {
      inst.object->drain();
    } catch (const std::exception& e) {
      SourceLogger(parts_.logs, "kernel")
          .error(inst.who() + " threw in drain", {{"error", e.what()}});
    }
  }
}

void PluginHost::stop_instance(Instance& inst) {
  if (inst.object) {
    try {
      inst.object->stop();
    } catch (const std::exception& e) {
      SourceLogger(parts_.logs, "kernel")
          .error(inst.who() + " threw in stop", {{"error", e.what()}});
    }
  }
  // Registrations go before the object, the object before its context, and the library
  // stays open (LoadedPlugin) until the host is gone.
  if (inst.context) inst.context->release();
  inst.object.reset();
  inst.context.reset();
  inst.state = Instance::State::stopped;
}

void PluginHost::stop_all() {
  for (auto it = instances_.rbegin(); it != instances_.rend(); ++it)
    if ((*it)->state == Instance::State::started) stop_instance(**it);
}

std::vector<std::string> PluginHost::reload(const KernelConfig& config, EnvOverrides& env) {
  std::lock_guard lock(reload_mutex_);
  std::vector<std::string> need_restart;
  std::vector<ConfigError> errors;
  for (auto& ic : config.instances) {
    auto it =
        std::find_if(instances_.begin(), instances_.end(), [&](auto& i) { return i->id == ic.id; });
    if (it == instances_.end() || (*it)->state != Instance::State::started) {
      if (ic.enabled) need_restart.push_back(ic.id);
      continue;
    }
    auto& inst = **it;
    if (!ic.enabled || ic.plugin != inst.plugin->name) {
      need_restart.push_back(ic.id);
      continue;
    }
    auto fresh = validate_section(ic.section, inst.plugin->manifest.schema, "plugin." + ic.id,
                                  config.file, env, errors);
    if (!errors.empty()) break;
    if (fresh == inst.config) continue;
    bool ok = false;
    try {
      ok = inst.object->reload(fresh);
    } catch (const std::exception& e) {
      SourceLogger(parts_.logs, "kernel")
          .error(inst.who() + " threw in reload", {{"error", e.what()}});
    }
    if (ok) {
      inst.config = fresh;
      inst.context->set_config(std::move(fresh));
    } else {
      inst.refused_reload = true;
      need_restart.push_back(ic.id);
    }
  }
  if (!errors.empty()) {
    std::vector<std::string> lines;
    for (auto& e : errors) lines.push_back(e.to_string());
    throw StartupError(std::move(lines));
  }
  return need_restart;
}

bool PluginHost::all_started() const {
  return std::all_of(instances_.begin(), instances_.end(),
                     [](auto& i) { return i->state == Instance::State::started; });
}

json::array PluginHost::describe() const {
  json::array out;
  for (auto& inst : instances_) {
    auto& m = inst->plugin->manifest;
    json::object o{{"id", inst->id},
                   {"plugin", m.name},
                   {"version", m.version},
                   {"kind", m.kind},
                   {"state", to_string(static_cast<int>(inst->state))}};
    Health h =
        Health::failed(inst->state == Instance::State::failed ? inst->failure : "not started");
    if (inst->state == Instance::State::started) {
      try {
        h = inst->object->health();
      } catch (const std::exception& e) {
        h = Health::failed(std::string("health() threw: ") + e.what());
      }
    }
    o["health"] = json::object{{"state", sb::to_string(h.state)}, {"reason", h.reason}};
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<PluginHost::InstanceView> PluginHost::instance_views() const {
  std::vector<InstanceView> out;
  auto described = describe();
  for (std::size_t i = 0; i < instances_.size(); ++i) {
    auto& inst = *instances_[i];
    auto& h = described[i].at("health").as_object();
    auto state = h.at("state").as_string();
    Health health{state == "ok"         ? HealthState::ok
                  : state == "degraded" ? HealthState::degraded
                                        : HealthState::failed,
                  std::string(h.at("reason").as_string())};
    out.push_back({inst.id, &inst.plugin->manifest, inst.plugin->entry->abi_major,
                   inst.plugin->entry->abi_minor,
                   std::string(to_string(static_cast<int>(inst.state))), std::move(health),
                   !inst.refused_reload, inst.config});
  }
  return out;
}

std::optional<bool> PluginHost::apply_config(const std::string& id, json::object fresh) {
  std::lock_guard lock(reload_mutex_);
  auto it =
      std::find_if(instances_.begin(), instances_.end(), [&](auto& i) { return i->id == id; });
  if (it == instances_.end() || (*it)->state != Instance::State::started) return std::nullopt;
  auto& inst = **it;
  if (fresh == inst.config) return true;
  bool ok = false;
  try {
    ok = inst.object->reload(fresh);
  } catch (const std::exception& e) {
    SourceLogger(parts_.logs, "kernel")
        .error(inst.who() + " threw in reload", {{"error", e.what()}});
  }
  if (!ok) {
    inst.refused_reload = true;
    return false;
  }
  inst.config = fresh;
  inst.context->set_config(std::move(fresh));
  return true;
}

std::vector<std::pair<std::string, const Manifest*>> PluginHost::manifests() const {
  std::vector<std::pair<std::string, const Manifest*>> out;
  for (auto& inst : instances_) out.emplace_back(inst->id, &inst->plugin->manifest);
  return out;
}

}  // namespace sb::kernel
