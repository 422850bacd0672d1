#include "extract/pdf.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>

#include "extract/authors.h"
#include "extract/dates.h"
#include "extract/text_util.h"

namespace caravan::extract {
namespace {

constexpr int kMaxPages = 500;  // a book's worth; beyond that only time is spent

struct Line {
  std::string text;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  int page = 0;
  double height() const { return y1 - y0; }
  double width() const { return x1 - x0; }
};

std::string Utf8(const poppler::ustring& s) {
  poppler::byte_array bytes = s.to_utf8();
  return RepairUtf8(std::string_view(bytes.data(), bytes.size()));
}

struct Word {
  std::string text;
  double x0, y0, x1, y1;
  bool space_after;
  double mid() const { return (y0 + y1) / 2; }
  double height() const { return std::max(1.0, y1 - y0); }
};

// Words on one baseline, split where a gap wider than a column gutter
// (one and a half line heights) separates them.
std::vector<Line> Segments(std::vector<Word> words, int page) {
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) { return a.mid() < b.mid(); });
  std::vector<std::vector<Word>> rows;
  for (Word& w : words) {
    if (!rows.empty()) {
      const Word& ref = rows.back().front();
      if (std::fabs(w.mid() - ref.mid()) <= 0.5 * std::max(w.height(), ref.height())) {
        rows.back().push_back(std::move(w));
        continue;
      }
    }
    rows.push_back({std::move(w)});
  }
  std::vector<Line> lines;
  for (auto& row : rows) {
    std::sort(row.begin(), row.end(), [](const Word& a, const Word& b) { return a.x0 < b.x0; });
    Line cur;
    const Word* prev = nullptr;
    for (const Word& w : row) {
      double h = w.height();
      if (prev != nullptr && w.x0 - prev->x1 > 1.5 * h) {
        lines.push_back(std::move(cur));
        prev = nullptr;
      }
      if (prev == nullptr) {
        cur = Line{w.text, w.x0, w.y0, w.x1, w.y1, page};
      } else {
        if (prev->space_after || w.x0 - prev->x1 > 0.15 * h) cur.text.push_back(' ');
        cur.text += w.text;
        cur.x1 = std::max(cur.x1, w.x1);
        cur.y0 = std::min(cur.y0, w.y0);
        cur.y1 = std::max(cur.y1, w.y1);
      }
      prev = &w;
    }
    if (prev != nullptr) lines.push_back(std::move(cur));
  }
  for (Line& l : lines) l.text = CollapseSpaces(l.text);
  return lines;
}

// Reading order of a page's line segments: top to bottom, except that
// between lines spanning the page, a left column is read before a right
// one. The column gutter is the widest vertical strip in the middle of the
// page that no segment crosses while segments lie on both sides of it.
std::vector<Line> ReadingOrder(std::vector<Line> lines, double page_width) {
  std::sort(lines.begin(), lines.end(),
            [](const Line& a, const Line& b) { return a.y0 != b.y0 ? a.y0 < b.y0 : a.x0 < b.x0; });
  if (lines.size() < 4 || page_width <= 0) return lines;
  constexpr int kBins = 200;
  std::vector<int> crossing(kBins, 0);
  for (const Line& l : lines) {
    int from = std::clamp(static_cast<int>(l.x0 / page_width * kBins), 0, kBins - 1);
    int to = std::clamp(static_cast<int>(l.x1 / page_width * kBins), 0, kBins - 1);
    for (int b = from; b <= to; ++b) ++crossing[b];
  }
  // Lines spanning the gutter (titles, running heads) may cross it; a few
  // are allowed.
  int allowed = static_cast<int>(lines.size() / 10);
  int best_from = -1, best_len = 0;
  for (int b = kBins * 3 / 10; b < kBins * 7 / 10;) {
    if (crossing[b] > allowed) {
      ++b;
      continue;
    }
    int e = b;
    while (e < kBins * 7 / 10 && crossing[e] <= allowed) ++e;
    if (e - b > best_len) best_len = e - b, best_from = b;
    b = e;
  }
  if (best_len < 2) return lines;  // under 1% of the width: no gutter
  double gutter = (best_from + best_len / 2.0) / kBins * page_width;
  size_t left = 0, right = 0;
  for (const Line& l : lines) {
    left += l.x1 <= gutter;
    right += l.x0 >= gutter;
  }
  if (left < 2 || right < 2) return lines;
  std::vector<Line> out, lcol, rcol;
  auto flush = [&] {
    for (Line& l : lcol) out.push_back(std::move(l));
    for (Line& l : rcol) out.push_back(std::move(l));
    lcol.clear();
    rcol.clear();
  };
  for (Line& l : lines) {
    if (l.x1 <= gutter) {
      lcol.push_back(std::move(l));
    } else if (l.x0 >= gutter) {
      rcol.push_back(std::move(l));
    } else {
      flush();
      out.push_back(std::move(l));
    }
  }
  flush();
  return out;
}

