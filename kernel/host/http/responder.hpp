// SPDX-License-Identifier: Apache-2.0
// The HttpResponder a handler receives: answers once, from any thread, by posting to the
// connection's I/O thread; dropping it unanswered sends 500.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include <switchboard/http.hpp>

#include "kernel/host/http/io_slot.hpp"

namespace sb::kernel {

// The side of an HTTP session that a responder talks to; called on the session's thread.
class HttpSessionBase : public Connection {
 public:
  using Connection::Connection;
  virtual void deliver(std::uint32_t seq, HttpResponse response) = 0;
  virtual void deliver_stream(std::uint32_t seq, HttpResponse head,
                              std::shared_ptr<HttpBodySource> source) = 0;
};

class Responder final : public HttpResponder {
 public:
  // Holds the session weakly: a plugin that keeps a responder must not keep the socket.
  Responder(std::weak_ptr<HttpSessionBase> session, std::shared_ptr<Poster> poster,
            std::uint32_t seq)
      : session_(std::move(session)), poster_(std::move(poster)), seq_(seq) {}
  ~Responder() override;
  void respond(HttpResponse response) override;
  void respond_stream(HttpResponse head, std::unique_ptr<HttpBodySource> source) override;
  bool closed() const override { return session_.expired(); }
  bool answered() const { return answered_.load(); }

 private:
  void send(HttpResponse response);
  std::weak_ptr<HttpSessionBase> session_;
  std::shared_ptr<Poster> poster_;
  std::uint32_t seq_;
  std::atomic<bool> answered_{false};
};

}  // namespace sb::kernel
