// The fetch stage in process: robots.txt first, then the page.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/clock.h"
#include "crawler/fetch/fetcher.h"
#include "crawler/robots/robots.h"
#include "services/pipeline/stages.h"

namespace caravan::pipeline {

// Fetches tasks through `fetcher` (not owned) after checking the host's
// robots.txt, which it fetches on first use and keeps for at most 24 hours
// (RFC 9309 2.4). An unreachable robots.txt or a 5xx disallows the whole
// host and is retried after a few minutes; a 4xx allows everything.
//
// Every call makes at most one request, so that the frontier's delay holds
// for each: when robots.txt is due, the call fetches it (or the next hop of
// its redirects, up to five, RFC 9309 2.3.1.2) instead of the task and
// answers `deferred`; the frontier hands the task out again after the
// host's delay. Pages are fetched without following redirects: the 3xx
// goes back to the pipeline, which queues the next hop.
class LocalFetch : public FetchStage {
 public:
  // `clock` (not owned) stamps fetched_at and ages the robots.txt cache.
  LocalFetch(fetch::Fetcher* fetcher, std::string user_agent, const Clock* clock = SystemClock());

  void Fetch(const caravan::v1::FetchTask& task,
             std::function<void(caravan::v1::FetchResult)> done) override;

 private:
  struct Pending {
    caravan::v1::FetchTask task;
    std::function<void(caravan::v1::FetchResult)> done;
  };
  struct HostRobots {
    robots::RobotsRules rules = robots::RobotsRules::AllowAll();
    // Why robots.txt could not be read (then rules disallow all), "" if read.
    std::string unavailable;
    // The failure kind the host's tasks then get: robots_unavailable, or
    // blocked_address when the SSRF guard refused the host's address.
    std::string unavailable_kind;
    int64_t expires_ms = 0;
    // While following robots.txt's redirects: the next hop, and how many
    // were taken.
    std::string next_url;
    int hops = 0;
    bool fetching = false;
    std::vector<Pending> waiting;
  };

  void OnRobots(const std::string& origin, const fetch::FetchResponse& response);
  // Answers every task waiting for the origin's robots.txt: deferred, or
  // through FetchAllowed when the host turned out unavailable (no request).
  void ReleaseWaiting(const std::string& origin, std::vector<Pending> waiting, const HostRobots& robots,
                      const fetch::FetchResponse& response, bool deferred);
  void FetchAllowed(const caravan::v1::FetchTask& task, const HostRobots& robots,
                    std::function<void(caravan::v1::FetchResult)> done);

  fetch::Fetcher* fetcher_;
  const Clock* clock_;
  std::string user_agent_;
  std::string product_token_;
  std::mutex mu_;
  std::map<std::string, HostRobots> robots_;  // by origin
};

// Converts a fetcher response into the stage message.
caravan::v1::FetchResult ToFetchResult(const caravan::v1::FetchTask& task,
                                       const fetch::FetchResponse& response, int64_t fetched_ms);

}  // namespace caravan::pipeline
