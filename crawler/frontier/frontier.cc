#include "crawler/frontier/frontier.h"

#include <algorithm>
#include <climits>
#include <ctime>

#include <rocksdb/write_batch.h>

#include "crawler/fetch/failure.h"

namespace caravan::frontier {
namespace {

using caravan::v1::CompleteRequest;
using caravan::v1::FetchTask;
using caravan::v1::FrontierEntry;
using caravan::v1::UrlCandidate;

// Queue keys sort by host, then due time: a host's head is its next URL.
std::string QueueKey(const std::string& host, int64_t due_ms, const std::string& url) {
  std::string key = host;
  key.push_back('\0');
  key += storage::EncodeBe64(static_cast<uint64_t>(std::max<int64_t>(due_ms, 0)));
  key += url;
  return key;
}

bool ParseQueueKey(std::string_view key, std::string* host, int64_t* due_ms, std::string* url) {
  size_t zero = key.find('\0');
  if (zero == std::string_view::npos || key.size() < zero + 1 + 8) return false;
  *host = std::string(key.substr(0, zero));
  *due_ms = static_cast<int64_t>(storage::DecodeBe64(key.substr(zero + 1, 8)));
  if (url) *url = std::string(key.substr(zero + 9));
  return true;
}

bool IsSeedKind(caravan::v1::UrlKind kind) {
  return kind == caravan::v1::START || kind == caravan::v1::FEED || kind == caravan::v1::SITEMAP;
}

int YearOf(int64_t unix_ms) {
  std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

}  // namespace

std::string QueueHost(const std::string& url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t at = authority.rfind('@');
  if (at != std::string::npos) authority = authority.substr(at + 1);
  std::transform(authority.begin(), authority.end(), authority.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return authority;
}

Frontier::Frontier(storage::Database* db, FrontierOptions options, RevisitFn revisit)
    : db_(db), options_(options), revisit_(std::move(revisit)), traps_(options.traps) {
  LoadQueue();
}

void Frontier::LoadQueue() {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("frontier_queue")));
  it->SeekToFirst();
  while (it->Valid()) {
    std::string host;
    int64_t due = 0;
    if (!ParseQueueKey(it->key().ToStringView(), &host, &due, nullptr)) {
      it->Next();
      continue;
    }
    hosts_[host].next_due_ms = due;
    Index(host, hosts_[host]);
    // Jump past this host's queue: '\x01' sorts right after the '\0' separator.
    it->Seek(host + '\x01');
  }
  std::unique_ptr<rocksdb::Iterator> urls(
      db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("frontier_urls")));
  for (urls->SeekToFirst(); urls->Valid(); urls->Next()) {
    std::string_view url = urls->key().ToStringView();
    traps_.Count(QueueHost(std::string(url)), url);
    FrontierEntry entry;
    if (entry.ParseFromArray(urls->value().data(), static_cast<int>(urls->value().size())) &&
        entry.due_ms() > 0) {
      ++queued_[entry.source()];
    }
  }
}

std::optional<FrontierEntry> Frontier::ReadEntry(const std::string& url) const {
  std::string value;
  if (!db_->db()->Get(rocksdb::ReadOptions(), db_->cf("frontier_urls"), url, &value).ok()) {
    return std::nullopt;
  }
  FrontierEntry entry;
  if (!entry.ParseFromString(value)) return std::nullopt;
  return entry;
}

void Frontier::Enqueue(rocksdb::WriteBatch* batch, FrontierEntry* entry, int64_t due_ms) {
  entry->set_due_ms(due_ms);
  std::string host = QueueHost(entry->url());
  batch->Put(db_->cf("frontier_queue"), QueueKey(host, due_ms, entry->url()), "");
  batch->Put(db_->cf("frontier_urls"), entry->url(), entry->SerializeAsString());
  ++queued_[entry->source()];
  HostState& h = hosts_[host];
  h.next_due_ms = std::min(h.next_due_ms, due_ms);
  Index(host, h);
}

void Frontier::Dequeue(rocksdb::WriteBatch* batch, const FrontierEntry& entry) {
  if (entry.due_ms() <= 0) return;
  --queued_[entry.source()];
  batch->Delete(db_->cf("frontier_queue"), QueueKey(QueueHost(entry.url()), entry.due_ms(), entry.url()));
}

