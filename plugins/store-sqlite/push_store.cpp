// SPDX-License-Identifier: Apache-2.0
// PushStore: each device's push subscriptions. A second subscription for the same provider
// and endpoint replaces the first's keys and keeps its id.
#include "stores.hpp"

namespace sb::store_sqlite {

void SqlitePushStore::put_push_subscription(const PushSubscription& s) {
  auto conn = pool_->acquire();
  conn->query(
          "INSERT INTO push_subscriptions (user, device, id, provider, endpoint, p256dh, auth, "
          "created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user, device, provider, "
          "endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth")
      .bind(1, s.user)
      .bind(2, s.device)
      .bind(3, s.id)
      .bind(4, s.provider)
      .bind(5, s.endpoint)
      .bind(6, s.p256dh)
      .bind(7, s.auth)
      .bind(8, s.created_ms)
      .run();
}

std::vector<PushSubscription> SqlitePushStore::push_subscriptions(const std::string& user,
                                                                  const std::string& device) {
  auto conn = pool_->acquire();
  auto q = conn->query(
      "SELECT user, device, id, provider, endpoint, p256dh, auth, created_ms FROM "
      "push_subscriptions WHERE user = ?1 AND (?2 = '' OR device = ?2) ORDER BY created_ms, id");
  q.bind(1, user).bind(2, device);
  std::vector<PushSubscription> out;
  while (q.step())
    out.push_back({q.text(2), q.text(0), q.text(1), q.text(3), q.text(4), q.text(5), q.text(6),
                   q.integer(7)});
  return out;
}

bool SqlitePushStore::remove_push_subscription(const std::string& user, const std::string& device,
                                               const std::string& id) {
  auto conn = pool_->acquire();
  return conn->query("DELETE FROM push_subscriptions WHERE user = ? AND device = ? AND id = ?")
             .bind(1, user)
             .bind(2, device)
             .bind(3, id)
             .run() > 0;
}

void SqlitePushStore::remove_push_subscriptions(const std::string& user,
                                                const std::string& device) {
  auto conn = pool_->acquire();
  conn->query("DELETE FROM push_subscriptions WHERE user = ?1 AND (?2 = '' OR device = ?2)")
      .bind(1, user)
      .bind(2, device)
      .run();
}

}  // namespace sb::store_sqlite
