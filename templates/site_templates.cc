#include "templates/site_templates.h"

#include <algorithm>
#include <vector>

#include <rocksdb/write_batch.h>

#include "common/hash.h"
#include "extract/text_util.h"

namespace caravan::templates {
namespace {

constexpr std::string_view kParagraphBreak = "\n\n";

// A host's page count or a block's: in which generation it was last
// counted, how many pages in that one, how many in the one before.
struct Counts {
  uint32_t generation = 0;
  uint32_t current = 0;
  uint32_t previous = 0;
};

std::string Encode(const Counts& c) {
  return storage::EncodeBe32(c.generation) + storage::EncodeBe32(c.current) +
         storage::EncodeBe32(c.previous);
}

bool Decode(std::string_view value, Counts* c) {
  if (value.size() != 12) return false;
  c->generation = storage::DecodeBe32(value);
  c->current = storage::DecodeBe32(value.substr(4));
  c->previous = storage::DecodeBe32(value.substr(8));
  return true;
}

// Pages of the two generations up to `generation` that the counts cover.
uint32_t RecentPages(const Counts& c, uint32_t generation) {
  if (c.generation == generation) return c.current + c.previous;
  if (c.generation + 1 == generation) return c.current;
  return 0;
}

void AddPage(Counts* c, uint32_t generation) {
  if (c->generation != generation) {
    c->previous = c->generation + 1 == generation ? c->current : 0;
    c->current = 0;
    c->generation = generation;
  }
  ++c->current;
}

std::string HostKey(std::string_view host) {
  std::string key(host);
  key.push_back('\0');
  return key;
}

// One paragraph of a text; `key` is empty when the paragraph is too short
// to count.
struct Block {
  std::string_view text;
  size_t weight = 0;  // TextWeight, normalised
  std::string key;
};

std::vector<Block> SplitBlocks(std::string_view host, std::string_view text) {
  std::vector<Block> blocks;
  const std::string host_key = HostKey(host);
  size_t start = 0;
  while (true) {
    size_t end = text.find(kParagraphBreak, start);
    if (end == std::string_view::npos) end = text.size();
    Block block{text.substr(start, end - start), 0, {}};
    std::string normal = extract::FoldCase(CollapseSpaces(block.text));
    // Years, counts and dates change from page to page around the same words.
    for (char& c : normal) {
      if (IsAsciiDigit(c)) c = '0';
    }
    block.weight = extract::TextWeight(normal);
    if (block.weight >= kMinBlockWeight) {
      block.key = host_key + storage::EncodeBe64(Hash64(normal));
    }
    blocks.push_back(std::move(block));
    if (end == text.size()) break;
    start = end + kParagraphBreak.size();
  }
  return blocks;
}

std::string ErrorContext(std::string_view host) {
  return "site_templates of host '" + std::string(host) + "'";
}

// The counts under every key (zero where none are stored), read at one
// point in time so that a generation turning meanwhile cannot mix in.
bool ReadCounts(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, const std::vector<std::string>& keys,
                std::string_view host, std::vector<Counts>* counts, std::string* error) {
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::ColumnFamilyHandle*> cfs(keys.size(), cf);
  std::vector<std::string> values;
  std::vector<rocksdb::Status> statuses = db->MultiGet(rocksdb::ReadOptions(), cfs, slices, &values);
  counts->assign(keys.size(), Counts());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) {
      if (error) *error = "cannot read " + ErrorContext(host) + ": " + statuses[i].ToString();
      return false;
    }
    if (!Decode(values[i], &(*counts)[i])) {
      if (error) {
        *error = ErrorContext(host) + ": malformed record of " + std::to_string(values[i].size()) + " bytes";
      }
      return false;
    }
  }
  return true;
}

}  // namespace

SiteTemplates::SiteTemplates(storage::Database* db, SiteTemplateOptions options)
    : db_(db), cf_(db->cf("site_templates")), options_(options) {
  // A block on no page is no template; a generation of no page never ends.
  options_.min_pages = std::max(1, options_.min_pages);
  options_.window_pages = std::max(1, options_.window_pages);
}

