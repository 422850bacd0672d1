// A word diff of two texts, as `git diff --word-diff=plain` prints one:
// removed words in [-...-], added words in {+...+} right after the words
// they replace, the rest as it was
// (white space taken from the new text, paragraphs kept). For showing
// what changed between two versions of a document.
#pragma once

#include <string>
#include <string_view>

namespace caravan {

// Words are runs of non-space bytes. Between the common beginning and end,
// the longest common subsequence of words is kept; a middle too large for
// that (more than kMaxCells word pairs) is shown as all removed and all
// added.
std::string WordDiff(std::string_view before, std::string_view after);

inline constexpr size_t kWordDiffMaxCells = 16 * 1024 * 1024;

}  // namespace caravan
