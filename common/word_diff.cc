#include "common/word_diff.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace caravan {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

struct Token {
  std::string_view word;
  std::string_view space;  // the white space after it
};

std::vector<Token> Tokens(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size() && IsSpace(s[i])) ++i;
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    size_t word_end = i;
    while (i < s.size() && IsSpace(s[i])) ++i;
    out.push_back({s.substr(start, word_end - start), s.substr(word_end, i - word_end)});
  }
  return out;
}

// Appends words [from, to) of `tokens` inside `open`...`close`, their white
// space inside too, and the last one's after the marker when `spaced`.
void AppendMarked(const std::vector<Token>& tokens, size_t from, size_t to, std::string_view open,
                  std::string_view close, bool spaced, std::string* out) {
  if (from == to) return;
  out->append(open);
  for (size_t i = from; i < to; ++i) {
    out->append(tokens[i].word);
    if (i + 1 < to) out->append(tokens[i].space);
  }
  out->append(close);
  if (spaced) out->append(tokens[to - 1].space);
}

// A removed run, then the added run that replaces it, side by side.
void AppendChange(const std::vector<Token>& a, size_t a_from, size_t a_to, const std::vector<Token>& b,
                  size_t b_from, size_t b_to, std::string* out) {
  AppendMarked(a, a_from, a_to, "[-", "-]", b_from == b_to, out);
  AppendMarked(b, b_from, b_to, "{+", "+}", true, out);
}

}  // namespace

std::string WordDiff(std::string_view before, std::string_view after) {
  std::vector<Token> a = Tokens(before), b = Tokens(after);
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix].word == b[prefix].word) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix].word == b[b.size() - 1 - suffix].word) {
    ++suffix;
  }
  std::string out;
  for (size_t i = 0; i < prefix; ++i) out.append(b[i].word).append(b[i].space);

  const size_t n = a.size() - prefix - suffix, m = b.size() - prefix - suffix;
  if (n > 0 && m > 0 && (n + 1) * (m + 1) <= kWordDiffMaxCells) {
    // lcs[i][j]: common words of a's middle from i and b's from j.
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        at(i, j) = a[prefix + i].word == b[prefix + j].word ? at(i + 1, j + 1) + 1
                                                            : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      size_t i0 = i, j0 = j;
      while (i < n && (j == m || (a[prefix + i].word != b[prefix + j].word && at(i + 1, j) >= at(i, j + 1)))) ++i;
      while (j < m && (i == n || (a[prefix + i].word != b[prefix + j].word && at(i, j + 1) > at(i + 1, j)))) ++j;
      if (i == i0 && j == j0) {  // a common word
        out.append(b[prefix + j].word).append(b[prefix + j].space);
        ++i, ++j;
        continue;
      }
      AppendChange(a, prefix + i0, prefix + i, b, prefix + j0, prefix + j, &out);
    }
  } else {
    AppendChange(a, prefix, prefix + n, b, prefix, prefix + m, &out);
  }
  for (size_t k = b.size() - suffix; k < b.size(); ++k) out.append(b[k].word).append(b[k].space);
  return out;
}

}  // namespace caravan
