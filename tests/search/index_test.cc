#include "search/index.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace caravan::search {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr int64_t kJan2024 = 1704067200;  // 2024-01-01T00:00:00Z, unix seconds
constexpr int64_t kMar2024 = 1709251200;
constexpr int64_t kJun2024 = 1717200000;
constexpr int64_t kSep2024 = 1725148800;

caravan::v1::Document Doc(const std::string& id, const std::string& language, const std::string& title,
                          const std::string& text, int64_t published = kMar2024) {
  caravan::v1::Document d;
  d.set_id(id);
  d.set_source("steppe-policy-institute");
  d.set_url("https://steppe.example.org/" + id + "/");
  d.set_language(language);
  d.set_title(title);
  d.set_text(text);
  d.mutable_published()->set_seconds(published);
  d.mutable_fetched_at()->set_seconds(kSep2024);
  return d;
}

Query TextQuery(const std::string& text, const std::string& language = "") {
  Query query;
  query.text = text;
  query.language = language;
  return query;
}

class SearchIndexTest : public ::testing::Test {
 protected:
  // A directory of the running case's own; the pid keeps parallel ctest
  // runs apart.
  SearchIndexTest() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("caravan-search-" + std::to_string(getpid()) + "-" + info->name());
    std::filesystem::remove_all(dir_);
  }
  ~SearchIndexTest() override {
    index_.reset();
    std::filesystem::remove_all(dir_);
  }

  void SetUp() override { Reopen(); }

  void Reopen() {
    index_.reset();
    std::string error;
    index_ = SearchIndex::Open(dir_.string(), &error);
    ASSERT_TRUE(index_) << error;
  }

  void PutAndCommit(const std::vector<caravan::v1::Document>& docs) {
    std::string error;
    for (const auto& doc : docs) ASSERT_TRUE(index_->Put(doc, &error)) << error;
    ASSERT_TRUE(index_->Commit(&error)) << error;
  }

  Result MustSearch(const Query& query) {
    std::string error;
    auto result = index_->Search(query, &error);
    EXPECT_TRUE(result) << error;
    return result.value_or(Result());
  }

  std::vector<std::string> Ids(const Query& query) {
    std::vector<std::string> ids;
    for (const auto& hit : MustSearch(query).hits) ids.push_back(hit.id);
    return ids;
  }

  std::vector<std::string> Ids(const std::string& text, const std::string& language = "") {
    return Ids(TextQuery(text, language));
  }

  std::filesystem::path dir_;
  std::unique_ptr<SearchIndex> index_;
};

TEST_F(SearchIndexTest, APhraseMatchesOnlyWordsInThatOrder) {
  PutAndCommit({
      Doc("rail", "en", "Rail freight on the Middle Corridor",
          "Container trains cross Kazakhstan to the port of Aktau, where ferries carry them over the "
          "Caspian Sea to Baku."),
      Doc("canals", "en", "Water in the Fergana valley",
          "A corridor of irrigation canals runs through the middle of the valley."),
  });
  EXPECT_THAT(Ids("\"middle corridor\""), ElementsAre("rail"));
  EXPECT_THAT(Ids("middle corridor"), UnorderedElementsAre("rail", "canals"));
}

TEST_F(SearchIndexTest, RussianInflectedFormsMatchWithTheRussianStemmer) {
  PutAndCommit({Doc("ru", "ru", "Грузы на Среднем коридоре",
                    "Контейнерные поезда идут через Казахстан к порту Актау. Пропускная способность "
                    "коридора выросла вдвое.")});
  EXPECT_THAT(Ids("коридор", "ru"), ElementsAre("ru"));
  EXPECT_THAT(Ids("коридору", "ru"), ElementsAre("ru"));  // a form the text does not have
  EXPECT_THAT(Ids("порты Казахстана", "ru"), ElementsAre("ru"));
}

