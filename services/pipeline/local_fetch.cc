#include "services/pipeline/local_fetch.h"

#include "common/proto_time.h"
#include "common/time.h"
#include "crawler/fetch/failure.h"
#include "crawler/url/url.h"

namespace caravan::pipeline {
namespace {

constexpr int64_t kRobotsTtlMs = 24LL * 3600 * 1000;
constexpr int64_t kRobotsRetryMs = 5LL * 60 * 1000;
// RFC 9309 2.3.1.2: follow at least five consecutive redirects.
constexpr int kRobotsMaxHops = 5;

std::vector<std::string> SitemapsOf(const robots::RobotsRules& rules, const std::string& origin) {
  std::vector<std::string> out;
  for (const auto& s : rules.sitemaps()) {
    // Relative Sitemap: lines are resolved against robots.txt itself.
    if (auto absolute = url::Resolve(origin + "/robots.txt", s)) out.push_back(*absolute);
  }
  return out;
}

int64_t CrawlDelayMs(const robots::RobotsRules& rules) {
  return rules.crawl_delay() ? static_cast<int64_t>(*rules.crawl_delay() * 1000) : 0;
}

// scheme://authority of an absolute URL, and the rest (path?query).
bool SplitOrigin(const std::string& url, std::string* origin, std::string* path) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return false;
  size_t slash = url.find_first_of("/?#", scheme + 3);
  *origin = url.substr(0, slash);
  *path = slash == std::string::npos ? "/" : url.substr(slash);
  size_t hash = path->find('#');
  if (hash != std::string::npos) path->resize(hash);
  if (path->empty() || (*path)[0] != '/') *path = "/" + *path;
  return true;
}

}  // namespace

caravan::v1::FetchResult ToFetchResult(const caravan::v1::FetchTask& task,
                                       const fetch::FetchResponse& response, int64_t fetched_ms) {
  caravan::v1::FetchResult r;
  *r.mutable_task() = task;
  r.set_status(response.status);
  r.set_final_url(response.final_url.empty() ? task.url() : response.final_url);
  for (const auto& [name, value] : response.headers) {
    auto* h = r.add_headers();
    h->set_name(name);
    h->set_value(value);
  }
  r.set_content_type(response.content_type);
  r.set_declared_content_type(response.declared_content_type);
  r.set_failure(response.failure);
  r.set_charset(response.charset);
  r.set_etag(response.etag);
  r.set_last_modified(response.last_modified);
  r.set_body(response.body);
  r.set_error(response.error);
  SetTimestampMs(r.mutable_fetched_at(), fetched_ms);
  r.set_elapsed_ms(response.elapsed_ms);
  r.set_truncated(response.truncated);
  r.set_address(response.address);
  return r;
}

LocalFetch::LocalFetch(fetch::Fetcher* fetcher, std::string user_agent, const Clock* clock)
    : fetcher_(fetcher), clock_(clock), user_agent_(std::move(user_agent)),
      product_token_(robots::ProductToken(user_agent_)) {}

void LocalFetch::Fetch(const caravan::v1::FetchTask& task,
                       std::function<void(caravan::v1::FetchResult)> done) {
  std::string origin, path;
  if (!SplitOrigin(task.url(), &origin, &path)) {
    caravan::v1::FetchResult r;
    *r.mutable_task() = task;
    r.set_error("not an absolute URL: " + task.url());
    done(std::move(r));
    return;
  }
  HostRobots robots;
  std::string robots_url;
  {
    std::lock_guard lock(mu_);
    HostRobots& h = robots_[origin];
    if (h.expires_ms <= clock_->NowMs()) {
      h.waiting.push_back(Pending{task, std::move(done)});
      if (h.fetching) return;
      h.fetching = true;
      robots_url = h.next_url.empty() ? origin + "/robots.txt" : h.next_url;
    } else {
      robots.rules = h.rules;
      robots.unavailable = h.unavailable;
      robots.unavailable_kind = h.unavailable_kind;
    }
  }
  // Submitted unlocked: the fetcher may call back at once.
  if (!robots_url.empty()) {
    fetch::FetchRequest request{robots_url, "", ""};
    request.follow_redirects = false;
    fetcher_->Submit(std::move(request),
                     [this, origin](fetch::FetchResponse response) { OnRobots(origin, response); });
    return;
  }
  FetchAllowed(task, robots, std::move(done));
}

