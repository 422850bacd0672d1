#include "templates/site_templates.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "extract/article.h"
#include "tests/storage/storage_test_util.h"

namespace caravan::templates {
namespace {

constexpr char kCitation[] =
    "Please cite this report as a publication of the Steppe Institute for Eurasian Studies, Almaty.";
constexpr char kDisclaimer[] =
    "The views expressed are those of the author and not necessarily those of the Steppe Institute.";

// Page and paragraph numbers spelled in letters: digits would be normalised away.
std::string Letters(int n) {
  std::string name;
  for (++n; n > 0; n /= 26) name += static_cast<char>('a' + n % 26);
  return name;
}

// A paragraph no other page has.
std::string Unique(int page, int paragraph) {
  return "Report " + Letters(page * 10 + paragraph) + " looks at freight through the Middle Corridor and " +
         "the Caspian ports, and at what the new rail links mean for traders in Aktau and Baku.";
}

std::string Title(int page) { return "The title of report " + Letters(page); }

std::string Text(const std::vector<std::string>& paragraphs) {
  std::string text;
  for (const std::string& p : paragraphs) text += (text.empty() ? "" : "\n\n") + p;
  return text;
}

// An article of two paragraphs of its own, then `extra` at its end.
std::string Article(int page, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> paragraphs = {Unique(page, 0), Unique(page, 1)};
  paragraphs.insert(paragraphs.end(), extra.begin(), extra.end());
  return Text(paragraphs);
}

bool Contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

class SiteTemplatesTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open(SiteTemplateOptions options = {}) {
    templates_.reset();
    db_.reset();
    std::string error;
    db_ = storage::Database::Open(dir_.path(), &error);
    ASSERT_TRUE(db_) << error;
    templates_ = std::make_unique<SiteTemplates>(db_.get(), options);
  }

  void Learn(std::string_view host, const std::string& text) {
    std::string error;
    ASSERT_TRUE(templates_->Learn(host, text, &error)) << error;
  }

  std::string Clean(std::string_view host, const std::string& text) {
    std::string error;
    std::string cleaned = templates_->Clean(host, text, &error);
    EXPECT_EQ(error, "");
    return cleaned;
  }

  // Pages numbered from `first`: `with_block` of them carry `block` at their end, then
  // `without_block` do not.
  void LearnPages(std::string_view host, int first, int with_block, int without_block,
                  const std::string& block) {
    for (int i = 0; i < with_block + without_block; ++i) {
      Learn(host, i < with_block ? Article(first + i, {block}) : Article(first + i));
    }
  }

  size_t KeysOf(std::string_view host) {
    std::string prefix = std::string(host) + '\0';
    std::unique_ptr<rocksdb::Iterator> it(
        db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("site_templates")));
    size_t n = 0;
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) ++n;
    return n;
  }

  storage::ScratchDir dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<SiteTemplates> templates_;
};

TEST_F(SiteTemplatesTest, CitationOnSixOfEightPagesIsRemovedFromTheNinth) {
  LearnPages("steppe.example", 0, 6, 2, kCitation);
  std::string page = Article(100, {kCitation});
  EXPECT_EQ(Clean("steppe.example", page), Article(100));
}

TEST_F(SiteTemplatesTest, BlockOnFourPagesStaysBelowMinPages) {
  LearnPages("steppe.example", 0, 4, 0, kCitation);
  std::string page = Article(100, {kCitation});
  EXPECT_EQ(Clean("steppe.example", page), page);
}

TEST_F(SiteTemplatesTest, BlockOnFivePagesOfTwoHundredStaysBelowMinShare) {
  LearnPages("steppe.example", 0, 5, 195, kCitation);
  std::string page = Article(1000, {kCitation});
  EXPECT_EQ(Clean("steppe.example", page), page);
  // The same five pages make a template of a host of twenty.
  LearnPages("small.example", 0, 5, 15, kCitation);
  EXPECT_EQ(Clean("small.example", page), Article(1000));
}

TEST_F(SiteTemplatesTest, TemplateOfOneHostStaysOnAnothersPages) {
  LearnPages("steppe.example", 0, 8, 0, kCitation);
  LearnPages("caspian.example", 100, 0, 8, kCitation);
  std::string page = Article(200, {kCitation});
  EXPECT_EQ(Clean("caspian.example", page), page);
  EXPECT_EQ(Clean("", page), page);
}

