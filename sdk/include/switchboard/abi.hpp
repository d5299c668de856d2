// SPDX-License-Identifier: Apache-2.0
// The SDK's ABI version. sdk/abi.lock records the fingerprint of the public headers for
// this version; tests/unit/abi_test.cpp fails when the headers change without a bump here.
#pragma once

#include <cstdint>

// Major: a plugin built against another major is refused. Minor: additions only; a kernel
// loads plugins built against any minor up to its own.
#define SB_ABI_MAJOR 1
#define SB_ABI_MINOR 13

namespace sb {
inline constexpr std::uint32_t kAbiMajor = SB_ABI_MAJOR;
inline constexpr std::uint32_t kAbiMinor = SB_ABI_MINOR;
}  // namespace sb
