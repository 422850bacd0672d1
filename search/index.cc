#include "search/index.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <functional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <xapian.h>

namespace caravan::search {
namespace {

// Term prefixes after Xapian's conventions: capitals with their standard
// meaning, X... for ours. The term generator lowercases words, so no word
// term can be mistaken for a prefixed one.
const std::string kIdPrefix = "Q";
const std::string kTitlePrefix = "S";
const std::string kLanguagePrefix = "L";
const std::string kTopicPrefix = "K";
const std::string kSourcePrefix = "XSOURCE";
const std::string kCopyTerm = "XCOPY";

// Unix milliseconds, sortable_serialise'd.
constexpr Xapian::valueno kPublishedSlot = 0;
constexpr Xapian::valueno kFetchedSlot = 1;

const std::string kLastSeqKey = "last_seq";

// Title words also count this many times among the text's, so that a
// document about a thing ranks above one that mentions it.
constexpr Xapian::termcount kTitleWdf = 3;

// Text kept with each entry for snippets: matches further on are found but
// not shown. Most articles are shorter; some reports run to megabytes. Each
// hit reads and scans what is kept, so this bounds a search's cost too.
constexpr size_t kStoredTextBytes = 16 * 1024;
constexpr size_t kSnippetBytes = 300;

constexpr unsigned kParseFlags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM;
// Not SNIPPET_EXHAUSTIVE: the first passage good enough to show, rather
// than the best of every passage, halves a search's time.
constexpr unsigned kSnippetFlags = Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_CJK_NGRAM;

// A reader opened between two commits of a writer may find the blocks of
// its revision reused; opening again gets the new one.
constexpr int kSearchAttempts = 3;

// "zh-Hans" -> "zh", as documents and filters are compared by it.
std::string PrimaryLanguage(std::string_view tag) {
  std::string language;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    language += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return language;
}

// Xapian 1.4's stemmers by ISO 639-1 code; other languages (kk, ky, zh,
// ...) get none and are matched by their exact words.
Xapian::Stem StemmerFor(const std::string& language) {
  static const auto* const kNames = new std::unordered_map<std::string, std::string>{
      {"ar", "arabic"},     {"ca", "catalan"},   {"da", "danish"},     {"de", "german"},
      {"en", "english"},    {"es", "spanish"},   {"eu", "basque"},     {"fi", "finnish"},
      {"fr", "french"},     {"ga", "irish"},     {"hu", "hungarian"},  {"hy", "armenian"},
      {"id", "indonesian"}, {"it", "italian"},   {"lt", "lithuanian"}, {"nb", "norwegian"},
      {"ne", "nepali"},     {"nl", "dutch"},     {"nn", "norwegian"},  {"no", "norwegian"},
      {"pt", "portuguese"}, {"ro", "romanian"},  {"ru", "russian"},    {"sv", "swedish"},
      {"ta", "tamil"},      {"tr", "turkish"},
  };
  const auto it = kNames->find(language);
  return it == kNames->end() ? Xapian::Stem() : Xapian::Stem(it->second);
}

int64_t UnixMs(const google::protobuf::Timestamp& t) {
  return t.seconds() * 1000 + t.nanos() / 1000000;
}

// The longest prefix of `text` within `max_bytes` that does not cut a
// UTF-8 sequence.
std::string_view Utf8Prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n);
}

Xapian::Document MakeEntry(const caravan::v1::Document& doc) {
  const std::string language = PrimaryLanguage(doc.language());
  Xapian::Document entry;
  Xapian::TermGenerator generator;
  generator.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  generator.set_stemmer(StemmerFor(language));
  generator.set_document(entry);
  // The position gaps keep phrases from matching across title and text.
  generator.index_text(doc.title(), 1, kTitlePrefix);
  generator.increase_termpos();
  generator.index_text(doc.title(), kTitleWdf);
  generator.increase_termpos();
  // The standfirst is read as the text's first paragraph.
  if (!doc.standfirst().empty()) {
    generator.index_text(doc.standfirst());
    generator.increase_termpos();
  }
  generator.index_text(doc.text());

  entry.add_boolean_term(kIdPrefix + doc.id());
  if (!doc.source().empty()) entry.add_boolean_term(kSourcePrefix + doc.source());
  if (!language.empty()) entry.add_boolean_term(kLanguagePrefix + language);
  for (const auto& topic : doc.topics()) entry.add_boolean_term(kTopicPrefix + topic.name());
  if (!doc.duplicate_of().empty()) entry.add_boolean_term(kCopyTerm);
  if (doc.has_published()) {
    entry.add_value(kPublishedSlot, Xapian::sortable_serialise(UnixMs(doc.published())));
  }
  if (doc.has_fetched_at()) {
    entry.add_value(kFetchedSlot, Xapian::sortable_serialise(UnixMs(doc.fetched_at())));
  }

  // What a hit shows, in the store's own message.
  caravan::v1::Document shown;
  shown.set_id(doc.id());
  shown.set_title(doc.title());
  shown.set_source(doc.source());
  shown.set_language(doc.language());
  shown.set_url(doc.url());
  if (doc.has_published()) *shown.mutable_published() = doc.published();
  const std::string read = doc.standfirst().empty() ? doc.text() : doc.standfirst() + "\n\n" + doc.text();
  shown.set_text(std::string(Utf8Prefix(read, kStoredTextBytes)));
  entry.set_data(shown.SerializeAsString());
  return entry;
}

