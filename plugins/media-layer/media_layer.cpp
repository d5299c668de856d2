// SPDX-License-Identifier: Apache-2.0
// See media_layer.hpp.
#include "media_layer.hpp"

#include <algorithm>
#include <chrono>

#include <openssl/rand.h>
#include <boost/asio/post.hpp>

namespace media_layer {

namespace {
constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::size_t kMaxHoldersChecked = 1000;
constexpr std::size_t kSweepBatch = 500;

std::int64_t system_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
}  // namespace

std::string random_id(std::string_view prefix) {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("no randomness for an id");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(prefix);
  for (unsigned char c : b) {
    s += kHex[c >> 4];
    s += kHex[c & 15];
  }
  return s;
}

bool valid_id(std::string_view id, std::string_view prefix) {
  if (id.size() != prefix.size() + 32 || !id.starts_with(prefix)) return false;
  return std::all_of(id.begin() + static_cast<std::ptrdiff_t>(prefix.size()), id.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

MediaLayer::MediaLayer(Parts p)
    : config(p.config),
      store(std::move(p.store)),
      index(std::move(p.index)),
      messaging(std::move(p.messaging)),
      log(p.log),
      signer(std::move(p.url_key)),
      groups_(std::move(p.groups)),
      clock_(&system_ms) {}

MediaLayer::~MediaLayer() {
  pool_.join();
}

void MediaLayer::run(std::function<void()> work) {
  boost::asio::post(pool_, [this, work = std::move(work)] {
    try {
      work();
    } catch (const std::exception& e) {
      log.error("media work failed", {{"what", e.what()}});
    }
  });
}

std::string MediaLayer::media_owner(const std::string& media_id) {
  auto m = index->get(media_id);
  return m ? m->owner : std::string();
}

bool MediaLayer::hold(const std::string& media_id, const std::string& holder) {
  return index->hold(media_id, holder, now_ms());
}

void MediaLayer::release(const std::string& holder) {
  index->release(holder, now_ms());
}

std::string MediaLayer::signed_url(const std::string& media_id) {
  if (!index->get(media_id)) return {};
  return signer.url(media_id, now_ms() / 1000 + config.url_ttl_seconds);
}

bool MediaLayer::in_chat(const std::string& user, std::string_view chat) {
  if (chat.starts_with("d:")) {
    // "d:<a>:<b>" with a < b; ids may hold ':' themselves, so try each split.
    auto rest = chat.substr(2);
    for (auto i = rest.find(':'); i != std::string_view::npos; i = rest.find(':', i + 1)) {
      auto a = rest.substr(0, i), b = rest.substr(i + 1);
      if (a < b && (a == user || b == user)) return true;
    }
    return false;
  }
  if (chat.starts_with("g:") && groups_) {
    auto g = groups_->group(std::string(chat.substr(2)));
    return g && std::any_of(g->members.begin(), g->members.end(),
                            [&](const sb::GroupMember& m) { return m.user == user; });
  }
  return false;
}

bool MediaLayer::may_see(const std::string& user, const sb::MediaRecord& media) {
  if (media.owner == user) return true;
  for (auto& h : index->holders(media.id, kMaxHoldersChecked)) {
    if (!h.starts_with("msg:")) continue;  // status and profile holders decide for themselves
    std::string_view chat(h);
    chat.remove_prefix(4);
    auto colon = chat.rfind(':');
    if (colon != std::string_view::npos && in_chat(user, chat.substr(0, colon))) return true;
  }
  return false;
}

void MediaLayer::forget(const sb::MediaRecord& media) {
  index->remove(media.id);
  if (index->hash_users(media.sha256) == 0) store->remove(media.sha256);
}

sb::MediaRecord MediaLayer::record_upload(const std::string& owner, const sb::BlobInfo& blob,
                                          const std::string& content_type) {
  if (auto mine = index->find_by_hash(owner, blob.sha256)) return *mine;
  auto used = index->usage(owner);
  if (used + blob.size > static_cast<std::uint64_t>(config.quota_bytes)) {
    if (index->hash_users(blob.sha256) == 0) store->remove(blob.sha256);
    throw QuotaExceeded("this upload of " + std::to_string(blob.size) + " bytes would bring " +
                        "your stored media to " + std::to_string(used + blob.size) +
                        " bytes; the quota is " + std::to_string(config.quota_bytes) +
                        " (media-layer quota_bytes)");
  }
  sb::MediaRecord r{random_id("m_"), owner, blob.sha256, blob.size, content_type, now_ms()};
  index->add(r);
  return r;
}

void MediaLayer::sweep() {
  auto now = now_ms();
  if (config.message_hold_days > 0)
    index->release_older("msg:", now - config.message_hold_days * kDayMs, now);
  uploads.expire(now - config.upload_idle_seconds * 1000);
  for (;;) {
    auto batch = index->unheld_since(now - config.retention_seconds * 1000, kSweepBatch);
    for (auto& m : batch) forget(m);
    if (!batch.empty()) log.info("media retention deleted unheld media", {{"count", batch.size()}});
    if (batch.size() < kSweepBatch) break;
  }
}

}  // namespace media_layer