TEST_F(SiteTemplatesTest, TemplatesSurviveReopeningTheDatabase) {
  LearnPages("steppe.example", 0, 6, 0, kCitation);
  Open();
  EXPECT_EQ(Clean("steppe.example", Article(100, {kCitation})), Article(100));
}

TEST_F(SiteTemplatesTest, GenerationsTurnAndBlocksOfOlderOnesAreDeleted) {
  SiteTemplateOptions options;
  options.min_pages = 3;
  options.window_pages = 4;
  Open(options);
  // Generation 0: four pages with the citation, two paragraphs of their own each.
  LearnPages("steppe.example", 0, 4, 0, kCitation);
  EXPECT_EQ(KeysOf("steppe.example"), 1u + 4 * 2 + 1);
  // Generation 1 begins: the citation of generation 0 still counts.
  LearnPages("steppe.example", 10, 0, 4, "");
  EXPECT_EQ(Clean("steppe.example", Article(100, {kCitation})), Article(100));
  EXPECT_EQ(KeysOf("steppe.example"), 1u + 8 * 2 + 1);
  // Generation 2 begins: everything only generation 0 had is gone.
  LearnPages("steppe.example", 20, 0, 1, "");
  EXPECT_EQ(KeysOf("steppe.example"), 1u + 5 * 2);
  std::string page = Article(100, {kCitation});
  EXPECT_EQ(Clean("steppe.example", page), page);
}

TEST_F(SiteTemplatesTest, BlockOnEveryPageOfTwoGenerationsStaysATemplate) {
  SiteTemplateOptions options;
  options.window_pages = 10;
  Open(options);
  LearnPages("steppe.example", 0, 35, 0, kCitation);
  EXPECT_EQ(Clean("steppe.example", Article(100, {kCitation})), Article(100));
  EXPECT_EQ(KeysOf("steppe.example"), 1u + 15 * 2 + 1);
}

TEST_F(SiteTemplatesTest, ConcurrentLearnsOfOneHostLoseNoPage) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 10; ++i) EXPECT_TRUE(templates_->Learn("steppe.example", Article(t * 10 + i)));
    });
  }
  for (std::thread& t : threads) t.join();
  // The host record (documented in the header): be32 generation, be32 pages in it, be32 before.
  const std::string host_key = std::string("steppe.example") + '\0';
  std::string record;
  ASSERT_TRUE(db_->db()->Get(rocksdb::ReadOptions(), db_->cf("site_templates"), host_key, &record).ok());
  ASSERT_EQ(record.size(), 12u);
  EXPECT_EQ(storage::DecodeBe32(record.substr(4)), 40u);
  EXPECT_EQ(KeysOf("steppe.example"), 1u + 40 * 2);
}

TEST_F(SiteTemplatesTest, PageOfOnlyTemplateBlocksKeepsItsText) {
  for (int i = 0; i < 6; ++i) Learn("steppe.example", Text({kCitation, kDisclaimer, Unique(i, 0)}));
  std::string only_templates = Text({kCitation, kDisclaimer});
  EXPECT_EQ(Clean("steppe.example", only_templates), only_templates);
  EXPECT_EQ(Clean("steppe.example", kCitation), kCitation);
  const std::string with_caption = Text({kCitation, "Short caption."});
  EXPECT_EQ(Clean("steppe.example", with_caption), with_caption);
}

TEST_F(SiteTemplatesTest, DigitsCaseAndSpacesAreNormalised) {
  for (int year = 2019; year < 2025; ++year) {
    const std::string copyright = "© " + std::to_string(year) + " Steppe Institute. All rights reserved.";
    Learn("steppe.example", Article(year, {copyright}));
  }
  std::string page = Article(100, {"©  2031 STEPPE INSTITUTE.\u00a0all rights reserved."});
  EXPECT_EQ(Clean("steppe.example", page), Article(100));
}

TEST_F(SiteTemplatesTest, ShortBlocksAreLeftToTheExtractor) {
  LearnPages("steppe.example", 0, 8, 0, "Share this:");
  std::string page = Article(100, {"Share this:"});
  EXPECT_EQ(Clean("steppe.example", page), page);
  EXPECT_EQ(KeysOf("steppe.example"), 1u + 8 * 2);
}

TEST_F(SiteTemplatesTest, BlockRepeatedWithinOnePageCountsOnce) {
  LearnPages("steppe.example", 0, 4, 0, Text({kCitation, kCitation}));
  std::string page = Article(100, {kCitation});
  EXPECT_EQ(Clean("steppe.example", page), page);
}

