#include "storage/document_store.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <set>

#include <google/protobuf/timestamp.pb.h>
#include <rocksdb/write_batch.h>
#include <zstd.h>

#include "common/ascii.h"
#include "common/proto_time.h"
#include "common/time.h"
#include "dedup/sketch.h"
#include "storage/filter.h"

namespace caravan::storage {
namespace {

using caravan::v1::Document;
using caravan::v1::DocumentEvent;
using google::protobuf::Timestamp;

constexpr char kCountKey[] = "doc_count";  // in "meta": be64 number of documents
constexpr int kRawZstdLevel = 3;

std::string VersionKey(const std::string& id, uint32_t version) { return id + EncodeBe32(version); }

// Reads and parses `key` of `cf`: nullopt when absent, and also when
// unreadable, but then `error` (if given) says why.
template <typename Message>
std::optional<Message> Read(const Database* db, std::string_view cf, std::string_view key,
                            std::string* error) {
  std::string value;
  rocksdb::Status s = db->db()->Get(rocksdb::ReadOptions(), db->cf(cf), key, &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) {
    if (error) *error = "reading " + std::string(cf) + ": " + s.ToString();
    return std::nullopt;
  }
  Message message;
  if (!message.ParseFromString(value)) {
    if (error) *error = "stored record in " + std::string(cf) + " does not parse";
    return std::nullopt;
  }
  return message;
}

std::optional<std::string> ReadString(const Database* db, std::string_view cf, std::string_view key,
                                      std::string* error = nullptr) {
  std::string value;
  rocksdb::Status s = db->db()->Get(rocksdb::ReadOptions(), db->cf(cf), key, &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) {
    if (error) *error = "reading " + std::string(cf) + ": " + s.ToString();
    return std::nullopt;
  }
  return value;
}

void SetNow(Timestamp* ts) {
  int64_t now = NowMs();
  ts->set_seconds(now / 1000);
  ts->set_nanos(static_cast<int32_t>(now % 1000) * 1'000'000);
}

bool Compress(std::string_view data, std::string* out, std::string* error) {
  out->resize(ZSTD_compressBound(data.size()));
  size_t n = ZSTD_compress(out->data(), out->size(), data.data(), data.size(), kRawZstdLevel);
  if (ZSTD_isError(n)) {
    *error = std::string("zstd: ") + ZSTD_getErrorName(n);
    return false;
  }
  out->resize(n);
  return true;
}

std::optional<std::string> Decompress(std::string_view data) {
  // ZSTD_compress records the content size, so one exact allocation does.
  unsigned long long size = ZSTD_getFrameContentSize(data.data(), data.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) return std::nullopt;
  std::string out(size, '\0');
  size_t n = ZSTD_decompress(out.data(), out.size(), data.data(), data.size());
  if (ZSTD_isError(n) || n != size) return std::nullopt;
  return out;
}

void SetError(std::string* error, std::string message) {
  if (error) *error = std::move(message);
}

// Without a trustworthy last sequence number the next write would overwrite
// existing events, so a store that cannot read it must not start.
[[noreturn]] void Fatal(const std::string& what, const rocksdb::Status& s) {
  std::fprintf(stderr, "caravan::storage: %s: %s\n", what.c_str(), s.ToString().c_str());
  std::abort();
}

constexpr char kSketchFormatKey[] = "sketch_format";  // in "meta": set once every live document is indexed
constexpr char kSketchFormat[] = "1";
// A bucket fuller than this holds text many documents share (a stock
// phrase, a notice), which says nothing about who copied whom: its members
// are skipped. A real copy shares most of its other buckets.
constexpr size_t kMaxPerBucket = 64;

void AddToIndex(Database* db, rocksdb::WriteBatch* batch, const std::string& id, const dedup::Sketch& sketch) {
  batch->Put(db->cf("sketches"), id, dedup::EncodeSketch(sketch));
  for (const std::string& key : dedup::IndexKeys(sketch)) batch->Put(db->cf("near_index"), key + id, "");
}

// Takes the document's current sketch out of the index (it stays in
// "sketches", so a revived tombstone can find it again).
void RemoveFromIndex(const Database* db, rocksdb::WriteBatch* batch, const std::string& id) {
  std::optional<std::string> stored = ReadString(db, "sketches", id);
  if (!stored) return;
  if (std::optional<dedup::Sketch> sketch = dedup::DecodeSketch(*stored)) {
    for (const std::string& key : dedup::IndexKeys(*sketch)) batch->Delete(db->cf("near_index"), key + id);
  }
}

// Writes `doc` as the latest document and as version doc.version(): a new
// version, or one rewritten in place (a change of its links to other
// documents, a migration, is no new version of the page).
void Rewrite(Database* db, rocksdb::WriteBatch* batch, const Document& doc) {
  std::string serialized = doc.SerializeAsString();
  batch->Put(db->cf("docs"), doc.id(), serialized);
  batch->Put(db->cf("versions"), VersionKey(doc.id(), doc.version()), serialized);
}

bool Contains(const google::protobuf::RepeatedPtrField<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// The secondary indexes List walks when it filters by source, language or
// topic: newest first, so that a page costs its size whatever the store's.
constexpr char kListIndexFormatKey[] = "list_index_format";  // in "meta": set once every document is indexed
constexpr char kListIndexFormat[] = "1";
constexpr char kBySource = 's', kByLanguage = 'l', kByTopic = 't';

std::string ListIndexPrefix(char kind, const std::string& value) { return std::string(1, kind) + value + '\0'; }

// A document's time in the indexes: when it was published, else fetched.
uint64_t ListTimeMs(const Document& d) {
  const Timestamp& t = d.has_published() ? d.published() : d.fetched_at();
  return static_cast<uint64_t>(std::max<int64_t>(0, t.seconds() * 1000 + t.nanos() / 1'000'000));
}

// Newest first: the time is stored inverted.
std::string ListIndexKey(char kind, const std::string& value, uint64_t time_ms, const std::string& id) {
  return ListIndexPrefix(kind, value) + EncodeBe64(UINT64_MAX - time_ms) + id;
}

std::set<std::string> ListIndexKeys(const Document& d) {
  std::set<std::string> keys;
  const uint64_t t = ListTimeMs(d);
  if (!d.source().empty()) keys.insert(ListIndexKey(kBySource, d.source(), t, d.id()));
  if (!d.language().empty()) keys.insert(ListIndexKey(kByLanguage, d.language(), t, d.id()));
  for (const auto& topic : d.topics()) keys.insert(ListIndexKey(kByTopic, topic.name(), t, d.id()));
  return keys;
}

// Adds to `batch` what moves `doc` from the index entries of `previous`
// (null for a new document) to its own.
void UpdateListIndex(Database* db, rocksdb::WriteBatch* batch, const Document* previous, const Document& doc) {
  std::set<std::string> now = ListIndexKeys(doc);
  if (previous) {
    for (const std::string& key : ListIndexKeys(*previous)) {
      if (!now.count(key)) batch->Delete(db->cf("list_index"), key);
    }
  }
  for (const std::string& key : now) batch->Put(db->cf("list_index"), key, "");
}

}  // namespace

std::optional<uint64_t> ParseCursor(std::string_view cursor) {
  if (cursor.empty()) return 0;
  uint64_t value = 0;
  const char* end = cursor.data() + cursor.size();
  auto [ptr, ec] = std::from_chars(cursor.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

DocumentStore::DocumentStore(Database* db) : db_(db) {
  std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("changes")));
  it->SeekToLast();
  if (!it->status().ok()) Fatal("reading the last change-log sequence number", it->status());
  if (it->Valid()) last_seq_ = DecodeBe64(it->key().ToStringView());
  it->SeekToFirst();
  first_seq_ = it->Valid() ? DecodeBe64(it->key().ToStringView()) : last_seq_ + 1;

  std::string count;
  rocksdb::Status s = db_->db()->Get(rocksdb::ReadOptions(), db_->cf("meta"), kCountKey, &count);
  if (s.ok() && count.size() == 8) {
    count_ = static_cast<int64_t>(DecodeBe64(count));
  } else if (!s.ok() && !s.IsNotFound()) {
    Fatal("reading the document count", s);
  }
  IndexSketchesOfOlderStore();
  IndexListsOfOlderStore();
}

void DocumentStore::IndexListsOfOlderStore() {
  if (ReadString(db_, "meta", kListIndexFormatKey) == kListIndexFormat) return;
  rocksdb::WriteBatch batch;
  rocksdb::Status s;
  bool read_all = ForEachDocument([&](const Document& doc) {
    UpdateListIndex(db_, &batch, nullptr, doc);
    if (batch.GetDataSize() > (8 << 20)) {
      s = db_->db()->Write(db_->write_options(), &batch);
      batch.Clear();
    }
    return s.ok();
  });
  if (!s.ok()) Fatal("indexing stored documents for List", s);
  if (!read_all) Fatal("reading stored documents to index them for List", rocksdb::Status::IOError("iteration"));
  batch.Put(db_->cf("meta"), kListIndexFormatKey, kListIndexFormat);
  s = db_->db()->Write(db_->write_options(), &batch);
  if (!s.ok()) Fatal("indexing stored documents for List", s);
}

void DocumentStore::IndexSketchesOfOlderStore() {
  if (ReadString(db_, "meta", kSketchFormatKey) == kSketchFormat) return;
  std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("docs")));
  rocksdb::WriteBatch batch;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    Document doc;
    if (!doc.ParseFromArray(it->value().data(), static_cast<int>(it->value().size())) || doc.deleted()) continue;
    AddToIndex(db_, &batch, doc.id(), dedup::SketchOf(doc.text()));
    if (batch.GetDataSize() > (8 << 20)) {
      rocksdb::Status s = db_->db()->Write(db_->write_options(), &batch);
      if (!s.ok()) Fatal("indexing the sketches of stored documents", s);
      batch.Clear();
    }
  }
  if (!it->status().ok()) Fatal("reading stored documents to index their sketches", it->status());
  batch.Put(db_->cf("meta"), kSketchFormatKey, kSketchFormat);
  rocksdb::Status s = db_->db()->Write(db_->write_options(), &batch);
  if (!s.ok()) Fatal("indexing the sketches of stored documents", s);
}

