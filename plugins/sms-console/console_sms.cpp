// SPDX-License-Identifier: Apache-2.0
// See console_sms.hpp. One write per line under a mutex, flushed at once, so concurrent
// codes never interleave and a reader of the pipe sees each line as it is sent.
#include "console_sms.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace sms_console {

void ConsoleSms::send_code(const std::string& phone, const std::string& code) {
  std::string line = "OTP " + phone + " " + code + "\n";
  std::lock_guard lock(mutex_);
  if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size() || std::fflush(stdout) != 0)
    throw std::runtime_error(std::string("cannot write to standard output: ") +
                             std::strerror(errno));
}

void ConsoleSmsPlugin::start(const Config&, sb::Context& ctx) {
  ctx.services().provide<sb::SmsProvider>(std::make_shared<ConsoleSms>());
  ctx.log().warn("login codes are printed on standard output (sms-console): not for production");
}

}  // namespace sms_console
