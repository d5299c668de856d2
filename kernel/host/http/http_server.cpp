// SPDX-License-Identifier: Apache-2.0
// The listening socket and the I/O threads: accepted sockets go to the io_contexts in turn,
// refusals beyond max_connections are written here, before any session exists.
#include "kernel/host/http/http_server.hpp"

#include <algorithm>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "kernel/host/http/io_slot.hpp"
#include "kernel/host/http/messages.hpp"
#include "kernel/host/http/server_core.hpp"
#include "kernel/host/http/sessions.hpp"
#include "kernel/host/http/tls.hpp"

namespace sb::kernel {

using tcp = boost::asio::ip::tcp;

namespace {

tcp::endpoint resolve_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos)
    throw std::runtime_error("cannot listen on " + listen + ": expected host:port");
  std::string host = listen.substr(0, colon);
  std::string port = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  net::io_context ioc;
  tcp::resolver resolver(ioc);
  boost::system::error_code ec;
  auto results =
      resolver.resolve(host, port, tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty())
    throw std::runtime_error("cannot listen on " + listen + ": " +
                             (ec ? ec.message() : "no address"));
  return results.begin()->endpoint();
}

// A refusal written before any session exists: one non-blocking write, then close.
void refuse_raw(tcp::socket& socket, const std::string& response) {
  boost::system::error_code ec;
  socket.non_blocking(true, ec);
  socket.write_some(net::buffer(response), ec);
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

// The deadline sweep runs a few times per shortest timeout, within [5 ms, 250 ms].
Clock::duration sweep_tick(const ServerSettings& s) {
  auto shortest = std::min({s.header_timeout, s.body_timeout, s.keepalive_timeout});
  return std::clamp<Clock::duration>(shortest / 4, std::chrono::milliseconds(5),
                                     std::chrono::milliseconds(250));
}

}  // namespace

struct HttpServer::Impl {
  Impl(const ServerSettings& s, Logger& l, Metrics& m) : core(s, l, m) {}

  void accept_next();
  void on_accepted(IoSlot& target, boost::system::error_code ec, tcp::socket socket);
  void run_on_acceptor_thread(std::function<void()> fn);

  ServerCore core;
  std::vector<std::unique_ptr<IoSlot>> slots;  // before the acceptor, which lives on slot 0
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<net::steady_timer> retry_timer;
  std::size_t next_slot = 0;
  std::uint16_t port = 0;
  std::mutex mutex;  // start and stop
  bool started = false;
  bool stopped = false;
};

void HttpServer::Impl::accept_next() {
  IoSlot& target = *slots[next_slot++ % slots.size()];
  acceptor->async_accept(target.ioc(),
                         [this, &target](boost::system::error_code ec, tcp::socket socket) {
                           on_accepted(target, ec, std::move(socket));
                         });
}

void HttpServer::Impl::on_accepted(IoSlot& target, boost::system::error_code ec,
                                   tcp::socket socket) {
  if (!acceptor->is_open() || ec == net::error::operation_aborted) return;
  if (ec) {
    // Typically out of file descriptors: back off instead of spinning on the error.
    core.refuse("accept_failed", ec.message(), true);
    retry_timer->expires_after(std::chrono::milliseconds(50));
    retry_timer->async_wait([this](boost::system::error_code e) {
      if (!e && acceptor->is_open()) accept_next();
    });
    return;
  }
  // Small frames both ways: Nagle would hold a reply until the peer's delayed ACK (40 ms).
  socket.set_option(tcp::no_delay(true), ec);
  ec.clear();
  auto remote = socket.remote_endpoint(ec);
  AddressLimit::Hold hold;
  if (core.connections.load(std::memory_order_relaxed) >= core.settings.max_connections) {
    core.refuse("max_connections", endpoint_string(remote), true);
    static const std::string kBusy =
        raw_error_response(503, "unavailable", "the server has too many connections");
    refuse_raw(socket, kBusy);
  } else if (!ec && !core.per_address.admit(remote.address().to_string(), hold)) {
    core.refuse("max_connections_per_address", endpoint_string(remote), true);
    static const std::string kTooMany = raw_error_response(
        429, "rate_limited",
        "too many connections from this address (server.max_connections_per_address)");
    refuse_raw(socket, kTooMany);
  } else {
    bool tls = core.tls != nullptr;
    net::post(target.ioc(), [&target, tls, s = std::move(socket), h = std::move(hold)]() mutable {
      if (tls)
        start_tls_session(target, std::move(s), std::move(h));
      else
        start_plain_session(target, std::move(s), std::move(h));
    });
  }
  accept_next();
}

