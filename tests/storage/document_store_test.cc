#include "storage/document_store.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "common/time.h"
#include "tests/storage/storage_test_util.h"

namespace caravan::storage {
namespace {

using caravan::v1::Document;
using caravan::v1::DocumentEvent;
using caravan::v1::ListDocumentsRequest;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

TEST_F(DocumentStoreTest, FirstPutCreatesVersionOne) {
  Document doc = SampleDoc("a", "one");
  doc.set_version(7);  // the caller's guess does not count
  DocumentEvent e = MustPut(doc);
  EXPECT_EQ(e.type(), caravan::v1::CREATED);
  EXPECT_EQ(e.cursor(), "1");
  EXPECT_EQ(e.document_id(), "a");
  EXPECT_EQ(e.version(), 1u);
  EXPECT_GT(e.time().seconds(), 0);
  EXPECT_EQ(e.document().text(), "one");
  EXPECT_EQ(e.document().version(), 1u);
  auto stored = store_->Get("a");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->version(), 1u);
  EXPECT_EQ(stored->title(), "Title of a");
  EXPECT_EQ(store_->Count(), 1);
  EXPECT_EQ(store_->LastSeq(), 1u);
  EXPECT_FALSE(store_->Get("b"));
}

TEST_F(DocumentStoreTest, SameTextAndTitleWriteNothing) {
  MustPut(SampleDoc("a", "one"));
  Document again = SampleDoc("a", "one");
  again.set_description("other metadata alone is no change");
  std::string error;
  EXPECT_FALSE(store_->Put(again, "<html>new bytes</html>", &error));
  EXPECT_EQ(error, "") << "unchanged is not an error";
  EXPECT_EQ(store_->LastSeq(), 1u);
  EXPECT_EQ(store_->Get("a")->version(), 1u);
  EXPECT_FALSE(store_->GetRawBody("a", 2));
}

TEST_F(DocumentStoreTest, NewTextOrTitleIsANewVersion) {
  MustPut(SampleDoc("a", "one"));
  DocumentEvent text = MustPut(SampleDoc("a", "two"));
  EXPECT_EQ(text.type(), caravan::v1::UPDATED);
  EXPECT_EQ(text.version(), 2u);
  EXPECT_EQ(text.cursor(), "2");

  Document retitled = SampleDoc("a", "two");
  retitled.set_title("A better title");
  DocumentEvent title = MustPut(retitled);
  EXPECT_EQ(title.type(), caravan::v1::UPDATED);
  EXPECT_EQ(title.version(), 3u);
  EXPECT_EQ(store_->Get("a")->title(), "A better title");
  EXPECT_EQ(store_->Count(), 1) << "versions are not documents";
}

TEST_F(DocumentStoreTest, KeepsEveryVersionAndItsRawBody) {
  std::string binary("\x00\x01\xff<p>", 6);
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "<p>paragraph " + std::to_string(i) + "</p>\n";
  MustPut(SampleDoc("a", "one"), "<html>one</html>");
  MustPut(SampleDoc("a", "two"), binary);
  MustPut(SampleDoc("a", "three"), big);
  MustPut(SampleDoc("a", "four"), "");

  EXPECT_EQ(store_->GetVersion("a", 1)->text(), "one");
  EXPECT_EQ(store_->GetVersion("a", 2)->text(), "two");
  EXPECT_EQ(store_->GetVersion("a", 3)->text(), "three");
  EXPECT_EQ(store_->GetVersion("a", 3)->version(), 3u);
  EXPECT_FALSE(store_->GetVersion("a", 5));
  EXPECT_EQ(store_->GetRawBody("a", 1), "<html>one</html>");
  EXPECT_EQ(store_->GetRawBody("a", 2), binary);
  EXPECT_EQ(store_->GetRawBody("a", 3), big);
  EXPECT_EQ(store_->GetRawBody("a", 4), "") << "an empty body is still a body";
  EXPECT_FALSE(store_->GetRawBody("a", 5));
  EXPECT_FALSE(store_->GetRawBody("b", 1));
}

TEST_F(DocumentStoreTest, RawBodiesAreStoredCompressed) {
  std::string big(1 << 20, 'x');
  MustPut(SampleDoc("a", "one"), big);
  std::string stored;
  ASSERT_TRUE(db_->db()->Get(rocksdb::ReadOptions(), db_->cf("raw"), "a" + EncodeBe32(1), &stored).ok());
  EXPECT_LT(stored.size(), big.size() / 100);
}

TEST_F(DocumentStoreTest, PutWithoutIdFailsWithContext) {
  Document doc = SampleDoc("", "one");
  std::string error;
  EXPECT_FALSE(store_->Put(doc, "", &error));
  EXPECT_NE(error.find("without id"), std::string::npos) << error;
  EXPECT_NE(error.find(doc.url()), std::string::npos) << error;
  EXPECT_EQ(store_->LastSeq(), 0u);
}

TEST_F(DocumentStoreTest, IndexesUrlsAndContentHash) {
  Document doc = SampleDoc("a", "one");
  MustPut(doc);
  EXPECT_EQ(store_->FindByUrl(doc.url()), "a");
  EXPECT_EQ(store_->FindByUrl(doc.canonical_url()), "a");
  EXPECT_EQ(store_->FindByContentHash("hash:one"), "a");
  EXPECT_FALSE(store_->FindByUrl("https://www.ankasam.org/elsewhere/"));
  EXPECT_FALSE(store_->FindByContentHash("hash:other"));
}

TEST_F(DocumentStoreTest, ContentHashFollowsTheText) {
  MustPut(SampleDoc("a", "one"));
  MustPut(SampleDoc("a", "two"));
  EXPECT_FALSE(store_->FindByContentHash("hash:one")) << "no live document has that text any more";
  EXPECT_EQ(store_->FindByContentHash("hash:two"), "a");
}

TEST_F(DocumentStoreTest, ContentHashStaysWithTheFirstDocument) {
  MustPut(SampleDoc("a", "same"));
  MustPut(SampleDoc("b", "same"));
  EXPECT_EQ(store_->FindByContentHash("hash:same"), "a");
}

TEST_F(DocumentStoreTest, AliasesAreFoundAndSurviveNewVersions) {
  MustPut(SampleDoc("a", "one"));
  const std::string alias = "https://www.ankasam.org/print/a/";
  std::string error;
  ASSERT_TRUE(store_->AddAlias("a", alias, &error)) << error;
  ASSERT_TRUE(store_->AddAlias("a", alias, &error)) << error;
  ASSERT_TRUE(store_->AddAlias("a", SampleDoc("a", "").canonical_url(), &error)) << error;
  EXPECT_EQ(store_->FindByUrl(alias), "a");
  auto doc = store_->Get("a");
  ASSERT_EQ(doc->aliases_size(), 1) << "no repeats, and not its own urls";
  EXPECT_EQ(doc->aliases(0), alias);
  EXPECT_EQ(doc->version(), 1u);
  EXPECT_EQ(store_->LastSeq(), 1u) << "an alias is no event";

  MustPut(SampleDoc("a", "two"));
  doc = store_->Get("a");
  ASSERT_EQ(doc->aliases_size(), 1);
  EXPECT_EQ(doc->aliases(0), alias);
}

TEST_F(DocumentStoreTest, AliasOfAMissingDocumentFails) {
  std::string error;
  EXPECT_FALSE(store_->AddAlias("nope", "https://example.org/", &error));
  EXPECT_NE(error.find("nope"), std::string::npos) << error;
  EXPECT_FALSE(store_->FindByUrl("https://example.org/"));
}

TEST_F(DocumentStoreTest, DeleteLeavesATombstoneAndAnEvent) {
  MustPut(SampleDoc("a", "one"));
  std::string error;
  auto e = store_->Delete("a", &error);
  ASSERT_TRUE(e) << error;
  EXPECT_EQ(e->type(), caravan::v1::DELETED);
  EXPECT_EQ(e->version(), 2u);
  EXPECT_EQ(e->cursor(), "2");
  EXPECT_TRUE(e->document().deleted());
  auto doc = store_->Get("a");
  ASSERT_TRUE(doc);
  EXPECT_TRUE(doc->deleted());
  EXPECT_EQ(doc->text(), "one") << "the tombstone keeps what was last seen";
  EXPECT_FALSE(store_->GetVersion("a", 1)->deleted());
  EXPECT_EQ(store_->Count(), 1) << "tombstones count";
  EXPECT_FALSE(store_->FindByContentHash("hash:one"));

  error.clear();
  EXPECT_FALSE(store_->Delete("a", &error));
  EXPECT_EQ(error, "") << "already a tombstone is no failure";
  EXPECT_EQ(store_->LastSeq(), 2u);
  EXPECT_FALSE(store_->Delete("missing", &error));
  EXPECT_NE(error.find("missing"), std::string::npos) << error;
}

TEST_F(DocumentStoreTest, AMigrationRewritesDocumentsInPlaceOncePerFormat) {
  MustPut(SampleDoc("a", "one"));
  MustPut(SampleDoc("b", "two"));
  auto tag = [](caravan::v1::Document* d) {
    if (d->id() != "a") return false;
    d->add_tags("migrated");
    return true;
  };
  std::string error;
  EXPECT_EQ(store_->Migrate("tags", "1", tag, &error), 1) << error;
  std::optional<caravan::v1::Document> a = store_->Get("a");
  ASSERT_EQ(a->tags_size(), 1);
  EXPECT_EQ(a->version(), 1u) << "a migration is no new version";
  EXPECT_EQ(store_->GetVersion("a", 1)->tags_size(), 1);
  EXPECT_EQ(store_->LastSeq(), 2u) << "nor an event";
  Reopen();
  EXPECT_EQ(store_->Migrate("tags", "1", tag, &error), 0) << "done once per format";
  EXPECT_EQ(store_->Get("a")->tags_size(), 1);
  EXPECT_EQ(store_->Migrate("tags", "2", tag, &error), 1) << "a new format runs again";
}

TEST_F(DocumentStoreTest, RetentionDropsOldEventsButNeverDocumentsNorTheNewestEvent) {
  for (int i = 0; i < 5; ++i) MustPut(SampleDoc("d" + std::to_string(i), "text " + std::to_string(i)));
  std::string error;
  EXPECT_EQ(store_->PruneChanges(0, 2, &error), 3) << error;
  EXPECT_EQ(store_->FirstSeq(), 4u);
  EXPECT_EQ(store_->ReadChanges(0, 10).size(), 2u);
  EXPECT_EQ(store_->Count(), 5);
  EXPECT_TRUE(store_->Get("d0"));
  // Everything is older than now + 1 h, but the newest event stays.
  EXPECT_EQ(store_->PruneChanges(NowMs() + 3'600'000, 0, &error), 1);
  EXPECT_EQ(store_->FirstSeq(), 5u);
  Reopen();
  EXPECT_EQ(store_->FirstSeq(), 5u);
  EXPECT_EQ(store_->LastSeq(), 5u);
  EXPECT_EQ(store_->PruneChanges(0, 1, &error), 0);
}

TEST_F(DocumentStoreTest, APageThatComesBackIsANewVersion) {
  MustPut(SampleDoc("a", "one"));
  store_->Delete("a");
  DocumentEvent back = MustPut(SampleDoc("a", "one"));
  EXPECT_EQ(back.type(), caravan::v1::UPDATED);
  EXPECT_EQ(back.version(), 3u);
  EXPECT_FALSE(store_->Get("a")->deleted());
  EXPECT_EQ(store_->FindByContentHash("hash:one"), "a");
  EXPECT_EQ(store_->Count(), 1);
}

TEST_F(DocumentStoreTest, ChangesComeInOrderWithTheDocumentAsOfEachEvent) {
  MustPut(SampleDoc("a", "one"));
  MustPut(SampleDoc("b", "bee"));
  MustPut(SampleDoc("a", "two"));
  store_->Delete("b");

  std::vector<DocumentEvent> events = store_->ReadChanges(0, 100);
  ASSERT_EQ(events.size(), 4u);
  for (size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].cursor(), std::to_string(i + 1));
  EXPECT_EQ(events[0].type(), caravan::v1::CREATED);
  EXPECT_EQ(events[0].document().text(), "one") << "as of the event, not as now";
  EXPECT_EQ(events[0].document().version(), 1u);
  EXPECT_EQ(events[1].document_id(), "b");
  EXPECT_FALSE(events[1].document().deleted());
  EXPECT_EQ(events[2].type(), caravan::v1::UPDATED);
  EXPECT_EQ(events[2].document().text(), "two");
  EXPECT_EQ(events[3].type(), caravan::v1::DELETED);
  EXPECT_TRUE(events[3].document().deleted());
  for (const DocumentEvent& e : events) {
    EXPECT_EQ(e.document().id(), e.document_id());
    EXPECT_EQ(e.document().version(), e.version());
    EXPECT_GT(e.time().seconds(), 0);
  }
}

