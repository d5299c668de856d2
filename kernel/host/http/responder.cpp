// SPDX-License-Identifier: Apache-2.0
// Posting an answer to the connection's I/O thread.
#include "kernel/host/http/responder.hpp"

namespace sb::kernel {

Responder::~Responder() {
  if (!answered_.exchange(true))
    send(HttpResponse::error(500, "internal", "the handler did not answer"));
}

void Responder::respond(HttpResponse response) {
  if (!answered_.exchange(true)) send(std::move(response));
}

void Responder::send(HttpResponse response) {
  poster_->post([session = session_, seq = seq_, r = std::move(response)]() mutable {
    if (auto s = session.lock()) s->deliver(seq, std::move(r));
  });
}

}  // namespace sb::kernel
