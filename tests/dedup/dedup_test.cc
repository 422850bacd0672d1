#include "dedup/dedup.h"

#include <filesystem>

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace caravan::dedup
