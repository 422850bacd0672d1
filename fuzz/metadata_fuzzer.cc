// Metadata and dates: the date parsers, byline and title rules on the
// input as text, then ExtractMetadata on it as a page and as a JSON-LD
// block, which reaches the JSON-LD reader without an HTML wrapper to find.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/article.h"
#include "extract/authors.h"
#include "extract/charset.h"
#include "extract/dates.h"
#include "extract/html_dom.h"
#include "extract/main_text.h"
#include "extract/metadata.h"
#include "extract/title.h"

namespace {

using namespace caravan::extract;

constexpr std::string_view kUrl = "https://www.example.org/en/2024/09/13/middle-corridor/";

void Metadata(const std::string& html) {
  DocPtr doc = ParseHtml(html);
  if (!doc) return;
  Article a;
  ExtractMetadata(doc.get(), kUrl, MainText{}, &a);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Callers hand these functions text out of the decoded page.
  std::string text = ToUtf8(std::string_view(reinterpret_cast<const char*>(data), size), "utf-8");
  int offset = 0;
  ParseDate(text, &offset);
  DateFromUrl(text);
  FindDateInText(text);
  SplitAuthors(text);
  // "title\nsite name\nhost"
  std::string_view rest = text;
  std::string_view parts[3];
  for (std::string_view& p : parts) {
    size_t nl = rest.find('\n');
    p = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  }
  StripSiteName(parts[0], parts[1], parts[2]);

  Metadata(text);
  Metadata("<html><head><script type=\"application/ld+json\">" + text + "</script></head></html>");
  return 0;
}
