#include "dedup/sketch.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "common/hash.h"
#include "common/utf8.h"

namespace caravan::dedup {
namespace {

constexpr char kFormat = 1;  // first byte of an encoded sketch
constexpr size_t kEncodedSize = 1 + 8 + 4 + 4 * kMinHashes;

uint64_t Mix(uint64_t x) {  // splitmix64's finalizer
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Scripts written without spaces between words: each character is a token.
bool IsUnspaced(uint32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) ||  // Hiragana, Katakana
         (cp >= 0x3400 && cp <= 0x4DBF) ||  // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||  // CJK unified ideographs
         (cp >= 0xAC00 && cp <= 0xD7AF) ||  // Hangul syllables
         (cp >= 0xF900 && cp <= 0xFAFF) ||  // CJK compatibility ideographs
         (cp >= 0x0E00 && cp <= 0x0E7F);    // Thai
}

// Lowercase for the scripts of the sources (Latin-1, Latin Extended-A,
// Cyrillic), enough for "Belt and Road" to meet "BELT AND ROAD".
uint32_t Fold(uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
  if (cp >= 0x100 && cp <= 0x17F && cp % 2 == 0 && cp != 0x130 && cp != 0x138) return cp + 1;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
  if (cp >= 0x460 && cp <= 0x4FF && cp % 2 == 0) return cp + 1;  // Kazakh letters among them
  return cp;
}

// The hashes of the text's tokens, in order.
std::vector<uint64_t> Tokens(std::string_view text) {
  std::vector<uint64_t> tokens;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) tokens.push_back(Hash64(word));
    word.clear();
  };
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = Fold(NextCodePoint(text, &i));
    if (IsUnspaced(cp)) {
      flush();
      tokens.push_back(Mix(cp));
    } else if (IsWordCodePoint(cp)) {
      word.append(reinterpret_cast<const char*>(&cp), sizeof cp);
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

const std::array<uint64_t, kMinHashes>& Seeds() {
  static const auto seeds = [] {
    std::array<uint64_t, kMinHashes> s{};
    for (int i = 0; i < kMinHashes; ++i) s[i] = Mix(0xca7a'0000ULL + i);
    return s;
  }();
  return seeds;
}

void PutLe(std::string* out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}

uint64_t GetLe(std::string_view in, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t{static_cast<unsigned char>(in[at + i])} << (8 * i);
  return v;
}

}  // namespace

Sketch SketchOf(std::string_view text) {
  Sketch sketch;
  sketch.minhash.fill(UINT32_MAX);
  std::vector<uint64_t> tokens = Tokens(text);
  if (tokens.empty()) return sketch;

  // SimHash features: the distinct word pairs. Single words would let the
  // commonest ones ("the", "of") outvote the rest, and two unrelated texts
  // of one language land a few bits apart; pairs are as diverse as the
  // text, and still survive reflowed or reordered lines.
  std::vector<uint64_t> pairs;
  for (size_t i = 0; i < tokens.size(); ++i) {
    pairs.push_back(i + 1 < tokens.size() ? Mix(tokens[i] ^ Mix(tokens[i + 1])) : Mix(tokens[i]));
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::array<int, 64> votes{};
  for (uint64_t t : pairs) {
    for (int bit = 0; bit < 64; ++bit) votes[bit] += (t >> bit) & 1 ? 1 : -1;
  }
  for (int bit = 0; bit < 64; ++bit) {
    if (votes[bit] > 0) sketch.simhash |= uint64_t{1} << bit;
  }

  std::vector<uint64_t> shingles;
  size_t width = std::min<size_t>(kShingleTokens, tokens.size());
  for (size_t i = 0; i + width <= tokens.size(); ++i) {
    uint64_t h = 0;
    for (size_t j = 0; j < width; ++j) h = Mix(h ^ tokens[i + j]);
    shingles.push_back(h);
  }
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  sketch.shingles = static_cast<uint32_t>(shingles.size());
  const auto& seeds = Seeds();
  for (uint64_t s : shingles) {
    for (int k = 0; k < kMinHashes; ++k) {
      sketch.minhash[k] = std::min(sketch.minhash[k], static_cast<uint32_t>(Mix(s ^ seeds[k]) >> 32));
    }
  }
  return sketch;
}

std::string EncodeSketch(const Sketch& sketch) {
  std::string out;
  out.reserve(kEncodedSize);
  out.push_back(kFormat);
  PutLe(&out, sketch.simhash, 8);
  PutLe(&out, sketch.shingles, 4);
  for (uint32_t v : sketch.minhash) PutLe(&out, v, 4);
  return out;
}

std::optional<Sketch> DecodeSketch(std::string_view bytes) {
  if (bytes.size() != kEncodedSize || bytes[0] != kFormat) return std::nullopt;
  Sketch sketch;
  sketch.simhash = GetLe(bytes, 1, 8);
  sketch.shingles = static_cast<uint32_t>(GetLe(bytes, 9, 4));
  for (int k = 0; k < kMinHashes; ++k) sketch.minhash[k] = static_cast<uint32_t>(GetLe(bytes, 13 + 4 * k, 4));
  return sketch;
}

std::vector<std::string> IndexKeys(const Sketch& sketch) {
  std::vector<std::string> keys;
  if (sketch.shingles == 0) return keys;
  for (int band = 0; band < kLshBands; ++band) {
    std::string key = {'b', static_cast<char>(band)};
    uint64_t h = static_cast<uint64_t>(band);
    for (int row = 0; row < kLshRows; ++row) h = Mix(h ^ sketch.minhash[band * kLshRows + row]);
    PutLe(&key, h, 8);
    keys.push_back(std::move(key));
  }
  for (int block = 0; block < kSimHashBlocks; ++block) {
    const int from = block == 0 ? 0 : 22 + 21 * (block - 1), bits = block == 0 ? 22 : 21;
    std::string key = {'s', static_cast<char>(block)};
    PutLe(&key, (sketch.simhash >> from) & ((uint64_t{1} << bits) - 1), 3);
    keys.push_back(std::move(key));
  }
  return keys;
}

int SimHashDistance(const Sketch& a, const Sketch& b) { return std::popcount(a.simhash ^ b.simhash); }

Similarity Compare(const Sketch& a, const Sketch& b) {
  Similarity s;
  if (a.shingles == 0 || b.shingles == 0) return s;
  int same = 0;
  for (int k = 0; k < kMinHashes; ++k) same += a.minhash[k] == b.minhash[k];
  s.jaccard = static_cast<double>(same) / kMinHashes;
  double both = s.jaccard * (a.shingles + b.shingles) / (1 + s.jaccard);
  s.containment = std::min(1.0, both / std::min(a.shingles, b.shingles));
  s.simhash_bits = SimHashDistance(a, b);
  return s;
}

bool IsNearDuplicate(const Sketch& a, const Sketch& b) {
  constexpr int kSimHashBits = kSimHashBlocks - 1;
  constexpr double kJaccard = 0.5;
  constexpr double kContainment = 0.8;
  constexpr uint32_t kMinExcerptShingles = 25;
  Similarity s = Compare(a, b);
  if (a.shingles == 0 || b.shingles == 0) return false;
  return s.simhash_bits <= kSimHashBits || s.jaccard >= kJaccard ||
         (s.containment >= kContainment && std::min(a.shingles, b.shingles) >= kMinExcerptShingles);
}

}  // namespace caravan::dedup