TEST_F(SiteTemplatesTest, QuoteRecurringBetweenArticleParagraphsStays) {
  // On 6 of 20 pages: enough for a template at the edge of an article (where a small host's
  // recurring quotation is lost), not between two of its paragraphs.
  const std::string quote = "\"The Belt and Road is a road of peace,\" the president said again in Astana.";
  for (int i = 0; i < 20; ++i) {
    Learn("steppe.example", i < 6 ? Text({Unique(i, 0), quote, Unique(i, 1)}) : Article(i));
  }
  std::string page = Text({Unique(100, 0), quote, Unique(100, 1)});
  EXPECT_EQ(Clean("steppe.example", page), page);
  EXPECT_EQ(Clean("steppe.example", Article(100, {quote})), Article(100));
}

TEST_F(SiteTemplatesTest, NoteBetweenTitleAndFirstParagraphIsAtTheEdge) {
  const std::string note =
      "This report is part of our series on the Middle Corridor, funded by the Eurasia Fund.";
  for (int i = 0; i < 20; ++i) {
    Learn("steppe.example", i < 6 ? Text({Title(i), note, Unique(i, 0), Unique(i, 1)}) : Article(i));
  }
  EXPECT_EQ(Clean("steppe.example", Text({Title(100), note, Unique(100, 0), Unique(100, 1)})),
            Text({Title(100), Unique(100, 0), Unique(100, 1)}));
}

TEST_F(SiteTemplatesTest, AppealInsertedIntoMostArticlesIsRemovedBetweenParagraphs) {
  const std::string appeal = "Enjoying this article? Subscribe to our weekly digest for the full analysis.";
  for (int i = 0; i < 20; ++i) Learn("steppe.example", Text({Unique(i, 0), appeal, Unique(i, 1)}));
  EXPECT_EQ(Clean("steppe.example", Text({Unique(100, 0), appeal, Unique(100, 1)})), Article(100));
}

// The fixture sites: six pages each of two hosts whose boilerplate is written as plain paragraphs
// inside the article, where a single-page extractor keeps it. cases.jsonl follows the format of
// ../shared/bench/extraction (run.py --data tests/templates/fixtures scores caravanctl on them).
TEST(SiteTemplatesFixtures, BoilerplateLearnedFromTheSiteLeavesArticleText) {
  const std::filesystem::path dir = std::filesystem::path(CARAVAN_SOURCE_DIR) / "tests/templates/fixtures";
  std::ifstream manifest(dir / "cases.jsonl");
  ASSERT_TRUE(manifest) << dir / "cases.jsonl";
  struct Case {
    nlohmann::json spec;
    std::string host, text;
  };
  std::vector<Case> cases;
  for (std::string line; std::getline(manifest, line);) {
    Case c{nlohmann::json::parse(line), "", ""};
    std::ifstream page(dir / c.spec["path"].get<std::string>(), std::ios::binary);
    ASSERT_TRUE(page) << c.spec["path"];
    std::stringstream body;
    body << page.rdbuf();
    std::string html = body.str();
    extract::Input input;
    input.body = html;
    input.url = c.spec["url"].get<std::string>();
    c.text = extract::Extract(input).text;
    c.host = c.spec["host"].get<std::string>();
    cases.push_back(std::move(c));
  }
  ASSERT_EQ(cases.size(), 12u);

  storage::ScratchDir scratch;
  std::string error;
  std::unique_ptr<storage::Database> db = storage::Database::Open(scratch.path(), &error);
  ASSERT_TRUE(db) << error;
  SiteTemplates site(db.get(), SiteTemplateOptions());
  for (const Case& c : cases) ASSERT_TRUE(site.Learn(c.host, c.text, &error)) << error;
  size_t leaked_before = 0;
  for (const Case& c : cases) {
    std::string cleaned = site.Clean(c.host, c.text, &error);
    ASSERT_EQ(error, "");
    for (const auto& with : c.spec["with"]) {
      EXPECT_TRUE(Contains(cleaned, with.get<std::string>())) << c.spec["id"] << " lost: " << with;
    }
    for (const auto& without : c.spec["without"]) {
      leaked_before += Contains(c.text, without.get<std::string>());
      EXPECT_FALSE(Contains(cleaned, without.get<std::string>())) << c.spec["id"] << " kept: " << without;
    }
  }
  // The single-page extractor alone keeps the boilerplate this test is about.
  EXPECT_GT(leaked_before, 20u);
}

}  // namespace
}  // namespace caravan::templates
