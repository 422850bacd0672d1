#include "crawler/frontier/frontier.h"

#include <algorithm>
#include <climits>
#include <ctime>

#include <rocksdb/write_batch.h>

#include "crawler/fetch/failure.h"
#include "crawler/url/url.h"

namespace caravan::frontier {
namespace {

using caravan::v1::CompleteRequest;
using caravan::v1::FetchTask;
using caravan::v1::FrontierEntry;
using caravan::v1::UrlCandidate;

// The queue classes of a host, in the order they are served.
enum QueueClass : int { kHub = 0, kAnnounced = 1, kLinked = 2, kRevisit = 3 };

// Hubs and revisits wait for their due time; new URLs are due when found.
bool OrderedByDue(int cls) { return cls == kHub || cls == kRevisit; }

// Depth outranks discovery time in kLinked's order: 10^13 ms is 300 years.
constexpr int64_t kDepthStep = 10'000'000'000'000;

// The queue's layout; an older one on disk is rebuilt from frontier_urls.
constexpr std::string_view kQueueFormatKey = "frontier_queue_format";
constexpr std::string_view kQueueFormat = "2";

// Queue keys sort by host, then class, then order within the class: the
// first key of host+class is that class's head.
std::string ClassPrefix(const std::string& host, int cls) {
  std::string key = host;
  key.push_back('\0');
  key.push_back(static_cast<char>(cls));
  return key;
}

std::string QueueKey(const std::string& host, int cls, int64_t order, const std::string& url) {
  return ClassPrefix(host, cls) + storage::EncodeBe64(static_cast<uint64_t>(std::max<int64_t>(order, 0))) + url;
}

struct QueueKeyParts {
  std::string host;
  int cls = 0;
  int64_t order = 0;
  std::string url;
};

std::optional<QueueKeyParts> ParseQueueKey(std::string_view key) {
  size_t zero = key.find('\0');
  if (zero == std::string_view::npos || key.size() < zero + 2 + 8) return std::nullopt;
  QueueKeyParts p;
  p.host = std::string(key.substr(0, zero));
  p.cls = static_cast<unsigned char>(key[zero + 1]);
  if (p.cls >= 4) return std::nullopt;
  p.order = static_cast<int64_t>(storage::DecodeBe64(key.substr(zero + 2, 8)));
  p.url = std::string(key.substr(zero + 10));
  return p;
}

bool IsHubKind(caravan::v1::UrlKind kind) {
  return kind == caravan::v1::START || kind == caravan::v1::FEED || kind == caravan::v1::SITEMAP ||
         kind == caravan::v1::LISTING;
}

bool IsSeedKind(caravan::v1::UrlKind kind) {
  return kind == caravan::v1::START || kind == caravan::v1::FEED || kind == caravan::v1::SITEMAP;
}

// The class and order of a URL not fetched yet.
std::pair<int, int64_t> NewUrlPlace(const FrontierEntry& entry, int64_t due_ms, int64_t lastmod_ms,
                                    int64_t now_ms) {
  if (IsHubKind(entry.kind())) return {kHub, due_ms};
  // Held back on purpose: it waits for its time like a revisit.
  if (due_ms > now_ms) return {kRevisit, due_ms};
  if (entry.announced()) return {kAnnounced, INT64_MAX - std::max<int64_t>(lastmod_ms, 0)};
  return {kLinked, std::min<int64_t>(entry.depth(), 900) * kDepthStep + now_ms};
}

int YearOf(int64_t unix_ms) {
  std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

bool IsPermanentRedirect(int status) { return status == 301 || status == 308; }

}  // namespace

Frontier::Frontier(storage::Database* db, FrontierOptions options, RevisitFn revisit)
    : db_(db), options_(options), revisit_(std::move(revisit)), traps_(options.traps) {
  LoadQueue();
}

Frontier::HostState& Frontier::HostRef(const std::string& host) {
  auto [it, added] = hosts_.try_emplace(host);
  if (added) {
    it->second.group = host;
    groups_[host].hosts.insert(host);
  }
  return it->second;
}

void Frontier::LoadQueue() {
  std::string format;
  db_->db()->Get(rocksdb::ReadOptions(), db_->cf("meta"), kQueueFormatKey, &format);
  if (format != kQueueFormat) RebuildQueue();
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("frontier_queue")));
  it->SeekToFirst();
  while (it->Valid()) {
    auto key = ParseQueueKey(it->key().ToStringView());
    if (!key) {
      it->Next();
      continue;
    }
    HostState& h = HostRef(key->host);
    h.head_due[key->cls] = OrderedByDue(key->cls) ? key->order : 0;
    Index(key->host, h);
    // On to the host's next class: its prefix sorts right after this one's.
    it->Seek(ClassPrefix(key->host, key->cls + 1));
  }
  std::unique_ptr<rocksdb::Iterator> urls(
      db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("frontier_urls")));
  for (urls->SeekToFirst(); urls->Valid(); urls->Next()) {
    std::string_view url = urls->key().ToStringView();
    traps_.Count(url::AuthorityOf(std::string(url)), url);
    FrontierEntry entry;
    if (entry.ParseFromArray(urls->value().data(), static_cast<int>(urls->value().size())) &&
        entry.due_ms() > 0) {
      ++queued_[entry.source()];
    }
  }
}

