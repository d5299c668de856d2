// SPDX-License-Identifier: Apache-2.0
// Entry points from the acceptor into the session templates, one per stream type, so that
// each heavy template instantiation compiles in its own translation unit.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include "kernel/host/http/address_limit.hpp"
#include "kernel/host/http/io_slot.hpp"

namespace sb::kernel {

// Both run on the slot's I/O thread; the socket already belongs to the slot's io_context.
// `hold` is the connection's place under server.max_connections_per_address.
void start_plain_session(IoSlot& slot, boost::asio::ip::tcp::socket socket,
                         AddressLimit::Hold hold);
void start_tls_session(IoSlot& slot, boost::asio::ip::tcp::socket socket, AddressLimit::Hold hold);

}  // namespace sb::kernel
