// SPDX-License-Identifier: Apache-2.0
// Files sealed for upload: AES-256-GCM under a fresh key, written as nonce || ciphertext ||
// tag, and hashed (SHA-256) as they are written, so the server's hash can be checked. Both
// directions stream through a fixed buffer: a file of any size costs no more memory.
#pragma once

#include <cstdint>
#include <string>

namespace sb::client::detail {

struct SealedFile {
  std::string key;     // 32 raw bytes
  std::string sha256;  // of what was written, lowercase hex
  std::uint64_t size = 0;
};

// Encrypts `in_path` into `out_path` (created or truncated). Throws Error(io) naming the file.
SealedFile seal_file(const std::string& in_path, const std::string& out_path);

// Checks `in_path` against `sha256` and decrypts it with `key` into `out_path`, which appears
// only when the hash and the tag both match (written beside it first, then renamed). Throws
// Error(io) for files and Error(protocol, "tampered") for a mismatch.
void open_file(const std::string& in_path, const std::string& key, const std::string& sha256,
               const std::string& out_path);

std::string to_hex(const std::string& bytes);
// Empty when `hex` is not lowercase or uppercase hex of even length.
std::string from_hex(const std::string& hex);

}  // namespace sb::client::detail