void Frontier::RebuildQueue() {
  rocksdb::WriteBatch batch;
  batch.DeleteRange(db_->cf("frontier_queue"), "", std::string(1, '\xff'));
  std::unique_ptr<rocksdb::Iterator> urls(
      db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("frontier_urls")));
  for (urls->SeekToFirst(); urls->Valid(); urls->Next()) {
    FrontierEntry entry;
    if (!entry.ParseFromArray(urls->value().data(), static_cast<int>(urls->value().size())) ||
        entry.due_ms() <= 0) {
      continue;
    }
    auto [cls, order] = entry.last_fetch_ms() > 0 && !IsHubKind(entry.kind())
                            ? std::pair<int, int64_t>{kRevisit, entry.due_ms()}
                            : NewUrlPlace(entry, entry.due_ms(), 0, entry.due_ms());
    entry.set_queue_class(cls);
    entry.set_queue_order(order);
    batch.Put(db_->cf("frontier_queue"), QueueKey(url::AuthorityOf(entry.url()), cls, order, entry.url()), "");
    batch.Put(db_->cf("frontier_urls"), entry.url(), entry.SerializeAsString());
  }
  batch.Put(db_->cf("meta"), kQueueFormatKey, kQueueFormat);
  db_->db()->Write(db_->write_options(), &batch);
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

void Frontier::Enqueue(rocksdb::WriteBatch* batch, FrontierEntry* entry, int64_t due_ms, int cls,
                       int64_t order) {
  entry->set_due_ms(due_ms);
  entry->set_queue_class(cls);
  entry->set_queue_order(order);
  std::string host = url::AuthorityOf(entry->url());
  batch->Put(db_->cf("frontier_queue"), QueueKey(host, cls, order, entry->url()), "");
  batch->Put(db_->cf("frontier_urls"), entry->url(), entry->SerializeAsString());
  ++queued_[entry->source()];
  HostState& h = HostRef(host);
  h.head_due[cls] = std::min(h.head_due[cls], OrderedByDue(cls) ? due_ms : 0);
  Index(host, h);
}

