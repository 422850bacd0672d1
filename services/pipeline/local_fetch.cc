#include "services/pipeline/local_fetch.h"

#include "common/proto_time.h"
#include "common/time.h"
#include "crawler/fetch/failure.h"
#include "crawler/url/url.h"

namespace caravan::pipeline {
namespace {

constexpr int64_t kRobotsTtlMs = 24LL * 3600 * 1000;
constexpr int64_t kRobotsRetryMs = 5LL * 60 * 1000;

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
                                       const fetch::FetchResponse& response) {
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
  SetTimestampMs(r.mutable_fetched_at(), NowMs());
  r.set_elapsed_ms(response.elapsed_ms);
  r.set_truncated(response.truncated);
  return r;
}

LocalFetch::LocalFetch(fetch::Fetcher* fetcher, std::string user_agent)
    : fetcher_(fetcher), user_agent_(std::move(user_agent)),
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
  bool fetch_robots = false;
  {
    std::lock_guard lock(mu_);
    HostRobots& h = robots_[origin];
    if (h.expires_ms <= NowMs()) {
      h.waiting.push_back(Pending{task, std::move(done)});
      if (h.fetching) return;
      h.fetching = true;
      fetch_robots = true;
    } else {
      robots.rules = h.rules;
      robots.unavailable = h.unavailable;
    }
  }
  // Submitted unlocked: the fetcher may call back at once.
  if (fetch_robots) {
    fetcher_->Submit(fetch::FetchRequest{origin + "/robots.txt", "", ""},
                     [this, origin](fetch::FetchResponse response) { OnRobots(origin, response); });
    return;
  }
  FetchAllowed(task, robots, /*announce_sitemaps=*/false, std::move(done));
}

void LocalFetch::OnRobots(const std::string& origin, const fetch::FetchResponse& response) {
  HostRobots robots;
  int64_t ttl = kRobotsTtlMs;
  if (response.status >= 200 && response.status < 300) {
    robots.rules = robots::RobotsRules::Parse(response.body, product_token_);
  } else if (response.status >= 400 && response.status < 500) {
    robots.rules = robots::RobotsRules::AllowAll();
  } else {
    // 5xx or unreachable: assume complete disallow, and ask again soon.
    robots.rules = robots::RobotsRules::DisallowAll();
    robots.unavailable = response.status >= 500 ? "HTTP " + std::to_string(response.status)
                                                 : response.error;
    ttl = kRobotsRetryMs;
  }
  std::vector<Pending> waiting;
  {
    std::lock_guard lock(mu_);
    HostRobots& h = robots_[origin];
    h.rules = robots.rules;
    h.unavailable = robots.unavailable;
    h.expires_ms = NowMs() + ttl;
    h.fetching = false;
    waiting.swap(h.waiting);
  }
  for (auto& p : waiting) FetchAllowed(p.task, robots, /*announce_sitemaps=*/true, std::move(p.done));
}

void LocalFetch::FetchAllowed(const caravan::v1::FetchTask& task, const HostRobots& robots,
                              bool announce_sitemaps, std::function<void(caravan::v1::FetchResult)> done) {
  std::string origin, path;
  SplitOrigin(task.url(), &origin, &path);
  if (!robots.unavailable.empty()) {
    // Not a denial by the site's rules: the host is unwell, and the
    // frontier backs off from it like from any other host failure.
    caravan::v1::FetchResult r;
    *r.mutable_task() = task;
    r.set_failure(std::string(fetch::failure::kRobotsUnavailable));
    r.set_error(origin + "/robots.txt unavailable (" + robots.unavailable + "); not fetching " + task.url());
    done(std::move(r));
    return;
  }
  const robots::RobotsRules& rules = robots.rules;
  std::vector<std::string> sitemaps;
  if (announce_sitemaps) {
    for (const auto& s : rules.sitemaps()) {
      // Relative Sitemap: lines are resolved against robots.txt itself.
      if (auto absolute = url::Resolve(origin + "/robots.txt", s)) sitemaps.push_back(*absolute);
    }
  }
  int64_t crawl_delay_ms = rules.crawl_delay() ? static_cast<int64_t>(*rules.crawl_delay() * 1000) : 0;
  robots::RobotsRules::Decision decision = rules.Check(path);
  if (!decision.allowed) {
    caravan::v1::FetchResult r;
    *r.mutable_task() = task;
    r.set_robots_denied(true);
    r.set_robots_rule(decision.rule);
    r.set_error("robots.txt disallows " + task.url() + " (" + decision.rule + ")");
    r.set_crawl_delay_ms(crawl_delay_ms);
    for (const auto& s : sitemaps) r.add_robots_sitemaps(s);
    done(std::move(r));
    return;
  }
  fetch::FetchRequest request{task.url(), task.etag(), task.last_modified()};
  fetcher_->Submit(std::move(request),
                   [task, crawl_delay_ms, sitemaps = std::move(sitemaps),
                    done = std::move(done)](fetch::FetchResponse response) {
                     caravan::v1::FetchResult r = ToFetchResult(task, response);
                     r.set_crawl_delay_ms(crawl_delay_ms);
                     for (const auto& s : sitemaps) r.add_robots_sitemaps(s);
                     done(std::move(r));
                   });
}

}  // namespace caravan::pipeline
