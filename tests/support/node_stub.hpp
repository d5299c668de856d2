// SPDX-License-Identifier: Apache-2.0
// Runs a small Node script (a push service or SMS gateway stand-in under tests/push/stubs) on
// a loopback port. The script prints {"port":N} as its first stdout line and then one JSON
// object per request it checked; the test reads those records. Every wait is bounded; the
// process is killed on destruction.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <boost/json.hpp>

namespace sb::test {

class NodeStub {
 public:
  // Starts `node <script> <args...>` and waits (bounded) for its port; throws when none.
  NodeStub(const std::string& script, const std::vector<std::string>& args);
  ~NodeStub();
  NodeStub(const NodeStub&) = delete;
  NodeStub& operator=(const NodeStub&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "") const;
  // Every record so far (pumps the pipe without blocking long).
  std::vector<boost::json::object> records();
  // Waits until at least `n` records arrived, or `timeout`; returns them.
  std::vector<boost::json::object> wait_records(
      std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // What the script wrote to stderr (its complaints), for failure messages.
  std::string err();

 private:
  void pump(int timeout_ms);

  int pid_ = -1;
  int out_fd_ = -1, err_fd_ = -1;
  int port_ = 0;
  std::string out_, err_;
  std::vector<boost::json::object> records_;
};

// Runs `command` through /bin/sh; throws std::runtime_error with its output when it fails.
// For the openssl CLI calls that make test keys and certificates.
void shell(const std::string& command);

// Test key material made with the openssl CLI in `dir`: each returns the file's path.
std::string make_rsa_key(const std::string& dir, const std::string& name);   // PKCS#8 PEM
std::string make_p256_key(const std::string& dir, const std::string& name);  // PKCS#8 PEM (.p8)
std::string public_key_of(const std::string& private_key, const std::string& out);
// A self-signed certificate for 127.0.0.1 and its key: {cert, key}.
std::pair<std::string, std::string> make_tls_cert(const std::string& dir);

}  // namespace sb::test