int64_t DocumentStore::Migrate(std::string_view name, std::string_view format,
                               const std::function<bool(Document*)>& update, std::string* error) {
  const std::string key = "migration/" + std::string(name);
  if (ReadString(db_, "meta", key) == format) return 0;
  std::lock_guard write_lock(write_mu_);
  auto fail = [&](const std::string& what, const rocksdb::Status& s) -> int64_t {
    SetError(error, "migration " + std::string(name) + ": " + what + ": " + s.ToString());
    return -1;
  };
  rocksdb::WriteBatch batch;
  int64_t changed = 0;
  rocksdb::Status write_status;
  bool read_all = ForEachDocument([&](const Document& stored) {
    Document doc = stored;
    if (!update(&doc)) return true;
    Rewrite(db_, &batch, doc);
    UpdateListIndex(db_, &batch, &stored, doc);
    ++changed;
    if (batch.GetDataSize() > (8 << 20)) {
      write_status = db_->db()->Write(db_->write_options(), &batch);
      batch.Clear();
    }
    return write_status.ok();
  });
  if (!write_status.ok()) return fail("writing", write_status);
  if (!read_all) {
    SetError(error, "migration " + std::string(name) + ": reading the stored documents failed");
    return -1;
  }
  batch.Put(db_->cf("meta"), key, std::string(format));
  if (rocksdb::Status s = db_->db()->Write(db_->write_options(), &batch); !s.ok()) return fail("writing", s);
  return changed;
}