TEST_F(DocumentStoreTest, ReadChangesResumesAfterACursorAndHonoursMax) {
  for (int i = 0; i < 10; ++i) MustPut(SampleDoc("d" + std::to_string(i), "t" + std::to_string(i)));
  std::vector<DocumentEvent> first = store_->ReadChanges(0, 4);
  ASSERT_EQ(first.size(), 4u);
  EXPECT_EQ(first.back().cursor(), "4");
  std::vector<DocumentEvent> rest = store_->ReadChanges(*ParseCursor(first.back().cursor()), 100);
  ASSERT_EQ(rest.size(), 6u);
  EXPECT_EQ(rest.front().cursor(), "5");
  EXPECT_EQ(rest.back().cursor(), "10");
  EXPECT_TRUE(store_->ReadChanges(10, 100).empty());
  EXPECT_TRUE(store_->ReadChanges(0, 0).empty());
  EXPECT_TRUE(store_->ReadChanges(UINT64_MAX, 100).empty());
}

TEST_F(DocumentStoreTest, ReadChangesCanOmitText) {
  MustPut(SampleDoc("a", "one"));
  std::vector<DocumentEvent> events = store_->ReadChanges(0, 10, /*omit_text=*/true);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].document().text(), "");
  EXPECT_EQ(events[0].document().title(), "Title of a");
}

