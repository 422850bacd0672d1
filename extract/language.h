// Language of a document: declared tags and detection from the text.
#pragma once

#include <string>
#include <string_view>

namespace caravan::extract {

// The primary subtag of a BCP 47 tag or POSIX locale, lowercased:
// "en-US" -> "en", "zh_CN" -> "zh", "KK" -> "kk". "" unless it is two or
// three letters (so "x-default", "*" and junk give "").
std::string PrimaryLanguage(std::string_view tag);

struct DetectedLanguage {
  std::string code;  // primary subtag as above, "" if unknown
  bool reliable = false;
  int percent = 0;  // share of the text in that language
};

// Detects the language of plain UTF-8 text with CLD2. Only the first
// 4 KiB are looked at: some 600 words, plenty for a verdict, and detection time grows
// with the input.
DetectedLanguage DetectLanguage(std::string_view text);

}  // namespace caravan::extract
