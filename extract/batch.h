// `caravanctl extract --batch`: extraction over files, JSON Lines in and out.
#pragma once

#include <iosfwd>

namespace caravan::extract {

// Reads one JSON object per line from `in`: {"path": FILE, "url": URL}
// (url optional; FILE ending in ".gz" is gunzipped), and writes one JSON
// object per input line to `out`, in input order:
//   {"path", "title", "author", "published", "language", "text"}
// author: the authors joined by ", "; published: RFC 3339, in the offset
// the page stated ("2024-09-13T08:30:00+06:00") so its first ten
// characters are the publisher's calendar day, else UTC
// ("2024-09-13T00:00:00Z"); null when unknown. When a line cannot be parsed, the file
// cannot be read, or nothing can be extracted, the same keys come with
// empty values (as far as known) plus "error" saying why. Blank input
// lines are skipped. Returns 0, or 1 if writing to `out` failed.
int RunBatch(std::istream& in, std::ostream& out);

}  // namespace caravan::extract
