#include "archive/http_message.h"

#include <charconv>

#include "common/ascii.h"
#include "common/http_reason.h"

namespace caravan::archive {
namespace {


// The next line of `text` from *pos, without its CRLF or LF; moves *pos past
// it. A last line without a terminator counts as a line.
std::string_view NextLine(std::string_view text, size_t* pos) {
  size_t lf = text.find('\n', *pos);
  size_t end = lf == std::string_view::npos ? text.size() : lf;
  std::string_view line = text.substr(*pos, end - *pos);
  *pos = lf == std::string_view::npos ? text.size() : lf + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Splits a message head (as HttpHeaderEnd delimits it) into its start line
// and headers; folded continuation lines join the header before them.
std::string_view ParseHead(std::string_view head, HttpHeaders* headers) {
  size_t pos = 0;
  std::string_view start_line = NextLine(head, &pos);
  while (pos < head.size()) {
    std::string_view line = NextLine(head, &pos);
    if (line.empty()) break;
    if ((line[0] == ' ' || line[0] == '\t') && !headers->empty()) {
      headers->back().second += ' ';
      headers->back().second += TrimAscii(line);
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    headers->emplace_back(std::string(TrimAscii(line.substr(0, colon))),
                          std::string(TrimAscii(line.substr(colon + 1))));
  }
  return start_line;
}

std::string_view FindHeader(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (EqualsNoCase(key, name)) return value;
  }
  return {};
}

bool HasChunkedCoding(const HttpHeaders& headers) {
  for (const auto& [key, value] : headers) {
    if (!EqualsNoCase(key, "Transfer-Encoding")) continue;
    std::string_view codings = value;
    while (!codings.empty()) {
      size_t comma = codings.find(',');
      if (EqualsNoCase(TrimAscii(codings.substr(0, comma)), "chunked")) return true;
      codings = comma == std::string_view::npos ? std::string_view() : codings.substr(comma + 1);
    }
  }
  return false;
}

}  // namespace

std::string HttpResponseMessage(int status, const HttpHeaders& headers, std::string_view body) {
  std::string message = "HTTP/1.1 " + std::to_string(status) + " " + std::string(HttpReasonPhrase(status)) + "\r\n";
  for (const auto& [name, value] : headers) {
    if (EqualsNoCase(name, "Transfer-Encoding") || EqualsNoCase(name, "Content-Encoding") ||
        EqualsNoCase(name, "Content-Length")) {
      continue;
    }
    message += name + ": " + value + "\r\n";
  }
  message += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  message += body;
  return message;
}

std::string_view HttpResponse::Header(std::string_view name) const { return FindHeader(headers, name); }

size_t HttpHeaderEnd(std::string_view message) {
  // The first empty line, whether lines end in CRLF or in a bare LF.
  for (size_t lf = message.find('\n'); lf != std::string_view::npos; lf = message.find('\n', lf + 1)) {
    size_t next = lf + 1;
    if (next < message.size() && message[next] == '\n') return next + 1;
    if (next + 1 < message.size() && message[next] == '\r' && message[next + 1] == '\n') return next + 2;
  }
  return std::string_view::npos;
}

bool IsChunked(std::string_view message_head) {
  HttpHeaders headers;
  ParseHead(message_head, &headers);
  return HasChunkedCoding(headers);
}

bool Dechunk(std::string_view body, std::string* out, std::string* error) {
  out->clear();
  size_t pos = 0;
  while (true) {
    size_t line_start = pos;
    if (pos >= body.size()) {
      *error = "chunked body ends at offset " + std::to_string(pos) + " before its last chunk";
      return false;
    }
    std::string_view size_line = NextLine(body, &pos);
    std::string_view digits = TrimAscii(size_line.substr(0, size_line.find(';')));
    uint64_t size = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size, 16);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
      *error = "chunk size line '" + std::string(size_line.substr(0, 40)) + "' at offset " +
               std::to_string(line_start) + " of the body is not hexadecimal";
      return false;
    }
    if (size == 0) return true;  // trailers, if any, are dropped
    if (size > body.size() - pos) {
      out->append(body.substr(pos));
      *error = "chunk of " + std::to_string(size) + " bytes at offset " + std::to_string(line_start) +
               " runs past the end of the body (" + std::to_string(body.size()) + " bytes)";
      return false;
    }
    out->append(body.substr(pos, size));
    pos += size;
    NextLine(body, &pos);  // the CRLF after the chunk data
  }
}

bool ParseHttpResponse(std::string_view block, HttpResponse* response, std::string* error) {
  *response = HttpResponse();
  size_t head_end = HttpHeaderEnd(block);
  if (head_end == std::string_view::npos) {
    *error = "no blank line ends the HTTP headers (block of " + std::to_string(block.size()) + " bytes)";
    return false;
  }
  std::string_view status_line = ParseHead(block.substr(0, head_end), &response->headers);
  // "HTTP/1.1 200 OK": version, three digits, then an optional reason.
  size_t space = status_line.find(' ');
  std::string_view code = space == std::string_view::npos ? std::string_view() : status_line.substr(space + 1, 3);
  if (!status_line.starts_with("HTTP/") || code.size() != 3 || !IsAsciiDigit(code[0]) ||
      !IsAsciiDigit(code[1]) || !IsAsciiDigit(code[2]) ||
      (status_line.size() > space + 4 && status_line[space + 4] != ' ')) {
    *error = "status line '" + std::string(status_line.substr(0, 80)) + "' at offset 0 is not 'HTTP/x.y NNN reason'";
    return false;
  }
  response->version = std::string(status_line.substr(0, space));
  response->status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  if (status_line.size() > space + 5) response->reason = std::string(status_line.substr(space + 5));
  std::string_view body = block.substr(head_end);
  if (!HasChunkedCoding(response->headers)) {
    response->body = std::string(body);
    return true;
  }
  if (!Dechunk(body, &response->body, error)) {
    *error += " (HTTP headers end at offset " + std::to_string(head_end) + ")";
    return false;
  }
  return true;
}

}  // namespace caravan::archive
