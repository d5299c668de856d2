// SPDX-License-Identifier: Apache-2.0
// Where a device keeps its end-to-end encryption state: its identity and prekeys, its Signal
// sessions, the identity keys it has seen, and the message bodies it decrypted (a ratchet
// key works once, so what was opened must be kept to be read again). One SQLite file, owner
// read/write only; two programs on the same file take turns (transactions, busy wait).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sb::client {

// A message body decrypted on this device, as it was in the plaintext (JSON text).
struct OpenedBody {
  std::string msg_id;
  std::string chat;
  std::int64_t seq = 0;
  std::string from_user, from_device;
  std::string body;  // the JSON text of the body object
};

class SignalStore {
 public:
  // Opens or creates `path` (mode 0600, its folder 0700 when created); ":memory:" keeps
  // everything in memory (tests). Throws Error(local) when the file cannot be used.
  explicit SignalStore(const std::string& path);
  ~SignalStore();
  SignalStore(const SignalStore&) = delete;
  SignalStore& operator=(const SignalStore&) = delete;

  // Small named values: the owner, the identity key pair, the registration id, counters.
  std::optional<std::string> meta(const std::string& key);
  void set_meta(const std::string& key, const std::string& value);

  // libsignal's serialized records, by their ids.
  std::optional<std::string> prekey(std::uint32_t id);
  void put_prekey(std::uint32_t id, const std::string& record);
  void remove_prekey(std::uint32_t id);
  std::optional<std::string> signed_prekey(std::uint32_t id);
  void put_signed_prekey(std::uint32_t id, const std::string& record);
  void remove_signed_prekey(std::uint32_t id);

  // Sessions by Signal address (name, device id).
  std::optional<std::string> session(const std::string& name, std::int32_t device);
  void put_session(const std::string& name, std::int32_t device, const std::string& record);
  bool remove_session(const std::string& name, std::int32_t device);
  int remove_sessions(const std::string& name);
  std::vector<std::int32_t> session_devices(const std::string& name);
  // The names of every session whose name starts with `prefix` ("u_1:" : u_1's devices).
  std::vector<std::string> session_names(const std::string& prefix);

  // The identity key last seen for a name (serialized public key), and whether it ever
  // changed after the first one was saved.
  std::optional<std::string> identity(const std::string& name);
  // Returns true when a different key was known before (the safety number changed).
  bool put_identity(const std::string& name, const std::string& key);

  std::optional<OpenedBody> opened(const std::string& msg_id);
  void put_opened(const OpenedBody& body);

  // Forgets everything (a new login is a new device with new keys).
  void clear();

  // Groups several calls into one transaction that another process waits for (BEGIN
  // IMMEDIATE). Not reentrant; the caller serializes its own threads.
  class Transaction {
   public:
    explicit Transaction(SignalStore& store);
    ~Transaction();  // rolls back unless committed
    void commit();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

   private:
    SignalStore& store_;
    bool done_ = false;
  };

 private:
  class Db;
  std::unique_ptr<Db> db_;
};

}  // namespace sb::client
