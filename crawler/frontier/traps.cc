#include "crawler/frontier/traps.h"

#include <algorithm>
#include <vector>

#include <re2/re2.h>

namespace caravan::frontier {
namespace {

struct Parts {
  std::string_view path;
  std::string_view query;  // without '?'
};

Parts Split(std::string_view url) {
  Parts p;
  size_t scheme = url.find("://");
  size_t start = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (start == std::string_view::npos) return p;
  std::string_view rest = url.substr(start);
  rest = rest.substr(0, rest.find('#'));
  size_t q = rest.find('?');
  p.path = rest.substr(0, q);
  if (q != std::string_view::npos) p.query = rest.substr(q + 1);
  return p;
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool HasRepeatedRun(const std::vector<std::string_view>& seg, int repeats) {
  const size_t n = seg.size();
  for (size_t len = 1; len <= 3; ++len) {
    for (size_t start = 0; start + len * repeats <= n; ++start) {
      int run = 1;
      for (size_t next = start + len; next + len <= n; next += len) {
        if (!std::equal(seg.begin() + start, seg.begin() + start + len, seg.begin() + next)) break;
        if (++run >= repeats) return true;
      }
    }
  }
  return false;
}

// A year followed by a month ("2031/05", "2031-5", "203105" is too
// ambiguous to count), or a year named as such in the query ("year=2031").
bool IsCalendarBeyond(std::string_view url, int min_year, int max_year) {
  static const RE2 kYearMonth("(?:^|[^0-9])((?:1[0-9]|2[0-9])[0-9][0-9])[-/.](0?[1-9]|1[0-2])(?:[^0-9]|$)");
  static const RE2 kYearParam("(?i)(?:^|[?&;])(?:year|yr|y|date|month|day|cal)[^=&]*=((?:1[0-9]|2[0-9])[0-9][0-9])(?:[^0-9]|$)");
  re2::StringPiece input(url.data(), url.size());
  std::string year, month;
  while (RE2::FindAndConsume(&input, kYearMonth, &year, &month)) {
    int y = std::stoi(year);
    if (y < min_year || y > max_year) return true;
  }
  input = re2::StringPiece(url.data(), url.size());
  while (RE2::FindAndConsume(&input, kYearParam, &year)) {
    int y = std::stoi(year);
    if (y < min_year || y > max_year) return true;
  }
  return false;
}

// "b=2&a=1&a=3" -> "a&b": the parameter names, sorted, each once.
std::string NameSet(std::string_view query) {
  std::set<std::string_view> names;
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view piece = query.substr(start, amp - start);
    if (!piece.empty()) names.insert(piece.substr(0, piece.find('=')));
    start = amp + 1;
  }
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out += '&';
    out += n;
  }
  return out;
}

}  // namespace

std::string_view UrlTrapReason(std::string_view url, const TrapOptions& options, int current_year) {
  if (url.size() > options.max_url_length) return trap::kLongUrl;
  Parts parts = Split(url);
  std::vector<std::string_view> segments = Segments(parts.path);
  if (static_cast<int>(segments.size()) > options.max_path_segments) return trap::kDeepPath;
  if (HasRepeatedRun(segments, options.max_repeats)) return trap::kRepeatedPath;
  if (IsCalendarBeyond(url.substr(url.find("://") == std::string_view::npos ? 0 : url.find("://") + 3),
                       options.min_year, current_year + options.years_ahead)) {
    return trap::kCalendar;
  }
  return "";
}

std::string_view TrapCounter::Admit(const std::string& host, std::string_view url) {
  HostCounts& h = hosts_[host];
  if (h.urls >= options_.max_urls_per_host) return trap::kHostBudget;
  Parts parts = Split(url);
  if (!parts.query.empty()) {
    PathQueries& p = h.by_path[std::string(parts.path)];
    std::string names = NameSet(parts.query);
    auto it = p.values_by_name_set.find(names);
    if (it == p.values_by_name_set.end()) {
      if (static_cast<int>(p.values_by_name_set.size()) >= options_.max_name_sets_per_path) {
        return trap::kQueryCombinations;
      }
      it = p.values_by_name_set.emplace(std::move(names), 0).first;
    }
    if (it->second >= options_.max_values_per_name_set) return trap::kQueryValues;
    ++it->second;
  }
  ++h.urls;
  return "";
}

void TrapCounter::Count(const std::string& host, std::string_view url) {
  HostCounts& h = hosts_[host];
  ++h.urls;
  Parts parts = Split(url);
  if (!parts.query.empty()) ++h.by_path[std::string(parts.path)].values_by_name_set[NameSet(parts.query)];
}

}  // namespace caravan::frontier
