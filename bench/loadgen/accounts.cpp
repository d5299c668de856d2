// SPDX-License-Identifier: Apache-2.0
// Logs benchmark accounts in through /v1/auth/request-code and /v1/auth/verify (keep-alive
// HTTP, a few threads), and reads and writes the accounts file.
#include "accounts.hpp"

#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

namespace loadgen {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

std::string phone_number(long index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "+1555%07ld", index);
  return buf;
}

namespace {

class Http {
 public:
  Http(const std::string& host, int port) : host_(host), port_(port), sock_(io_) {}
  json::value post(const std::string& target, const json::object& body, unsigned expect) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        if (!sock_.is_open())
          sock_.connect(
              tcp::endpoint(asio::ip::make_address(host_), static_cast<unsigned short>(port_)));
        http::request<http::string_body> req{http::verb::post, target, 11};
        req.set(http::field::host, host_);
        req.set(http::field::content_type, "application/json");
        req.keep_alive(true);
        req.body() = json::serialize(body);
        req.prepare_payload();
        http::write(sock_, req);
        beast::flat_buffer buf;
        http::response<http::string_body> res;
        http::read(sock_, buf, res);
        if (!res.keep_alive()) sock_.close();
        if (res.result_int() != expect)
          throw std::runtime_error(target + " answered " + std::to_string(res.result_int()) + ": " +
                                   res.body());
        return res.body().empty() ? json::value() : json::parse(res.body());
      } catch (const boost::system::system_error&) {
        boost::system::error_code ec;
        sock_.close(ec);
        if (attempt == 1) throw;
      }
    }
    return {};
  }

 private:
  std::string host_;
  int port_;
  asio::io_context io_;
  tcp::socket sock_;
};

Account login_one(Http& http, const std::string& phone, const std::string& code) {
  http.post("/v1/auth/request-code", {{"phone", phone}}, 202);
  auto v = http.post("/v1/auth/verify",
                     {{"phone", phone}, {"code", code}, {"device_name", "bench"}}, 200);
  auto& o = v.as_object();
  Account a{json::value_to<std::string>(o.at("user_id")),
            json::value_to<std::string>(o.at("device_id")),
            json::value_to<std::string>(o.at("access_token")), "-", "-"};
  if (auto* m = o.if_contains("mqtt"); m && m->is_object()) {
    a.mqtt_user = json::value_to<std::string>(m->as_object().at("username"));
    a.mqtt_pass = json::value_to<std::string>(m->as_object().at("password"));
  }
  return a;
}

}  // namespace

std::vector<Account> login_all(const std::string& host, int port, long first, int count,
                               const std::string& code, int threads) {
  std::vector<Account> out(static_cast<std::size_t>(count));
  std::atomic<int> next{0};
  std::mutex err_mu;
  std::string error;
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, threads); ++t)
    pool.emplace_back([&] {
      try {
        Http http(host, port);
        for (int i = next++; i < count; i = next++)
          out[static_cast<std::size_t>(i)] = login_one(http, phone_number(first + i), code);
      } catch (const std::exception& e) {
        std::lock_guard lock(err_mu);
        if (error.empty()) error = e.what();
        next = count;
      }
    });
  for (auto& t : pool) t.join();
  if (!error.empty()) throw std::runtime_error("login: " + error);
  return out;
}

void write_accounts(const std::string& path, const std::vector<Account>& accounts) {
  std::ofstream f(path);
  for (auto& a : accounts)
    f << a.user << ' ' << a.device << ' ' << a.token << ' ' << a.mqtt_user << ' ' << a.mqtt_pass
      << '\n';
  if (!f) throw std::runtime_error("cannot write " + path);
}

std::vector<Account> read_accounts(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::vector<Account> out;
  std::string line;
  while (std::getline(f, line) && out.size() < 1'000'000) {
    std::istringstream s(line);
    Account a;
    if (s >> a.user >> a.device >> a.token >> a.mqtt_user >> a.mqtt_pass) out.push_back(a);
  }
  return out;
}

}  // namespace loadgen
