#include "storage/consumers.h"

#include <memory>

#include "common/proto_time.h"
#include "storage/document_store.h"

namespace caravan::storage {
namespace {

uint64_t CursorOf(const caravan::v1::Consumer& c) { return ParseCursor(c.cursor()).value_or(0); }

}  // namespace

bool ValidConsumerName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-';
    if (!ok) return false;
  }
  return true;
}

std::optional<caravan::v1::Consumer> ConsumerStore::Get(const std::string& name, std::string* error) const {
  std::string value;
  rocksdb::Status s = db_->db()->Get(rocksdb::ReadOptions(), db_->cf("consumers"), name, &value);
  if (s.IsNotFound()) return std::nullopt;
  caravan::v1::Consumer consumer;
  if (!s.ok() || !consumer.ParseFromString(value)) {
    *error = "reading consumer " + name + ": " + (s.ok() ? std::string("unparsable record") : s.ToString());
    return std::nullopt;
  }
  return consumer;
}

bool ConsumerStore::Write(const caravan::v1::Consumer& consumer, std::string* error) {
  rocksdb::Status s =
      db_->db()->Put(db_->write_options(), db_->cf("consumers"), consumer.name(), consumer.SerializeAsString());
  if (!s.ok()) *error = "writing consumer " + consumer.name() + ": " + s.ToString();
  return s.ok();
}

std::optional<caravan::v1::Consumer> ConsumerStore::GetOrCreate(const std::string& name, uint64_t start,
                                                                int64_t now_ms, std::string* error, bool* created) {
  std::lock_guard lock(mu_);
  std::string read_error;
  if (created) *created = false;
  if (auto existing = Get(name, &read_error)) return existing;
  if (!read_error.empty()) {
    *error = read_error;
    return std::nullopt;
  }
  caravan::v1::Consumer consumer;
  consumer.set_name(name);
  consumer.set_cursor(std::to_string(start));
  SetTimestampMs(consumer.mutable_created(), now_ms);
  if (!Write(consumer, error)) return std::nullopt;
  if (created) *created = true;
  return consumer;
}

std::optional<caravan::v1::Consumer> ConsumerStore::Move(const std::string& name, uint64_t seq, int64_t now_ms,
                                                         bool forward_only, std::string* error) {
  std::lock_guard lock(mu_);
  std::string read_error;
  std::optional<caravan::v1::Consumer> consumer = Get(name, &read_error);
  if (!read_error.empty()) {
    *error = read_error;
    return std::nullopt;
  }
  if (!consumer && !forward_only) {
    *error = "no consumer named " + name;
    return std::nullopt;
  }
  if (!consumer) {
    consumer.emplace();
    consumer->set_name(name);
    consumer->set_cursor("0");
    SetTimestampMs(consumer->mutable_created(), now_ms);
  }
  if (forward_only && seq <= CursorOf(*consumer)) return consumer;
  consumer->set_cursor(std::to_string(seq));
  SetTimestampMs(consumer->mutable_acked(), now_ms);
  if (!Write(*consumer, error)) return std::nullopt;
  return consumer;
}

bool ConsumerStore::Delete(const std::string& name, std::string* error) {
  std::lock_guard lock(mu_);
  std::string read_error;
  bool existed = Get(name, &read_error).has_value();
  if (!read_error.empty()) {
    *error = read_error;
    return false;
  }
  if (!existed) return false;
  rocksdb::Status s = db_->db()->Delete(db_->write_options(), db_->cf("consumers"), name);
  if (!s.ok()) *error = "deleting consumer " + name + ": " + s.ToString();
  return s.ok();
}

std::vector<caravan::v1::Consumer> ConsumerStore::List(std::string* error) const {
  std::vector<caravan::v1::Consumer> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf("consumers")));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    caravan::v1::Consumer c;
    if (c.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) out.push_back(std::move(c));
  }
  if (!it->status().ok()) *error = "listing consumers: " + it->status().ToString();
  return out;
}

}  // namespace caravan::storage