TEST_F(DocumentStoreTest, TheChangeLogKeepsTheDocumentWithoutItsText) {
  Document doc = SampleDoc("a", std::string(10000, 'x'));
  doc.set_content_hash("h1");
  MustPut(doc);
  std::string value;
  ASSERT_TRUE(db_->db()->Get(rocksdb::ReadOptions(), db_->cf("changes"), EncodeBe64(1), &value).ok());
  DocumentEvent stored;
  ASSERT_TRUE(stored.ParseFromString(value));
  EXPECT_EQ(stored.document().title(), "Title of a");
  EXPECT_EQ(stored.document().text(), "") << "the text is in versions once";
  EXPECT_LT(value.size(), 1000u);
  EXPECT_EQ(stored.document_id(), "a");
  EXPECT_EQ(stored.cursor(), "1");
  EXPECT_EQ(stored.type(), caravan::v1::CREATED);
}

TEST_F(DocumentStoreTest, AnEventShowsTheLinksAsTheyWereWhenItWasLogged) {
  MustPut(SampleDoc("a", "the original"));
  Document copy = SampleDoc("b", "the copy");
  copy.set_duplicate_of("a");
  MustPut(copy);
  std::vector<DocumentEvent> events = store_->ReadChanges(0, 10);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].document().copies_size(), 0) << "a had no copy when it was created";
  EXPECT_EQ(events[0].document().text(), "the original");
  EXPECT_EQ(events[2].type(), caravan::v1::LINKED);
  ASSERT_EQ(events[2].document().copies_size(), 1);
  EXPECT_EQ(events[2].document().copies(0), "b");
  EXPECT_EQ(events[2].document().text(), "the original");
}