void Frontier::Dequeue(rocksdb::WriteBatch* batch, const FrontierEntry& entry) {
  if (entry.due_ms() <= 0) return;
  --queued_[entry.source()];
  batch->Delete(db_->cf("frontier_queue"),
                QueueKey(url::AuthorityOf(entry.url()), entry.queue_class(), entry.queue_order(), entry.url()));
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
    const int64_t lastmod_ms = c.has_lastmod() ? c.lastmod().seconds() * 1000 : 0;
    if (auto known = ReadEntry(c.url())) {
      // Found in a link first, and now announced by a feed or sitemap before
      // its first fetch: a new publication, not one more page of an archive
      // walk that happens to be shallower.
      if (c.announced() && known->last_fetch_ms() == 0 && known->queue_class() == kLinked) {
        Dequeue(&batch, *known);
        known->set_announced(true);
        Enqueue(&batch, &*known, known->due_ms(), kAnnounced, INT64_MAX - lastmod_ms);
        batch_dirty = true;
        continue;
      }
      if (known->due_ms() > 0 && known->due_ms() <= now_ms) continue;
      // A sitemap or feed says the page changed since we fetched it.
      bool edited = lastmod_ms > 0 && known->last_fetch_ms() > 0 && lastmod_ms > known->last_fetch_ms();
      // A hub that now redirects: its content lives at the target.
      bool moved_hub = c.redirect_chain_size() > 0 && IsHubKind(known->kind());
      if ((edited && known->due_ms() != 0) || moved_hub) {
        Dequeue(&batch, *known);
        if (IsHubKind(known->kind())) {
          Enqueue(&batch, &*known, now_ms, kHub, now_ms);
        } else {
          Enqueue(&batch, &*known, now_ms, kAnnounced, INT64_MAX - lastmod_ms);
        }
        batch_dirty = true;
      }
      continue;
    }
    // Seeds are the operator's own choice; only discovered URLs are judged.
    std::string_view reason;
    if (!IsSeedKind(c.kind())) reason = UrlTrapReason(c.url(), options_.traps, year);
    if (reason.empty()) reason = traps_.Admit(url::AuthorityOf(c.url()), c.url());
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
    entry.set_announced(c.announced());
    entry.mutable_redirect_chain()->CopyFrom(c.redirect_chain());
    int64_t due = now_ms;
    if (c.has_not_before()) due = std::max(due, c.not_before().seconds() * 1000);
    auto [cls, order] = NewUrlPlace(entry, due, lastmod_ms, now_ms);
    Enqueue(&batch, &entry, due, cls, order);
    ++added;
    batch_dirty = true;
  }
  if (batch_dirty) db_->db()->Write(db_->write_options(), &batch);
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
    traps_.Count(url::AuthorityOf(candidate.url()), candidate.url());
    entry.set_url(candidate.url());
    entry.set_source(candidate.source());
    entry.set_kind(candidate.kind());
    entry.set_depth(candidate.depth());
  }
  // The operator asked for it: ahead of everything but due hubs.
  if (IsHubKind(entry.kind())) {
    Enqueue(&batch, &entry, now_ms, kHub, now_ms);
  } else {
    Enqueue(&batch, &entry, now_ms, kAnnounced, 0);
  }
  db_->db()->Write(db_->write_options(), &batch);
}

Frontier::SitemapChange Frontier::SitemapListed(const std::string& sitemap, const std::vector<std::string>& urls,
                                                int64_t now_ms) {
  std::lock_guard lock(mu_);
  const std::string prefix = sitemap + '\0';
  std::set<std::string> listed(urls.begin(), urls.end());
  std::vector<std::string> left;
  SitemapChange change;
  rocksdb::WriteBatch batch;
  std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("sitemap_urls")));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    ++change.before;
    std::string url = it->key().ToString().substr(prefix.size());
    if (listed.erase(url) == 0) {
      batch.Delete(db_->cf("sitemap_urls"), it->key());
      left.push_back(std::move(url));
    }
  }
  // What is left in `listed` is new to this sitemap.
  for (const auto& url : listed) batch.Put(db_->cf("sitemap_urls"), prefix + url, "");
  // A sitemap split in two, or a plugin swapped: the pages are elsewhere.
  constexpr size_t kReorganized = 20;
  change.left = left.size();
  change.reorganized = left.size() >= kReorganized && left.size() * 2 > change.before;
  auto mark = [&](const std::string& url, bool leaving) {
    auto entry = ReadEntry(url);
    if (!entry || IsHubKind(entry->kind())) return;
    if (leaving) {
      // Only a page that was fetched and is still scheduled can be a
      // deletion; one never fetched is checked by its first fetch anyway.
      if (entry->last_fetch_ms() == 0 || entry->due_ms() == 0 || entry->left_sitemap_ms() > 0) return;
      entry->set_left_sitemap_ms(now_ms);
      Dequeue(&batch, *entry);
      Enqueue(&batch, &*entry, now_ms, kRevisit, now_ms);
      ++change.marked;
    } else if (entry->left_sitemap_ms() > 0) {
      entry->set_left_sitemap_ms(0);
      batch.Put(db_->cf("frontier_urls"), entry->url(), entry->SerializeAsString());
    }
  };
  if (!change.reorganized) {
    for (const auto& url : left) mark(url, true);
  }
  for (const auto& url : listed) mark(url, false);
  db_->db()->Write(db_->write_options(), &batch);
  return change;
}

