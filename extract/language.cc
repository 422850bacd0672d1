#include "extract/language.h"

#include <cld2/public/compact_lang_det.h>

#include <algorithm>

#include "extract/text_util.h"

namespace caravan::extract {

std::string PrimaryLanguage(std::string_view tag) {
  tag = TrimAscii(tag);
  size_t end = tag.find_first_of("-_.@ ");
  std::string_view primary = tag.substr(0, end);
  if (primary.size() < 2 || primary.size() > 3) return "";
  if (!std::all_of(primary.begin(), primary.end(), IsAsciiAlpha)) return "";
  return AsciiLowerCopy(primary);
}

DetectedLanguage DetectLanguage(std::string_view text) {
  constexpr size_t kMaxBytes = 2 * 1024;
  if (text.size() > kMaxBytes) {
    size_t cut = kMaxBytes;
    // Cut on a code point boundary: CLD2 assumes valid UTF-8.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut);
  }
  DetectedLanguage out;
  if (text.empty()) return out;
  CLD2::Language top3[3];
  int percent3[3];
  int text_bytes = 0;
  bool reliable = false;
  CLD2::Language lang =
      CLD2::DetectLanguageSummary(text.data(), static_cast<int>(text.size()),
                                  /*is_plain_text=*/true, top3, percent3, &text_bytes, &reliable);
  if (lang == CLD2::UNKNOWN_LANGUAGE) return out;
  out.code = PrimaryLanguage(CLD2::LanguageCode(lang));
  out.reliable = reliable;
  out.percent = percent3[0];
  return out;
}

}  // namespace caravan::extract