std::vector<Line> PageLines(const poppler::page& page, int index) {
  std::vector<Word> words;
  for (const poppler::text_box& box : page.text_list()) {
    std::string text = Utf8(box.text());
    if (TrimAscii(text).empty()) continue;
    poppler::rectf r = box.bbox();
    words.push_back(
        {std::move(text), r.x(), r.y(), r.x() + r.width(), r.y() + r.height(), box.has_space_after()});
  }
  return ReadingOrder(Segments(std::move(words), index), page.page_rect().width());
}

// Running heads differ from page to page only in their numbers.
std::string RunningKey(std::string_view text) {
  std::string key;
  for (char c : FoldCase(text)) key.push_back(IsAsciiDigit(c) ? '#' : c);
  return key;
}

bool IsPageNumber(std::string_view text) {
  std::string t = FoldCase(TrimAscii(text));
  for (std::string_view p : {"page ", "p. ", "seite ", "стр. ", "sayfa "}) {
    if (t.starts_with(p)) t = t.substr(p.size());
  }
  while (!t.empty() && (t.front() == '-' || t.front() == ' ' || t.front() == '[')) t.erase(0, 1);
  while (!t.empty() && (t.back() == '-' || t.back() == ' ' || t.back() == ']')) t.pop_back();
  if (t.empty() || t.size() > 12) return false;
  bool digits =
      std::all_of(t.begin(), t.end(), [](char c) { return IsAsciiDigit(c) || c == ' ' || c == '/'; }) ||
      (t.find(" of ") != std::string::npos && std::all_of(t.begin(), t.end(), [](char c) {
         return IsAsciiDigit(c) || c == ' ' || c == 'o' || c == 'f';
       }));
  bool roman =
      std::all_of(t.begin(), t.end(), [](char c) { return c == 'i' || c == 'v' || c == 'x' || c == 'l'; });
  return digits || (roman && t.size() <= 6);
}

// Drops running heads and footers: lines among the two top or bottom ones
// of their page whose text (numbers aside) recurs on most pages.
void DropRunningLines(std::vector<std::vector<Line>>* pages) {
  size_t n = pages->size();
  if (n < 2) return;
  auto edge_lines = [](const std::vector<Line>& lines) {
    std::vector<size_t> idx(lines.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return lines[a].y0 < lines[b].y0; });
    std::vector<size_t> edge;
    for (size_t i = 0; i < idx.size() && i < 2; ++i) edge.push_back(idx[i]);
    for (size_t i = idx.size(); i > 0 && i + 2 > idx.size(); --i) {
      if (std::find(edge.begin(), edge.end(), idx[i - 1]) == edge.end()) edge.push_back(idx[i - 1]);
    }
    return edge;
  };
  std::map<std::string, size_t> counts;
  for (const auto& lines : *pages) {
    std::vector<std::string> keys;
    for (size_t i : edge_lines(lines)) keys.push_back(RunningKey(lines[i].text));
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (auto& k : keys) ++counts[k];
  }
  size_t needed = n == 2 ? 2 : std::max<size_t>(3, (n + 1) / 2);
  if (n >= 3 && n < 6) needed = std::max<size_t>(2, (n + 1) / 2);
  for (auto& lines : *pages) {
    std::vector<bool> drop(lines.size(), false);
    for (size_t i : edge_lines(lines)) {
      if (counts[RunningKey(lines[i].text)] >= needed || IsPageNumber(lines[i].text)) drop[i] = true;
    }
    std::vector<Line> kept;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (!drop[i] && !IsPageNumber(lines[i].text)) kept.push_back(std::move(lines[i]));
    }
    lines = std::move(kept);
  }
}