void Frontier::RefreshHostDue(const std::string& host) {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("frontier_queue")));
  HostState& h = HostRef(host);
  for (int cls = 0; cls < kClasses; ++cls) {
    std::string prefix = ClassPrefix(host, cls);
    it->Seek(prefix);
    h.head_due[cls] = INT64_MAX;
    if (!it->Valid() || !it->key().starts_with(prefix)) continue;
    if (auto key = ParseQueueKey(it->key().ToStringView())) h.head_due[cls] = OrderedByDue(cls) ? key->order : 0;
  }
  Index(host, h);
}

void Frontier::Index(const std::string& host, HostState& h) {
  const Group& g = GroupOf(h);
  int64_t next_due = h.next_due_ms();
  int64_t ready =
      g.busy || next_due == INT64_MAX ? INT64_MIN : std::max(next_due, g.politeness.next_allowed_ms());
  if (ready == h.ready_ms) return;
  if (h.ready_ms != INT64_MIN) ready_.erase({h.ready_ms, host});
  if (ready != INT64_MIN) ready_.emplace(ready, host);
  h.ready_ms = ready;
}

void Frontier::IndexGroup(Group& g) {
  for (const auto& host : g.hosts) Index(host, hosts_[host]);
}

void Frontier::Regroup(const std::string& host, const std::string& address) {
  HostState& h = HostRef(host);
  std::string key = "ip " + address;
  if (h.group == key) return;
  Group& from = groups_[h.group];
  from.hosts.erase(host);
  Group& to = groups_[key];
  // The request just made counts for the address as well.
  if (to.hosts.empty() && to.politeness.next_allowed_ms() < from.politeness.next_allowed_ms()) {
    to.politeness = from.politeness;
  }
  to.politeness.SetCrawlDelay(std::max(to.politeness.crawl_delay_ms(), from.politeness.crawl_delay_ms()));
  to.hosts.insert(host);
  if (from.hosts.empty() && !from.busy) groups_.erase(h.group);
  h.group = key;
}

void Frontier::EraseHost(const std::string& host) {
  auto it = hosts_.find(host);
  if (it == hosts_.end()) return;
  if (it->second.ready_ms != INT64_MIN) ready_.erase({it->second.ready_ms, host});
  auto g = groups_.find(it->second.group);
  if (g != groups_.end()) {
    g->second.hosts.erase(host);
    if (g->second.hosts.empty() && !g->second.busy) groups_.erase(g);
  }
  hosts_.erase(it);
}