int Frontier::Add(const std::vector<UrlCandidate>& candidates, int64_t now_ms) {
  std::lock_guard lock(mu_);
  rocksdb::WriteBatch batch;
  int added = 0;
  bool batch_dirty = false;
  std::set<std::string> seen;
  const int year = YearOf(now_ms);
  for (const auto& c : candidates) {
    if (c.url().empty() || !seen.insert(c.url()).second) continue;
    if (auto known = ReadEntry(c.url())) {
      // A sitemap or feed says the page changed since we fetched it.
      int64_t lastmod_ms = c.lastmod().seconds() * 1000;
      if (c.has_lastmod() && known->last_fetch_ms() > 0 && lastmod_ms > known->last_fetch_ms() &&
          known->due_ms() > now_ms) {
        Dequeue(&batch, *known);
        Enqueue(&batch, &*known, now_ms);
        batch_dirty = true;
      }
      continue;
    }
    // Seeds are the operator's own choice; only discovered URLs are judged.
    std::string_view reason;
    if (!IsSeedKind(c.kind())) reason = UrlTrapReason(c.url(), options_.traps, year);
    if (reason.empty()) reason = traps_.Admit(QueueHost(c.url()), c.url());
    if (!reason.empty()) {
      ++skipped_[c.source()][std::string(reason)];
      continue;
    }
    FrontierEntry entry;
    entry.set_url(c.url());
    entry.set_source(c.source());
    entry.set_kind(c.kind() == caravan::v1::URL_KIND_UNSPECIFIED ? caravan::v1::PAGE : c.kind());
    entry.set_depth(c.depth());
    entry.set_linked_from(c.linked_from());
    entry.set_interval_ms(revisit_(c.source()));
    int64_t due = now_ms;
    if (c.has_not_before()) due = std::max(due, c.not_before().seconds() * 1000);
    Enqueue(&batch, &entry, due);
    ++added;
    batch_dirty = true;
  }
  if (batch_dirty) db_->db()->Write(rocksdb::WriteOptions(), &batch);
  return added;
}

void Frontier::ScheduleNow(const UrlCandidate& candidate, int64_t now_ms) {
  std::lock_guard lock(mu_);
  rocksdb::WriteBatch batch;
  auto existing = ReadEntry(candidate.url());
  FrontierEntry entry;
  if (existing) {
    entry = *existing;
    Dequeue(&batch, entry);
  } else {
    traps_.Count(QueueHost(candidate.url()), candidate.url());
    entry.set_url(candidate.url());
    entry.set_source(candidate.source());
    entry.set_kind(candidate.kind());
    entry.set_depth(candidate.depth());
    entry.set_interval_ms(revisit_(candidate.source()));
  }
  Enqueue(&batch, &entry, now_ms);
  db_->db()->Write(rocksdb::WriteOptions(), &batch);
}

void Frontier::RefreshHostDue(const std::string& host) {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("frontier_queue")));
  std::string prefix = host + '\0';
  it->Seek(prefix);
  HostState& h = hosts_[host];
  h.next_due_ms = INT64_MAX;
  if (it->Valid() && it->key().starts_with(prefix)) {
    std::string key_host;
    int64_t due = 0;
    if (ParseQueueKey(it->key().ToStringView(), &key_host, &due, nullptr)) h.next_due_ms = due;
  }
  Index(host, h);
}

void Frontier::Index(const std::string& host, HostState& h) {
  int64_t ready = h.busy || h.next_due_ms == INT64_MAX
                      ? INT64_MIN
                      : std::max(h.next_due_ms, h.politeness.next_allowed_ms());
  if (ready == h.ready_ms) return;
  if (h.ready_ms != INT64_MIN) ready_.erase({h.ready_ms, host});
  if (ready != INT64_MIN) ready_.emplace(ready, host);
  h.ready_ms = ready;
}

void Frontier::EraseHost(const std::string& host) {
  auto it = hosts_.find(host);
  if (it == hosts_.end()) return;
  if (it->second.ready_ms != INT64_MIN) ready_.erase({it->second.ready_ms, host});
  hosts_.erase(it);
}

void Frontier::ExpireLeases(int64_t now_ms) {
  for (auto it = leases_.begin(); it != leases_.end();) {
    if (now_ms - it->second.leased_ms > options_.lease_timeout_ms) {
      HostState& h = hosts_[it->second.host];
      h.busy = false;
      Index(it->second.host, h);
      it = leases_.erase(it);
    } else {
      ++it;
    }
  }
}

