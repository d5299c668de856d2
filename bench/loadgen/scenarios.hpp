// SPDX-License-Identifier: Apache-2.0
// The scenarios sb_loadgen runs; each returns its figures as a JSON object.
#pragma once

#include <boost/json.hpp>

#include "driver.hpp"
#include "options.hpp"

namespace loadgen {

boost::json::object run_login(const Options& o);
boost::json::object run_idle(const Options& o);
boost::json::object run_ws_pairs(const Options& o);
boost::json::object run_ws_group(const Options& o);
boost::json::object run_mqtt_pairs(const Options& o);
boost::json::object run_mqtt_fanout(const Options& o);
boost::json::object run_xmpp_pairs(const Options& o);
boost::json::object run_media(const Options& o);
boost::json::object run_http_download(const Options& o);

// --warmup, --measure, --drain, --window, --rate, --payload.
LoadSpec load_spec(const Options& o);

}  // namespace loadgen
