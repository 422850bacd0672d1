#include "dedup/dedup.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "tests/storage/storage_test_util.h"

namespace caravan::dedup {
namespace {

namespace fs = std::filesystem;
using caravan::v1::DedupResult;

caravan::v1::Document Doc(const std::string& id, const std::string& hash, const std::string& title = "T") {
  caravan::v1::Document d;
  d.set_id(id);
  d.set_url("https://example.org/" + id);
  d.set_canonical_url(d.url());
  d.set_content_hash(hash);
  d.set_title(title);
  d.set_text("text " + hash);
  return d;
}

class DedupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dedup-test-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    std::string error;
    db_ = storage::Database::Open(dir_.string(), &error);
    ASSERT_TRUE(db_) << error;
    store_ = std::make_unique<storage::DocumentStore>(db_.get());
    store_->Put(Doc("a", "h1"), "<html>a</html>");
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
    fs::remove_all(dir_);
  }
  fs::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::DocumentStore> store_;
};

TEST_F(DedupTest, UnknownIdAndTextIsNew) {
  EXPECT_EQ(Deduplicator(store_.get()).Check(Doc("b", "h2")).verdict(), DedupResult::NEW);
}

TEST_F(DedupTest, SameIdSameTextIsUnchanged) {
  auto r = Deduplicator(store_.get()).Check(Doc("a", "h1"));
  EXPECT_EQ(r.verdict(), DedupResult::UNCHANGED);
  EXPECT_EQ(r.existing_version(), 1u);
}

TEST_F(DedupTest, SameIdOtherTextIsChanged) {
  EXPECT_EQ(Deduplicator(store_.get()).Check(Doc("a", "h9")).verdict(), DedupResult::CHANGED);
}

TEST_F(DedupTest, SameIdOtherTitleIsChanged) {
  EXPECT_EQ(Deduplicator(store_.get()).Check(Doc("a", "h1", "New title")).verdict(), DedupResult::CHANGED);
}

TEST_F(DedupTest, OtherIdSameTextIsDuplicateOfTheStoredOne) {
  auto r = Deduplicator(store_.get()).Check(Doc("print-a", "h1"));
  EXPECT_EQ(r.verdict(), DedupResult::DUPLICATE);
  EXPECT_EQ(r.existing_id(), "a");
}

TEST_F(DedupTest, TheSameTextOnAnotherSourceIsACopyNotAnAddress) {
  caravan::v1::Document reprint = Doc("reprint", "h1");
  reprint.set_source("other");
  auto r = Deduplicator(store_.get()).Check(reprint);
  EXPECT_EQ(r.verdict(), DedupResult::NEAR_DUPLICATE);
  EXPECT_EQ(r.existing_id(), "a");
  EXPECT_FALSE(r.supersedes());
}

// Texts long enough for shingles, with an original of source "ankasam".
TEST_F(DedupTest, AStoreThatCannotBeReadGivesNoVerdictRatherThanNew) {
  ASSERT_GT(storage::CorruptFamily(dir_.string(), "docs", &db_, &store_), 0);
  ASSERT_TRUE(store_);

  std::string read_error;
  EXPECT_FALSE(store_->Get("a", &read_error));
  EXPECT_NE(read_error, "") << "a failed read is not 'no such document'";
  DedupResult r = Deduplicator(store_.get()).Check(Doc("a", "h1"));
  EXPECT_NE(r.error().find("deduplicating a (https://example.org/a): reading docs: Corruption"), std::string::npos)
      << r.error();
  EXPECT_NE(r.verdict(), DedupResult::NEW);
}