TEST_F(DocumentStoreTest, AnEventLoggedWithoutItsDocumentTakesItFromItsVersion) {
  MustPut(SampleDoc("a", "one"));
  // As an older caravan logged it: no document in the record.
  DocumentEvent old;
  old.set_type(caravan::v1::CREATED);
  old.set_cursor("1");
  old.set_document_id("a");
  old.set_version(1);
  ASSERT_TRUE(db_->db()->Put(rocksdb::WriteOptions(), db_->cf("changes"), EncodeBe64(1), old.SerializeAsString()).ok());
  for (bool omit_text : {false, true}) {
    std::vector<DocumentEvent> events = store_->ReadChanges(0, 10, omit_text);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].document().title(), "Title of a");
    EXPECT_EQ(events[0].document().text(), omit_text ? "" : "one");
  }
}

TEST_F(DocumentStoreTest, AListThatCannotReadItsDocumentsFailsRatherThanSkippingThem) {
  for (int i = 0; i < 5; ++i) MustPut(SampleDoc("d" + std::to_string(i), "text " + std::to_string(i), "cabar"));
  ASSERT_GT(CorruptFamily(dir_.path(), "docs", &db_, &store_), 0);
  caravan::v1::ListDocumentsRequest request;
  request.set_source("cabar");  // through the list index, intact, to documents that are not
  std::string error;
  caravan::v1::ListDocumentsResponse page = store_->List(request, &error);
  EXPECT_NE(error.find("Corruption"), std::string::npos) << error;
  EXPECT_EQ(page.documents_size(), 0);
  EXPECT_EQ(page.next_page_token(), "");
  request.clear_source();  // the walk over every document
  error.clear();
  page = store_->List(request, &error);
  EXPECT_NE(error.find("Corruption"), std::string::npos) << error;
  EXPECT_EQ(page.documents_size(), 0);
}

TEST_F(DocumentStoreTest, VisitChangesStopsWhereTheVisitorSays) {
  for (int i = 0; i < 5; ++i) MustPut(SampleDoc("d" + std::to_string(i), "t" + std::to_string(i)));
  std::vector<uint64_t> seen;
  const size_t visited = store_->VisitChanges(1, 10, true, [&](uint64_t seq, DocumentEvent* event) {
    EXPECT_EQ(event->cursor(), std::to_string(seq));
    EXPECT_EQ(event->document().text(), "");
    seen.push_back(seq);
    return seq < 3;
  });
  EXPECT_EQ(visited, 2u);
  EXPECT_EQ(seen, (std::vector<uint64_t>{2, 3}));
}

