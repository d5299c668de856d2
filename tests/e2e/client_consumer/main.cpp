// SPDX-License-Identifier: Apache-2.0
// Uses the installed client library: encodes a frame, gets a timeout from a client whose
// server does not answer (argv[1], e.g. http://127.0.0.1:1), and makes end-to-end encryption
// keys (client_e2ee, with its libsignal and SQLite). Exit 0 when all three behave.
#include <iostream>

#include <switchboard/client/client.hpp>
#include <switchboard/client/e2ee.hpp>

int main(int argc, char** argv) {
  using namespace sb::client;
  auto frame = encode_request("c1", "echo", {{"body", 1}});
  if (frame.find("\"op\":\"echo\"") == std::string::npos) return 1;
  ClientOptions o;
  o.server = argc > 1 ? argv[1] : "http://127.0.0.1:1";
  o.token = [](bool) { return std::string("t"); };
  Client c(o);
  c.start();
  auto r = c.request("echo", {}, std::chrono::milliseconds(200)).get();
  std::cout << "reply: " << r.error_code << "\n";
  SignalStore store(":memory:");
  E2ee e2ee(store, "u_1", "d_1");
  auto keys = e2ee.upload_fields(1);
  std::cout << "identity key: " << e2ee.identity_key() << "\n";
  return r.error_code == "timeout" && keys.contains("signed_prekey") ? 0 : 1;
}
