// SPDX-License-Identifier: Apache-2.0
// libsignal-protocol-c's crypto provider on OpenSSL's EVP interface: HMAC-SHA256, SHA-512,
// AES-CBC (PKCS#5) and AES-CTR, and the random source. libsignal brings its own Curve25519
// and XEdDSA; everything else it asks of this table.
#pragma once

#include <signal_protocol.h>

namespace sb::client::detail {

// The callbacks, with no user data (OpenSSL keeps no state between calls that we own).
signal_crypto_provider openssl_crypto_provider();

}  // namespace sb::client::detail
