// SPDX-License-Identifier: Apache-2.0
// The SDK's ABI fingerprint: SHA-256 over the public headers with comments and layout
// removed, so that a documentation edit needs no bump but any change of code does.
#pragma once

#include <string>

namespace sb::kernel {

// `include_dir` is sdk/include/switchboard (or an installed copy). abi.hpp itself is left
// out: bumping the version must not change the fingerprint it is recorded with.
std::string abi_fingerprint(const std::string& include_dir);

// Removes comments and collapses whitespace, leaving string and character literals intact.
std::string normalize_header(const std::string& text);

}  // namespace sb::kernel