std::vector<FetchTask> Frontier::Lease(int max, int64_t now_ms, const std::set<std::string>& paused) {
  std::lock_guard lock(mu_);
  ExpireLeases(now_ms);
  std::vector<FetchTask> tasks;
  if (max <= 0) return tasks;

  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("frontier_queue")));
  // A host whose head is paused is filed again as ready; `examined` keeps
  // one call from looking at it twice.
  std::set<std::string> examined;
  auto next = ready_.begin();
  while (static_cast<int>(tasks.size()) < max && next != ready_.end() && next->first <= now_ms) {
    const std::string host = next->second;
    ++next;  // before this host's entry moves
    if (!examined.insert(host).second) continue;
    HostState& h = hosts_[host];
    std::string prefix = host + '\0';
    // The head may belong to a paused source: look a little further.
    int looked = 0;
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix) && looked < 16;
         it->Next(), ++looked) {
      std::string key_host, url;
      int64_t due = 0;
      if (!ParseQueueKey(it->key().ToStringView(), &key_host, &due, &url)) continue;
      if (due > now_ms) break;
      auto entry = ReadEntry(url);
      if (!entry) continue;
      if (paused.count(entry->source())) continue;
      FetchTask task;
      task.set_url(entry->url());
      task.set_source(entry->source());
      task.set_kind(entry->kind());
      task.set_depth(entry->depth());
      task.set_linked_from(entry->linked_from());
      task.set_etag(entry->etag());
      task.set_last_modified(entry->last_modified());
      task.set_lease(next_lease_++);
      leases_[task.lease()] = LeaseInfo{entry->url(), host, entry->source(), now_ms};
      h.busy = true;
      Index(host, h);
      tasks.push_back(std::move(task));
      break;
    }
    if (!h.busy) {
      // Nothing leasable: file the host by its real head.
      RefreshHostDue(host);
      // A host in backoff keeps its state even with nothing queued.
      if (h.next_due_ms == INT64_MAX && h.politeness.next_allowed_ms() <= now_ms) EraseHost(host);
    }
  }
  return tasks;
}

int64_t Frontier::NextInterval(const FrontierEntry& entry, const CompleteRequest& outcome) const {
  int64_t base = std::max<int64_t>(revisit_(entry.source()), 1);
  int64_t cap = std::max(options_.max_revisit_ms, base);
  bool failed = outcome.status() == 0 || outcome.status() >= 500 || outcome.status() == 429;
  if (failed) {
    // Exponential backoff from the source's interval.
    int shift = std::min(entry.failures(), 20);
    return std::min(cap, base << std::min(shift, 30));
  }
  if (IsSeedKind(entry.kind())) return base;
  // Pages: back off while unchanged, start over when they change.
  if (outcome.changed()) return base;
  return std::min(cap, std::max(entry.interval_ms(), base) * 2);
}

void Frontier::Complete(const CompleteRequest& request, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto lease = leases_.find(request.task().lease());
  if (lease == leases_.end()) return;
  LeaseInfo info = lease->second;
  leases_.erase(lease);

  int status = request.status();
  std::string_view failure = fetch::failure::OfResponse(status, request.failure());
  HostState& h = hosts_[info.host];
  h.busy = false;
  h.source = info.source;
  h.politeness.OnResponse(HostOutcome{failure, request.elapsed_ms(), request.retry_after_ms()},
                          options_.politeness, now_ms);

  auto existing = ReadEntry(info.url);
  if (!existing) {
    RefreshHostDue(info.host);
    return;
  }
  FrontierEntry entry = *existing;
  rocksdb::WriteBatch batch;
  Dequeue(&batch, entry);

  bool failed = status == 0 || status >= 500 || status == 429;
  entry.set_failures(failed ? entry.failures() + 1 : 0);
  entry.set_last_fetch_ms(now_ms);
  entry.set_last_status(status);
  if (!request.etag().empty()) entry.set_etag(request.etag());
  if (!request.last_modified().empty()) entry.set_last_modified(request.last_modified());

  bool gone = (status == 404 || status == 410) && !IsSeedKind(entry.kind());
  if (gone) {
    // Kept (so it is not re-added by links) but no longer scheduled.
    entry.set_due_ms(0);
    batch.Put(db_->cf("frontier_urls"), entry.url(), entry.SerializeAsString());
  } else {
    int64_t interval = NextInterval(entry, request);
    entry.set_interval_ms(interval);
    Enqueue(&batch, &entry, now_ms + interval);
  }
  db_->db()->Write(rocksdb::WriteOptions(), &batch);
  RefreshHostDue(info.host);
}

void Frontier::SetHostDelay(const std::string& host, int64_t delay_ms) {
  std::lock_guard lock(mu_);
  hosts_[host].politeness.SetCrawlDelay(delay_ms);
}

std::optional<FrontierEntry> Frontier::Get(const std::string& url) const {
  std::lock_guard lock(mu_);
  return ReadEntry(url);
}

std::optional<int64_t> Frontier::NextDueMs() const {
  std::lock_guard lock(mu_);
  if (ready_.empty()) return std::nullopt;
  return ready_.begin()->first;
}

std::map<std::string, int64_t> Frontier::QueuedBySource() const {
  std::lock_guard lock(mu_);
  return queued_;
}

std::map<std::string, std::map<std::string, int64_t>> Frontier::SkippedBySource() const {
  std::lock_guard lock(mu_);
  return skipped_;
}

std::map<std::string, std::vector<std::string>> Frontier::SuspendedHosts(int64_t now_ms) const {
  std::lock_guard lock(mu_);
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [host, h] : hosts_) {
    if (h.politeness.suspended(now_ms)) out[h.source].push_back(host);
  }
  return out;
}

size_t Frontier::ActiveLeases() const {
  std::lock_guard lock(mu_);
  return leases_.size();
}

}  // namespace caravan::frontier