std::string SiteTemplates::Clean(std::string_view host, std::string_view text, std::string* error) const {
  if (host.empty() || text.empty()) return std::string(text);
  std::vector<Block> blocks = SplitBlocks(host, text);
  std::vector<std::string> keys = {HostKey(host)};
  for (const Block& b : blocks) {
    if (!b.key.empty()) keys.push_back(b.key);
  }
  std::vector<Counts> counts;
  if (!ReadCounts(db_->db(), cf_, keys, host, &counts, error)) return std::string(text);
  const Counts& host_pages = counts[0];
  const uint32_t recent = host_pages.current + host_pages.previous;

  // Recent pages of each block; 0 for blocks too short to count.
  std::vector<uint32_t> pages(blocks.size(), 0);
  for (size_t i = 0, k = 1; i < blocks.size(); ++i) {
    if (!blocks[i].key.empty()) pages[i] = RecentPages(counts[k++], host_pages.generation);
  }
  auto is_template = [&](size_t i, double share) {
    return pages[i] >= static_cast<uint32_t>(options_.min_pages) && pages[i] >= share * recent;
  };
  // The article's body runs from its first to its last full paragraph that is no template;
  // a title or byline before it does not make a template after them interior.
  bool own_text = false;
  size_t first = blocks.size(), last = 0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (blocks[i].key.empty() || is_template(i, options_.min_share)) continue;
    own_text = true;
    if (blocks[i].weight < kMinBodyWeight) continue;
    first = std::min(first, i);
    last = i;
  }
  if (!own_text) return std::string(text);

  std::string out;
  bool removed = false;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const bool inside = i > first && i < last;
    if (is_template(i, inside ? options_.interior_min_share : options_.min_share)) {
      removed = true;
      continue;
    }
    if (!out.empty()) out += kParagraphBreak;
    out += blocks[i].text;
  }
  return removed ? out : std::string(text);
}

bool SiteTemplates::Learn(std::string_view host, std::string_view text, std::string* error) {
  if (host.empty()) return true;
  const std::string host_key = HostKey(host);
  std::vector<std::string> keys;
  for (Block& b : SplitBlocks(host, text)) {
    if (!b.key.empty()) keys.push_back(std::move(b.key));
  }
  // A block repeated within one page is still one page.
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  keys.insert(keys.begin(), host_key);

  std::lock_guard<std::mutex> lock(host_locks_[Hash64(host) % host_locks_.size()]);
  rocksdb::DB* db = db_->db();
  std::vector<Counts> counts;
  if (!ReadCounts(db, cf_, keys, host, &counts, error)) return false;
  const bool turn = counts[0].current >= static_cast<uint32_t>(options_.window_pages);
  const uint32_t generation = counts[0].generation + (turn ? 1 : 0);

  rocksdb::WriteBatch batch;
  if (turn) {
    // Blocks not seen in the generation that just ended leave the window now
    // (and any record that does not decode). The deletes precede the puts
    // below, so the blocks of this page stay.
    const std::string upper = std::string(host) + '\x01';
    rocksdb::Slice upper_slice(upper);
    rocksdb::ReadOptions scan;
    scan.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(scan, cf_));
    for (it->Seek(host_key); it->Valid(); it->Next()) {
      if (it->key().size() == host_key.size()) continue;
      Counts c;
      if (!Decode(it->value().ToStringView(), &c) || c.generation + 1 < generation) {
        batch.Delete(cf_, it->key());
      }
    }
    if (!it->status().ok()) {
      if (error) *error = "cannot scan " + ErrorContext(host) + ": " + it->status().ToString();
      return false;
    }
  }
  // The host's record first: the same arithmetic counts its pages.
  for (size_t i = 0; i < keys.size(); ++i) {
    AddPage(&counts[i], generation);
    batch.Put(cf_, keys[i], Encode(counts[i]));
  }
  rocksdb::Status s = db->Write(db_->write_options(), &batch);
  if (!s.ok()) {
    if (error) *error = "cannot write " + ErrorContext(host) + ": " + s.ToString();
    return false;
  }
  return true;
}

}  // namespace caravan::templates
