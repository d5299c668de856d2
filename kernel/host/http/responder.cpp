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

void Responder::respond_stream(HttpResponse head, std::unique_ptr<HttpBodySource> source) {
  if (answered_.exchange(true)) return;
  // Shared: the posted task must be copyable.
  poster_->post([session = session_, seq = seq_, h = std::move(head),
                 src = std::shared_ptr<HttpBodySource>(std::move(source))]() mutable {
    if (auto s = session.lock()) s->deliver_stream(seq, std::move(h), std::move(src));
  });
}

void Responder::send(HttpResponse response) {
  poster_->post([session = session_, seq = seq_, r = std::move(response)]() mutable {
    if (auto s = session.lock()) s->deliver(seq, std::move(r));
  });
}

}  // namespace sb::kernel
