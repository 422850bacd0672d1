#include "extract/title.h"

#include <string>
#include <utility>
#include <vector>

#include "extract/text_util.h"

namespace caravan::extract {
namespace {

std::string Compact(std::string_view s) {
  std::string out;
  for (char c : FoldCase(s)) {
    if (!IsAsciiSpace(c) && c != '.' && c != '-' && c != '_') out.push_back(c);
  }
  return out;
}

// "ankasam.org" -> "ankasam"; "www.cssc.kz" -> "cssc".
std::string HostLabel(std::string_view host) {
  if (host.starts_with("www.")) host.remove_prefix(4);
  size_t dot = host.rfind('.');
  if (dot != std::string_view::npos) host = host.substr(0, dot);
  dot = host.rfind('.');
  if (dot != std::string_view::npos && host.size() - dot > 4) host = host.substr(dot + 1);
  return Compact(host);
}


const std::vector<std::string_view>& TitleSeparators() {
  // "_" without spaces is how Chinese portals join title, section and site.
  static const std::vector<std::string_view> kSeps = {" | ", " - ", " — ", " – ", " :: ", " « ",  " » ",
                                                      " › ", " ‹ ", " • ", " · ", " ~ ",  " // ", "_"};
  return kSeps;
}

// Positions and lengths of title separators, in order.
std::vector<std::pair<size_t, size_t>> SeparatorsIn(std::string_view t) {
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t i = 0; i < t.size(); ++i) {
    for (std::string_view sep : TitleSeparators()) {
      if (t.substr(i, sep.size()) == sep) {
        out.emplace_back(i, sep.size());
        i += sep.size() - 1;
        break;
      }
    }
  }
  return out;
}

}  // namespace

bool LooksLikeSite(std::string_view part, std::string_view site_name, std::string_view host) {
  std::string p = FoldCase(CollapseSpaces(part));
  if (p.empty()) return true;
  if (!site_name.empty()) {
    std::string s = FoldCase(CollapseSpaces(site_name));
    if (p == s) return true;
    if (p.size() >= 3 && s.find(p) != std::string::npos) return true;
    if (s.size() >= 3 && p.find(s) != std::string::npos && Words(p) <= Words(s) + 2) return true;
  }
  std::string label = HostLabel(host);
  if (label.size() >= 3) {
    std::string cp = Compact(part);
    if (cp == label || cp == Compact(host) || (cp.find(label) != std::string::npos && Words(part) <= 3)) {
      return true;
    }
  }
  return false;
}

std::string StripSiteName(std::string_view title, std::string_view site_name, std::string_view host) {
  std::string t = CollapseSpaces(title);
  if (site_name.empty() && host.empty()) return t;
  // Peel site-name parts off both ends; never the last remaining part.
  bool changed = true;
  while (changed) {
    changed = false;
    auto seps = SeparatorsIn(t);
    if (seps.empty()) break;
    auto [last_pos, last_len] = seps.back();
    if (LooksLikeSite(std::string_view(t).substr(last_pos + last_len), site_name, host)) {
      t = t.substr(0, last_pos);
      changed = true;
      continue;
    }
    auto [first_pos, first_len] = seps.front();
    if (LooksLikeSite(std::string_view(t).substr(0, first_pos), site_name, host)) {
      t = t.substr(first_pos + first_len);
      changed = true;
    }
  }
  return CollapseSpaces(t);
}

}  // namespace caravan::extract