namespace {

// What a page says of itself, without what the store keeps (version,
// links to other documents, aliases) or how it was fetched and read.
std::string PageFields(Document d) {
  d.clear_version();
  d.clear_deleted();
  d.clear_duplicate_of();
  d.clear_copies();
  d.clear_translation_group();
  d.clear_attachment_of();
  d.clear_attachments();
  d.clear_attached();
  d.clear_aliases();
  d.clear_fetch();
  for (auto& t : *d.mutable_translations()) t.clear_document_id();
  return d.SerializeAsString();
}

}  // namespace

std::optional<DocumentEvent> DocumentStore::Put(Document doc, std::string_view raw_body, std::string* error,
                                                bool any_field_change) {
  if (doc.id().empty()) {
    SetError(error, "cannot store a document without id (url " + doc.url() + ")");
    return std::nullopt;
  }
  std::lock_guard write_lock(write_mu_);
  std::string read_error;
  std::optional<Document> existing = Read<Document>(db_, "docs", doc.id(), &read_error);
  if (!read_error.empty()) {
    SetError(error, "storing document " + doc.id() + ": " + read_error);
    return std::nullopt;
  }
  if (existing && !existing->deleted() && existing->content_hash() == doc.content_hash() &&
      existing->title() == doc.title() && (!any_field_change || PageFields(*existing) == PageFields(doc))) {
    return std::nullopt;
  }

  doc.set_version(existing ? existing->version() + 1 : 1);
  doc.set_deleted(false);
  doc.clear_attached();  // filled on reading, never stored
  rocksdb::WriteBatch batch;
  if (existing) {
    // Links to copies, originals and attached files outlive edits of the
    // page.
    if (doc.duplicate_of().empty()) doc.set_duplicate_of(existing->duplicate_of());
    for (const std::string& copy : existing->copies()) {
      if (!Contains(doc.copies(), copy)) doc.add_copies(copy);
    }
    for (const std::string& file : existing->attachments()) {
      if (!Contains(doc.attachments(), file)) doc.add_attachments(file);
    }
    RemoveFromIndex(db_, &batch, doc.id());
    for (const std::string& alias : existing->aliases()) {
      if (std::find(doc.aliases().begin(), doc.aliases().end(), alias) == doc.aliases().end()) {
        doc.add_aliases(alias);
      }
    }
    // The old text is gone from this document; a later copy of it must not
    // be taken for a duplicate of it.
    if (existing->content_hash() != doc.content_hash() &&
        ReadString(db_, "content_index", existing->content_hash()) == doc.id()) {
      batch.Delete(db_->cf("content_index"), existing->content_hash());
    }
  } else {
    batch.Put(db_->cf("meta"), kCountKey, EncodeBe64(static_cast<uint64_t>(count_ + 1)));
  }

  std::string compressed;
  std::string zstd_error;
  if (!Compress(raw_body, &compressed, &zstd_error)) {
    SetError(error, "storing raw body of document " + doc.id() + ": " + zstd_error);
    return std::nullopt;
  }
  batch.Put(db_->cf("raw"), VersionKey(doc.id(), doc.version()), compressed);
  if (!doc.content_hash().empty()) {
    std::optional<std::string> owner = ReadString(db_, "content_index", doc.content_hash());
    if (!owner || *owner == doc.id()) batch.Put(db_->cf("content_index"), doc.content_hash(), doc.id());
  }
  for (const std::string* url : {&doc.url(), &doc.canonical_url()}) {
    if (!url->empty()) batch.Put(db_->cf("url_index"), *url, doc.id());
  }
  AddToIndex(db_, &batch, doc.id(), dedup::SketchOf(doc.text()));
  UpdateListIndex(db_, &batch, existing ? &*existing : nullptr, doc);
  Linked linked;
  if (!Link(&doc, &linked, error) || !JoinTranslations(&doc, existing, &linked, error) ||
      !AttachToLandingPage(&doc, &linked, error)) {
    return std::nullopt;
  }
  return Commit(std::move(doc), existing ? caravan::v1::UPDATED : caravan::v1::CREATED, &batch, error, linked);
}