class NearDedupTest : public DedupTest {
 protected:
  static caravan::v1::Document Article(const std::string& id, const std::string& source, const std::string& text,
                                       int64_t published_s) {
    caravan::v1::Document d = Doc(id, "hash of " + id);
    d.set_source(source);
    d.set_text(text);
    if (published_s) d.mutable_published()->set_seconds(published_s);
    return d;
  }
  void SetUp() override {
    DedupTest::SetUp();
    std::string error;
    ASSERT_TRUE(store_->Put(Article("orig", "ankasam", kText, 1'700'000'000), "", &error)) << error;
  }
  static constexpr const char* kText =
      "Turkey's trade with the Turkic states of Central Asia rose by a fifth last year, and Ankara now "
      "wants the Middle Corridor to carry a larger share of it. At a summit in Astana, ministers signed a "
      "protocol on a common customs transit system and agreed to study a ferry line between Turkmenbashi "
      "and Baku. Analysts note that the corridor still depends on Chinese cargo to fill its trains, and "
      "that Russia's northern route remains cheaper for most shippers.";
};

TEST_F(NearDedupTest, AnEditedReprintOnAnotherSourceIsACopyOfTheOriginal) {
  std::string edited = std::string(kText) + " This commentary first appeared on the ANKASAM website.";
  auto r = Deduplicator(store_.get()).Check(Article("reprint", "cabar", edited, 1'700'100'000));
  EXPECT_EQ(r.verdict(), DedupResult::NEAR_DUPLICATE);
  EXPECT_EQ(r.existing_id(), "orig");
  EXPECT_FALSE(r.supersedes());
  EXPECT_GT(r.jaccard(), 0.5);
}

TEST_F(NearDedupTest, ACopyPublishedEarlierSupersedesTheStoredOriginal) {
  auto r = Deduplicator(store_.get()).Check(Article("earlier", "cabar", kText, 1'600'000'000));
  EXPECT_EQ(r.verdict(), DedupResult::NEAR_DUPLICATE);
  EXPECT_TRUE(r.supersedes());
}

TEST_F(NearDedupTest, OnATieTheOneTheOtherCreditsIsTheOriginal) {
  // Neither dated; the stored one says where it comes from.
  std::string error;
  caravan::v1::Document credited = Article("undated-copy", "courier", std::string(kText) +
                                           " First published by Steppe Analytics.", 0);
  credited.set_site_name("Caspian Courier");
  ASSERT_TRUE(store_->Put(credited, "", &error)) << error;
  ASSERT_TRUE(store_->Delete("orig"));
  caravan::v1::Document original = Article("undated-original", "steppe", kText, 0);
  original.set_site_name("Steppe Analytics");
  auto r = Deduplicator(store_.get()).Check(original);
  EXPECT_EQ(r.verdict(), DedupResult::NEAR_DUPLICATE);
  EXPECT_EQ(r.existing_id(), "undated-copy");
  EXPECT_TRUE(r.supersedes()) << "the copy credits Steppe Analytics";
  caravan::v1::Document other = Article("undated-other", "digest", kText, 0);
  EXPECT_FALSE(Deduplicator(store_.get()).Check(other).supersedes()) << "no credit: the stored one stays";
}

TEST_F(NearDedupTest, OnTheSameSourceASimilarPageIsItsOwnDocument) {
  auto r = Deduplicator(store_.get()).Check(Article("weekly", "ankasam", std::string(kText) + " Week 2.", 0));
  EXPECT_EQ(r.verdict(), DedupResult::NEW);
}

TEST_F(NearDedupTest, ACopyOfACopyPointsToTheGroupsOriginal) {
  caravan::v1::Document first = Article("first-copy", "cabar", kText, 1'700'100'000);
  first.set_duplicate_of("orig");
  std::string error;
  ASSERT_TRUE(store_->Put(first, "", &error)) << error;
  // Another source's copy, most like the first copy.
  std::string text = std::string(kText) + " Translated and republished by a partner.";
  auto r = Deduplicator(store_.get()).Check(Article("second-copy", "timesca", text, 1'700'200'000));
  EXPECT_EQ(r.verdict(), DedupResult::NEAR_DUPLICATE);
  EXPECT_EQ(r.existing_id(), "orig");
}

TEST_F(NearDedupTest, AnUnrelatedTextIsNew) {
  std::string other =
      "The Asian Development Bank approved a loan for a new power line between Kyrgyzstan and Tajikistan "
      "under the CASA-1000 project, which is to carry summer hydropower south to Afghanistan and Pakistan. "
      "Construction on the Afghan section had stopped in 2021 and is only now resuming.";
  EXPECT_EQ(Deduplicator(store_.get()).Check(Article("adb", "cabar", other, 0)).verdict(), DedupResult::NEW);
}

}  // namespace
}  // namespace caravan::dedup