TEST_F(DocumentStoreTest, VisitChangesLetsTheVisitorTakeEachEvent) {
  for (int i = 0; i < 4; ++i) MustPut(SampleDoc("d" + std::to_string(i), "t" + std::to_string(i)));
  // Each event taken is swapped for a used message with other fields set:
  // none of them may leak into the events parsed into it afterwards.
  DocumentEvent used;
  used.set_cursor("99");
  used.mutable_document()->set_title("stale title");
  used.mutable_document()->add_authors("stale author");
  std::vector<DocumentEvent> taken;
  store_->VisitChanges(0, 10, false, [&](uint64_t, DocumentEvent* event) {
    DocumentEvent spare = used;
    event->Swap(&spare);
    taken.push_back(std::move(spare));
    return true;
  });
  ASSERT_EQ(taken.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(taken[i].cursor(), std::to_string(i + 1));
    EXPECT_EQ(taken[i].document().id(), "d" + std::to_string(i));
    EXPECT_EQ(taken[i].document().title(), "Title of d" + std::to_string(i));
    EXPECT_EQ(taken[i].document().text(), "t" + std::to_string(i));
    EXPECT_EQ(taken[i].document().authors_size(), 0);
  }
}

TEST_F(DocumentStoreTest, SequenceAndCountContinueAfterReopen) {
  MustPut(SampleDoc("a", "one"));
  MustPut(SampleDoc("b", "bee"));
  MustPut(SampleDoc("a", "two"));
  Reopen();
  EXPECT_EQ(store_->LastSeq(), 3u);
  EXPECT_EQ(store_->Count(), 2);
  EXPECT_EQ(MustPut(SampleDoc("c", "sea")).cursor(), "4");
  std::vector<DocumentEvent> events = store_->ReadChanges(2, 100);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].cursor(), "3");
  EXPECT_EQ(events[0].document().text(), "two");
  EXPECT_EQ(events[1].cursor(), "4");
  EXPECT_EQ(store_->Count(), 3);
}

TEST_F(DocumentStoreTest, ConcurrentWritersGetGaplessSequenceNumbers) {
  constexpr int kThreads = 4;
  constexpr int kEach = 50;
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([this, t] {
      for (int i = 0; i < kEach; ++i) {
        std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        store_->Put(SampleDoc(id, id), "raw");
      }
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(store_->LastSeq(), uint64_t{kThreads * kEach});
  EXPECT_EQ(store_->Count(), kThreads * kEach);
  std::vector<DocumentEvent> events = store_->ReadChanges(0, 1000);
  ASSERT_EQ(events.size(), size_t{kThreads * kEach});
  std::set<std::string> ids;
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].cursor(), std::to_string(i + 1));
    ids.insert(events[i].document_id());
  }
  EXPECT_EQ(ids.size(), events.size());
}

TEST_F(DocumentStoreTest, ListFiltersBySourceAndLanguage) {
  MustPut(SampleDoc("a", "one", "ankasam"));
  MustPut(SampleDoc("b", "two", "cabar"));
  Document ru = SampleDoc("c", "три", "cabar");
  ru.set_language("ru");
  MustPut(ru);

  ListDocumentsRequest all;
  EXPECT_EQ(ListIds(all), (std::vector<std::string>{"a", "b", "c"}));
  ListDocumentsRequest by_source;
  by_source.set_source("cabar");
  EXPECT_EQ(ListIds(by_source), (std::vector<std::string>{"b", "c"}));
  ListDocumentsRequest by_language;
  by_language.set_language("ru");
  EXPECT_EQ(ListIds(by_language), (std::vector<std::string>{"c"}));
  by_language.set_source("ankasam");
  EXPECT_TRUE(ListIds(by_language).empty());
}

class ListIndexTest : public DocumentStoreTest {
 protected:
  // A document of `source` published `day` days after a fixed date.
  void PutDated(const std::string& id, const std::string& source, int64_t day, const std::string& topic = "") {
    Document d = SampleDoc(id, "text of " + id, source);
    d.mutable_published()->set_seconds(1'700'000'000 + day * 86'400);
    if (!topic.empty()) d.add_topics()->set_name(topic);
    MustPut(d);
  }
};

TEST_F(ListIndexTest, AFilteredListIsNewestFirstAndPagesThroughItsIndex) {
  PutDated("a", "cabar", 1);
  PutDated("b", "cabar", 3, "middle_corridor");
  PutDated("c", "cabar", 2, "middle_corridor");
  PutDated("d", "ankasam", 4, "middle_corridor");
  ListDocumentsRequest request;
  request.set_source("cabar");
  request.set_page_size(2);
  caravan::v1::ListDocumentsResponse page = store_->List(request);
  ASSERT_EQ(page.documents_size(), 2);
  EXPECT_EQ(page.documents(0).id(), "b");
  EXPECT_EQ(page.documents(1).id(), "c");
  ASSERT_FALSE(page.next_page_token().empty());
  request.set_page_token(page.next_page_token());
  page = store_->List(request);
  ASSERT_EQ(page.documents_size(), 1);
  EXPECT_EQ(page.documents(0).id(), "a");
  EXPECT_TRUE(page.next_page_token().empty());

  ListDocumentsRequest by_topic;
  by_topic.set_topic("middle_corridor");
  EXPECT_EQ(ListIds(by_topic), (std::vector<std::string>{"d", "b", "c"}));
  by_topic.set_source("cabar");
  by_topic.mutable_published_before()->set_seconds(1'700'000'000 + 3 * 86'400);
  EXPECT_EQ(ListIds(by_topic), (std::vector<std::string>{"c"})) << "the range bounds the walk";
}