// Lets each word of a parsed query also match its stem: word becomes
// (Zstem SYNONYM word), in a NOT as much as anywhere. The parser's own
// STEM_SOME would not do: it leaves capitalised words unstemmed, yet
// Russian place names inflect ("Казахстана"), and it drops the word as
// typed, which is all that matches in a document of another language.
// Words of phrases stay exact, as the parser gives them, so the walk stops
// at every operator but the boolean ones.
Xapian::Query WithStems(const Xapian::Query& query, const Xapian::Stem& stemmer) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM: {
      const std::string term = *query.get_terms_begin();
      const std::string prefix = term.compare(0, kTitlePrefix.size(), kTitlePrefix) == 0 ? kTitlePrefix : "";
      const std::string stem = stemmer(term.substr(prefix.size()));
      if (stemmer.is_none() || stem.empty()) return query;
      return Xapian::Query(Xapian::Query::OP_SYNONYM, Xapian::Query("Z" + prefix + stem), query);
    }
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX: {
      std::vector<Xapian::Query> subqueries;
      for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
        subqueries.push_back(WithStems(query.get_subquery(i), stemmer));
      }
      return Xapian::Query(query.get_type(), subqueries.begin(), subqueries.end());
    }
    default:
      return query;
  }
}

// [after, before) over a slot of unix milliseconds; nothing when both are
// open.
void AddRange(Xapian::valueno slot, std::optional<int64_t> after, std::optional<int64_t> before,
              std::vector<Xapian::Query>* filters) {
  if (!after && !before) return;
  const double low = after ? static_cast<double>(*after) : -HUGE_VAL;
  const double high = before ? static_cast<double>(*before - 1) : HUGE_VAL;
  filters->emplace_back(Xapian::Query::OP_VALUE_RANGE, slot, Xapian::sortable_serialise(low),
                        Xapian::sortable_serialise(high));
}

Xapian::Query WithFilters(Xapian::Query matcher, const Query& query) {
  std::vector<Xapian::Query> filters;
  if (!query.source.empty()) filters.emplace_back(kSourcePrefix + query.source);
  if (!query.language.empty()) filters.emplace_back(kLanguagePrefix + PrimaryLanguage(query.language));
  if (!query.topic.empty()) filters.emplace_back(kTopicPrefix + query.topic);
  AddRange(kPublishedSlot, query.published_after, query.published_before, &filters);
  AddRange(kFetchedSlot, query.fetched_after, query.fetched_before, &filters);
  if (!filters.empty()) {
    matcher = Xapian::Query(Xapian::Query::OP_FILTER, matcher,
                            Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
  }
  if (!query.include_copies) {
    matcher = Xapian::Query(Xapian::Query::OP_AND_NOT, matcher, Xapian::Query(kCopyTerm));
  }
  return matcher;
}

// Runs `write` under `mu`, turning a Xapian exception into `error`.
bool Guarded(std::mutex& mu, const std::string& context, std::string* error,
             const std::function<void()>& write) {
  std::lock_guard<std::mutex> lock(mu);
  try {
    write();
    return true;
  } catch (const Xapian::Error& e) {
    *error = context + ": " + e.get_description();
    return false;
  }
}

}  // namespace

SearchIndex::SearchIndex(std::string dir, std::unique_ptr<Xapian::WritableDatabase> db)
    : dir_(std::move(dir)), db_(std::move(db)) {}

SearchIndex::~SearchIndex() = default;

std::unique_ptr<SearchIndex> SearchIndex::Open(const std::string& dir, std::string* error) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    *error = "search index " + dir + ": " + ec.message();
    return nullptr;
  }
  try {
    auto db = std::make_unique<Xapian::WritableDatabase>(dir, Xapian::DB_CREATE_OR_OPEN);
    return std::unique_ptr<SearchIndex>(new SearchIndex(dir, std::move(db)));
  } catch (const Xapian::Error& e) {
    *error = "search index " + dir + ": " + e.get_description();
    return nullptr;
  }
}

bool SearchIndex::Put(const caravan::v1::Document& doc, std::string* error) {
  if (doc.id().empty()) {
    *error = "search index " + dir_ + ": put of a document without id (url " + doc.url() + ")";
    return false;
  }
  if (doc.deleted()) return Remove(doc.id(), error);
  return Guarded(mu_, "search index " + dir_ + ": put " + doc.id(), error,
                 [&] { db_->replace_document(kIdPrefix + doc.id(), MakeEntry(doc)); });
}