TEST_F(SearchIndexTest, WithoutALanguageFilterAWordMatchesItsExactForm) {
  PutAndCommit({Doc("ru", "ru", "Грузы на Среднем коридоре",
                    "Пропускная способность коридора выросла вдвое.")});
  EXPECT_THAT(Ids("коридора"), ElementsAre("ru"));
  // A bare noun is its own Russian stem, so it finds the inflected forms.
  EXPECT_THAT(Ids("коридор"), ElementsAre("ru"));
  // Another inflected form is stemmed in English, which leaves it as it is.
  EXPECT_THAT(Ids("коридору"), IsEmpty());
}

TEST_F(SearchIndexTest, TurkishInflectedFormsMatchWithTheTurkishStemmer) {
  PutAndCommit({Doc("tr", "tr", "Orta Koridor'da yük taşımacılığı",
                    "Bakü-Tiflis-Kars demiryolları üzerinden Kazakistan'dan Türkiye'ye yük "
                    "taşınıyor.")});
  EXPECT_THAT(Ids("demiryolu", "tr"), ElementsAre("tr"));
  EXPECT_THAT(Ids("demiryolu"), IsEmpty());
  EXPECT_THAT(Ids("demiryolları"), ElementsAre("tr"));
}

TEST_F(SearchIndexTest, ChineseIsFoundByCharacterNgrams) {
  PutAndCommit({
      Doc("zh", "zh", "中吉乌铁路开工",
          "中吉乌铁路将把中国新疆与吉尔吉斯斯坦和乌兹别克斯坦连接起来，缩短货物运输时间。"),
      Doc("en", "en", "Gas from Turkmenistan", "Pipelines carry Turkmen gas to China."),
  });
  EXPECT_THAT(Ids("铁路"), ElementsAre("zh"));
  EXPECT_THAT(Ids("乌兹别克斯坦"), ElementsAre("zh"));
  EXPECT_THAT(Ids("货物运输", "zh"), ElementsAre("zh"));
  EXPECT_THAT(Ids("天然气"), IsEmpty());  // natural gas: not in the text
  EXPECT_THAT(Ids("\"铁路开工\""), ElementsAre("zh"));
}

TEST_F(SearchIndexTest, TitleRestrictsToTitleWordsAndATitleMatchRanksFirst) {
  PutAndCommit({
      Doc("mention", "en", "Trade across the Caspian",
          "Exports grow as new pipelines and railways open; the pipeline to Baku is full."),
      Doc("about", "en", "A new gas pipeline for Uzbekistan", "Construction starts in spring."),
  });
  EXPECT_THAT(Ids("title:pipelines"), ElementsAre("about"));
  EXPECT_THAT(Ids("pipeline"), ElementsAre("about", "mention"));
}

TEST_F(SearchIndexTest, OrWidensAndMinusExcludesInflectedFormsToo) {
  PutAndCommit({
      Doc("rail", "en", "Railways of Kazakhstan", "New railway lines reach the Chinese border."),
      Doc("gas", "en", "Gas of Kazakhstan", "A pipeline carries gas to China."),
      Doc("power", "en", "Power grids", "Kyrgyzstan exports hydropower in summer."),
  });
  EXPECT_THAT(Ids("railway OR pipelines"), UnorderedElementsAre("rail", "gas"));
  EXPECT_THAT(Ids("Kazakhstan -pipelines"), ElementsAre("rail"));
  EXPECT_THAT(Ids("Kazakhstan NOT railways"), ElementsAre("gas"));
  EXPECT_THAT(Ids("+hydropower summer"), ElementsAre("power"));
}