void Frontier::ExpireLeases(int64_t now_ms) {
  for (auto it = leases_.begin(); it != leases_.end();) {
    if (now_ms - it->second.leased_ms > options_.lease_timeout_ms) {
      Group& g = groups_[it->second.group];
      g.busy = false;
      IndexGroup(g);
      it = leases_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<FrontierEntry> Frontier::Head(rocksdb::Iterator* it, const std::string& host, int cls,
                                            int64_t now_ms, const std::set<std::string>& paused) const {
  const std::string prefix = ClassPrefix(host, cls);
  // The head may belong to a paused source: look a little further.
  int looked = 0;
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix) && looked < 16; it->Next(), ++looked) {
    auto key = ParseQueueKey(it->key().ToStringView());
    if (!key) continue;
    if (OrderedByDue(cls) && key->order > now_ms) break;
    auto entry = ReadEntry(key->url);
    if (!entry || paused.count(entry->source())) continue;
    return entry;
  }
  return std::nullopt;
}

std::optional<FrontierEntry> Frontier::Choose(rocksdb::Iterator* it, const std::string& host, HostState& h,
                                              int64_t now_ms, const std::set<std::string>& paused) {
  auto head = [&](int cls) -> std::optional<FrontierEntry> {
    if (h.head_due[cls] > now_ms) return std::nullopt;
    return Head(it, host, cls, now_ms, paused);
  };
  if (auto hub = head(kHub)) return hub;
  std::optional<FrontierEntry> fresh = head(kAnnounced);
  if (!fresh) fresh = head(kLinked);
  std::optional<FrontierEntry> revisit = head(kRevisit);
  if (!fresh) return revisit;
  if (!revisit) return fresh;
  // Both wait: revisits get their share, new URLs the rest.
  h.revisit_credit += options_.revisit_share;
  if (h.revisit_credit >= 1 - 1e-9) {
    h.revisit_credit -= 1;
    return revisit;
  }
  return fresh;
}

std::vector<FetchTask> Frontier::Lease(int max, int64_t now_ms, const std::set<std::string>& paused) {
  std::lock_guard lock(mu_);
  ExpireLeases(now_ms);
  std::vector<FetchTask> tasks;
  if (max <= 0) return tasks;

  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("frontier_queue")));
  // Leasing a host refiles every host of its group, so the walk goes on
  // from the last key seen rather than from an iterator into ready_; a host
  // refiled further on is not looked at twice.
  std::set<std::string> examined;
  std::pair<int64_t, std::string> last{INT64_MIN, ""};
  while (static_cast<int>(tasks.size()) < max) {
    auto next = ready_.upper_bound(last);
    if (next == ready_.end() || next->first > now_ms) break;
    last = *next;
    const std::string host = next->second;
    if (!examined.insert(host).second) continue;
    HostState& h = hosts_[host];
    Group& g = GroupOf(h);
    if (auto entry = Choose(it.get(), host, h, now_ms, paused)) {
      FetchTask task;
      task.set_url(entry->url());
      task.set_source(entry->source());
      task.set_kind(entry->kind());
      task.set_depth(entry->depth());
      task.set_linked_from(entry->linked_from());
      task.set_etag(entry->etag());
      task.set_last_modified(entry->last_modified());
      task.set_announced(entry->announced());
      task.mutable_redirect_chain()->CopyFrom(entry->redirect_chain());
      task.set_confirms_gone(GoneLongEnough(*entry, now_ms));
      task.set_left_sitemap(entry->left_sitemap_ms() > 0);
      task.set_lease(next_lease_++);
      leases_[task.lease()] = LeaseInfo{entry->url(), host, h.group, entry->source(), now_ms};
      g.busy = true;
      IndexGroup(g);
      tasks.push_back(std::move(task));
      continue;
    }
    // Nothing leasable: file the host by its real heads.
    RefreshHostDue(host);
    // A host in backoff keeps its state even with nothing queued.
    if (h.next_due_ms() == INT64_MAX && g.politeness.next_allowed_ms() <= now_ms) EraseHost(host);
  }
  return tasks;
}

bool Frontier::GoneLongEnough(const FrontierEntry& entry, int64_t now_ms) const {
  return entry.left_sitemap_ms() > 0 ||
         (entry.gone_since_ms() > 0 && now_ms - entry.gone_since_ms() >= options_.delete_after_ms);
}

