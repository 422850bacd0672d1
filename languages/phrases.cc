#include "languages/phrases.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace caravan::languages {
namespace {

constexpr std::pair<std::string_view, List> kSections[] = {
    {"date_labels", List::kDateLabels},
    {"author_prefixes", List::kAuthorPrefixes},
    {"boiler_lines", List::kBoilerLines},
    {"boiler_starts", List::kBoilerStarts},
    {"credit_starts", List::kCreditStarts},
    {"credit_ends", List::kCreditEnds},
    {"agencies", List::kAgencies},
    {"figure_words", List::kFigureWords},
    {"related_markers", List::kRelatedMarkers},
    {"author_box_labels", List::kAuthorBoxLabels},
    {"archive_words", List::kArchiveWords},
    {"about_starts", List::kAboutStarts},
};
constexpr std::string_view kMonthsSection = "months";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// 1-12 from a month line's number, or 0.
int MonthNumber(std::string_view digits) {
  if (digits.empty() || digits.size() > 2) return 0;
  int month = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
    month = month * 10 + (c - '0');
  }
  return month <= 12 ? month : 0;
}

}  // namespace

Phrasebook::Phrasebook(std::span<const File> files) {
  std::array<std::unordered_set<std::string_view>, std::tuple_size_v<decltype(lists_)>> seen;
  std::unordered_map<std::string_view, std::pair<int, std::string>> month_of;  // name -> month, where
  for (const File& file : files) {
    std::string_view text = file.text;
    enum { kNone, kMonths, kList } in = kNone;
    List list = List::kDateLabels;
    int line_no = 0;
    auto where = [&] { return std::string(file.name) + ".txt:" + std::to_string(line_no); };
    auto problem = [&](const std::string& what) { problems_.push_back(where() + ": " + what); };
    while (!text.empty()) {
      size_t eol = text.find('\n');
      std::string_view line = Trim(text.substr(0, eol));
      text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
      ++line_no;
      if (line.empty() || line.front() == '#') continue;
      if (line.front() == '[') {
        in = kNone;
        if (line.back() != ']') {
          problem("unclosed section header");
          continue;
        }
        std::string_view name = line.substr(1, line.size() - 2);
        if (name == kMonthsSection) in = kMonths;
        for (const auto& [section, l] : kSections) {
          if (name == section) in = kList, list = l;
        }
        if (in == kNone) problem("unknown section [" + std::string(name) + "]");
        continue;
      }
      if (line.front() == '"') {
        if (line.size() < 2 || line.back() != '"') {
          problem("unterminated quote");
          continue;
        }
        line = line.substr(1, line.size() - 2);
      }
      if (in == kNone) {
        problem("entry outside a known section");
      } else if (in == kList) {
        size_t i = static_cast<size_t>(list);
        if (seen[i].insert(line).second) lists_[i].push_back(line);
      } else {
        size_t sp = line.rfind(' ');
        int month = sp == std::string_view::npos ? 0 : MonthNumber(line.substr(sp + 1));
        if (month == 0) {
          problem("a month is written `name number`, the number 1-12");
          continue;
        }
        std::string_view name = Trim(line.substr(0, sp));
        auto [it, added] = month_of.emplace(name, std::make_pair(month, where()));
        if (added) {
          months_.push_back({name, month});
        } else if (it->second.first != month) {
          problem("month " + std::string(name) + " is " + std::to_string(it->second.first) + " in " +
                  it->second.second);
        }
      }
    }
  }
}

const Phrasebook& Compiled() {
  static const Phrasebook* book = new Phrasebook(Files());
  return *book;
}

}  // namespace caravan::languages