bool EndsSentence(std::string_view s) {
  if (s.empty()) return false;
  char c = s.back();
  if (c == '.' || c == '!' || c == '?' || c == ':' || c == '"') return true;
  for (std::string_view end : {"”", "»", "。", "！", "？", "：", "\xE2\x80\xA6"}) {
    if (s.ends_with(end)) return true;
  }
  return false;
}

// First code point is a lowercase letter (Latin, Latin-1, Cyrillic,
// Latin Extended-A): a word continues from the line before.
bool StartsLower(std::string_view s) {
  if (s.empty()) return false;
  unsigned char c = static_cast<unsigned char>(s[0]);
  if (c >= 'a' && c <= 'z') return true;
  if (c < 0xC0 || s.size() < 2) return false;
  char32_t cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(s[1]) & 0x3F);
  if ((c & 0xE0) != 0xC0) return false;
  return (cp >= 0xDF && cp <= 0xFF) || (cp >= 0x430 && cp <= 0x45F) ||
         (cp >= 0x100 && cp <= 0x17F && cp % 2 == 1);
}

// Appends a line to a paragraph, joining a word hyphenated at the break.
void JoinLine(std::string* para, std::string_view line) {
  if (para->empty()) {
    para->append(line);
    return;
  }
  bool hyphen = para->size() >= 2 && para->back() == '-' && IsAsciiAlpha((*para)[para->size() - 2]);
  bool soft = para->ends_with("\xC2\xAD");  // U+00AD soft hyphen
  bool non_ascii_hyphen = para->size() >= 3 && para->back() == '-' &&
                          static_cast<unsigned char>((*para)[para->size() - 2]) >= 0x80;
  if ((hyphen || soft || non_ascii_hyphen) && StartsLower(line)) {
    para->resize(para->size() - (soft ? 2 : 1));
  } else {
    para->push_back(' ');
  }
  para->append(line);
}

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(q * static_cast<double>(v.size() - 1))];
}