TEST_F(ListIndexTest, AnEditedDocumentMovesInTheIndexAndLeavesNoStaleEntry) {
  PutDated("a", "cabar", 1, "energy");
  PutDated("b", "cabar", 2);
  Document edited = SampleDoc("a", "the edited text of a", "cabar");
  edited.mutable_published()->set_seconds(1'700'000'000 + 5 * 86'400);
  MustPut(edited);  // later, and no longer about energy
  ListDocumentsRequest request;
  request.set_source("cabar");
  EXPECT_EQ(ListIds(request), (std::vector<std::string>{"a", "b"}));
  ListDocumentsRequest by_topic;
  by_topic.set_topic("energy");
  EXPECT_TRUE(ListIds(by_topic).empty());
}

TEST_F(ListIndexTest, AStoreWrittenBeforeTheIndexesGetsThemOnOpen) {
  PutDated("a", "cabar", 1);
  PutDated("b", "ankasam", 2);
  // As an older version left it: no index entries, no format mark.
  ASSERT_TRUE(db_->db()->DeleteRange(rocksdb::WriteOptions(), db_->cf("list_index"), "", "\xff").ok());
  ASSERT_TRUE(db_->db()->Delete(rocksdb::WriteOptions(), db_->cf("meta"), "list_index_format").ok());
  ListDocumentsRequest request;
  request.set_source("cabar");
  EXPECT_TRUE(ListIds(request).empty());
  Reopen();
  EXPECT_EQ(ListIds(request), (std::vector<std::string>{"a"}));
}

TEST_F(DocumentStoreTest, ListFiltersByHalfOpenTimeRanges) {
  Document early = SampleDoc("a", "one");
  early.mutable_published()->set_seconds(1000);
  early.mutable_fetched_at()->set_seconds(5000);
  Document later = SampleDoc("b", "two");
  later.mutable_published()->set_seconds(1000);
  later.mutable_published()->set_nanos(500);
  later.mutable_fetched_at()->set_seconds(6000);
  Document undated = SampleDoc("c", "three");
  undated.clear_fetched_at();
  MustPut(early);
  MustPut(later);
  MustPut(undated);

  ListDocumentsRequest after;
  after.mutable_published_after()->set_seconds(1000);
  EXPECT_EQ(ListIds(after), (std::vector<std::string>{"a", "b"})) << "after is inclusive";
  after.mutable_published_after()->set_nanos(1);
  EXPECT_EQ(ListIds(after), (std::vector<std::string>{"b"})) << "nanos count";

  ListDocumentsRequest before;
  before.mutable_published_before()->set_seconds(1000);
  before.mutable_published_before()->set_nanos(500);
  EXPECT_EQ(ListIds(before), (std::vector<std::string>{"a"})) << "before is exclusive";

  ListDocumentsRequest fetched;
  fetched.mutable_fetched_after()->set_seconds(5500);
  fetched.mutable_fetched_before()->set_seconds(7000);
  EXPECT_EQ(ListIds(fetched), (std::vector<std::string>{"b"}));

  ListDocumentsRequest unbounded;
  EXPECT_EQ(ListIds(unbounded).size(), 3u) << "an unset range is no bound, even for undated ones";
}

TEST_F(DocumentStoreTest, ListPagesThroughEverythingOnce) {
  for (int i = 0; i < 25; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "d%02d", i);
    MustPut(SampleDoc(id, id, i % 5 == 0 ? "cabar" : "ankasam"));
  }
  ListDocumentsRequest request;
  request.set_page_size(10);
  std::vector<std::string> ids;
  std::vector<int> sizes;
  for (;;) {
    auto page = store_->List(request);
    sizes.push_back(page.documents_size());
    for (const Document& d : page.documents()) ids.push_back(d.id());
    if (page.next_page_token().empty()) break;
    EXPECT_EQ(page.next_page_token(), ids.back());
    request.set_page_token(page.next_page_token());
  }
  EXPECT_EQ(sizes, (std::vector<int>{10, 10, 5}));
  ASSERT_EQ(ids.size(), 25u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));

  // A filtered listing whose last page is exactly full has no empty page
  // after it.
  ListDocumentsRequest cabar;
  cabar.set_source("cabar");
  cabar.set_page_size(5);
  auto page = store_->List(cabar);
  EXPECT_EQ(page.documents_size(), 5);
  EXPECT_EQ(page.next_page_token(), "");
}