void LocalFetch::OnRobots(const std::string& origin, const fetch::FetchResponse& response) {
  std::vector<Pending> waiting;
  HostRobots robots;
  bool deferred = true;
  {
    std::lock_guard lock(mu_);
    HostRobots& h = robots_[origin];
    h.fetching = false;
    waiting.swap(h.waiting);
    std::string location = response.Header("Location");
    std::optional<std::string> target;
    if (fetch::failure::IsRedirect(response.status) && !location.empty()) {
      target = url::Resolve(response.url, location);
    }
    if (target && h.hops < kRobotsMaxHops) {
      h.next_url = *target;
      ++h.hops;
    } else {
      int64_t ttl = kRobotsTtlMs;
      h.rules = robots::RulesForStatus(response.status, response.body, product_token_);
      h.unavailable.clear();
      if (robots::Unreachable(response.status)) {
        // Nothing of the host is fetched until it answers: ask again soon.
        h.unavailable = response.status > 0 ? "HTTP " + std::to_string(response.status) : response.error;
        h.unavailable_kind = response.failure == fetch::failure::kBlockedAddress
                                 ? fetch::failure::kBlockedAddress
                                 : fetch::failure::kRobotsUnavailable;
        ttl = kRobotsRetryMs;
        deferred = false;
      }
      h.expires_ms = clock_->NowMs() + ttl;
      h.next_url.clear();
      h.hops = 0;
    }
    robots.rules = h.rules;
    robots.unavailable = h.unavailable;
    robots.unavailable_kind = h.unavailable_kind;
  }
  ReleaseWaiting(origin, std::move(waiting), robots, response, deferred);
}

void LocalFetch::ReleaseWaiting(const std::string& origin, std::vector<Pending> waiting, const HostRobots& robots,
                                const fetch::FetchResponse& response, bool deferred) {
  if (!deferred) {
    for (auto& p : waiting) FetchAllowed(p.task, robots, std::move(p.done));
    return;
  }
  const int64_t crawl_delay_ms = CrawlDelayMs(robots.rules);
  const std::vector<std::string> sitemaps = SitemapsOf(robots.rules, origin);
  const int64_t fetched_ms = clock_->NowMs();
  for (auto& p : waiting) {
    caravan::v1::FetchResult r = ToFetchResult(p.task, response, fetched_ms);
    r.set_deferred(true);
    r.clear_body();
    r.set_final_url(p.task.url());
    r.set_crawl_delay_ms(crawl_delay_ms);
    for (const auto& s : sitemaps) r.add_robots_sitemaps(s);
    p.done(std::move(r));
  }
}

void LocalFetch::FetchAllowed(const caravan::v1::FetchTask& task, const HostRobots& robots,
                              std::function<void(caravan::v1::FetchResult)> done) {
  std::string origin, path;
  SplitOrigin(task.url(), &origin, &path);
  if (!robots.unavailable.empty()) {
    // Not a denial by the site's rules: the host is unwell, and the
    // frontier backs off from it like from any other host failure.
    caravan::v1::FetchResult r;
    *r.mutable_task() = task;
    r.set_failure(robots.unavailable_kind);
    r.set_error(origin + "/robots.txt unavailable (" + robots.unavailable + "); not fetching " + task.url());
    done(std::move(r));
    return;
  }
  const robots::RobotsRules& rules = robots.rules;
  const int64_t crawl_delay_ms = CrawlDelayMs(rules);
  robots::RobotsRules::Decision decision = rules.Check(path);
  if (!decision.allowed) {
    caravan::v1::FetchResult r;
    *r.mutable_task() = task;
    r.set_robots_denied(true);
    r.set_robots_rule(decision.rule);
    r.set_error("robots.txt disallows " + task.url() + " (" + decision.rule + ")");
    r.set_crawl_delay_ms(crawl_delay_ms);
    done(std::move(r));
    return;
  }
  fetch::FetchRequest request{task.url(), task.etag(), task.last_modified()};
  request.follow_redirects = false;
  fetcher_->Submit(std::move(request),
                   [task, crawl_delay_ms, clock = clock_, done = std::move(done)](fetch::FetchResponse response) {
                     caravan::v1::FetchResult r = ToFetchResult(task, response, clock->NowMs());
                     r.set_crawl_delay_ms(crawl_delay_ms);
                     done(std::move(r));
                   });
}

}  // namespace caravan::pipeline