std::optional<Document> DocumentStore::ReadLinked(const std::string& id, const Linked& linked,
                                                  std::string* error) const {
  if (auto it = linked.find(id); it != linked.end()) return it->second;
  return Read<Document>(db_, "docs", id, error);
}

bool DocumentStore::Link(Document* doc, Linked* linked, std::string* error) {
  std::string read_error;
  auto fail = [&](const std::string& what) {
    SetError(error, "linking document " + doc->id() + " to " + what + ": " + read_error);
    return false;
  };
  if (!doc->duplicate_of().empty()) {
    std::optional<Document> original = ReadLinked(doc->duplicate_of(), *linked, &read_error);
    if (!read_error.empty()) return fail("its original " + doc->duplicate_of());
    if (!original || original->deleted() || original->id() == doc->id()) {
      doc->clear_duplicate_of();
    } else if (!Contains(original->copies(), doc->id())) {
      original->add_copies(doc->id());
      (*linked)[original->id()] = std::move(*original);
    }
  }
  // Documents this one now precedes: each becomes its copy, and their
  // copies become its copies.
  for (int i = 0; i < doc->copies_size(); ++i) {
    std::string id = doc->copies(i);
    std::optional<Document> copy = ReadLinked(id, *linked, &read_error);
    if (!read_error.empty()) return fail("its copy " + id);
    if (!copy || copy->duplicate_of() == doc->id()) continue;
    copy->set_duplicate_of(doc->id());
    for (const std::string& further : copy->copies()) {
      if (further != doc->id() && !Contains(doc->copies(), further)) doc->add_copies(further);
    }
    copy->clear_copies();
    (*linked)[id] = std::move(*copy);
  }
  return true;
}

bool DocumentStore::AttachToLandingPage(Document* doc, Linked* linked, std::string* error) {
  if (doc->landing_url().empty()) return true;
  std::optional<std::string> id = ReadString(db_, "url_index", doc->landing_url());
  if (!id || *id == doc->id()) return true;
  std::string read_error;
  std::optional<Document> page = ReadLinked(*id, *linked, &read_error);
  if (!read_error.empty()) {
    SetError(error, "attaching document " + doc->id() + " to its landing page " + *id + ": " + read_error);
    return false;
  }
  if (!page || page->deleted()) return true;
  doc->set_attachment_of(page->id());
  if (!Contains(page->attachments(), doc->id())) {
    page->add_attachments(doc->id());
    (*linked)[page->id()] = std::move(*page);
  }
  return true;
}

bool DocumentStore::JoinTranslations(Document* doc, const std::optional<Document>& existing, Linked* linked,
                                     std::string* error) {
  if (existing && doc->translation_group().empty()) doc->set_translation_group(existing->translation_group());
  std::vector<Document> members;
  for (caravan::v1::Translation& t : *doc->mutable_translations()) {
    std::optional<std::string> id = ReadString(db_, "url_index", t.url());
    if (!id || *id == doc->id()) continue;
    std::string read_error;
    std::optional<Document> member = ReadLinked(*id, *linked, &read_error);
    if (!read_error.empty()) {
      SetError(error, "joining document " + doc->id() + " with its translation " + *id + ": " + read_error);
      return false;
    }
    if (!member) continue;
    t.set_document_id(member->id());
    // The group is the one the first stored member started.
    if (doc->translation_group().empty()) doc->set_translation_group(member->translation_group());
    members.push_back(std::move(*member));
  }
  if (doc->translations_size() > 0 && doc->translation_group().empty()) doc->set_translation_group(doc->id());
  // Each member learns this page's id, and its language if the member's
  // own page did not name it.
  for (Document& member : members) {
    bool changed = member.translation_group() != doc->translation_group();
    member.set_translation_group(doc->translation_group());
    caravan::v1::Translation* back = nullptr;
    for (caravan::v1::Translation& t : *member.mutable_translations()) {
      if (t.url() == doc->url() || t.url() == doc->canonical_url()) back = &t;
    }
    if (back == nullptr) {
      back = member.add_translations();
      back->set_url(doc->canonical_url().empty() ? doc->url() : doc->canonical_url());
      back->set_language(doc->language());
      changed = true;
    }
    if (back->document_id() != doc->id()) {
      back->set_document_id(doc->id());
      changed = true;
    }
    if (changed) (*linked)[member.id()] = std::move(member);
  }
  return true;
}