void HttpServer::Impl::run_on_acceptor_thread(std::function<void()> fn) {
  auto& ioc = slots.front()->ioc();
  if (ioc.get_executor().running_in_this_thread()) return fn();
  std::promise<void> done;
  auto future = done.get_future();
  net::post(ioc, [&fn, &done] {
    fn();
    done.set_value();
  });
  if (future.wait_for(std::chrono::seconds(5)) != std::future_status::ready)
    core.log.warn("http acceptor thread did not answer within 5 s");
}

HttpServer::HttpServer(const ServerSettings& settings, Logger& log, Metrics& metrics)
    : impl_(std::make_unique<Impl>(settings, log, metrics)) {}

HttpServer::~HttpServer() {
  stop();
}

HttpRouter& HttpServer::router() {
  return impl_->core.router;
}

void HttpServer::start() {
  std::lock_guard lock(impl_->mutex);
  if (impl_->started) throw std::logic_error("HttpServer::start called twice");
  const ServerSettings& s = impl_->core.settings;
  if (s.tls_cert.empty() != s.tls_key.empty())
    throw std::runtime_error("TLS needs both server.tls_cert and server.tls_key");
  if (!s.tls_cert.empty()) impl_->core.tls = make_server_tls_context(s.tls_cert, s.tls_key);

  tcp::endpoint endpoint = resolve_listen(s.listen);
  std::size_t threads = s.io_threads > 0 ? static_cast<std::size_t>(s.io_threads)
                                         : std::max(1u, std::thread::hardware_concurrency());
  for (std::size_t i = 0; i < threads; ++i)
    impl_->slots.push_back(std::make_unique<IoSlot>(impl_->core, sweep_tick(s)));

  auto& ioc = impl_->slots.front()->ioc();
  impl_->acceptor = std::make_unique<tcp::acceptor>(ioc);
  impl_->retry_timer = std::make_unique<net::steady_timer>(ioc);
  boost::system::error_code ec;
  auto fail = [&](const char* what) {
    throw std::runtime_error("cannot listen on " + s.listen + " (" + what + "): " + ec.message());
  };
  auto& acceptor = *impl_->acceptor;
  if (acceptor.open(endpoint.protocol(), ec); ec) fail("open");
  if (acceptor.set_option(net::socket_base::reuse_address(true), ec); ec) fail("reuse_address");
  if (acceptor.bind(endpoint, ec); ec) fail("bind");
  if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec) fail("listen");
  impl_->port = impl_->acceptor->local_endpoint().port();
  impl_->started = true;

  for (auto& slot : impl_->slots) slot->start();
  net::post(ioc, [impl = impl_.get()] { impl->accept_next(); });
  impl_->core.log.info("http listening", {{"address", s.listen},
                                          {"port", impl_->port},
                                          {"tls", impl_->core.tls != nullptr},
                                          {"io_threads", threads}});
}

std::uint16_t HttpServer::port() const {
  return impl_->port;
}

void HttpServer::stop_accepting() {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->started || impl_->stopped) return;
  impl_->run_on_acceptor_thread([impl = impl_.get()] {
    boost::system::error_code ignored;
    impl->acceptor->close(ignored);
    impl->retry_timer->cancel();
  });
}

void HttpServer::close_websockets(std::uint16_t code, std::string reason) {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->started || impl_->stopped) return;
  for (auto& slot : impl_->slots) slot->close_websockets(code, reason);
}

void HttpServer::stop() {
  stop_accepting();
  std::lock_guard lock(impl_->mutex);
  if (!impl_->started || impl_->stopped) return;
  impl_->stopped = true;
  for (auto& slot : impl_->slots) slot->shutdown();
  impl_->retry_timer.reset();
  impl_->acceptor.reset();
}

std::size_t HttpServer::connection_count() const {
  return impl_->core.connections.load(std::memory_order_relaxed);
}

}  // namespace sb::kernel
