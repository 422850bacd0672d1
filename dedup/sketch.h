// What a document's main text looks like to near-duplicate detection, small
// enough to keep beside every document and to index in sublinear buckets.
//
// Two views of the text, for two kinds of copy:
// - SimHash (Charikar) over its distinct word pairs: a reflowed,
//   re-punctuated or line-reordered copy lands within a few bits of the
//   original.
// - MinHash (Broder) over its 5-token shingles: estimates the Jaccard
//   similarity of the shingle sets, and from the sizes the share of the
//   smaller text found in the larger, so that an excerpt, a copy with an
//   added paragraph or one kept under another site's boilerplate is found.
// Words are runs of letters and digits, case-folded; in CJK scripts, which
// do not space words, each character is a token (character shingles).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caravan::dedup {

inline constexpr int kShingleTokens = 5;
inline constexpr int kLshBands = 40;
inline constexpr int kLshRows = 3;
inline constexpr int kMinHashes = kLshBands * kLshRows;
// SimHash is indexed in this many blocks of its bits (22, 21, 21): copies
// within kSimHashBlocks - 1 bits share at least one block (pigeonhole).
// Blocks of 16 bits would put 15 unrelated documents in every bucket of a
// store of a million.
inline constexpr int kSimHashBlocks = 3;

struct Sketch {
  uint64_t simhash = 0;
  uint32_t shingles = 0;  // distinct shingles in the text
  std::array<uint32_t, kMinHashes> minhash{};
};

Sketch SketchOf(std::string_view text);

// A fixed-size byte string (stored by the document store) and back;
// nullopt when `bytes` is not one.
std::string EncodeSketch(const Sketch& sketch);
std::optional<Sketch> DecodeSketch(std::string_view bytes);

// The keys under which `sketch` is indexed: one per LSH band of its MinHash
// (kLshRows values each) and one per SimHash block, each at least 5 bytes
// (the store filters on that prefix). Two sketches that share
// a key are candidates; the store appends the document id.
std::vector<std::string> IndexKeys(const Sketch& sketch);

int SimHashDistance(const Sketch& a, const Sketch& b);

// How alike two texts are, as estimated from their sketches.
struct Similarity {
  double jaccard = 0;      // of the shingle sets
  double containment = 0;  // share of the smaller text's shingles in the larger
  int simhash_bits = 64;   // bits that differ
};
Similarity Compare(const Sketch& a, const Sketch& b);

// The rule: nearly the same words (SimHash within 2 bits), or shingle sets
// alike by half, or the smaller text at least 80% inside the larger one when
// it has 25 shingles or more (an excerpt of a paragraph or two).
bool IsNearDuplicate(const Sketch& a, const Sketch& b);

}  // namespace caravan::dedup
