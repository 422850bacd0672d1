// Crawler traps: URL spaces a site generates without end (calendars,
// repeated path segments, query-parameter combinations) and the per-host
// URL budget that bounds whatever the checks miss. Heritrix's
// PathologicalPath / TooManyPathSegments rules and StormCrawler's
// max-URL-length filter are the models.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace caravan::frontier {

struct TrapOptions {
  size_t max_url_length = 2048;
  int max_path_segments = 24;
  // A run of 1-3 segments repeated this many times in a row ("/a/a/a",
  // "/en/news/en/news/en/news") is a relative-link loop.
  int max_repeats = 3;
  // Years a calendar may reach: past min_year or beyond next year, a
  // year-month in the URL is a calendar page nobody wrote.
  int min_year = 1980;
  int years_ahead = 1;
  // Distinct sets of parameter names on one path: more are facet or
  // sort combinations. One name set may take many values (?id=N is how
  // legacy portals number articles), up to max_values_per_name_set.
  int max_name_sets_per_path = 64;
  int max_values_per_name_set = 20'000;
  // Known URLs per host at most.
  int64_t max_urls_per_host = 200'000;
};

// Reason names, as counted in SourceStatus.skipped.
namespace trap {
inline constexpr std::string_view kLongUrl = "trap_long_url";
inline constexpr std::string_view kDeepPath = "trap_deep_path";
inline constexpr std::string_view kRepeatedPath = "trap_repeated_path";
inline constexpr std::string_view kCalendar = "trap_calendar";
inline constexpr std::string_view kQueryCombinations = "trap_query_combinations";
inline constexpr std::string_view kQueryValues = "trap_query_values";
inline constexpr std::string_view kHostBudget = "host_budget";
}  // namespace trap

// Checks of one URL on its own: the trap reason, or "" when it looks sane.
// `url` is normalized; `current_year` anchors the calendar window.
std::string_view UrlTrapReason(std::string_view url, const TrapOptions& options, int current_year);

// The stateful checks: counts of what each host already has. Not
// thread-safe; the frontier owns one and locks around it.
class TrapCounter {
 public:
  explicit TrapCounter(TrapOptions options) : options_(options) {}

  // Whether `url` (normalized) of `host` may be added, counting it if so;
  // otherwise returns the reason and counts nothing.
  std::string_view Admit(const std::string& host, std::string_view url);
  // Counts a URL already known (at start-up) without judging it.
  void Count(const std::string& host, std::string_view url);

 private:
  struct PathQueries {
    std::map<std::string, int64_t> values_by_name_set;
  };
  struct HostCounts {
    int64_t urls = 0;
    std::map<std::string, PathQueries> by_path;  // only paths with queries
  };

  TrapOptions options_;
  std::map<std::string, HostCounts> hosts_;
};

}  // namespace caravan::frontier