std::optional<DocumentEvent> DocumentStore::Delete(const std::string& id, std::string* error) {
  std::lock_guard write_lock(write_mu_);
  std::string read_error;
  std::optional<Document> doc = Read<Document>(db_, "docs", id, &read_error);
  if (!doc) {
    SetError(error, "deleting document " + id + ": " + (read_error.empty() ? "no such document" : read_error));
    return std::nullopt;
  }
  if (doc->deleted()) return std::nullopt;
  doc->set_deleted(true);
  doc->set_version(doc->version() + 1);
  rocksdb::WriteBatch batch;
  RemoveFromIndex(db_, &batch, id);
  // A tombstone is no original to deduplicate against.
  if (ReadString(db_, "content_index", doc->content_hash()) == id) {
    batch.Delete(db_->cf("content_index"), doc->content_hash());
  }
  return Commit(std::move(*doc), caravan::v1::DELETED, &batch, error);
}

std::optional<DocumentEvent> DocumentStore::Commit(Document doc, caravan::v1::EventType type,
                                                   rocksdb::WriteBatch* batch, std::string* error,
                                                   const Linked& linked) {
  uint64_t seq = last_seq_;
  auto log = [&](const Document& d, caravan::v1::EventType t) {
    DocumentEvent e;
    e.set_type(t);
    e.set_cursor(std::to_string(++seq));
    e.set_document_id(d.id());
    e.set_version(d.version());
    SetNow(e.mutable_time());
    Rewrite(db_, batch, d);
    // The event keeps the document as it is now, without its text, which
    // is in "versions" already: a feed without text is then one sequential
    // read of the log, and shows each event's links as they were.
    *e.mutable_document() = d;
    e.mutable_document()->clear_text();
    batch->Put(db_->cf("changes"), EncodeBe64(seq), e.SerializeAsString());
    e.clear_document();
    return e;
  };
  DocumentEvent event = log(doc, type);
  for (const auto& [id, other] : linked) log(other, caravan::v1::LINKED);
  rocksdb::Status s = db_->db()->Write(db_->write_options(), batch);
  if (!s.ok()) {
    SetError(error, "writing document " + doc.id() + " version " + std::to_string(doc.version()) + ": " +
                        s.ToString());
    return std::nullopt;
  }
  {
    std::lock_guard lock(mu_);
    last_seq_ = seq;
    if (type == caravan::v1::CREATED) ++count_;
  }
  changed_.notify_all();
  *event.mutable_document() = std::move(doc);
  return event;
}

bool DocumentStore::AddAlias(const std::string& id, const std::string& url, std::string* error) {
  std::lock_guard write_lock(write_mu_);
  std::string read_error;
  std::optional<Document> doc = Read<Document>(db_, "docs", id, &read_error);
  if (!doc) {
    SetError(error, "adding alias " + url + " to document " + id + ": " +
                        (read_error.empty() ? "no such document" : read_error));
    return false;
  }
  rocksdb::WriteBatch batch;
  batch.Put(db_->cf("url_index"), url, id);
  if (url != doc->url() && url != doc->canonical_url() &&
      std::find(doc->aliases().begin(), doc->aliases().end(), url) == doc->aliases().end()) {
    doc->add_aliases(url);
    batch.Put(db_->cf("docs"), id, doc->SerializeAsString());
  }
  rocksdb::Status s = db_->db()->Write(db_->write_options(), &batch);
  if (!s.ok()) {
    SetError(error, "adding alias " + url + " to document " + id + ": " + s.ToString());
    return false;
  }
  return true;
}

std::optional<Document> DocumentStore::Get(const std::string& id, std::string* error) const {
  return Read<Document>(db_, "docs", id, error);
}

std::optional<Document> DocumentStore::GetVersion(const std::string& id, uint32_t version, std::string* error) const {
  return Read<Document>(db_, "versions", VersionKey(id, version), error);
}

std::optional<std::string> DocumentStore::GetRawBody(const std::string& id, uint32_t version) const {
  std::optional<std::string> compressed = ReadString(db_, "raw", VersionKey(id, version));
  if (!compressed) return std::nullopt;
  return Decompress(*compressed);
}

