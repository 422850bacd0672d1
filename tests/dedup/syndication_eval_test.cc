// Near-duplicate precision and recall on generated syndication: articles
// about Central Asian transport, energy and trade, written from one shared
// grammar (so that different articles share much vocabulary and many stock
// phrases, as a region's news does), each republished under three site
// templates and edited as syndication edits: a new title with a credit
// line, an added paragraph, only the first half, light copy-editing. Every
// page is extracted from its HTML by the extractor and looked up in a
// store of the originals as the deduplicator looks (index candidates, then
// the sketch rule), so index misses count against recall. Negatives are
// other articles from the same grammar, and follow-ups that quote one
// paragraph of an original: a match for any of them is a false positive.
//
// The floors are a little under what the rule reaches; the figures print.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dedup/sketch.h"
#include "extract/article.h"
#include "tests/storage/storage_test_util.h"

namespace caravan::dedup {
namespace {

// Sentences from slots, so that two articles differ in what they say
// while sharing words and phrasing.
class ArticleWriter {
 public:
  explicit ArticleWriter(uint64_t seed) : rng_(seed) {}

  std::string Title() {
    return Pick({"Why", "How", "What"}) + " " + Pick(kActors) + " " + Pick({"bets on", "rethinks", "expands",
                                                                           "delays", "finances", "reopens"}) +
           " " + Pick(kProjects);
  }
  std::string Sentence() {
    switch (Int(0, 5)) {
      case 0:
        return Pick(kActors) + " " + Pick(kVerbs) + " " + Pick(kProjects) + " " + Pick(kWhen) + ", " +
               Pick(kReasons) + ".";
      case 1:
        return "According to " + Pick(kSources) + ", " + Pick(kProjects) + " handled " + Number() + " " +
               Pick(kUnits) + " " + Pick(kWhen) + ", " + Pick({"up", "down"}) + " " + std::to_string(Int(2, 60)) +
               " per cent on the year before.";
      case 2:
        return Pick(kPlaces) + " " + Pick({"remains", "has become", "is no longer", "may yet become"}) + " " +
               Pick({"the bottleneck", "the main hub", "a transit point", "the terminus", "a test case"}) +
               " for " + Pick(kProjects) + ", " + Pick(kSources) + " " + Pick({"said", "noted", "warned",
                                                                             "argued"}) + ".";
      case 3:
        return "The " + Pick({"loan", "agreement", "tender", "feasibility study", "memorandum", "tariff deal"}) +
               " " + Pick({"signed", "announced", "drafted", "approved", "revised"}) + " in " + Pick(kPlaces) +
               " " + Pick(kWhen) + " " + Pick({"covers", "leaves out", "prices", "commits"}) + " " + Number() +
               " " + Pick(kUnits) + " of " + Pick({"cargo", "gas", "grain", "cotton", "containers", "copper"}) +
               ".";
      case 4:
        return Pick({"Critics", "Officials", "Analysts", "Forwarders", "Farmers", "Bankers"}) + " in " +
               Pick(kPlaces) + " " + Pick({"doubt", "welcome", "question", "expect"}) + " that " +
               Pick(kActors) + " will " + Pick({"meet", "revise", "publish", "miss"}) + " " +
               Pick({"its targets", "the timetable", "the debt terms", "the transit quotas", "the budget"}) + " " +
               Pick(kWhen) + ".";
      default:
        return Pick({"This comes ", "The decision came ", "The change was made "}) + Pick(kReasons) + ".";
    }
  }
  std::string Paragraph() {
    std::string p;
    int n = Int(3, 5);
    for (int i = 0; i < n; ++i) p += (i ? " " : "") + Sentence();
    return p;
  }
  std::vector<std::string> Body(int paragraphs) {
    std::vector<std::string> body;
    for (int i = 0; i < paragraphs; ++i) body.push_back(Paragraph());
    return body;
  }
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  std::string Pick(const std::vector<std::string>& options) {
    return options[std::uniform_int_distribution<size_t>(0, options.size() - 1)(rng_)];
  }

