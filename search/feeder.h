// Keeps a SearchIndex in step with the store by following its change log,
// the way any consumer does, so the index can always be rebuilt from the
// store and never holds what the store does not.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "search/index.h"
#include "storage/document_store.h"

namespace caravan::search {

// Feeds `index` from `store` (neither owned) on a thread of its own:
// events after index->LastSeq(), a batch at a time, each batch committed
// with its last sequence number. A document's event carries it as of that
// event; a later event of the same document replaces it, so after the
// feeder catches up the index holds every live document's latest version.
class Feeder {
 public:
  Feeder(storage::DocumentStore* store, SearchIndex* index) : store_(store), index_(index) {}
  ~Feeder() { Stop(); }

  void Start();
  // Waits for the batch in progress; the next Start resumes after it.
  void Stop();

  // Empties the index and indexes every document of the store anew (not
  // from the change log, which retention may have cut), then goes on from
  // the log's end. Blocks the feeding while it runs. Returns how many
  // documents were indexed, or -1 with `error` set.
  int64_t Rebuild(std::string* error);

  // Indexes what the log holds beyond the index now (rebuilding when
  // retention dropped events the index has not seen). False with `error`
  // set on failure.
  bool CatchUp(std::string* error);

 private:
  void Run();
  int64_t RebuildLocked(std::string* error);

  storage::DocumentStore* store_;
  SearchIndex* index_;
  std::mutex mu_;  // one batch or rebuild at a time
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace caravan::search
