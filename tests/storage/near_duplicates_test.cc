// The store's side of linked documents: sketches indexed with each live
// document, links between copies and originals, copies out of List; files
// attached to their landing page, and listed with it.
#include <memory>

#include <gtest/gtest.h>

#include "dedup/sketch.h"
#include "storage/document_store.h"
#include "tests/storage/storage_test_util.h"

namespace caravan::storage {
namespace {

using caravan::v1::Document;
using caravan::v1::ListDocumentsRequest;

const std::string kText =
    "Kazakhstan and Uzbekistan agreed on Tuesday to build a joint logistics hub at the border crossing of "
    "Saryagash, where trains bound for Afghanistan now wait up to a week. The hub will have bonded "
    "warehouses, a container terminal and a shared customs office, and is to open in two years. "
    "Officials said the project is part of a wider plan to route more of the region's trade with South "
    "Asia through the Termez corridor, and that lenders from the Gulf have shown interest.";
const std::string kOther =
    "Tajikistan's parliament approved the budget for the Rogun hydropower plant for the coming year. The "
    "dam, which would be the tallest in the world, remains contested downstream, where farmers fear for "
    "the water of the Amu Darya during the years the reservoir fills.";

class NearDuplicateStoreTest : public DocumentStoreTest {
 protected:
  std::vector<std::string> Candidates(const std::string& text) {
    std::vector<std::string> ids;
    for (const auto& [id, sketch] : store_->NearCandidates(dedup::SketchOf(text))) ids.push_back(id);
    return ids;
  }
  std::vector<std::string> ListIds(bool include_copies) {
    ListDocumentsRequest request;
    request.set_include_copies(include_copies);
    return DocumentStoreTest::ListIds(request);
  }
};

TEST_F(NearDuplicateStoreTest, AStoredTextIsACandidateForItsCopiesOnly) {
  MustPut(SampleDoc("a", kText));
  MustPut(SampleDoc("b", kOther));
  EXPECT_EQ(Candidates(kText + " The agreement was signed in Tashkent."), std::vector<std::string>{"a"});
  EXPECT_EQ(Candidates(kOther), std::vector<std::string>{"b"});
}

TEST_F(NearDuplicateStoreTest, ANewVersionReplacesTheOldSketchInTheIndex) {
  MustPut(SampleDoc("a", kText));
  MustPut(SampleDoc("a", kOther));
  EXPECT_TRUE(Candidates(kText).empty());
  EXPECT_EQ(Candidates(kOther), std::vector<std::string>{"a"});
}

TEST_F(NearDuplicateStoreTest, ATombstoneIsNoCandidate) {
  MustPut(SampleDoc("a", kText));
  ASSERT_TRUE(store_->Delete("a"));
  EXPECT_TRUE(Candidates(kText).empty());
}

TEST_F(NearDuplicateStoreTest, ACopyIsListedByItsOriginalAndLeftOutOfListUnlessAsked) {
  MustPut(SampleDoc("a", kText));
  Document copy = SampleDoc("b", kText + " Reprinted with permission.", "cabar");
  copy.set_duplicate_of("a");
  MustPut(copy);
  EXPECT_EQ(store_->Get("a")->copies().size(), 1);
  EXPECT_EQ(store_->Get("a")->copies(0), "b");
  EXPECT_EQ(store_->Get("a")->version(), 1u) << "a link is no new version";
  EXPECT_EQ(store_->Get("b")->duplicate_of(), "a");
  EXPECT_EQ(ListIds(false), std::vector<std::string>{"a"});
  EXPECT_EQ(ListIds(true), (std::vector<std::string>{"a", "b"}));
}

TEST_F(NearDuplicateStoreTest, AnEarlierOriginalTakesOverTheCopiesOfTheOldOne) {
  MustPut(SampleDoc("b", kText, "cabar"));
  Document c = SampleDoc("c", kText + " Abridged.", "timesca");
  c.set_duplicate_of("b");
  MustPut(c);
  Document a = SampleDoc("a", kText, "ankasam");
  a.add_copies("b");
  MustPut(a);
  EXPECT_EQ(store_->Get("b")->duplicate_of(), "a");
  EXPECT_TRUE(store_->Get("b")->copies().empty());
  EXPECT_EQ(store_->Get("c")->duplicate_of(), "a") << "a group has one original, which every copy names";
  ASSERT_EQ(store_->Get("a")->copies().size(), 2);
  EXPECT_EQ(ListIds(false), std::vector<std::string>{"a"});
}

TEST_F(NearDuplicateStoreTest, LinksSurviveANewVersionOfThePage) {
  MustPut(SampleDoc("a", kText));
  Document copy = SampleDoc("b", kText, "cabar");
  copy.set_duplicate_of("a");
  MustPut(copy);
  MustPut(SampleDoc("a", kText + " Updated with the signing date."));
  EXPECT_EQ(store_->Get("a")->version(), 2u);
  EXPECT_EQ(store_->Get("a")->copies().size(), 1);
  MustPut(SampleDoc("b", kText + " Edited.", "cabar"));
  EXPECT_EQ(store_->Get("b")->duplicate_of(), "a");
}

TEST_F(NearDuplicateStoreTest, ALinkToAMissingOriginalIsDropped) {
  Document copy = SampleDoc("b", kText, "cabar");
  copy.set_duplicate_of("nobody");
  MustPut(copy);
  EXPECT_TRUE(store_->Get("b")->duplicate_of().empty());
  EXPECT_EQ(ListIds(false), std::vector<std::string>{"b"});
}

TEST_F(NearDuplicateStoreTest, AStoreWrittenBeforeSketchesIsIndexedOnOpen) {
  MustPut(SampleDoc("a", kText));
  // What an older caravan left: documents, no sketches, no index.
  for (const char* cf : {"sketches", "near_index"}) {
    std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf(cf)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) db_->db()->Delete(rocksdb::WriteOptions(), db_->cf(cf), it->key());
  }
  db_->db()->Delete(rocksdb::WriteOptions(), db_->cf("meta"), "sketch_format");
  ASSERT_TRUE(Candidates(kText).empty());
  Reopen();
  EXPECT_EQ(Candidates(kText), std::vector<std::string>{"a"});
}

TEST_F(NearDuplicateStoreTest, EveryDocumentWhoseLinksChangeGetsALinkedEventAfterTheNewOne) {
  MustPut(SampleDoc("b", kText, "cabar"));
  Document c = SampleDoc("c", kText + " Abridged.", "timesca");
  c.set_duplicate_of("b");
  MustPut(c);
  // An earlier publication: b becomes its copy, and c with it.
  Document a = SampleDoc("a", kText, "ankasam");
  a.add_copies("b");
  MustPut(a);
  std::vector<std::pair<caravan::v1::EventType, std::string>> events;
  for (const auto& e : store_->ReadChanges(0, 100, true)) events.emplace_back(e.type(), e.document_id());
  using E = std::vector<std::pair<caravan::v1::EventType, std::string>>;
  EXPECT_EQ(events, (E{{caravan::v1::CREATED, "b"},
                       {caravan::v1::CREATED, "c"},
                       {caravan::v1::LINKED, "b"},
                       {caravan::v1::CREATED, "a"},
                       {caravan::v1::LINKED, "b"},
                       {caravan::v1::LINKED, "c"}}));
  std::vector<caravan::v1::DocumentEvent> last = store_->ReadChanges(5, 1, true);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].document().duplicate_of(), "a") << "the event carries the new links";
  EXPECT_EQ(last[0].version(), 1u) << "at the same version";
}

