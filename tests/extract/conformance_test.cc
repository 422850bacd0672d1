// Extraction against the public expectations in ../shared/testdata:
// fundus' per-publisher article expectations (articles/) and htmldate's
// annotated publication dates (dates/). Skipped where the data is absent.
// Thresholds are floors a little under today's scores, to catch
// regressions; the scores are printed.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "common/time.h"
#include "extract/article.h"
#include "extract/text_util.h"
#include "tests/conformance/shared_testdata.h"

namespace caravan::extract {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string Gunzip(const fs::path& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  std::string out;
  if (f == nullptr) return out;
  char buf[65536];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  gzclose(f);
  return out;
}

Article ExtractFile(const fs::path& path, const std::string& url) {
  std::string body = Gunzip(path);
  Input in;
  in.body = body;
  in.url = url;
  return Extract(in);
}

// Words, or single characters for text without spaces between words.
std::vector<std::string> Tokens(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(FoldCase(cur));
    cur.clear();
  };
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::string_view ch(s.data() + i, std::min(len, s.size() - i));
    if (len == 3 && CharWeight(c, static_cast<unsigned char>(s[i + 1])) == 3) {
      flush();
      out.emplace_back(ch);
    } else if (len > 1 || IsAsciiAlpha(s[i]) || IsAsciiDigit(s[i])) {
      cur.append(ch);
    } else {
      flush();
    }
    i += len;
  }
  flush();
  return out;
}

// F1 of word 4-gram multisets, as the article-extraction-benchmark scores.
double ShingleF1(const std::string& want, const std::string& got) {
  auto grams = [](const std::vector<std::string>& t) {
    std::map<std::string, int> m;
    for (size_t i = 0; i + 4 <= t.size(); ++i) ++m[t[i] + '\x1f' + t[i + 1] + '\x1f' + t[i + 2] + '\x1f' + t[i + 3]];
    return m;
  };
  auto w = grams(Tokens(want));
  auto g = grams(Tokens(got));
  int inter = 0, nw = 0, ng = 0;
  for (auto& [k, v] : w) nw += v;
  for (auto& [k, v] : g) {
    ng += v;
    auto it = w.find(k);
    if (it != w.end()) inter += std::min(v, it->second);
  }
  if (inter == 0) return 0;
  double p = static_cast<double>(inter) / ng, r = static_cast<double>(inter) / nw;
  return 2 * p * r / (p + r);
}

std::string LocalDay(const Article& a) {
  if (!a.published_ms) return "";
  return FormatRfc3339(*a.published_ms + a.published_offset_min * 60'000LL).substr(0, 10);
}

TEST(Conformance, FundusArticles) {
  fs::path dir = caravan::testing::SharedTestdata("articles");
  SKIP_WITHOUT_SHARED(dir);
  std::vector<json> cases = caravan::testing::ReadJsonl(dir / "cases.jsonl");
  double body_f1 = 0;
  int titles = 0, dates = 0, authors = 0;
  for (const json& c : cases) {
    Article a = ExtractFile(dir / c["file"].get<std::string>(), c["url"].get<std::string>());
    double f1 = ShingleF1(c["body"].get<std::string>(), a.text);
    body_f1 += f1;
    titles += CollapseSpaces(a.title) == CollapseSpaces(c["title"].get<std::string>());
    dates += LocalDay(a) == c["date_day"].get<std::string>();
    if (c["authors"].is_array()) {
      std::set<std::string> want(c["authors"].begin(), c["authors"].end());
      authors += std::set<std::string>(a.authors.begin(), a.authors.end()) == want;
    }
    if (f1 < 0.7) std::printf("  low body F1 %.2f: %s\n", f1, c["publisher"].get<std::string>().c_str());
  }
  double n = static_cast<double>(cases.size());
  std::printf("articles: %zu cases, mean body 4-gram F1 %.3f, title %d, date %d, authors %d\n", cases.size(),
              body_f1 / n, titles, dates, authors);
  EXPECT_GE(body_f1 / n, 0.90);
  EXPECT_GE(titles, static_cast<int>(n * 0.70));
  EXPECT_GE(dates, static_cast<int>(n * 0.90));
  EXPECT_GE(authors, static_cast<int>(n * 0.50));
}

TEST(Conformance, HtmldateDates) {
  fs::path dir = caravan::testing::SharedTestdata("dates");
  SKIP_WITHOUT_SHARED(dir);
  std::map<std::string, std::pair<int, int>> by_set;  // set -> (right, all)
  for (const json& c : caravan::testing::ReadJsonl(dir / "cases.jsonl")) {
    Article a = ExtractFile(dir / c["file"].get<std::string>(), c["url"].get<std::string>());
    auto& [right, all] = by_set[c["set"].get<std::string>()];
    right += LocalDay(a) == c["expected_date"].get<std::string>();
    ++all;
  }
  for (const auto& [set, counts] : by_set) {
    std::printf("dates/%s: %d of %d right\n", set.c_str(), counts.first, counts.second);
    EXPECT_GE(counts.first, counts.second * 8 / 10) << set;
  }
}

}  // namespace
}  // namespace caravan::extract
