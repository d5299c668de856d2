// SPDX-License-Identifier: Apache-2.0
// KeyStore: public prekeys per device. take_bundles locks the user's device_keys rows
// first (FOR UPDATE, in device order), so concurrent fetches on any node take turns and never
// consume the same one-time prekey.
#include <map>

#include "pg_array.hpp"
#include "stores.hpp"

namespace sb::store_postgres {

void PgKeyStore::upload(const std::string& user, const std::string& device,
                        const DeviceKeys& keys) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  std::optional<std::string> lr_id, lr_key;
  if (keys.last_resort) {
    lr_id = std::to_string(keys.last_resort->id);
    lr_key = keys.last_resort->key;
  }
  conn->query(
      "INSERT INTO device_keys (user_id, device, identity_key, signed_id, signed_key, "
      "signed_signature, last_resort_id, last_resort_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
      "ON CONFLICT (user_id, device) DO UPDATE SET identity_key = excluded.identity_key, "
      "signed_id = excluded.signed_id, signed_key = excluded.signed_key, "
      "signed_signature = excluded.signed_signature, "
      "last_resort_id = COALESCE(excluded.last_resort_id, device_keys.last_resort_id), "
      "last_resort_key = COALESCE(excluded.last_resort_key, device_keys.last_resort_key)",
      {user, device, keys.identity_key, keys.signed_prekey.id, keys.signed_prekey.key,
       keys.signed_prekey.signature, lr_id, lr_key});
  if (!keys.one_time.empty()) {
    // An id given twice keeps the last key, as replacing row by row would.
    std::map<std::int64_t, const std::string*> latest;
    for (auto& k : keys.one_time) latest[k.id] = &k.key;
    PgArray ids, values;
    for (auto& [id, key] : latest) {
      ids.add(id);
      values.add(*key);
    }
    conn->query(
        "INSERT INTO one_time_keys (user_id, device, id, key) "
        "SELECT $1::text, $2::text, t.id, t.key FROM unnest($3::bigint[], $4::text[]) AS t(id, "
        "key) "
        "ON CONFLICT (user_id, device, id) DO UPDATE SET key = excluded.key",
        {user, device, ids.str(), values.str()});
  }
  tx.commit();
}

std::vector<KeyBundle> PgKeyStore::take_bundles(const std::string& user) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  auto r = conn->query(
      "SELECT device, identity_key, signed_id, signed_key, signed_signature, last_resort_id, "
      "last_resort_key FROM device_keys WHERE user_id = $1 ORDER BY device FOR UPDATE",
      {user});
  std::vector<KeyBundle> bundles;
  for (int i = 0; i < r.rows(); ++i) {
    KeyBundle b;
    b.device = r.text(i, 0);
    b.identity_key = r.text(i, 1);
    b.signed_prekey = {r.integer(i, 2), r.text(i, 3), r.text(i, 4)};
    auto taken = conn->query(
        "DELETE FROM one_time_keys WHERE user_id = $1 AND device = $2 AND id = "
        "(SELECT MIN(id) FROM one_time_keys WHERE user_id = $1 AND device = $2) "
        "RETURNING id, key",
        {user, b.device});
    if (taken.rows() > 0) {
      b.one_time = PreKey{taken.integer(0, 0), taken.text(0, 1)};
    } else if (!r.is_null(i, 5)) {
      b.one_time = PreKey{r.integer(i, 5), r.text(i, 6)};
      b.last_resort = true;
    }
    b.remaining =
        conn->query("SELECT COUNT(*) FROM one_time_keys WHERE user_id = $1 AND device = $2",
                    {user, b.device})
            .integer(0, 0);
    bundles.push_back(std::move(b));
  }
  tx.commit();
  return bundles;
}

std::int64_t PgKeyStore::one_time_count(const std::string& user, const std::string& device) {
  auto conn = pool_->acquire();
  return conn
      ->query("SELECT COUNT(*) FROM one_time_keys WHERE user_id = $1 AND device = $2",
              {user, device})
      .integer(0, 0);
}

}  // namespace sb::store_postgres