 private:
  std::string Number() { return std::to_string(Int(2, 950)) + (Int(0, 1) ? ",000" : " million"); }

  const std::vector<std::string> kActors = {
      "Kazakhstan's railway operator", "the Uzbek transport ministry", "China's state investor",
      "the Asian Development Bank", "Turkmenistan's gas company", "the Kyrgyz government",
      "Azerbaijan's port authority", "a consortium of Turkish builders", "the Eurasian Development Bank",
      "Tajikistan's energy ministry", "the Georgian railway", "a Gulf sovereign fund"};
  const std::vector<std::string> kVerbs = {"signed up to", "pulled out of", "put new money into",
                                           "asked for a review of", "agreed to extend", "postponed work on",
                                           "opened bidding for", "won approval for"};
  const std::vector<std::string> kProjects = {
      "the Middle Corridor", "the China-Kyrgyzstan-Uzbekistan railway", "the Khorgos dry port",
      "the port of Aktau", "the Rogun dam", "Line D of the Central Asia-China gas pipeline",
      "the Trans-Caspian ferry line", "the CASA-1000 power line", "the Termez logistics hub",
      "the Baku-Tbilisi-Kars railway", "the Kambarata-1 hydropower plant", "the Gwadar port"};
  const std::vector<std::string> kWhen = {"this year", "last spring", "in the first quarter", "since 2022",
                                          "by the end of the decade", "over the winter", "in September",
                                          "after two years of talks"};
  const std::vector<std::string> kReasons = {
      "after sanctions rerouted freight away from Russia", "as ferry capacity on the Caspian ran short",
      "amid a dispute over transit tariffs", "after a drought cut hydropower output",
      "as Chinese lenders tightened their terms", "ahead of a summit of the Organization of Turkic States",
      "a year after the border crossings were modernised", "as the region's debt to China grew"};
  const std::vector<std::string> kSources = {"the ministry", "the operator's annual report",
                                             "customs data", "people close to the talks", "the World Bank",
                                             "local forwarders", "a government statement"};
  const std::vector<std::string> kPlaces = {"Astana", "Tashkent", "Bishkek", "Dushanbe", "Ashgabat", "Baku",
                                            "Tbilisi", "Urumqi", "Almaty", "Termez", "Aktau", "Kashgar"};
  const std::vector<std::string> kUnits = {"tonnes", "containers", "cubic metres", "passengers",
                                           "megawatt hours", "wagons"};
  std::mt19937_64 rng_;
};

struct Page {
  std::string title;
  std::vector<std::string> body;
  std::string credit;  // a line the republisher adds, "" for none
};

std::string Paragraphs(const std::vector<std::string>& body) {
  std::string out;
  for (const auto& p : body) out += "<p>" + p + "</p>\n";
  return out;
}

// Three sites' templates: a WordPress think tank, a news CMS, an
// aggregator. Each brings its own navigation, sidebars and footers.
std::string Render(int site, const Page& page) {
  const std::string body = Paragraphs(page.body) + (page.credit.empty() ? "" : "<p><em>" + page.credit + "</em></p>");
  switch (site) {
    case 0:
      return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + page.title +
             " | Steppe Policy Institute</title></head><body class=\"single-post\"><header><nav><a href=\"/\">Home"
             "</a> <a href=\"/analysis/\">Analysis</a> <a href=\"/events/\">Events</a> <a href=\"/about/\">About</a>"
             "</nav></header><main><article class=\"post\"><h1 class=\"entry-title\">" + page.title +
             "</h1><div class=\"entry-meta\">By Aliya Nurpeisova | 12 September 2024</div><div class=\"share\">"
             "Share: <a href=\"#\">Facebook</a> <a href=\"#\">X</a> <a href=\"#\">Telegram</a></div>"
             "<div class=\"entry-content\">" + body + "</div><div class=\"tags\">Tags: <a href=\"/tag/rail/\">rail"
             "</a> <a href=\"/tag/ports/\">ports</a></div></article><aside class=\"related\"><h3>Related analysis"
             "</h3><ul><li><a href=\"/a/1/\">Caspian freight rates after the sanctions</a></li><li><a href=\"/a/2/\">"
             "Water and power in the Fergana valley</a></li></ul></aside></main><footer>© 2024 Steppe Policy "
             "Institute. All rights reserved. <a href=\"/privacy/\">Privacy</a></footer></body></html>";
    case 1:
      return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + page.title +
             " - Caspian Courier</title></head><body><div id=\"top\"><div class=\"logo\">Caspian Courier</div>"
             "<ul class=\"menu\"><li>Politics</li><li>Economy</li><li>Energy</li><li>Opinion</li></ul></div>"
             "<div class=\"layout\"><div class=\"col-main\"><div class=\"story\"><h1>" + page.title +
             "</h1><span class=\"dateline\">Baku, 13.09.2024</span><div class=\"story-body\">" + body +
             "</div></div><div class=\"newsletter\">Get the Courier in your inbox every morning. <form>"
             "<input type=\"email\"><button>Subscribe</button></form></div></div><div class=\"col-side\"><h4>Most "
             "read</h4><ol><li>Baku metro fares to rise</li><li>New flights to Tashkent</li><li>Grain harvest "
             "estimates cut</li></ol></div></div><div class=\"foot\">Caspian Courier, Baku. Reproduction only with "
             "a link to the source.</div></body></html>";
    default:
      return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + page.title +
             "</title></head><body><div class=\"wrap\"><div class=\"crumbs\">Digest / Region</div><h2>" +
             page.title + "</h2><div class=\"item\">" + body +
             "</div><div class=\"more\">More from the digest: <a href=\"/d/1\">Weekly roundup</a> <a href=\"/d/2\">"
             "Markets</a></div></div></body></html>";
  }
}

std::string MainText(int site, const Page& page, int n) {
  std::string html = Render(site, page);
  extract::Input input;
  input.body = html;
  input.url = "https://site" + std::to_string(site) + ".example/news/" + std::to_string(n) + "/";
  input.content_type = "text/html";
  return extract::Extract(input).text;
}

// Light copy-editing: a few words in every paragraph changed.
std::vector<std::string> CopyEdited(std::vector<std::string> body) {
  for (auto& p : body) {
    for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
             {" per cent", "%"}, {"the ministry", "the Ministry"}, {" said", " told reporters"},
             {"this year", "in 2024"}}) {
      if (size_t at = p.find(from); at != std::string::npos) p.replace(at, from.size(), to);
    }
  }
  return body;
}

