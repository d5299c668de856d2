// SPDX-License-Identifier: Apache-2.0
// The OpenAPI document against the admin plugin's route table (the routes it registers):
// a route without a documented path and method fails, and so does a documented operation
// that no route serves. The running daemon must serve the same document and every route.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "admin_server.hpp"
#include "route_table.hpp"

namespace sb::test {
namespace {

namespace json = boost::json;

json::object openapi_file() {
  std::ifstream in(SB_OPENAPI_FILE);
  std::stringstream s;
  s << in.rdbuf();
  return json::parse(s.str()).as_object();
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Documented operations as "METHOD path".
std::set<std::string> documented(const json::object& doc) {
  std::set<std::string> out;
  for (auto& [path, item] : doc.at("paths").as_object())
    for (auto& [method, op] : item.as_object())
      if (method != "parameters") out.insert(lower(method) + " " + std::string(path));
  return out;
}

TEST(AdminOpenApi, EveryRegisteredRouteIsDocumented) {
  auto ops = documented(openapi_file());
  for (auto& r : admin::kRoutes)
    EXPECT_TRUE(ops.contains(lower(r.method) + " " + std::string(r.pattern)))
        << r.method << " " << r.pattern << " is registered but not in openapi.json";
}

TEST(AdminOpenApi, EveryDocumentedOperationIsRegistered) {
  std::set<std::string> routes;
  for (auto& r : admin::kRoutes) routes.insert(lower(r.method) + " " + std::string(r.pattern));
  for (auto& op : documented(openapi_file()))
    EXPECT_TRUE(routes.contains(op)) << op << " is documented but no route serves it";
}

TEST(AdminOpenApi, DocumentedErrorsUseTheProtocolShape) {
  auto doc = openapi_file();
  EXPECT_TRUE(str(doc.at("openapi")).starts_with("3."));
  auto& err = doc.at("components").at("schemas").at("Error").as_object();
  EXPECT_TRUE(err.at("properties").at("error").at("properties").as_object().contains("field"));
}

TEST(AdminOpenApi, TheDaemonServesTheDocumentAndEveryRoute) {
  AdminServer server;
  auto served = http(server.port(), "GET", "/v1/admin/openapi.json");
  ASSERT_EQ(served.status, 200);
  EXPECT_EQ(json::parse(served.body), json::value(openapi_file()));
  // Unauthenticated, a registered route answers 401 (or 400/200 for the public ones); an
  // unregistered one would be the router's 404.
  for (auto& r : admin::kRoutes) {
    auto path = std::regex_replace(std::string(r.pattern), std::regex("\\{[a-z]+\\}"), "x1");
    auto reply = http(server.port(), std::string(r.method), path, "{}");
    EXPECT_NE(reply.status, 404) << r.method << " " << path << ": " << reply.body;
    EXPECT_NE(reply.status, 405) << r.method << " " << path;
  }
}

}  // namespace
}  // namespace sb::test