std::optional<std::string> DocumentStore::FindByContentHash(const std::string& content_hash,
                                                             std::string* error) const {
  return ReadString(db_, "content_index", content_hash, error);
}

std::vector<std::pair<std::string, dedup::Sketch>> DocumentStore::NearCandidates(const dedup::Sketch& sketch,
                                                                                 std::string* error) const {
  std::vector<std::pair<std::string, dedup::Sketch>> out;
  std::vector<std::string> ids;
  std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("near_index")));
  for (const std::string& key : dedup::IndexKeys(sketch)) {
    std::vector<std::string> bucket;
    for (it->Seek(key); it->Valid() && it->key().starts_with(key) && bucket.size() <= kMaxPerBucket; it->Next()) {
      bucket.push_back(it->key().ToString().substr(key.size()));
    }
    if (bucket.size() > kMaxPerBucket) continue;
    for (std::string& id : bucket) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
    }
  }
  if (!it->status().ok() && error) *error = "reading near_index: " + it->status().ToString();
  for (std::string& id : ids) {
    std::optional<std::string> stored = ReadString(db_, "sketches", id, error);
    if (!stored) continue;
    if (std::optional<dedup::Sketch> s = dedup::DecodeSketch(*stored)) out.emplace_back(std::move(id), *s);
  }
  return out;
}

std::optional<std::string> DocumentStore::FindByUrl(const std::string& url, std::string* error) const {
  return ReadString(db_, "url_index", url, error);
}

namespace {

// List's page tokens: a document id after a walk in id order, "x" and the
// hex of the index key after a walk of a secondary index.
std::string IndexToken(std::string_view key) {
  std::string token = "x";
  for (unsigned char c : key) {
    token += kHexUpper[c >> 4];
    token += kHexUpper[c & 15];
  }
  return token;
}

std::optional<std::string> IndexKeyOfToken(std::string_view token) {
  if (token.size() % 2 != 1 || token[0] != 'x') return std::nullopt;
  std::string key;
  for (size_t i = 1; i < token.size(); i += 2) {
    if (!IsHexDigit(token[i]) || !IsHexDigit(token[i + 1])) return std::nullopt;
    key += static_cast<char>(HexValue(token[i]) * 16 + HexValue(token[i + 1]));
  }
  return key;
}

}  // namespace