bool SearchIndex::Remove(const std::string& id, std::string* error) {
  return Guarded(mu_, "search index " + dir_ + ": remove " + id, error,
                 [&] { db_->delete_document(kIdPrefix + id); });
}

bool SearchIndex::SetLastSeq(uint64_t seq, std::string* error) {
  return Guarded(mu_, "search index " + dir_ + ": set last seq " + std::to_string(seq), error,
                 [&] { db_->set_metadata(kLastSeqKey, std::to_string(seq)); });
}

bool SearchIndex::Commit(std::string* error) {
  return Guarded(mu_, "search index " + dir_ + ": commit", error, [&] { db_->commit(); });
}

bool SearchIndex::Clear(std::string* error) {
  return Guarded(mu_, "search index " + dir_ + ": clear", error, [&] {
    // The lock on the directory goes with the old handle, and must, for the
    // new one to take it.
    db_->close();
    db_ = std::make_unique<Xapian::WritableDatabase>(dir_, Xapian::DB_CREATE_OR_OVERWRITE);
    // Readers of the old database would go on seeing it.
    std::lock_guard<std::mutex> readers_lock(readers_mu_);
    readers_.clear();
  });
}

uint64_t SearchIndex::LastSeq() const {
  std::string value;
  {
    std::lock_guard<std::mutex> lock(mu_);
    try {
      value = db_->get_metadata(kLastSeqKey);
    } catch (const Xapian::Error&) {
      return 0;
    }
  }
  uint64_t seq = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seq);
  return ec == std::errc() && end == value.data() + value.size() ? seq : 0;
}

std::unique_ptr<Xapian::Database> SearchIndex::TakeReader() const {
  std::unique_ptr<Xapian::Database> reader;
  {
    std::lock_guard<std::mutex> lock(readers_mu_);
    if (!readers_.empty()) {
      reader = std::move(readers_.back());
      readers_.pop_back();
    }
  }
  if (!reader) return std::make_unique<Xapian::Database>(dir_);
  reader->reopen();  // to the last commit; cheap when there is none newer
  return reader;
}

void SearchIndex::ReturnReader(std::unique_ptr<Xapian::Database> reader) const {
  std::lock_guard<std::mutex> lock(readers_mu_);
  readers_.push_back(std::move(reader));
}

std::optional<Result> SearchIndex::Search(const Query& query, std::string* error) const {
  const auto fail = [&](const std::string& why) -> std::optional<Result> {
    *error = "search index " + dir_ + ": query \"" + query.text + "\": " + why;
    return std::nullopt;
  };
  if (query.offset < 0 || query.limit < 0 || query.limit > kMaxLimit) {
    return fail("offset " + std::to_string(query.offset) + " and limit " + std::to_string(query.limit) +
                " must be >= 0, limit at most " + std::to_string(kMaxLimit));
  }

  Xapian::QueryParser parser;  // stemming is WithStems'
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
  parser.set_default_op(Xapian::Query::OP_AND);
  parser.add_prefix("title", kTitlePrefix);
  Xapian::Query matcher = Xapian::Query::MatchAll;
  if (!query.text.empty()) {
    try {
      const std::string language = PrimaryLanguage(query.language);
      matcher = WithStems(parser.parse_query(query.text, kParseFlags),
                          StemmerFor(language.empty() ? "en" : language));
    } catch (const Xapian::QueryParserError& e) {
      return fail("malformed: " + e.get_msg());
    }
  }
  const Xapian::Query xapian_query = WithFilters(matcher, query);

  for (int attempt = 1;; ++attempt) {
    try {
      std::unique_ptr<Xapian::Database> db = TakeReader();
      Xapian::Enquire enquire(*db);
      enquire.set_query(xapian_query);
      if (query.order == Query::kNewest) {
        enquire.set_sort_by_value_then_relevance(kPublishedSlot, /*reverse=*/true);
      }
      const Xapian::MSet mset = enquire.get_mset(query.offset, query.limit);
      Result result;
      result.estimated_total = mset.get_matches_estimated();
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        caravan::v1::Document shown;
        if (!shown.ParseFromString(it.get_document().get_data())) {
          return fail("entry " + std::to_string(*it) + " is unreadable");
        }
        Hit hit;
        hit.id = shown.id();
        hit.title = shown.title();
        hit.source = shown.source();
        hit.language = shown.language();
        hit.url = shown.url();
        if (shown.has_published()) hit.published_ms = UnixMs(shown.published());
        hit.score = it.get_weight();
        // Stemmed as it was indexed, so that the inflected forms the query
        // matched are the ones highlighted.
        hit.snippet = mset.snippet(shown.text(), kSnippetBytes,
                                   StemmerFor(PrimaryLanguage(shown.language())), kSnippetFlags);
        result.hits.push_back(std::move(hit));
      }
      // A reader that threw is dropped with the exception: it may be at a
      // revision gone from disk.
      ReturnReader(std::move(db));
      return result;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt == kSearchAttempts) return fail(e.get_description());
    } catch (const Xapian::Error& e) {
      return fail(e.get_description());
    }
  }
}

}  // namespace caravan::search
