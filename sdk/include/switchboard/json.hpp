// SPDX-License-Identifier: Apache-2.0
// The JSON library of the SDK: events, config and protocol frames use Boost.JSON values.
#pragma once

#include <boost/json.hpp>

namespace sb {
namespace json = boost::json;
}  // namespace sb
