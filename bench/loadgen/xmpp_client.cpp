// SPDX-License-Identifier: Apache-2.0
// The load generator's XMPP client: the login sequence as a small state machine, then
// <message> stanzas out and <body> texts in (found by scanning, not by a full XML parser).
#include "xmpp_client.hpp"

#include <algorithm>

#include <boost/beast/core/detail/base64.hpp>

namespace loadgen {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {
std::string base64(const std::string& s) {
  std::string out(boost::beast::detail::base64::encoded_size(s.size()), '\0');
  out.resize(boost::beast::detail::base64::encode(out.data(), s.data(), s.size()));
  return out;
}
}  // namespace

XmppClient::XmppClient(asio::io_context& io, tcp::endpoint server, asio::ip::address source,
                       std::string domain, std::string user, std::string pass)
    : sock_(io),
      server_(server),
      source_(source),
      domain_(std::move(domain)),
      user_(std::move(user)),
      pass_(std::move(pass)) {}

void XmppClient::start(OnOpen on_open, OnBody on_body) {
  on_open_ = std::move(on_open);
  on_body_ = std::move(on_body);
  boost::system::error_code ec;
  sock_.open(server_.protocol(), ec);
  if (!ec && !source_.is_unspecified()) sock_.bind(tcp::endpoint(source_, 0), ec);
  if (ec) return fail("bind: " + ec.message());
  sock_.async_connect(server_, [self = shared_from_this()](boost::system::error_code ec) {
    if (ec) return self->fail("connect: " + ec.message());
    self->sock_.set_option(tcp::no_delay(true));
    self->open_stream();
    self->read();
  });
}

void XmppClient::open_stream() {
  write("<?xml version='1.0'?><stream:stream to='" + domain_ +
        "' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
        "version='1.0'>");
}

void XmppClient::fail(const std::string& what) {
  bool was_ready = stage_ == Stage::ready;
  closed_ = true;
  if (!was_ready && on_open_) {
    auto cb = std::move(on_open_);
    on_open_ = nullptr;
    cb(false, what);
  }
  boost::system::error_code ec;
  sock_.close(ec);
}

void XmppClient::read() {
  sock_.async_read_some(asio::buffer(chunk_),
                        [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                          if (ec) return self->fail("read: " + ec.message());
                          self->inbuf_.append(self->chunk_, n);
                          self->on_bytes();
                          if (!self->closed_) self->read();
                        });
}

void XmppClient::on_bytes() {
  auto consume_through = [&](std::string_view marker) {
    auto p = inbuf_.find(marker);
    if (p == std::string::npos) return false;
    inbuf_.erase(0, p + marker.size());
    return true;
  };
  for (int guard = 0; guard < 4; ++guard) {
    switch (stage_) {
      case Stage::features1:
        if (!consume_through("</stream:features>")) return;
        write("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" +
              base64(std::string(1, '\0') + user_ + std::string(1, '\0') + pass_) + "</auth>");
        stage_ = Stage::sasl;
        break;
      case Stage::sasl:
        if (inbuf_.find("<failure") != std::string::npos) return fail("SASL refused " + user_);
        if (!consume_through("<success")) return;
        inbuf_.clear();
        open_stream();
        stage_ = Stage::features2;
        break;
      case Stage::features2:
        if (!consume_through("</stream:features>")) return;
        write(
            "<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
            "<resource>bench</resource></bind></iq>");
        stage_ = Stage::bind;
        break;
      case Stage::bind:
        if (!consume_through("</iq>")) return;
        write("<presence/>");
        stage_ = Stage::ready;
        if (on_open_) on_open_(true, "");
        break;
      case Stage::ready: return take_messages();
    }
  }
}

// Complete <message> stanzas: an error stanza (type='error', which echoes the body it
// bounced) is counted, never delivered; a chat message's <body> goes to on_body_.
void XmppClient::take_messages() {
  std::size_t at = 0;
  for (;;) {
    auto start = inbuf_.find("<message", at);
    if (start == std::string::npos) break;
    auto open_end = inbuf_.find('>', start);
    if (open_end == std::string::npos) break;
    std::string_view open(inbuf_.data() + start, open_end - start + 1);
    std::size_t end;
    if (open.ends_with("/>")) {
      end = open_end + 1;
    } else {
      auto close = inbuf_.find("</message>", open_end);
      if (close == std::string::npos) break;
      end = close + 10;
    }
    std::string_view stanza(inbuf_.data() + start, end - start);
    if (open.find("type='error'") != std::string_view::npos ||
        open.find("type=\"error\"") != std::string_view::npos) {
      if (++error_stanzas_ == 1) first_error_ = std::string(stanza.substr(0, 300));
    } else if (auto b = stanza.find("<body>"); b != std::string_view::npos) {
      auto e = stanza.find("</body>", b);
      if (e != std::string_view::npos && on_body_) on_body_(stanza.substr(b + 6, e - b - 6));
    }
    at = end;
  }
  // Keep an unfinished stanza (or a tag cut in two) for the next read.
  auto open = inbuf_.find("<message", at);
  if (open != std::string::npos)
    inbuf_.erase(0, open);
  else
    inbuf_.erase(0, std::max(at, inbuf_.size() > 16 ? inbuf_.size() - 16 : 0));
}

void XmppClient::message(std::string_view to_user, std::string_view body) {
  std::string s = "<message type='chat' to='";
  s += to_user;
  s += '@';
  s += domain_;
  s += "'><body>";
  s += body;
  s += "</body></message>";
  write(std::move(s));
}

void XmppClient::write(std::string bytes) {
  if (closed_) return;
  writer_.write(shared_from_this(), std::move(bytes));
}

void XmppClient::close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ec;
  sock_.close(ec);
}

}  // namespace loadgen