TEST_F(SearchIndexTest, FiltersBySourceLanguageTopicAndPublishedRange) {
  auto march = Doc("march", "en", "Aktau port", "Ferries to Baku.", kMar2024);
  march.add_topics()->set_name("transport");
  auto june = Doc("june", "ru-RU", "Порт Актау", "Паромы в Баку.", kJun2024);
  june.add_topics()->set_name("transport");
  june.add_topics()->set_name("kazakhstan");
  auto other = Doc("other", "en", "Aktau power plant", "Gas turbines.", kJun2024);
  other.set_source("ankasam");
  other.add_topics()->set_name("energy");
  auto undated = Doc("undated", "en", "Aktau", "Ferries.");
  undated.clear_published();
  PutAndCommit({march, june, other, undated});

  Query query;
  query.source = "steppe-policy-institute";
  EXPECT_THAT(Ids(query), UnorderedElementsAre("march", "june", "undated"));
  query = Query();
  query.language = "ru";
  EXPECT_THAT(Ids(query), ElementsAre("june"));
  query = Query();
  query.topic = "transport";
  EXPECT_THAT(Ids(query), UnorderedElementsAre("march", "june"));
  query.text = "ferries";
  query.language = "en";
  EXPECT_THAT(Ids(query), ElementsAre("march"));

  query = Query();
  query.published_after = kMar2024 * 1000 + 1;
  EXPECT_THAT(Ids(query), UnorderedElementsAre("june", "other"));
  query = Query();
  query.published_before = kJun2024 * 1000;  // exclusive
  EXPECT_THAT(Ids(query), ElementsAre("march"));
  query.published_after = kJan2024 * 1000;
  query.published_before = kSep2024 * 1000;
  query.source = "ankasam";
  EXPECT_THAT(Ids(query), ElementsAre("other"));
}

TEST_F(SearchIndexTest, FiltersByFetchedRange) {
  auto early = Doc("early", "en", "Khorgos", "Dry port.");
  early.mutable_fetched_at()->set_seconds(kMar2024);
  auto late = Doc("late", "en", "Khorgos", "Dry port.");
  late.mutable_fetched_at()->set_seconds(kSep2024);
  PutAndCommit({early, late});
  Query query;
  query.text = "khorgos";
  query.fetched_after = kJun2024 * 1000;
  EXPECT_THAT(Ids(query), ElementsAre("late"));
  query.fetched_after.reset();
  query.fetched_before = kJun2024 * 1000;
  EXPECT_THAT(Ids(query), ElementsAre("early"));
}

TEST_F(SearchIndexTest, NewestFirstOrdersByPublicationTime) {
  auto undated = Doc("undated", "en", "Caspian ferries", "Ferries and ferries and ferries.");
  undated.clear_published();
  PutAndCommit({
      Doc("march", "en", "Caspian ferries", "Ferries.", kMar2024),
      undated,
      Doc("september", "en", "Caspian ports", "Ferries.", kSep2024),
      Doc("june", "en", "Caspian", "Ferries.", kJun2024),
  });
  Query query;
  query.text = "ferries";
  query.order = Query::kNewest;
  EXPECT_THAT(Ids(query), ElementsAre("september", "june", "march", "undated"));
}

TEST_F(SearchIndexTest, PagesThroughResultsWithOffsetAndLimit) {
  PutAndCommit({
      Doc("a", "en", "Aktau", "Ferries.", kJan2024),
      Doc("b", "en", "Aktau", "Ferries.", kMar2024),
      Doc("c", "en", "Aktau", "Ferries.", kJun2024),
      Doc("d", "en", "Aktau", "Ferries.", kSep2024),
  });
  Query query;
  query.text = "ferries";
  query.order = Query::kNewest;
  query.limit = 3;
  Result first = MustSearch(query);
  EXPECT_EQ(first.estimated_total, 4);
  ASSERT_EQ(first.hits.size(), 3u);
  EXPECT_EQ(first.hits[0].id, "d");
  query.offset = 3;
  EXPECT_THAT(Ids(query), ElementsAre("a"));
}

TEST_F(SearchIndexTest, AHitCarriesTheDocumentsFields) {
  auto doc = Doc("aktau", "ru", "Порт Актау", "Паромы идут в Баку.", kJun2024);
  doc.mutable_published()->set_nanos(250000000);
  PutAndCommit({doc});
  Result result = MustSearch(TextQuery("паромы", "ru"));
  ASSERT_EQ(result.hits.size(), 1u);
  const Hit& hit = result.hits[0];
  EXPECT_EQ(hit.id, "aktau");
  EXPECT_EQ(hit.title, "Порт Актау");
  EXPECT_EQ(hit.source, "steppe-policy-institute");
  EXPECT_EQ(hit.language, "ru");
  EXPECT_EQ(hit.url, "https://steppe.example.org/aktau/");
  EXPECT_EQ(hit.published_ms, kJun2024 * 1000 + 250);
  EXPECT_GT(hit.score, 0);
}