class SyndicationEval : public storage::DocumentStoreTest {
 protected:
  // The stored original `candidates` of `text` match under the rule.
  std::vector<std::string> Matches(const std::string& text) {
    Sketch sketch = SketchOf(text);
    std::vector<std::string> ids;
    for (const auto& [id, stored] : store_->NearCandidates(sketch)) {
      if (IsNearDuplicate(sketch, stored)) ids.push_back(id);
    }
    return ids;
  }
};

TEST_F(SyndicationEval, PrecisionAndRecallOnGeneratedRepublications) {
  constexpr int kArticles = 40;
  ArticleWriter writer(20241203);
  std::vector<Page> originals;
  std::vector<Sketch> sketches;
  for (int i = 0; i < kArticles; ++i) {
    Page page{writer.Title(), writer.Body(writer.Int(5, 9)), ""};
    originals.push_back(page);
    caravan::v1::Document doc = storage::SampleDoc("orig" + std::to_string(i), MainText(0, page, i));
    sketches.push_back(SketchOf(doc.text()));
    MustPut(doc);
  }

  // Each kind of republication, by the site it appears on.
  struct Kind {
    std::string name;
    int site;
    std::function<Page(const Page&)> make;
  };
  const std::vector<Kind> kinds = {
      {"same text, news template", 1, [](const Page& p) { return p; }},
      {"same text, digest template", 2, [](const Page& p) { return p; }},
      {"new title and a credit line", 1,
       [](const Page& p) {
         Page q = p;
         q.title = "Analysis: " + p.title.substr(p.title.find(' ') + 1);
         q.credit = "This article first appeared on the website of the Steppe Policy Institute.";
         return q;
       }},
      {"an added paragraph", 2,
       [&writer](const Page& p) {
         Page q = p;
         q.body.insert(q.body.begin() + 1, writer.Paragraph());
         return q;
       }},
      {"its first half", 2,
       [](const Page& p) {
         Page q = p;
         q.body.resize((p.body.size() + 1) / 2);
         q.credit = "Read the full article on the Steppe Policy Institute's website.";
         return q;
       }},
      {"copy-edited", 1,
       [](const Page& p) {
         Page q = p;
         q.body = CopyEdited(p.body);
         return q;
       }},
  };

  int tp = 0, fn = 0, fp = 0, tn = 0;
  std::map<std::string, std::pair<int, int>> by_kind;  // found, of
  int n = 1000;
  for (const Kind& kind : kinds) {
    for (int i = 0; i < kArticles; ++i) {
      std::vector<std::string> found = Matches(MainText(kind.site, kind.make(originals[i]), ++n));
      const std::string want = "orig" + std::to_string(i);
      bool hit = std::find(found.begin(), found.end(), want) != found.end();
      hit ? ++tp : ++fn;
      fp += static_cast<int>(found.size()) - (hit ? 1 : 0);
      by_kind[kind.name].second++;
      if (hit) by_kind[kind.name].first++;
    }
  }
  // Negatives: new articles from the same grammar, and follow-ups quoting
  // one paragraph of an original.
  // How hard they are: the closest any comes to an original.
  Similarity closest;
  for (int i = 0; i < 2 * kArticles; ++i) {
    Page page{writer.Title(), writer.Body(writer.Int(5, 9)), ""};
    if (i % 2 == 1) page.body.insert(page.body.begin() + 2, originals[i / 2].body[0]);
    std::string text = MainText(writer.Int(0, 2), page, ++n);
    std::vector<std::string> found = Matches(text);
    found.empty() ? ++tn : fp += static_cast<int>(found.size());
    for (const Sketch& original : sketches) {
      Similarity s = Compare(SketchOf(text), original);
      closest.jaccard = std::max(closest.jaccard, s.jaccard);
      closest.containment = std::max(closest.containment, s.containment);
      closest.simhash_bits = std::min(closest.simhash_bits, s.simhash_bits);
    }
  }

  const double precision = tp + fp > 0 ? static_cast<double>(tp) / (tp + fp) : 1.0;
  const double recall = static_cast<double>(tp) / (tp + fn);
  std::printf("syndication: precision %.3f recall %.3f (tp %d fn %d fp %d; %d of %d negatives clean)\n",
              precision, recall, tp, fn, fp, tn, 2 * kArticles);
  std::printf("  negatives' closest approach to an original: jaccard %.2f, containment %.2f, simhash %d bits\n",
              closest.jaccard, closest.containment, closest.simhash_bits);
  for (const auto& [name, counts] : by_kind) {
    std::printf("  %-30s %d of %d found\n", name.c_str(), counts.first, counts.second);
  }
  EXPECT_GE(precision, 0.99);
  EXPECT_GE(recall, 0.95);
  for (const auto& [name, counts] : by_kind) EXPECT_GE(counts.first * 10, counts.second * 9) << name;
}

}  // namespace
}  // namespace caravan::dedup
