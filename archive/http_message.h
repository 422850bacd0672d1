// HTTP/1.x messages as WARC stores them in application/http blocks: the
// status line, the headers and the body exactly as they went over the wire.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace caravan::archive {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// A response message to store in a WARC response record, built from what an
// HTTP client handed over: the status, the server's headers and the body as
// the client decoded it (de-chunked, gunzipped). The message describes the
// stored bytes, not the transfer: Transfer-Encoding and Content-Encoding are
// dropped (replay tools would otherwise de-chunk or gunzip a plain body) and
// Content-Length is stated anew as the body's size. Always HTTP/1.1, since
// HTTP/2 has no text form.
std::string HttpResponseMessage(int status, const HttpHeaders& headers, std::string_view body);

// A response message read back from a record.
struct HttpResponse {
  std::string version;  // "HTTP/1.1"
  int status = 0;
  std::string reason;
  HttpHeaders headers;  // in message order, values trimmed
  std::string body;     // with Transfer-Encoding: chunked undone, other codings left
  // First value of the header `name`, case-insensitive; "" if absent.
  std::string_view Header(std::string_view name) const;
};

// Parses an application/http; msgtype=response block. Lines may end in CRLF
// or a bare LF; header lines without a colon are skipped, as browsers do.
// Returns false and sets `error` (with the byte offset in the block) on a
// malformed status line, a missing end of headers, or broken chunked framing;
// in the last case `response` still holds the headers and the body decoded
// up to the damage, which is what a truncated capture has to offer.
bool ParseHttpResponse(std::string_view block, HttpResponse* response, std::string* error);

// Offset just past the blank line that ends an HTTP message's start line and
// headers, npos when there is none.
size_t HttpHeaderEnd(std::string_view message);

// Whether the headers of `message` (start line and headers, as HttpHeaderEnd
// delimits them) declare Transfer-Encoding: chunked.
bool IsChunked(std::string_view message_head);

// Undoes chunked transfer coding (RFC 9112 7.1); chunk extensions and
// trailers are dropped. Returns false and sets `error` (with the offset in
// `body`) when the framing breaks; `out` then holds the chunks before it.
bool Dechunk(std::string_view body, std::string* out, std::string* error);

}  // namespace caravan::archive
