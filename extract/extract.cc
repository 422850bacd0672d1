#include <exception>
#include <string>

#include "extract/article.h"
#include "extract/charset.h"
#include "extract/html_dom.h"
#include "extract/language.h"
#include "extract/listing.h"
#include "extract/main_text.h"
#include "extract/metadata.h"
#include "extract/pdf.h"
#include "extract/text_util.h"

namespace caravan::extract {
namespace {

// Larger bodies are not articles; parsing them would only cost memory.
constexpr size_t kMaxBodyBytes = 20 << 20;
// The HTML tree takes up to about 30 bytes of memory per byte of dense
// markup (a 26 MiB page of nested divs and links peaked at 700 MB), so
// HTML is cut here, which bounds one document at about 300 MB; article
// pages, inline scripts and all, are far smaller.
constexpr size_t kMaxHtmlBytes = 8 << 20;
// Detection on less text than this is a guess.
constexpr size_t kMinDetectBytes = 200;
// DetectLanguage reads no further anyway.
constexpr size_t kDetectSampleBytes = 2 << 10;

bool IsBinaryType(std::string_view content_type) {
  std::string ct = AsciiLowerCopy(TrimAscii(content_type));
  for (std::string_view p : {"image/", "audio/", "video/", "font/"}) {
    if (ct.starts_with(p)) return true;
  }
  return false;
}

// Declared languages are often a template's default ("en-US" on every
// page of a multilingual site), so confident detection on enough text
// overrides them; without a declaration any verdict beats none.
void SettleLanguage(Article* a) {
  std::string sample = a->title;
  sample += '\n';
  sample += std::string_view(a->text).substr(0, kDetectSampleBytes);
  DetectedLanguage d = DetectLanguage(sample);
  if (d.code.empty()) return;
  if (a->language.empty()) {
    if (d.reliable || a->text.size() >= kMinDetectBytes) a->language = d.code;
    return;
  }
  if (d.code != a->language && d.reliable && d.percent >= 80 && a->text.size() >= kMinDetectBytes) {
    a->language = d.code;
  }
}

std::string PlainText(std::string_view utf8) {
  std::string out;
  for (const std::string& para : SplitAny(utf8, {"\r\n\r\n", "\n\n", "\r\r"})) {
    if (!out.empty()) out += "\n\n";
    out += para;
  }
  return out;
}

Article ExtractHtml(std::string_view body, const Input& input) {
  Article a;
  std::string charset;
  std::string utf8 = ToUtf8(body, input.charset, &charset);
  DocPtr doc = ParseHtml(utf8);
  if (!doc) {
    a.error =
        "html: the parser built no document from " + std::to_string(body.size()) + " bytes (" + charset + ")";
    return a;
  }
  MainText main = ExtractMainText(doc.get());
  ExtractMetadata(doc.get(), input.url, main, &a);
  ListingVerdict listing = ClassifyListing(doc.get(), main, input.url);
  a.listing = listing.listing;
  a.listing_continuation = listing.continuation;
  DropHeaderLines(a.title, a.authors, &main.text);
  a.text = std::move(main.text);
  a.standfirst = std::move(main.standfirst);
  if (a.text.empty()) a.error = "html: no main text found";
  return a;
}

}  // namespace

Article Extract(const Input& input) {
  Article a;
  try {
    std::string_view body = input.body;
    if (body.empty()) {
      a.error = "empty body";
      return a;
    }
    if (IsBinaryType(input.content_type)) {
      a.error = "unsupported content type " + std::string(input.content_type);
      return a;
    }
    if (IsPdf(body, input.content_type)) {
      if (body.size() > kMaxBodyBytes) {
        a.error = "pdf: " + std::to_string(body.size()) + " bytes exceed the " +
                  std::to_string(kMaxBodyBytes) + " byte limit";
        return a;
      }
      a = ExtractPdf(body);
    } else if (StartsWithNoCase(TrimAscii(input.content_type), "text/plain")) {
      a.text = PlainText(ToUtf8(body.substr(0, kMaxBodyBytes), input.charset));
    } else {
      a = ExtractHtml(body.substr(0, kMaxHtmlBytes), input);
    }
    SettleLanguage(&a);
  } catch (const std::exception& e) {
    a = Article();
    a.error = std::string("extract: ") + e.what() + " (url " + std::string(input.url) + ")";
  }
  return a;
}

}  // namespace caravan::extract
