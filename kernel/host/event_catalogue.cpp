// SPDX-License-Identifier: Apache-2.0
// See event_catalogue.hpp.
#include "kernel/host/event_catalogue.hpp"

#include <boost/mp11/algorithm.hpp>
#include <switchboard/events/all.hpp>

namespace sb::kernel {

json::array event_catalogue() {
  json::array out;
  boost::mp11::mp_for_each<AllEvents>([&](auto e) {
    auto& t = event_type<decltype(e)>();
    json::array fields;
    for (auto& f : t.fields) fields.push_back(json::object{{"name", f.name}, {"type", f.type}});
    out.push_back(json::object{{"name", t.name}, {"doc", t.doc}, {"fields", std::move(fields)}});
  });
  return out;
}

std::string render_event_catalogue(const json::array& catalogue) {
  std::string out;
  for (auto& e : catalogue) {
    auto& o = e.as_object();
    out += std::string(o.at("name").as_string()) + "\n    " + std::string(o.at("doc").as_string()) +
           "\n";
    for (auto& f : o.at("fields").as_array())
      out += "    " + std::string(f.at("name").as_string()) + ": " +
             std::string(f.at("type").as_string()) + "\n";
  }
  return out;
}

}  // namespace sb::kernel
