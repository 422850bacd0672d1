// The words caravan recognises in pages, one file per language
// (languages/<code>.txt), compiled into the binary: adding a language means
// adding a file. Page language is often unknown or mixed, so every list
// holds the entries of all languages at once.
//
// A file is a sequence of `[section]` headers, each followed by one entry
// per line, lowercase as case-folded text reads. `#` starts a comment line;
// an entry whose edge spaces matter is written in double quotes. Months are
// written `name number`.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/embedded.h"

namespace caravan::languages {

enum class List {
  kDateLabels,       // words before a publication or update date ("published", "veröffentlicht")
  kAuthorPrefixes,   // words before author names in a byline ("written by", "von:")
  kBoilerLines,      // whole short lines that are page furniture ("share this", "теги")
  kBoilerStarts,     // starts that mark a block as furniture ("tags:", "posted on")
  kCreditStarts,     // starts of picture credits and page stamps ("photo:", "quelle:")
  kCreditEnds,       // marks that sign a caption at its end ("©", "foto:")
  kAgencies,         // photo and wire agencies ("afp", "xinhua")
  kFigureWords,      // labels of numbered figures ("figure", "рис.")
  kRelatedMarkers,   // headings of links to other articles ("read more", "читайте также")
  kAuthorBoxLabels,  // titles of the box about the author ("about the author")
  kArchiveWords,     // URL path segments of archive pages ("category", "yazar")
  kAboutStarts,      // starts of headings over a publisher's boilerplate ("about ", "über ")
};

struct MonthName {
  std::string_view name;  // lowercase
  int month;              // 1-12
};

// A compiled-in file: its name without ".txt" (the language code) and its
// text.
using File = EmbeddedFile;
std::span<const File> Files();

// The lists and months read from a set of files. Entries are views into the
// files' text, which must outlive the book.
class Phrasebook {
 public:
  explicit Phrasebook(std::span<const File> files);

  // Entries of `list`, each once, in the order of the files and of lines
  // within a file.
  std::span<const std::string_view> Phrases(List list) const { return lists_[static_cast<size_t>(list)]; }

  // Month names and abbreviations, each name once.
  std::span<const MonthName> Months() const { return months_; }

  // What is wrong with the files ("de.txt:12: unknown section [foo]"),
  // empty when nothing is: entries outside a known section, unknown or
  // unclosed section headers, unterminated quotes, months without a number
  // 1-12, and a month name that another line gives another number.
  const std::vector<std::string>& Problems() const { return problems_; }

 private:
  std::array<std::vector<std::string_view>, static_cast<size_t>(List::kAboutStarts) + 1> lists_;
  std::vector<MonthName> months_;
  std::vector<std::string> problems_;
};

// The book of the compiled-in files, read on first use.
const Phrasebook& Compiled();

// Compiled().Phrases(list) and Compiled().Months(), the lists extraction reads.
inline std::span<const std::string_view> Phrases(List list) { return Compiled().Phrases(list); }
inline std::span<const MonthName> Months() { return Compiled().Months(); }

}  // namespace caravan::languages
