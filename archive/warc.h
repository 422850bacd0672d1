// WARC 1.1 (ISO 28500:2017) files: writing the records of a crawl, reading
// WARC 1.0/1.1 and ARC 1.0 files back, and checking their digests.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace caravan::archive {

// One record as it stands in the file. For an ARC 1.0 record `version` is
// "ARC/1.0" and the ARC header line is given under WARC names: WARC-Type
// ("arc_header" for the filedesc:// record, "response" otherwise),
// WARC-Target-URI, WARC-IP-Address, WARC-Date (only when the ARC date is a
// valid 14-digit time), Content-Type and Content-Length (the declared
// length, 0 when the field is no number).
struct WarcRecord {
  std::string version;  // first line: "WARC/1.1", "WARC/1.0", "ARC/1.0"
  std::vector<std::pair<std::string, std::string>> headers;  // file order, values trimmed
  std::string block;
  // Where the record starts and how many bytes it takes, as warcio's index
  // gives them so that offsets can be handed to replay tools: in a gzip file
  // the record's gzip member; otherwise the header and block without the
  // CRLF CRLF that ends the record.
  uint64_t offset = 0;
  uint64_t length = 0;
  // Why the record is damaged (its Content-Length disagrees with the data,
  // bytes were skipped before it), with the file name and byte offsets; ""
  // when it is whole. A damaged record is still returned, so that a caller
  // can salvage what there is.
  std::string error;

  // First value of the header `name`, case-insensitive; "" if absent.
  std::string_view Header(std::string_view name) const;
};

// ---------------------------------------------------------------- writing

struct WarcWriterOptions {
  // One gzip member per record, so that a reader can start at any record's
  // offset (warcio, pywb and CDX indexes rely on it).
  bool gzip = true;
  // WARC-Date with milliseconds ("...T08:30:00.123Z") rather than seconds.
  bool millisecond_dates = false;
};

// What the caller knows of the capture a record belongs to; the writer adds
// the record id, digests and lengths.
struct RecordInfo {
  std::string target_uri;
  int64_t date_ms = 0;        // Unix milliseconds, written as WARC-Date in UTC
  std::string concurrent_to;  // record id of another record of the same capture
  std::string refers_to;      // record id of the record this one describes
};

// Where a record went, for an index (CDX) and for WARC-Concurrent-To links.
struct WrittenRecord {
  std::string record_id;  // "<urn:uuid:...>"; "" when the write failed
  uint64_t offset = 0;    // in the stream (of the record's gzip member if gzip)
  uint64_t length = 0;    // bytes written for the record
};

// Appends WARC/1.1 records to a stream. Every record gets a random (v4)
// WARC-Record-ID, WARC-Block-Digest and, for application/http blocks,
// WARC-Payload-Digest (both sha1 in base32, as warcio and Heritrix write
// them), and WARC-Warcinfo-ID once a warcinfo record has been written. Not
// thread-safe. Once a write fails every later write fails too, and error()
// says why (with the stream's name and offset).
class WarcWriter {
 public:
  // Writes to `out`, which must outlive the writer; `name` goes into errors.
  WarcWriter(std::ostream* out, std::string name, WarcWriterOptions options = {});
  // Creates (or truncates) the file at `path`; nullptr and `error` on failure.
  static std::unique_ptr<WarcWriter> Create(const std::string& path, WarcWriterOptions options,
                                            std::string* error);
  ~WarcWriter();
  WarcWriter(const WarcWriter&) = delete;
  WarcWriter& operator=(const WarcWriter&) = delete;

  // Describes the file: WARC-Filename (when not empty) and the fields
  // "software" and "format".
  WrittenRecord Warcinfo(int64_t date_ms, std::string_view filename, std::string_view software);
  // An application/http; msgtype=request record of the request as sent.
  WrittenRecord Request(const RecordInfo& info, std::string_view http_request);
  // An application/http; msgtype=response record of a whole response
  // message: status line, headers and body (see HttpResponseMessage).
  WrittenRecord Response(const RecordInfo& info, std::string_view http_response);
  // What the crawler derived from a capture, e.g. application/json or
  // application/warc-fields.
  WrittenRecord Metadata(const RecordInfo& info, std::string_view content_type, std::string_view block);
  // A capture made without HTTP, the block being the resource itself.
  WrittenRecord Resource(const RecordInfo& info, std::string_view content_type, std::string_view block);

  const std::string& error() const { return error_; }

 private:
  WrittenRecord Write(std::string_view type, const RecordInfo& info, std::string_view content_type,
                      std::string_view block, std::string_view filename = {});

  std::unique_ptr<std::ostream> owned_;
  std::ostream* out_;
  std::string name_;
  WarcWriterOptions options_;
  uint64_t offset_;
  std::string warcinfo_id_;
  std::string error_;
};

// ---------------------------------------------------------------- reading

// Reads records one at a time from a WARC (1.0 or 1.1) or ARC (version 1)
// file, plain or gzip-compressed; gzip is told by its magic bytes, not the
// file name. A gzip file must hold one record per gzip member, as seekable
// WARCs do: a member holding more than its record, or one that does not
// start with a record, stops reading with an error (like warcio's
// ArchiveIterator; `warcio recompress` repairs such files).
//
// A record whose Content-Length disagrees with the data is returned with
// `error` set. In a plain file the reader then resynchronises on the next
// line that starts with "WARC/1.", looking inside the declared block first
// in case the length overshoots into the next record; in a gzip file the
// next member is the next record. ARC records have no marker to
// resynchronise on: a line that is no ARC header stops reading.
class WarcReader {
 public:
  // Reads from `in`, which must outlive the reader; `name` goes into errors.
  WarcReader(std::istream* in, std::string name);
  // Opens the file at `path`; nullptr and `error` on failure.
  static std::unique_ptr<WarcReader> Open(const std::string& path, std::string* error);
  ~WarcReader();
  WarcReader(const WarcReader&) = delete;
  WarcReader& operator=(const WarcReader&) = delete;

  // Reads the next record into `record`. Returns false at the end of the
  // file, and when reading cannot go on: error() then says why (it stays ""
  // at a clean end).
  bool Next(WarcRecord* record);
  const std::string& error() const;

 private:
  class Impl;
  std::unique_ptr<std::istream> owned_;
  std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------- digests

enum class DigestVerdict {
  kNone,       // no digest declared
  kPass,
  kFail,
  kUnchecked,  // declared but not checkable: unknown algorithm, or a
               // revisit's payload digest, which names the original capture
};

// Verdicts on a record's WARC-Block-Digest (over the block) and
// WARC-Payload-Digest (over what follows the HTTP headers for application/http
// blocks, else over the block). Algorithms sha1, sha256 and md5; values in
// base32 (the usual), base16, base64 or base64url, padded or not. A chunked
// response's payload digest may cover the bytes as sent (warcio, warcprox)
// or the de-chunked entity body (the WARC 1.1 text read literally); either
// passes.
struct DigestCheck {
  DigestVerdict block = DigestVerdict::kNone;
  DigestVerdict payload = DigestVerdict::kNone;
  // kFail if either failed, else kPass if either passed, else kUnchecked if
  // either was, else kNone.
  DigestVerdict Overall() const;
};
DigestCheck CheckDigests(const WarcRecord& record);

// RFC 4648 base32, uppercase and padded: the encoding of WARC digests.
std::string Base32(std::string_view bytes);

}  // namespace caravan::archive