TEST_F(NearDuplicateStoreTest, AFileIsAttachedToItsLandingPageAndListedWithIt) {
  MustPut(SampleDoc("page", kText));
  Document pdf = SampleDoc("pdf", kOther);
  pdf.set_content_type("application/pdf");
  pdf.set_landing_url(store_->Get("page")->canonical_url());
  MustPut(pdf);
  EXPECT_EQ(store_->Get("pdf")->attachment_of(), "page");
  EXPECT_EQ(store_->Get("page")->attachments_size(), 1);
  EXPECT_EQ(store_->Get("page")->version(), 1u) << "a link is no new version";

  ListDocumentsRequest request;
  caravan::v1::ListDocumentsResponse listed = store_->List(request);
  ASSERT_EQ(listed.documents_size(), 1) << "the pair is one publication";
  ASSERT_EQ(listed.documents(0).attached_size(), 1);
  EXPECT_EQ(listed.documents(0).attached(0).id(), "pdf");
  EXPECT_EQ(listed.documents(0).attached(0).text(), kOther);
  request.set_include_attachments(true);
  EXPECT_EQ(DocumentStoreTest::ListIds(request), (std::vector<std::string>{"page", "pdf"}));
}

TEST_F(NearDuplicateStoreTest, AnEditedLandingPageKeepsItsAttachments) {
  MustPut(SampleDoc("page", kText));
  Document pdf = SampleDoc("pdf", kOther);
  pdf.set_landing_url(store_->Get("page")->canonical_url());
  MustPut(pdf);
  MustPut(SampleDoc("page", kText + " Updated with the full report."));
  std::optional<Document> page = store_->Get("page");
  EXPECT_EQ(page->version(), 2u);
  ASSERT_EQ(page->attachments_size(), 1);
  EXPECT_EQ(page->attachments(0), "pdf");
  EXPECT_EQ(page->attached_size(), 0) << "attached is filled on reading, never stored";
}

}  // namespace
}  // namespace caravan::storage