caravan::v1::ListDocumentsResponse DocumentStore::List(const caravan::v1::ListDocumentsRequest& request,
                                                       std::string* error) const {
  caravan::v1::ListDocumentsResponse response;
  // A failed read ends the walk: a page that skipped what it could not read
  // would pass for complete.
  std::string failure;
  const int page_size = request.page_size() <= 0 ? 100 : std::min(request.page_size(), 1000);
  const DocumentFilter filter = FilterOf(request);
  const int64_t budget = request.max_page_bytes() <= 0 ? kListPageBytes
                                                         : std::min(request.max_page_bytes(), kMaxListPageBytes);

  // The walk: the next candidate document and the token that resumes after
  // it. Filtered by source, topic or language, it follows that index,
  // newest first, from published_before down to published_after; the other
  // filters are checked on each document read.
  std::function<bool(Document*, std::string*)> next;
  std::unique_ptr<rocksdb::Iterator> it;
  std::string prefix;
  std::deque<std::pair<std::string, Document>> ahead;  // index key and document, read, not yet taken
  uint64_t stop_inverted = UINT64_MAX;  // past this inverted time, stop
  if (!filter.source.empty() || !filter.topic.empty() || !filter.language.empty()) {
    prefix = !filter.source.empty()  ? ListIndexPrefix(kBySource, filter.source)
             : !filter.topic.empty() ? ListIndexPrefix(kByTopic, filter.topic)
                                     : ListIndexPrefix(kByLanguage, filter.language);
    it.reset(db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("list_index")));
    if (std::optional<std::string> key = IndexKeyOfToken(request.page_token()); key && key->starts_with(prefix)) {
      it->Seek(*key);
      if (it->Valid() && it->key() == *key) it->Next();
    } else if (filter.has_published_before) {
      // Whole milliseconds here; Matches decides within the last one.
      const uint64_t before = static_cast<uint64_t>(std::max<int64_t>(0, TimestampMs(filter.published_before)));
      it->Seek(prefix + EncodeBe64(UINT64_MAX - before));
    } else {
      it->Seek(prefix);
    }
    if (filter.has_published_after) {
      stop_inverted = UINT64_MAX - static_cast<uint64_t>(std::max<int64_t>(0, TimestampMs(filter.published_after)));
    }
    // Entries are read ahead a page at a time, and their documents with one
    // MultiGet, which reads the blocks of many keys together.
    const size_t read_ahead = static_cast<size_t>(page_size) + 1;
    next = [&, read_ahead](Document* doc, std::string* token) {
      while (ahead.empty()) {
        std::vector<std::string> keys, ids;
        for (; keys.size() < read_ahead && it->Valid() && it->key().starts_with(prefix); it->Next()) {
          std::string_view key = it->key().ToStringView();
          if (key.size() < prefix.size() + 8) continue;
          if (DecodeBe64(key.substr(prefix.size(), 8)) > stop_inverted) break;
          keys.emplace_back(key);
          ids.emplace_back(key.substr(prefix.size() + 8));
        }
        if (keys.empty()) {
          if (!it->status().ok()) failure = "reading the list index: " + it->status().ToString();
          return false;
        }
        std::vector<rocksdb::Slice> id_slices(ids.begin(), ids.end());
        std::vector<rocksdb::PinnableSlice> values(ids.size());
        std::vector<rocksdb::Status> statuses(ids.size());
        db_->db()->MultiGet(rocksdb::ReadOptions(), db_->cf("docs"), ids.size(), id_slices.data(), values.data(),
                            statuses.data());
        for (size_t i = 0; i < keys.size(); ++i) {
          if (!statuses[i].ok() && !statuses[i].IsNotFound()) {
            failure = "reading document " + ids[i] + ": " + statuses[i].ToString();
            return false;
          }
          Document stored;
          if (!statuses[i].ok() || !stored.ParseFromArray(values[i].data(), static_cast<int>(values[i].size()))) {
            continue;
          }
          // An entry the document no longer has (its time changed under a
          // write this read raced) is passed over.
          if (!ListIndexKeys(stored).count(keys[i])) continue;
          ahead.emplace_back(std::move(keys[i]), std::move(stored));
        }
        // Stopped by the time bound, the walk is over once `ahead` is used.
        if (keys.size() < read_ahead && ahead.empty()) return false;
      }
      *doc = std::move(ahead.front().second);
      *token = IndexToken(ahead.front().first);
      ahead.pop_front();
      return true;
    };
  } else {
    it.reset(db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("docs")));
    it->Seek(request.page_token());
    if (it->Valid() && !request.page_token().empty() && it->key() == request.page_token()) it->Next();
    next = [&](Document* doc, std::string* token) {
      for (; it->Valid(); it->Next()) {
        if (!doc->ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) continue;
        *token = it->key().ToString();
        it->Next();
        return true;
      }
      if (!it->status().ok()) failure = "reading documents: " + it->status().ToString();
      return false;
    };
  }

  // Room for the page token and field tags beside the documents.
  constexpr int64_t kSlack = 1024;
  int64_t bytes = kSlack;
  std::string token, last_token;
  Document doc;
  while (next(&doc, &token)) {
    if (!Matches(doc, filter)) continue;
    if (request.omit_text()) doc.clear_text();
    if (!request.include_attachments()) FillAttached(&doc, request.omit_text());
    // Each entry costs its size plus a tag and a length of up to 5 bytes.
    int64_t size = static_cast<int64_t>(doc.ByteSizeLong()) + 6;
    if (response.documents_size() == 0 && bytes + size > budget) {
      doc.clear_text();
      for (Document& file : *doc.mutable_attached()) file.clear_text();
      response.add_text_omitted(doc.id());
      size = static_cast<int64_t>(doc.ByteSizeLong()) + 6;
    }
    // However large, a first entry goes: a page always makes progress.
    const bool full = response.documents_size() == page_size;
    if (full || (bytes + size > budget && response.documents_size() > 0)) {
      response.set_byte_limited(!full);
      response.set_next_page_token(last_token);
      break;
    }
    bytes += size;
    last_token = token;
    *response.add_documents() = std::move(doc);
    doc.Clear();
  }
  if (!failure.empty()) {
    SetError(error, failure);
    return caravan::v1::ListDocumentsResponse();
  }
  return response;
}

void DocumentStore::FillAttached(Document* doc, bool omit_text) const {
  doc->clear_attached();
  for (const std::string& id : doc->attachments()) {
    std::optional<Document> file = Get(id);
    if (!file) continue;
    file->clear_attached();
    if (omit_text) file->clear_text();
    *doc->add_attached() = std::move(*file);
  }
}

std::vector<DocumentEvent> DocumentStore::ReadChanges(uint64_t after_seq, size_t max, bool omit_text) const {
  std::vector<DocumentEvent> events;
  events.reserve(std::min<size_t>(max, 1024));
  VisitChanges(after_seq, max, omit_text, [&](uint64_t, DocumentEvent* event) {
    events.emplace_back().Swap(event);
    return true;
  });
  return events;
}