TEST_F(SearchIndexTest, SnippetsHighlightMatchedTerms) {
  PutAndCommit({
      Doc("en", "en", "Pipelines",
          "Kazakhstan plans new pipelines & power lines <by 2030>. The pipeline to China carries gas."),
      Doc("ru", "ru", "Коридор", "Пропускная способность коридора выросла вдвое."),
  });
  Result result = MustSearch(TextQuery("pipeline"));
  ASSERT_EQ(result.hits.size(), 1u);
  const std::string& snippet = result.hits[0].snippet;
  EXPECT_THAT(snippet, HasSubstr("<b>pipelines</b> &amp; power lines &lt;by 2030&gt;"));
  EXPECT_THAT(snippet, HasSubstr("The <b>pipeline</b> to China"));

  result = MustSearch(TextQuery("коридор", "ru"));
  ASSERT_EQ(result.hits.size(), 1u);
  EXPECT_THAT(result.hits[0].snippet, HasSubstr("<b>коридора</b>"));
}

TEST_F(SearchIndexTest, TheStandfirstIsSearchedAndShownAsTheTextsFirstParagraph) {
  caravan::v1::Document doc = Doc("dek", "en", "Ferries to Baku",
                                   "The port authority said two new vessels would join the line next year.");
  doc.set_standfirst("Caspian shipping waits for its bottleneck to ease.");
  PutAndCommit({doc});
  EXPECT_THAT(Ids("bottleneck"), ElementsAre("dek"));
  EXPECT_THAT(Ids("\"ease the port\""), ElementsAre()) << "no phrase across the standfirst and the text";
  Result result = MustSearch(TextQuery("bottleneck"));
  ASSERT_EQ(result.hits.size(), 1u);
  EXPECT_THAT(result.hits[0].snippet, HasSubstr("<b>bottleneck</b>"));
}

TEST_F(SearchIndexTest, APutReplacesTheDocumentWithTheSameId) {
  PutAndCommit({Doc("a", "en", "Rail", "Trains to Aktau.")});
  PutAndCommit({Doc("a", "en", "Gas", "Pipelines to China.")});
  EXPECT_THAT(Ids("trains"), IsEmpty());
  EXPECT_THAT(Ids("pipelines"), ElementsAre("a"));
  EXPECT_EQ(MustSearch(Query()).estimated_total, 1);
}

TEST_F(SearchIndexTest, ATombstoneLeavesTheIndex) {
  PutAndCommit({Doc("a", "en", "Rail", "Trains to Aktau."), Doc("b", "en", "Rail", "Trains to Baku.")});
  auto tombstone = Doc("a", "en", "Rail", "Trains to Aktau.");
  tombstone.set_deleted(true);
  PutAndCommit({tombstone});
  EXPECT_THAT(Ids("trains"), ElementsAre("b"));

  std::string error;
  ASSERT_TRUE(index_->Remove("b", &error)) << error;
  ASSERT_TRUE(index_->Remove("never-indexed", &error)) << error;
  ASSERT_TRUE(index_->Commit(&error)) << error;
  EXPECT_THAT(Ids("trains"), IsEmpty());
}

TEST_F(SearchIndexTest, CopiesAreLeftOutUnlessAsked) {
  auto copy = Doc("copy", "en", "Khorgos dry port", "Record throughput at Khorgos.");
  copy.set_source("ankasam");
  copy.set_duplicate_of("original");
  PutAndCommit({Doc("original", "en", "Khorgos dry port", "Record throughput at Khorgos."), copy});
  EXPECT_THAT(Ids("khorgos"), ElementsAre("original"));
  Query with_copies = TextQuery("khorgos");
  with_copies.include_copies = true;
  EXPECT_THAT(Ids(with_copies), UnorderedElementsAre("original", "copy"));
}

