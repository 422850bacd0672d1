#include "dedup/document.h"

#include <gtest/gtest.h>

#include "tests/storage/storage_test_util.h"

namespace caravan::dedup {
namespace {

caravan::v1::ExtractResult Extracted() {
  caravan::v1::ExtractResult e;
  e.set_title("Caspian freight outlook");
  e.add_authors("Aigerim Seitkali");
  e.add_authors("Timur Akhmetov");
  e.set_language("en");
  e.add_outlinks("https://steppe.example/analysis/other/");
  e.set_site_name("Steppe Institute");
  return e;
}

PageOrigin Origin(const std::string& content_type) {
  PageOrigin o;
  o.source = "steppe";
  o.url = "https://steppe.example/analysis/caspian/?utm_source=x";
  o.canonical_url = "https://steppe.example/analysis/caspian/";
  o.content_type = content_type;
  o.linked_from = "https://steppe.example/reports/";
  o.fetched_at.set_seconds(1'733'000'000);
  return o;
}

TEST(AssembleDocument, IdComesFromTheCanonicalUrlAndHashFromTheText) {
  caravan::v1::Document d = AssembleDocument(Extracted(), "Freight volumes grew.", Origin("text/html"));
  EXPECT_EQ(d.id(), DocumentId("https://steppe.example/analysis/caspian/"));
  EXPECT_EQ(d.id().size(), 32u);
  EXPECT_EQ(d.content_hash(), ContentHash("Freight volumes grew."));
  EXPECT_EQ(d.url(), "https://steppe.example/analysis/caspian/?utm_source=x");
  EXPECT_EQ(d.source(), "steppe");
  EXPECT_EQ(d.author(), "Aigerim Seitkali");
  EXPECT_EQ(d.authors_size(), 2);
  EXPECT_EQ(d.fetched_at().seconds(), 1'733'000'000);
  EXPECT_EQ(d.site_name(), "Steppe Institute");
}

TEST(AssembleDocument, OnlyFilesKeepTheirLandingPage) {
  EXPECT_EQ(AssembleDocument(Extracted(), "x", Origin("text/html")).landing_url(), "");
  EXPECT_EQ(AssembleDocument(Extracted(), "x", Origin("application/pdf")).landing_url(),
            "https://steppe.example/reports/");
}

TEST(ContentHash, ReWrappedTextIsTheSameContent) {
  EXPECT_EQ(ContentHash("Freight  volumes\n\ngrew. "), ContentHash("Freight volumes grew."));
  EXPECT_NE(ContentHash("Freight volumes grew."), ContentHash("Freight volumes fell."));
}

using RetagTest = storage::DocumentStoreTest;

TEST_F(RetagTest, DocumentsStoredWithoutTopicsAreTaggedOnceWhenTheStoreOpens) {
  caravan::v1::Document doc = storage::SampleDoc(
      "a", "Kazakhstan and China opened a second railway crossing at Khorgos. Kazakhstan expects the "
           "Khorgos dry port to double its throughput, and China is to finance a new terminal.");
  doc.set_title("Khorgos: a second crossing to Kazakhstan");
  MustPut(doc);  // as a version before topics wrote it
  ASSERT_EQ(store_->Get("a")->topics_size(), 0);
  std::string error;
  EXPECT_EQ(RetagStoredTopics(store_.get(), &error), 1) << error;
  std::optional<caravan::v1::Document> tagged = store_->Get("a");
  std::vector<std::string> names;
  for (const auto& t : tagged->topics()) names.push_back(t.name());
  EXPECT_NE(std::find(names.begin(), names.end(), "central_asia"), names.end()) << ::testing::PrintToString(names);
  EXPECT_NE(std::find(names.begin(), names.end(), "khorgos"), names.end()) << ::testing::PrintToString(names);
  EXPECT_EQ(tagged->version(), 1u);
  EXPECT_EQ(RetagStoredTopics(store_.get(), &error), 0) << "this lexicon's tags are on every document";
}

}  // namespace
}  // namespace caravan::dedup
