// Named consumers of the change log and the cursor each acknowledged, so
// that a client restarted anywhere resumes where it left off.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/v1/documents.pb.h"
#include "storage/database.h"

namespace caravan::storage {

// Names are what a client can type and a label can hold.
bool ValidConsumerName(std::string_view name);

// Keeps consumers in column family "consumers" of `db` (not owned): name,
// acknowledged cursor, when created and last acknowledged. Lag is the
// reader's to compute (it depends on the change log). Thread-safe. Every
// method returns false or nullopt with `error` set when RocksDB fails;
// a missing consumer is no error.
class ConsumerStore {
 public:
  explicit ConsumerStore(Database* db) : db_(db) {}

  std::optional<caravan::v1::Consumer> Get(const std::string& name, std::string* error) const;
  // The consumer `name`, created with cursor `start` when it does not exist
  // (`*created` says which, when given).
  std::optional<caravan::v1::Consumer> GetOrCreate(const std::string& name, uint64_t start, int64_t now_ms,
                                                   std::string* error, bool* created = nullptr);
  // Moves the acknowledged cursor forward to `seq`; never back (acks of a
  // stream may arrive late). Creates the consumer when unknown.
  std::optional<caravan::v1::Consumer> Ack(const std::string& name, uint64_t seq, int64_t now_ms,
                                           std::string* error) {
    return Move(name, seq, now_ms, /*forward_only=*/true, error);
  }
  // Sets the cursor to `seq`, back or forward (an operator's reset); an
  // error for an unknown consumer.
  std::optional<caravan::v1::Consumer> Reset(const std::string& name, uint64_t seq, int64_t now_ms,
                                             std::string* error) {
    return Move(name, seq, now_ms, /*forward_only=*/false, error);
  }
  // False without error when there was no such consumer.
  bool Delete(const std::string& name, std::string* error);
  std::vector<caravan::v1::Consumer> List(std::string* error) const;

 private:
  bool Write(const caravan::v1::Consumer& consumer, std::string* error);
  std::optional<caravan::v1::Consumer> Move(const std::string& name, uint64_t seq, int64_t now_ms, bool forward_only,
                                            std::string* error);
  // Serializes read-modify-write of one record.
  std::mutex mu_;
  Database* db_;
};

}  // namespace caravan::storage