TEST_F(SearchIndexTest, SearchesSeeOnlyCommittedWrites) {
  std::string error;
  ASSERT_TRUE(index_->Put(Doc("a", "en", "Rail", "Trains to Aktau."), &error)) << error;
  EXPECT_THAT(Ids("trains"), IsEmpty());
  ASSERT_TRUE(index_->Commit(&error)) << error;
  EXPECT_THAT(Ids("trains"), ElementsAre("a"));
}

TEST_F(SearchIndexTest, LastSeqSurvivesReopen) {
  EXPECT_EQ(index_->LastSeq(), 0u);
  std::string error;
  ASSERT_TRUE(index_->Put(Doc("a", "en", "Rail", "Trains to Aktau."), &error)) << error;
  ASSERT_TRUE(index_->SetLastSeq(42, &error)) << error;
  ASSERT_TRUE(index_->Commit(&error)) << error;
  Reopen();
  EXPECT_EQ(index_->LastSeq(), 42u);
  EXPECT_THAT(Ids("trains"), ElementsAre("a"));
}

TEST_F(SearchIndexTest, ClearEmptiesTheIndexAndResetsLastSeq) {
  std::string error;
  ASSERT_TRUE(index_->Put(Doc("a", "en", "Rail", "Trains to Aktau."), &error)) << error;
  ASSERT_TRUE(index_->SetLastSeq(7, &error)) << error;
  ASSERT_TRUE(index_->Commit(&error)) << error;
  ASSERT_TRUE(index_->Clear(&error)) << error;
  EXPECT_EQ(index_->LastSeq(), 0u);
  EXPECT_THAT(Ids(Query()), IsEmpty());
  PutAndCommit({Doc("b", "en", "Rail", "Trains to Baku.")});
  EXPECT_THAT(Ids("trains"), ElementsAre("b"));
}

TEST_F(SearchIndexTest, AMalformedQueryIsAnErrorNotACrash) {
  PutAndCommit({Doc("a", "en", "Rail", "Trains to Aktau.")});
  std::string error;
  EXPECT_FALSE(index_->Search(TextQuery("trains AND"), &error));
  EXPECT_THAT(error, HasSubstr("\"trains AND\""));
  error.clear();
  Query negative = TextQuery("trains");
  negative.limit = -1;
  EXPECT_FALSE(index_->Search(negative, &error));
  EXPECT_THAT(error, HasSubstr("limit -1"));
  // Unbalanced quotes and brackets are forgiven rather than refused.
  EXPECT_THAT(Ids("\"trains to"), ElementsAre("a"));
  EXPECT_THAT(Ids("(trains"), ElementsAre("a"));
}

TEST_F(SearchIndexTest, ASecondOpenOfTheDirectoryIsRefused) {
  std::string error;
  EXPECT_FALSE(SearchIndex::Open(dir_.string(), &error));
  EXPECT_THAT(error, HasSubstr(dir_.string()));
}

TEST_F(SearchIndexTest, SearchesNeverSeeHalfABatch) {
  constexpr int kBatches = 20;
  constexpr int kBatchSize = 5;
  std::atomic<bool> done = false;
  std::thread writer([&] {
    std::string error;
    for (int b = 0; b < kBatches; ++b) {
      for (int i = 0; i < kBatchSize; ++i) {
        const std::string id = std::to_string(b) + "-" + std::to_string(i);
        EXPECT_TRUE(index_->Put(Doc(id, "en", "Aktau", "Ferries to Baku."), &error)) << error;
      }
      EXPECT_TRUE(index_->SetLastSeq(b + 1, &error)) << error;
      EXPECT_TRUE(index_->Commit(&error)) << error;
    }
    done = true;
  });
  Query all = TextQuery("ferries");
  all.limit = kMaxLimit;
  size_t seen = 0;
  while (!done) {
    const size_t found = Ids(all).size();
    EXPECT_EQ(found % kBatchSize, 0u);
    EXPECT_GE(found, seen);
    seen = found;
  }
  writer.join();
  EXPECT_EQ(Ids(all).size(), size_t{kBatches * kBatchSize});
  EXPECT_EQ(index_->LastSeq(), static_cast<uint64_t>(kBatches));
}

}  // namespace
}  // namespace caravan::search
