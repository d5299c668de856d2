// SPDX-License-Identifier: Apache-2.0
// KeyStore: public prekeys per device. take_bundles runs in one IMMEDIATE transaction, so
// two concurrent fetches are serialised and never consume the same one-time prekey.
#include "stores.hpp"

namespace sb::store_sqlite {
namespace {

std::int64_t count_one_time(Connection& conn, const std::string& user, const std::string& device) {
  auto q = conn.query("SELECT COUNT(*) FROM one_time_keys WHERE user = ? AND device = ?");
  q.bind(1, user).bind(2, device);
  return q.step() ? q.integer(0) : 0;
}

}  // namespace

void SqliteKeyStore::upload(const std::string& user, const std::string& device,
                            const DeviceKeys& keys) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  {
    auto q = conn->query(
        "INSERT INTO device_keys (user, device, identity_key, signed_id, signed_key, "
        "signed_signature, last_resort_id, last_resort_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
        "?8) ON CONFLICT (user, device) DO UPDATE SET identity_key = excluded.identity_key, "
        "signed_id = excluded.signed_id, signed_key = excluded.signed_key, "
        "signed_signature = excluded.signed_signature, "
        "last_resort_id = COALESCE(excluded.last_resort_id, last_resort_id), "
        "last_resort_key = COALESCE(excluded.last_resort_key, last_resort_key)");
    q.bind(1, user).bind(2, device).bind(3, keys.identity_key);
    q.bind(4, keys.signed_prekey.id).bind(5, keys.signed_prekey.key);
    q.bind(6, keys.signed_prekey.signature);
    if (keys.last_resort) {
      q.bind(7, keys.last_resort->id).bind(8, keys.last_resort->key);
    } else {
      q.bind_null(7).bind_null(8);
    }
    q.run();
  }
  for (auto& k : keys.one_time) {
    conn->query("INSERT OR REPLACE INTO one_time_keys (user, device, id, key) VALUES (?, ?, ?, ?)")
        .bind(1, user)
        .bind(2, device)
        .bind(3, k.id)
        .bind(4, k.key)
        .run();
  }
  tx.commit();
}

std::vector<KeyBundle> SqliteKeyStore::take_bundles(const std::string& user) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  std::vector<KeyBundle> bundles;
  std::vector<std::optional<PreKey>> last_resort;
  {
    auto q = conn->query(
        "SELECT device, identity_key, signed_id, signed_key, signed_signature, last_resort_id, "
        "last_resort_key FROM device_keys WHERE user = ? ORDER BY device");
    q.bind(1, user);
    while (q.step()) {
      KeyBundle b;
      b.device = q.text(0);
      b.identity_key = q.text(1);
      b.signed_prekey = {q.integer(2), q.text(3), q.text(4)};
      bundles.push_back(std::move(b));
      if (q.is_null(5))
        last_resort.emplace_back();
      else
        last_resort.emplace_back(PreKey{q.integer(5), q.text(6)});
    }
  }
  for (std::size_t i = 0; i < bundles.size(); ++i) {
    auto& b = bundles[i];
    {
      auto q = conn->query(
          "DELETE FROM one_time_keys WHERE user = ?1 AND device = ?2 AND id = (SELECT MIN(id) "
          "FROM one_time_keys WHERE user = ?1 AND device = ?2) RETURNING id, key");
      q.bind(1, user).bind(2, b.device);
      if (q.step()) b.one_time = PreKey{q.integer(0), q.text(1)};
      while (q.step()) {
      }
    }
    if (!b.one_time && last_resort[i]) {
      b.one_time = last_resort[i];
      b.last_resort = true;
    }
    b.remaining = count_one_time(*conn, user, b.device);
  }
  tx.commit();
  return bundles;
}

std::int64_t SqliteKeyStore::one_time_count(const std::string& user, const std::string& device) {
  auto conn = pool_->acquire();
  return count_one_time(*conn, user, device);
}

}  // namespace sb::store_sqlite
