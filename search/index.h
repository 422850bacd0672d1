// Full-text search over caravan documents: a Xapian database of its own
// (e.g. data_dir/search), fed from the store's change log and rebuilt from
// it when lost, so it holds nothing the store does not.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "caravan/v1/document.pb.h"

namespace Xapian {
class Database;
class WritableDatabase;
}

namespace caravan::search {

// What a consumer asks for. Filters left empty do not filter; all others
// must hold.
struct Query {
  // Xapian query syntax: words (all must occur, in any inflection the
  // stemmer knows), "a phrase", AND, OR, NOT, +word, -word, title:word.
  // Empty matches every document the filters let through.
  std::string text;
  std::string source;
  // A BCP 47 tag; only its primary subtag counts ("zh-Hans" is "zh"). Also
  // chooses the stemmer for `text` (see SearchIndex::Search).
  std::string language;
  std::string topic;
  // Unix milliseconds, ranges [after, before): consecutive windows do not
  // overlap. A document without a publication time fails any published
  // range.
  std::optional<int64_t> published_after;
  std::optional<int64_t> published_before;
  std::optional<int64_t> fetched_after;
  std::optional<int64_t> fetched_before;
  // Copies (duplicate_of set) are left out unless asked for, as List does.
  bool include_copies = false;
  // kNewest: by publication time, newest first; undated documents last.
  enum Order { kRelevance, kNewest };
  Order order = kRelevance;
  int offset = 0;
  int limit = 20;  // at most kMaxLimit
};

inline constexpr int kMaxLimit = 1000;

struct Hit {
  std::string id;
  std::string title;
  std::string source;
  std::string language;
  std::string url;
  int64_t published_ms = 0;  // 0 when the document gave no publication time
  double score = 0;          // Xapian's BM25 weight; comparable within one Result only
  // HTML: a passage of the text around the matches, matched words wrapped
  // in <b>...</b>, everything else escaped.
  std::string snippet;
};

struct Result {
  int64_t estimated_total = 0;  // matches in all, not only those in `hits`
  std::vector<Hit> hits;
};

// A Xapian index of documents, one entry per document id.
//
// Writes are buffered: Put, Remove and SetLastSeq become visible to Search
// and durable at the next Commit, all in one Xapian revision. A caller
// feeding the index from the change log therefore Puts a batch of events
// (hundreds, not one: each commit costs fsyncs), then SetLastSeq(seq of
// the batch's last event), then Commit, and resumes after LastSeq() when
// reopened. Xapian may also commit on its own once 10,000 documents are
// pending (XAPIAN_FLUSH_THRESHOLD); with SetLastSeq called after the Puts
// it covers, the stored seq is then behind the documents, never ahead, and
// replaying a few events is harmless because Put replaces.
//
// Thread-safe. Writers take turns on one mutex around the writable
// database. Each Search takes a read-only view of the last commit of its
// own (from a pool, brought up to date, or newly opened), so searches run
// concurrently with each other and with a batch being written, and never
// see half a batch.
class SearchIndex {
 public:
  // Opens the index in `dir`, creating it (and missing parents) when
  // absent. Only one SearchIndex may have a directory open at a time. On
  // failure returns nullptr and sets `error`, with `dir` in it.
  static std::unique_ptr<SearchIndex> Open(const std::string& dir, std::string* error);
  ~SearchIndex();  // commits pending writes

  SearchIndex(const SearchIndex&) = delete;
  SearchIndex& operator=(const SearchIndex&) = delete;

  // Indexes `doc` under its id, replacing what was indexed under it; a
  // tombstone (doc.deleted()) is removed instead. Title and text are
  // stemmed by the document's language when Xapian has a stemmer for it;
  // Chinese, Japanese and Korean are indexed as character unigrams and
  // bigrams. Each of these functions returns false and sets `error` on
  // failure, leaving `error` untouched otherwise.
  bool Put(const caravan::v1::Document& doc, std::string* error);
  // Removing an id that is not indexed is no error.
  bool Remove(const std::string& id, std::string* error);
  bool SetLastSeq(uint64_t seq, std::string* error);
  bool Commit(std::string* error);
  // Empties the index at once, not at the next Commit, dropping pending
  // writes, and sets LastSeq to 0: for a rebuild from the start of the log.
  bool Clear(std::string* error);

  // The seq last set, committed or not; after a reopen, the last committed
  // one. 0 for a new index, and also when it cannot be read, so that the
  // caller rebuilds rather than skips.
  uint64_t LastSeq() const;

  // Finds the committed documents matching `query`. Each word outside
  // quotes matches its exact form or its stem: in the filter's language when
  // there is one, else in English, so that a Russian word without the
  // filter finds only its own form (and the inflected ones when it is its
  // own Russian stem, as a bare noun such as "коридор" is). Words in quotes
  // match exactly. On a malformed query or a failure returns nullopt and
  // sets `error`.
  std::optional<Result> Search(const Query& query, std::string* error) const;

 private:
  SearchIndex(std::string dir, std::unique_ptr<Xapian::WritableDatabase> db);

  // A reader at the last commit: from the pool, else newly opened.
  std::unique_ptr<Xapian::Database> TakeReader() const;
  void ReturnReader(std::unique_ptr<Xapian::Database> reader) const;

  const std::string dir_;
  mutable std::mutex mu_;
  std::unique_ptr<Xapian::WritableDatabase> db_;  // guarded by mu_
  // Idle readers: opening one costs several file opens and reads, as much
  // as a simple search.
  mutable std::mutex readers_mu_;
  mutable std::vector<std::unique_ptr<Xapian::Database>> readers_;  // guarded by readers_mu_
};

}  // namespace caravan::search
