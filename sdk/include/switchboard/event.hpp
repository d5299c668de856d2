// SPDX-License-Identifier: Apache-2.0
// What makes a struct an event: a stable dotted name, a one-line description, and its
// fields described with BOOST_DESCRIBE_STRUCT. From that description the SDK derives the
// event's JSON form (for Lua, webhooks, the cluster link, the admin UI) and the catalogue
// that `switchboard events` prints, so neither can drift from the code.
//
//   struct MessageRead {
//     static constexpr std::string_view event_name = "message.read";
//     static constexpr std::string_view event_doc = "A device read a chat up to a seq.";
//     std::string chat; std::int64_t upto_seq = 0;
//   };
//   BOOST_DESCRIBE_STRUCT(MessageRead, (), (chat, upto_seq))
#pragma once

#include <concepts>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <switchboard/json.hpp>

namespace sb {

template <class E>
concept Event = std::is_class_v<E> && std::is_copy_constructible_v<E> && requires {
  { E::event_name } -> std::convertible_to<std::string_view>;
  { E::event_doc } -> std::convertible_to<std::string_view>;
} && boost::describe::has_describe_members<E>::value;

struct EventField {
  std::string name;
  std::string type;  // "string", "integer", "boolean", "number", "json", "string[]", ...
};

// Type-erased description of one event type, shared by the kernel and every plugin.
// Identity is the dotted name, never a C++ type id: plugins are separate shared objects.
struct EventType {
  std::string_view name;
  std::string_view doc;
  std::vector<EventField> fields;
  json::value (*to_json)(const void* event);
  // Builds the event from its JSON form (cluster link, tests); throws on a mismatch.
  std::shared_ptr<const void> (*from_json)(const json::value& value);
};

namespace detail {
template <class T>
struct field_type {
  static std::string name() {
    if constexpr (std::is_same_v<T, bool>)
      return "boolean";
    else if constexpr (std::is_integral_v<T>)
      return "integer";
    else if constexpr (std::is_floating_point_v<T>)
      return "number";
    else if constexpr (std::is_convertible_v<T, std::string_view>)
      return "string";
    else if constexpr (std::is_enum_v<T>)
      return "string";
    else if constexpr (std::is_same_v<T, json::value> || std::is_same_v<T, json::object>)
      return "json";
    else if constexpr (boost::describe::has_describe_members<T>::value)
      return "object";
    else
      return "json";
  }
};
template <class T>
struct field_type<std::vector<T>> {
  static std::string name() { return field_type<T>::name() + "[]"; }
};
template <class T>
struct field_type<std::optional<T>> {
  static std::string name() { return field_type<T>::name() + "?"; }
};
template <class K, class V>
struct field_type<std::map<K, V>> {
  static std::string name() {
    return "map<" + field_type<K>::name() + "," + field_type<V>::name() + ">";
  }
};
}  // namespace detail

template <Event E>
const EventType& event_type() {
  static const EventType type = [] {
    EventType t;
    t.name = E::event_name;
    t.doc = E::event_doc;
    using Members = boost::describe::describe_members<E, boost::describe::mod_public>;
    boost::mp11::mp_for_each<Members>([&](auto d) {
      using F = std::remove_cvref_t<decltype(std::declval<E&>().*d.pointer)>;
      t.fields.push_back({d.name, detail::field_type<F>::name()});
    });
    t.to_json = [](const void* e) { return json::value_from(*static_cast<const E*>(e)); };
    t.from_json = [](const json::value& v) -> std::shared_ptr<const void> {
      return std::make_shared<const E>(json::value_to<E>(v));
    };
    return t;
  }();
  return type;
}

template <Event E>
json::value to_json(const E& e) {
  return json::value_from(e);
}

}  // namespace sb
