// SPDX-License-Identifier: Apache-2.0
// The server's OpenSSL context, built from the PEM files named in [server].
#pragma once

#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

namespace sb::kernel {

// Throws std::runtime_error naming the file that could not be used.
std::unique_ptr<boost::asio::ssl::context> make_server_tls_context(const std::string& cert_file,
                                                                   const std::string& key_file);

}  // namespace sb::kernel