std::string Paragraphs(const std::vector<std::vector<Line>>& pages) {
  std::vector<std::string> paras;
  std::string cur;
  const Line* prev = nullptr;
  for (const auto& lines : pages) {
    std::vector<double> widths;
    for (const Line& l : lines) widths.push_back(l.width());
    double full = Percentile(widths, 0.9);
    for (const Line& l : lines) {
      bool brk = false;
      if (prev != nullptr) {
        double h = std::max(1.0, std::min(prev->height(), l.height()));
        bool same_column = l.y0 > prev->y0 - h / 2 && l.page == prev->page;
        bool size_change = std::fabs(l.height() - prev->height()) > 0.25 * h;
        if (!same_column) {
          brk = EndsSentence(prev->text) || size_change;
        } else {
          double gap = l.y0 - prev->y1;
          brk = gap > 0.8 * h || size_change ||
                (EndsSentence(prev->text) && (prev->width() < 0.8 * full || l.x0 > prev->x0 + 1.5 * h));
        }
      }
      if (brk && !cur.empty()) {
        paras.push_back(std::move(cur));
        cur.clear();
      }
      JoinLine(&cur, l.text);
      prev = &l;
    }
  }
  if (!cur.empty()) paras.push_back(std::move(cur));
  std::string out;
  for (const std::string& p : paras) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

bool UsableTitle(std::string_view t) {
  std::string f = FoldCase(TrimAscii(t));
  if (f.empty() || f == "untitled" || f.starts_with("microsoft word") ||
      f.starts_with("microsoft powerpoint")) {
    return false;
  }
  for (std::string_view ext : {".doc", ".docx", ".pdf", ".indd", ".rtf", ".odt", ".tex", ".dvi"}) {
    if (f.ends_with(ext)) return false;
  }
  return true;
}

// The largest type in the top 40% of page 1, consecutive lines joined.
std::string TitleFromLayout(const std::vector<Line>& first_page, double page_height) {
  double best = 0;
  for (const Line& l : first_page) {
    if (l.y0 < page_height * 0.4) best = std::max(best, l.height());
  }
  if (best <= 0) return "";
  std::string title;
  bool in_run = false;
  for (const Line& l : first_page) {
    bool big = l.y0 < page_height * 0.4 && l.height() >= best * 0.9;
    if (big) {
      if (!title.empty()) title.push_back(' ');
      title += l.text;
      in_run = true;
    } else if (in_run) {
      break;
    }
  }
  return CodePoints(title) <= 250 ? title : "";
}

void Silence(const std::string&, void*) {}

}  // namespace

bool IsPdf(std::string_view body, std::string_view content_type) {
  std::string ct = AsciiLowerCopy(TrimAscii(content_type));
  if (ct.starts_with("application/pdf") || ct.starts_with("application/x-pdf")) return true;
  // Some servers send a few bytes of junk before the header; readers accept
  // the header within the first KiB.
  return body.substr(0, 1024).find("%PDF-") != std::string_view::npos;
}

Article ExtractPdf(std::string_view body) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { poppler::set_debug_error_function(Silence, nullptr); });
  Article a;
  try {
    std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(body.data(), static_cast<int>(body.size())));
    if (!doc) {
      a.error = "pdf: poppler could not open the document (" + std::to_string(body.size()) + " bytes)";
      return a;
    }
    if (doc->is_locked()) {
      a.error = "pdf: document is encrypted";
      return a;
    }
    int n = std::min(doc->pages(), kMaxPages);
    std::vector<std::vector<Line>> pages;
    double first_height = 0;
    for (int i = 0; i < n; ++i) {
      std::unique_ptr<poppler::page> p(doc->create_page(i));
      if (!p) continue;
      if (i == 0) first_height = p->page_rect().height();
      pages.push_back(PageLines(*p, i));
    }
    std::string layout_title = pages.empty() ? "" : TitleFromLayout(pages.front(), first_height);
    DropRunningLines(&pages);
    a.text = Paragraphs(pages);

    std::string info_title = CollapseSpaces(Utf8(doc->info_key("Title")));
    a.title = UsableTitle(info_title) ? info_title : layout_title;
    a.authors = SplitAuthors(Utf8(doc->info_key("Author")));
    time_t created = doc->get_creation_date_t();
    if (IsBelievableDateMs(static_cast<int64_t>(created) * 1000)) {
      a.published_ms = static_cast<int64_t>(created) * 1000;
    }
    time_t modified = doc->info_date_t("ModDate");
    if (IsBelievableDateMs(static_cast<int64_t>(modified) * 1000)) {
      a.modified_ms = static_cast<int64_t>(modified) * 1000;
    }
    if (a.text.empty()) a.error = "pdf: no text layer (" + std::to_string(doc->pages()) + " pages, scanned?)";
  } catch (const std::exception& e) {
    a.error = std::string("pdf: ") + e.what();
  }
  return a;
}

}  // namespace caravan::extract
