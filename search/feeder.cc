#include "search/feeder.h"

#include <spdlog/spdlog.h>

namespace caravan::search {
namespace {

constexpr size_t kBatch = 512;

}  // namespace

void Feeder::Start() {
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void Feeder::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

bool Feeder::CatchUp(std::string* error) {
  std::lock_guard lock(mu_);
  if (index_->LastSeq() + 1 < store_->FirstSeq()) {
    spdlog::warn("search index: events after {} were dropped by retention before it saw them; rebuilding",
                 index_->LastSeq());
    if (RebuildLocked(error) < 0) return false;
  }
  while (!stop_) {
    uint64_t seq = index_->LastSeq();
    std::vector<caravan::v1::DocumentEvent> events = store_->ReadChanges(seq, kBatch);
    if (events.empty()) return true;
    for (const auto& event : events) {
      if (event.has_document() && !index_->Put(event.document(), error)) return false;
    }
    uint64_t last = storage::ParseCursor(events.back().cursor()).value_or(seq);
    if (!index_->SetLastSeq(last, error) || !index_->Commit(error)) return false;
  }
  return true;
}

int64_t Feeder::Rebuild(std::string* error) {
  std::lock_guard lock(mu_);
  return RebuildLocked(error);
}

int64_t Feeder::RebuildLocked(std::string* error) {
  // Events written from here on are fed after the rebuild.
  const uint64_t from = store_->LastSeq();
  if (!index_->Clear(error)) return -1;
  int64_t indexed = 0;
  bool ok = store_->ForEachDocument([&](const caravan::v1::Document& doc) {
    if (!index_->Put(doc, error)) return false;
    if (++indexed % 10'000 == 0) {
      spdlog::info("search rebuild: {} documents indexed", indexed);
      if (!index_->Commit(error)) return false;
    }
    return true;
  });
  if (!ok || !index_->SetLastSeq(from, error) || !index_->Commit(error)) return -1;
  return indexed;
}

void Feeder::Run() {
  while (!stop_) {
    std::string error;
    if (!CatchUp(&error)) {
      spdlog::error("search index: {}; retrying in 5 s", error);
      for (int i = 0; i < 50 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    store_->WaitForChanges(index_->LastSeq(), 500);
  }
}

}  // namespace caravan::search