TEST_F(DocumentStoreTest, ListPageSizeDefaultsTo100AndIsCappedAt1000) {
  for (int i = 0; i < 1005; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "d%04d", i);
    store_->Put(SampleDoc(id, id), "");
  }
  ListDocumentsRequest request;
  auto page = store_->List(request);
  EXPECT_EQ(page.documents_size(), 100);
  EXPECT_EQ(page.next_page_token(), "d0099");
  request.set_page_size(5000);
  page = store_->List(request);
  EXPECT_EQ(page.documents_size(), 1000);
  EXPECT_EQ(page.next_page_token(), "d0999");
  request.set_page_token(page.next_page_token());
  page = store_->List(request);
  EXPECT_EQ(page.documents_size(), 5);
  EXPECT_EQ(page.next_page_token(), "");
}

TEST_F(DocumentStoreTest, AListPageEndsEarlyUnderItsByteBudgetAndTheTokenGoesOn) {
  for (int i = 0; i < 5; ++i) {
    caravan::v1::Document d = SampleDoc("d" + std::to_string(i), std::string(100'000, 'a' + i));
    d.set_content_hash("h" + d.id());  // SampleDoc's would double the size
    MustPut(d);
  }
  caravan::v1::ListDocumentsRequest request;
  request.set_page_size(100);
  request.set_max_page_bytes(250'000);
  std::vector<std::string> seen;
  int pages = 0;
  while (true) {
    caravan::v1::ListDocumentsResponse page = store_->List(request);
    ++pages;
    EXPECT_LE(static_cast<int64_t>(page.ByteSizeLong()), request.max_page_bytes());
    for (const auto& d : page.documents()) seen.push_back(d.id());
    if (page.next_page_token().empty()) break;
    EXPECT_TRUE(page.byte_limited());
    request.set_page_token(page.next_page_token());
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"d0", "d1", "d2", "d3", "d4"}));
}

TEST_F(DocumentStoreTest, ADocumentOverTheByteBudgetAloneIsListedWithoutItsText) {
  caravan::v1::Document big = SampleDoc("big", std::string(400'000, 'b'));
  big.set_content_hash("hbig");
  MustPut(big);
  MustPut(SampleDoc("small", "a short text"));
  caravan::v1::ListDocumentsRequest request;
  request.set_max_page_bytes(250'000);
  caravan::v1::ListDocumentsResponse page = store_->List(request);
  ASSERT_EQ(page.documents_size(), 2);
  EXPECT_EQ(page.documents(0).id(), "big");
  EXPECT_TRUE(page.documents(0).text().empty());
  EXPECT_EQ(page.text_omitted_size(), 1);
  EXPECT_EQ(page.text_omitted(0), "big");
  EXPECT_EQ(page.documents(1).text(), "a short text");
  EXPECT_EQ(store_->Get("big")->text().size(), 400'000u) << "Get reads it whole";
}

TEST_F(DocumentStoreTest, ListCanOmitTextAndShowsTombstones) {
  MustPut(SampleDoc("a", "one"));
  MustPut(SampleDoc("b", "two"));
  store_->Delete("b");
  ListDocumentsRequest request;
  request.set_omit_text(true);
  auto page = store_->List(request);
  ASSERT_EQ(page.documents_size(), 2);
  EXPECT_EQ(page.documents(0).text(), "");
  EXPECT_EQ(page.documents(0).title(), "Title of a");
  EXPECT_TRUE(page.documents(1).deleted());
  EXPECT_EQ(store_->Get("a")->text(), "one") << "omitting is for the response only";
}

TEST_F(DocumentStoreTest, WaitForChangesReturnsAtOnceWhenThereAreSome) {
  MustPut(SampleDoc("a", "one"));
  auto start = steady_clock::now();
  EXPECT_TRUE(store_->WaitForChanges(0, 10'000));
  EXPECT_LT(steady_clock::now() - start, milliseconds(1000));
}

TEST_F(DocumentStoreTest, WaitForChangesTimesOut) {
  MustPut(SampleDoc("a", "one"));
  auto start = steady_clock::now();
  EXPECT_FALSE(store_->WaitForChanges(1, 100));
  EXPECT_GE(steady_clock::now() - start, milliseconds(100));
  EXPECT_FALSE(store_->WaitForChanges(1, 0));
  EXPECT_FALSE(store_->WaitForChanges(1, -5));
}

TEST_F(DocumentStoreTest, WaitForChangesWakesOnPut) {
  std::thread writer([this] {
    std::this_thread::sleep_for(milliseconds(100));
    store_->Put(SampleDoc("a", "one"), "");
  });
  auto start = steady_clock::now();
  EXPECT_TRUE(store_->WaitForChanges(0, 30'000));
  EXPECT_LT(steady_clock::now() - start, milliseconds(10'000));
  writer.join();
}

TEST_F(DocumentStoreTest, WaitForChangesWakesOnDelete) {
  MustPut(SampleDoc("a", "one"));
  std::thread deleter([this] {
    std::this_thread::sleep_for(milliseconds(100));
    store_->Delete("a");
  });
  EXPECT_TRUE(store_->WaitForChanges(1, 30'000));
  deleter.join();
}

TEST_F(DocumentStoreTest, ShutdownReleasesWaitersAndLaterOnes) {
  std::thread stopper([this] {
    std::this_thread::sleep_for(milliseconds(100));
    store_->Shutdown();
  });
  auto start = steady_clock::now();
  EXPECT_FALSE(store_->WaitForChanges(0, 30'000));
  EXPECT_LT(steady_clock::now() - start, milliseconds(10'000));
  stopper.join();
  start = steady_clock::now();
  EXPECT_FALSE(store_->WaitForChanges(0, 30'000));
  EXPECT_LT(steady_clock::now() - start, milliseconds(1000));
}

TEST(ParseCursor, AcceptsDecimalSequenceNumbers) {
  EXPECT_EQ(ParseCursor(""), 0u) << "the beginning";
  EXPECT_EQ(ParseCursor("0"), 0u);
  EXPECT_EQ(ParseCursor("42"), 42u);
  EXPECT_EQ(ParseCursor("18446744073709551615"), UINT64_MAX);
}

TEST(ParseCursor, RejectsAnythingElse) {
  for (const char* bad : {"-1", "+1", " 1", "1 ", "4a", "0x10", "1.5", "18446744073709551616",
                          "99999999999999999999999"}) {
    EXPECT_FALSE(ParseCursor(bad)) << bad;
  }
}

}  // namespace
}  // namespace caravan::storage

namespace caravan::storage {
namespace {

// A page of a trio that names the other two as translations.
Document TranslatedDoc(const std::string& id, const std::string& language) {
  Document d = SampleDoc(id, "text in " + language);
  d.set_language(language);
  for (const std::string other : {"en", "ru", "tr"}) {
    if (other == language) continue;
    caravan::v1::Translation* t = d.add_translations();
    t->set_language(other);
    t->set_url("https://www.ankasam.org/" + other + "/corridor/");
  }
  d.set_canonical_url("https://www.ankasam.org/" + language + "/corridor/");
  return d;
}

class TranslationGroupTest : public DocumentStoreTest {};

TEST_F(TranslationGroupTest, TranslationsShareTheGroupOfTheFirstStoredAndNameEachOthersIds) {
  MustPut(TranslatedDoc("ru-doc", "ru"));
  EXPECT_EQ(store_->Get("ru-doc")->translation_group(), "ru-doc");
  MustPut(TranslatedDoc("en-doc", "en"));
  MustPut(TranslatedDoc("tr-doc", "tr"));
  for (const char* id : {"en-doc", "ru-doc", "tr-doc"}) {
    Document d = *store_->Get(id);
    EXPECT_EQ(d.translation_group(), "ru-doc") << id;
    ASSERT_EQ(d.translations_size(), 2) << id;
    for (const auto& t : d.translations()) {
      EXPECT_EQ(t.document_id(), t.language() + "-doc") << id << " -> " << t.url();
    }
  }
  EXPECT_EQ(store_->Get("ru-doc")->version(), 1u) << "joining a group is no new version";
}

TEST_F(TranslationGroupTest, AMemberWhosePageDidNotNameTheNewOneLearnsItsLanguage) {
  Document en = SampleDoc("en-doc", "english text");
  en.set_canonical_url("https://www.ankasam.org/en/corridor/");
  MustPut(en);  // names no translation
  Document ru = SampleDoc("ru-doc", "russian text");
  ru.set_language("ru");
  ru.set_canonical_url("https://www.ankasam.org/ru/corridor/");
  caravan::v1::Translation* t = ru.add_translations();
  t->set_language("en");
  t->set_url("https://www.ankasam.org/en/corridor/");
  MustPut(ru);
  Document stored_en = *store_->Get("en-doc");
  EXPECT_EQ(stored_en.translation_group(), "ru-doc");
  ASSERT_EQ(stored_en.translations_size(), 1);
  EXPECT_EQ(stored_en.translations(0).language(), "ru");
  EXPECT_EQ(stored_en.translations(0).document_id(), "ru-doc");
}

TEST_F(TranslationGroupTest, APageWithoutTranslationsHasNoGroup) {
  MustPut(SampleDoc("solo", "alone"));
  EXPECT_TRUE(store_->Get("solo")->translation_group().empty());
}

}  // namespace
}  // namespace caravan::storage
