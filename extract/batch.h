// `caravanctl extract --batch`: extraction over files, JSON Lines in and out.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace caravan::extract {

// Rewrites the main texts of a whole batch at once, for cleaning that needs
// more pages than one: `(*texts)[i]` is the text of the page given with
// `urls[i]` ("" when it had none or failed), in input order. Returns false
// after reporting why on stderr.
using BatchTextPass =
    std::function<bool(const std::vector<std::string>& urls, std::vector<std::string>* texts)>;

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
// lines are skipped. Without `pass` each line is written as soon as it is
// extracted; with it, every line is extracted first, `pass` rewrites the
// texts, then all are written. Returns 0, or 1 if `pass` or writing to `out`
// failed.
int RunBatch(std::istream& in, std::ostream& out, const BatchTextPass& pass = nullptr);

}  // namespace caravan::extract
