// SPDX-License-Identifier: Apache-2.0
// Benchmark accounts: logging many test phone numbers in over HTTP (in parallel threads,
// before any measurement) and the accounts file the scenarios read.
#pragma once

#include <string>
#include <vector>

namespace loadgen {

struct Account {
  std::string user, device, token, mqtt_user, mqtt_pass;
};

// Logs in phones first..first+count-1 (as "+1555" + 7 digits) with `code`; throws on failure.
std::vector<Account> login_all(const std::string& host, int port, long first, int count,
                               const std::string& code, int threads);
void write_accounts(const std::string& path, const std::vector<Account>& accounts);
std::vector<Account> read_accounts(const std::string& path);
std::string phone_number(long index);

}  // namespace loadgen
