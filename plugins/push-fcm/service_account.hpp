// SPDX-License-Identifier: Apache-2.0
// A Google service-account key file: the project, the account's e-mail, its RSA private key
// and the OAuth 2.0 token endpoint.
#pragma once

#include <string>

namespace push_fcm {

struct ServiceAccount {
  std::string project_id;
  std::string client_email;
  std::string private_key;     // PEM
  std::string private_key_id;  // the JWT's kid; may be empty
  std::string token_uri;
};

// Reads and checks the file; throws std::runtime_error naming the file and the key at fault
// ("service_account_file /etc/sb/fcm.json: private_key: missing").
ServiceAccount load_service_account(const std::string& path);
// The same from the file's text; `path` only names it in errors (the fuzz target's way in).
ServiceAccount parse_service_account(const std::string& text, const std::string& path);

}  // namespace push_fcm
