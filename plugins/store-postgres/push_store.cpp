// SPDX-License-Identifier: Apache-2.0
// PushStore: each device's push subscriptions. A second subscription for the same provider
// and endpoint replaces the first's keys and keeps its id.
#include "stores.hpp"

namespace sb::store_postgres {

void PgPushStore::put_push_subscription(const PushSubscription& s) {
  auto conn = pool_->acquire();
  conn->query(
      "INSERT INTO push_subscriptions (user_id, device, id, provider, endpoint, p256dh, auth, "
      "created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_id, device, "
      "provider, endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth",
      {s.user, s.device, s.id, s.provider, s.endpoint, s.p256dh, s.auth, s.created_ms});
}

std::vector<PushSubscription> PgPushStore::push_subscriptions(const std::string& user,
                                                              const std::string& device) {
  auto conn = pool_->acquire();
  auto r = conn->query(
      "SELECT user_id, device, id, provider, endpoint, p256dh, auth, created_ms FROM "
      "push_subscriptions WHERE user_id = $1 AND ($2 = '' OR device = $2) ORDER BY created_ms, "
      "id",
      {user, device});
  std::vector<PushSubscription> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.text(i, 2), r.text(i, 0), r.text(i, 1), r.text(i, 3), r.text(i, 4),
                   r.text(i, 5), r.text(i, 6), r.integer(i, 7)});
  return out;
}

bool PgPushStore::remove_push_subscription(const std::string& user, const std::string& device,
                                           const std::string& id) {
  auto conn = pool_->acquire();
  return conn->query(
                 "DELETE FROM push_subscriptions WHERE user_id = $1 AND device = $2 AND id = $3",
                 {user, device, id})
             .affected() > 0;
}

void PgPushStore::remove_push_subscriptions(const std::string& user, const std::string& device) {
  auto conn = pool_->acquire();
  conn->query("DELETE FROM push_subscriptions WHERE user_id = $1 AND ($2 = '' OR device = $2)",
              {user, device});
}

}  // namespace sb::store_postgres