void Frontier::Complete(const CompleteRequest& request, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto lease = leases_.find(request.task().lease());
  if (lease == leases_.end()) return;
  LeaseInfo info = lease->second;
  leases_.erase(lease);

  const int status = request.status();
  std::string_view failure = fetch::failure::OfResponse(status, request.failure());
  groups_[info.group].busy = false;
  HostState& h = HostRef(info.host);
  h.source = info.source;
  if (options_.politeness_key == PolitenessKey::kIp && !request.address().empty()) {
    Regroup(info.host, request.address());
  }
  Group& g = GroupOf(h);
  g.politeness.OnResponse(HostOutcome{request.deferred() ? std::string_view() : failure, request.elapsed_ms(),
                                      request.retry_after_ms()},
                          options_.politeness, now_ms);
  if (info.group != h.group) {
    if (auto old = groups_.find(info.group); old != groups_.end()) IndexGroup(old->second);
  }

  auto existing = ReadEntry(info.url);
  if (request.deferred() || !existing) {
    RefreshHostDue(info.host);
    IndexGroup(g);
    return;
  }
  FrontierEntry entry = *existing;
  rocksdb::WriteBatch batch;
  Dequeue(&batch, entry);

  const bool failed = fetch::failure::IsServerUnavailable(status);
  const bool first_fetch = entry.last_fetch_ms() == 0;
  entry.set_failures(failed ? entry.failures() + 1 : 0);
  entry.set_last_fetch_ms(now_ms);
  entry.set_last_status(status);
  if (!request.etag().empty()) entry.set_etag(request.etag());
  if (!request.last_modified().empty()) entry.set_last_modified(request.last_modified());
  if (request.published_ms() > 0) entry.set_published_ms(request.published_ms());
  if (status >= 200 && status < 300) {
    // What the page turned out to be decides how it is revisited.
    if (entry.kind() == caravan::v1::PAGE && request.listing() && !request.listing_continuation()) {
      entry.set_kind(caravan::v1::LISTING);
    } else if (entry.kind() == caravan::v1::LISTING && (!request.listing() || request.listing_continuation())) {
      entry.set_kind(caravan::v1::PAGE);
    }
  }

  const bool not_found = status == 404 || status == 410;
  const bool confirmed = not_found && GoneLongEnough(entry, now_ms);
  if (not_found && entry.gone_since_ms() == 0) entry.set_gone_since_ms(now_ms);
  if (status >= 200 && status < 400) entry.set_gone_since_ms(0);
  // A page that was never there, or whose absence is confirmed, or that
  // moved for good.
  const bool gone = ((not_found && (first_fetch || confirmed)) || IsPermanentRedirect(status)) &&
                    !IsSeedKind(entry.kind());
  if (gone) {
    // Kept (so it is not re-added by links) but no longer scheduled.
    entry.set_due_ms(0);
    batch.Put(db_->cf("frontier_urls"), entry.url(), entry.SerializeAsString());
  } else if (not_found && !IsSeedKind(entry.kind())) {
    // A stored page that answered 404 or 410: checked again once
    // delete_after has passed, and only then taken for gone.
    int64_t due = entry.gone_since_ms() + options_.delete_after_ms;
    Enqueue(&batch, &entry, due, kRevisit, due);
  } else {
    FetchOutcome outcome;
    outcome.hub = IsHubKind(entry.kind());
    outcome.failed = failed;
    outcome.failures = entry.failures();
    outcome.changed = request.changed();
    outcome.first_fetch = first_fetch;
    outcome.previous_interval_ms = entry.interval_ms();
    outcome.published_ms = entry.published_ms();
    outcome.now_ms = now_ms;
    int64_t interval = NextRevisitMs(revisit_(entry.source()), outcome, options_.max_revisit_ms);
    entry.set_interval_ms(interval);
    int64_t due = now_ms + interval;
    Enqueue(&batch, &entry, due, outcome.hub ? kHub : kRevisit, due);
  }
  db_->db()->Write(db_->write_options(), &batch);
  RefreshHostDue(info.host);
  IndexGroup(g);
}

void Frontier::SetHostDelay(const std::string& url, int64_t delay_ms) {
  std::lock_guard lock(mu_);
  HostPoliteness& p = GroupOf(HostRef(url::AuthorityOf(url))).politeness;
  p.SetCrawlDelay(std::max(p.crawl_delay_ms(), delay_ms));
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
  for (const auto& [key, g] : groups_) {
    if (!g.politeness.suspended(now_ms)) continue;
    for (const auto& host : g.hosts) {
      auto h = hosts_.find(host);
      if (h != hosts_.end()) out[h->second.source].push_back(host);
    }
  }
  return out;
}

size_t Frontier::ActiveLeases() const {
  std::lock_guard lock(mu_);
  return leases_.size();
}

}  // namespace caravan::frontier