size_t DocumentStore::VisitChanges(uint64_t after_seq, size_t max, bool omit_text,
                                   const std::function<bool(uint64_t, DocumentEvent*)>& visit) const {
  if (max == 0 || after_seq == UINT64_MAX) return 0;
  rocksdb::ReadOptions options;
  options.readahead_size = 1 << 20;  // a batch is a few hundred KB of consecutive records
  std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(options, db_->cf("changes")));
  // One message for every event: parsing into it again reuses its strings'
  // memory, where a fresh message per event spends much of its time in
  // malloc and free.
  DocumentEvent event;
  size_t visited = 0;
  for (it->Seek(EncodeBe64(after_seq + 1)); it->Valid() && visited < max; it->Next()) {
    ++visited;
    const uint64_t seq = DecodeBe64(it->key().ToStringView());
    if (!event.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) event.Clear();
    event.set_cursor(std::to_string(seq));
    if (!event.document_id().empty() && !(omit_text && event.has_document())) {
      // Events logged before they kept their document take it from its
      // version.
      if (std::optional<Document> version = GetVersion(event.document_id(), event.version())) {
        if (omit_text) version->clear_text();
        if (!event.has_document()) {
          *event.mutable_document() = std::move(*version);
        } else {
          event.mutable_document()->set_text(std::move(*version->mutable_text()));
        }
      }
    }
    if (!visit(seq, &event)) break;
  }
  return visited;
}

std::optional<int64_t> DocumentStore::EventTimeMs(uint64_t seq) const {
  std::optional<DocumentEvent> event = Read<DocumentEvent>(db_, "changes", EncodeBe64(seq), nullptr);
  if (!event) return std::nullopt;
  return TimestampMs(event->time());
}

uint64_t DocumentStore::FirstSeq() const {
  std::lock_guard lock(mu_);
  return first_seq_;
}

int64_t DocumentStore::PruneChanges(int64_t before_ms, uint64_t keep_events, std::string* error) {
  std::lock_guard write_lock(write_mu_);
  const uint64_t first = FirstSeq();
  const uint64_t last = LastSeq();
  if (last <= first) return 0;
  uint64_t cut = first;  // events [first, cut) go
  if (before_ms > 0) cut = std::max(cut, FirstSeqAtOrAfter(before_ms));
  if (keep_events > 0 && last - first + 1 > keep_events) cut = std::max(cut, last - keep_events + 1);
  cut = std::min(cut, last);
  if (cut <= first) return 0;
  rocksdb::Status s =
      db_->db()->DeleteRange(db_->write_options(), db_->cf("changes"), EncodeBe64(first), EncodeBe64(cut));
  if (!s.ok()) {
    SetError(error, "dropping change-log events " + std::to_string(first) + "-" + std::to_string(cut - 1) + ": " +
                        s.ToString());
    return -1;
  }
  {
    std::lock_guard lock(mu_);
    first_seq_ = cut;
  }
  return static_cast<int64_t>(cut - first);
}

uint64_t DocumentStore::FirstSeqAtOrAfter(int64_t unix_ms) const {
  uint64_t lo = FirstSeq();
  uint64_t hi = LastSeq() + 1;  // the answer lies in [lo, hi]
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    std::optional<int64_t> t = EventTimeMs(mid);
    if (t && *t >= unix_ms) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

bool DocumentStore::ForEachDocument(const std::function<bool(const Document&)>& visit) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("docs")));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    Document doc;
    if (!doc.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) continue;
    if (!visit(doc)) return false;
  }
  return it->status().ok();
}

std::vector<caravan::v1::VersionInfo> DocumentStore::ListVersions(const std::string& id) const {
  std::vector<caravan::v1::VersionInfo> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("versions")));
  // Keys are the id and a 4-byte version: a longer id with this one as its
  // prefix has longer keys.
  for (it->Seek(VersionKey(id, 0)); it->Valid() && it->key().starts_with(id) && it->key().size() == id.size() + 4;
       it->Next()) {
    Document doc;
    if (!doc.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) continue;
    caravan::v1::VersionInfo& v = out.emplace_back();
    v.set_version(doc.version());
    v.set_type(doc.deleted() ? caravan::v1::DELETED : doc.version() == 1 ? caravan::v1::CREATED : caravan::v1::UPDATED);
    v.set_title(doc.title());
    v.set_content_hash(doc.content_hash());
    v.set_text_bytes(static_cast<uint32_t>(doc.text().size()));
    *v.mutable_fetch() = doc.fetch();
    *v.mutable_fetched_at() = doc.fetched_at();
  }
  return out;
}

bool DocumentStore::WaitForChanges(uint64_t after_seq, int64_t timeout_ms) const {
  std::unique_lock lock(mu_);
  changed_.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(timeout_ms, 0)),
                    [&] { return last_seq_ > after_seq || shutdown_; });
  return last_seq_ > after_seq;
}

void DocumentStore::Shutdown() {
  {
    std::lock_guard lock(mu_);
    shutdown_ = true;
  }
  changed_.notify_all();
}

uint64_t DocumentStore::LastSeq() const {
  std::lock_guard lock(mu_);
  return last_seq_;
}

int64_t DocumentStore::Count() const {
  std::lock_guard lock(mu_);
  return count_;
}

}  // namespace caravan::storage
