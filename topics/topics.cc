#include "topics/topics.h"

#include <algorithm>
#include <span>

#include "common/ascii.h"
#include "common/embedded.h"
#include "common/hash.h"
#include "common/utf8.h"
#include "extract/text_util.h"

namespace caravan::topics {

// topics/lexicon.txt (lexicon.cc, written by CMake).
std::span<const EmbeddedFile> LexiconFiles();

namespace {

struct Term {
  std::string folded;  // without the '*'
  bool prefix = false;
  bool cjk = false;  // matches anywhere
};

struct Lexicon {
  std::vector<std::string> names;
  std::vector<std::vector<Term>> terms;  // by topic, parallel to names
  std::vector<std::string> problems;
};

bool StartsCjk(std::string_view s) {
  // U+2E80 and above in UTF-8 start with E2 BA.. or a lead byte E3-E9.
  if (s.empty()) return false;
  auto b = static_cast<unsigned char>(s[0]);
  return b >= 0xE3 && b <= 0xE9;
}

const Lexicon& Get() {
  static const Lexicon* lexicon = [] {
    auto* l = new Lexicon;
    std::string_view text = LexiconFiles()[0].text;
    int line_no = 0;
    while (!text.empty()) {
      size_t eol = text.find('\n');
      std::string_view line = TrimAscii(text.substr(0, eol));
      text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
      ++line_no;
      if (line.empty() || line.front() == '#') continue;
      if (line.front() == '[' && line.back() == ']') {
        l->names.emplace_back(line.substr(1, line.size() - 2));
        l->terms.emplace_back();
        continue;
      }
      if (l->names.empty()) {
        l->problems.push_back("lexicon.txt:" + std::to_string(line_no) + ": term outside a topic");
        continue;
      }
      Term term;
      term.prefix = line.back() == '*';
      if (term.prefix) line.remove_suffix(1);
      term.folded = extract::FoldCase(line);
      if (term.folded != line) {
        l->problems.push_back("lexicon.txt:" + std::to_string(line_no) + ": term not lowercase: " +
                              std::string(line));
      }
      term.cjk = StartsCjk(term.folded);
      l->terms.back().push_back(std::move(term));
    }
    return l;
  }();
  return *lexicon;
}

// Whether the character of UTF-8 `s` starting at `at` (or the text's end)
// is no part of a word.
bool Boundary(std::string_view s, size_t at) { return at >= s.size() || !IsWordCodePoint(NextCodePoint(s, &at)); }

// Whether a word ends before `at`: at the text's start, or after a
// character that is no part of a word.
bool BoundaryBefore(std::string_view s, size_t at) {
  if (at == 0) return true;
  size_t start = at - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  return Boundary(s, start);
}

int Count(std::string_view folded, const Term& term) {
  int n = 0;
  for (size_t at = folded.find(term.folded); at != std::string_view::npos;
       at = folded.find(term.folded, at + 1)) {
    if (term.cjk) {
      ++n;
      continue;
    }
    size_t end = at + term.folded.size();
    if (BoundaryBefore(folded, at) && (term.prefix || Boundary(folded, end))) ++n;
  }
  return n;
}

}  // namespace

std::vector<Explanation> Explain(std::string_view title, std::string_view text) {
  const Lexicon& l = Get();
  std::string folded_title = extract::FoldCase(title), folded_text = extract::FoldCase(text);
  std::vector<Explanation> out;
  for (size_t i = 0; i < l.names.size(); ++i) {
    Explanation e;
    e.topic = l.names[i];
    for (const Term& term : l.terms[i]) {
      int in_title = Count(folded_title, term), in_text = Count(folded_text, term);
      if (in_title + in_text == 0) continue;
      e.terms[term.folded + (term.prefix ? "*" : "")] += in_title + in_text;
      e.score += kTitleWeight * in_title + in_text;
    }
    if (e.score > 0) out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const Explanation& a, const Explanation& b) { return a.score > b.score; });
  return out;
}

std::vector<TopicScore> Classify(std::string_view title, std::string_view text) {
  std::vector<TopicScore> out;
  for (const Explanation& e : Explain(title, text)) {
    if (e.score >= kMinTopicScore) out.push_back({e.topic, e.score});
  }
  return out;
}

const std::string& LexiconVersion() {
  static const std::string version = Hash128Hex(LexiconFiles()[0].text);
  return version;
}

const std::vector<std::string>& TopicNames() { return Get().names; }

const std::vector<std::string>& LexiconProblems() { return Get().problems; }

}  // namespace caravan::topics
