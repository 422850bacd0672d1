#include "extract/authors.h"

#include <algorithm>
#include <vector>

#include "extract/text_util.h"
#include "languages/phrases.h"

namespace caravan::extract {
namespace {

bool IsName(std::string_view s) {
  if (s.empty() || CodePoints(s) > 60 || Words(s) > 5) return false;
  if (s.find("://") != std::string_view::npos || s.find('@') != std::string_view::npos ||
      s.find("[at]") != std::string_view::npos || s.starts_with("www.") ||
      s.find_first_of("()*:|") != std::string_view::npos) {
    return false;
  }
  if (std::any_of(s.begin(), s.end(), IsAsciiDigit)) return false;
  std::string folded = FoldCase(s);
  for (std::string_view junk : {"admin", "administrator", "wordpressadmin", "webmaster", "guest"}) {
    if (folded == junk) return false;
  }
  for (std::string_view said : {" said", " says", " sagt", " schreibt", " wrote"}) {
    if (folded.ends_with(said)) return false;
  }
  // Three or more words with a lowercase one that is no name particle
  // make a phrase ("Head of Studies", "Redakteur für Wirtschaft").
  if (Words(s) >= 3) {
    static constexpr std::string_view kParticles[] = {"von", "van", "de",  "der", "den", "da",
                                                      "di",  "du",  "dos", "del", "al",  "el",
                                                      "la",  "le",  "bin", "ibn", "y",   "zu"};
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && s[i] == ' ') ++i;
      size_t start = i;
      while (i < s.size() && s[i] != ' ') ++i;
      std::string_view word = s.substr(start, i - start);
      if (word.empty() || !(word[0] >= 'a' && word[0] <= 'z')) continue;
      if (std::find(std::begin(kParticles), std::end(kParticles), word) == std::end(kParticles)) return false;
    }
  }
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return IsAsciiAlpha(c) || static_cast<unsigned char>(c) >= 0xC0; });
}

}  // namespace

std::vector<std::string> SplitAuthors(std::string_view byline) {
  std::string s = CollapseSpaces(byline);
  // Longest first, so that one starting another ("by:", "by") loses.
  static const auto* prefixes = [] {
    auto all = languages::Phrases(languages::List::kAuthorPrefixes);
    auto* sorted = new std::vector<std::string_view>(all.begin(), all.end());
    std::stable_sort(sorted->begin(), sorted->end(),
                     [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
    return sorted;
  }();

  bool stripped = true;
  while (stripped && !s.empty()) {
    stripped = false;
    std::string folded = FoldCase(s);
    for (std::string_view p : *prefixes) {
      if (!folded.starts_with(p)) continue;
      // The prefix must end at a word boundary, or run into a capital as
      // in "AuthorJane Roe" (hidden labels without a space).
      char next = folded.size() > p.size() ? s[p.size()] : ' ';
      bool boundary = next == ' ' || !IsAsciiAlpha(p.back()) || (p.size() >= 4 && next >= 'A' && next <= 'Z');
      if (!boundary) continue;
      s = CollapseSpaces(std::string_view(s).substr(p.size()));
      stripped = true;
      break;
    }
  }
  std::vector<std::string> out;
  for (std::string& part : SplitAny(s, {" and ", " & ", ",", ";", " и ", " ve ", "、", " | ", " und "})) {
    if (IsName(part)) out.push_back(std::move(part));
  }
  return out;
}

void AddAuthors(std::string_view byline, std::vector<std::string>* out) {
  for (std::string& a : SplitAuthors(byline)) {
    std::string key = FoldCase(a);
    bool dup =
        std::any_of(out->begin(), out->end(), [&](const std::string& b) { return FoldCase(b) == key; });
    if (!dup) out->push_back(std::move(a));
  }
}

}  // namespace caravan::extract
