#include "archive/warc.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <istream>
#include <optional>
#include <ostream>

#include "archive/http_message.h"
#include "common/ascii.h"

namespace caravan::archive {
namespace {

constexpr std::string_view kWarcMagic = "WARC/1.";  // 1.0 and 1.1 records
constexpr std::string_view kArcFiledesc = "filedesc://";
constexpr size_t kChunk = 64 * 1024;
// A longer header line is a sign of binary junk, not of a header.
constexpr size_t kMaxLine = 1024 * 1024;

std::string Offset(uint64_t offset) { return "offset " + std::to_string(offset); }

// ------------------------------------------------------------ encodings

std::string Base64(std::string_view bytes, const char* alphabet) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16 | static_cast<uint8_t>(bytes[i + 1]) << 8 |
                 static_cast<uint8_t>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += alphabet[(n >> shift) & 63];
  }
  if (i < bytes.size()) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    if (i + 1 < bytes.size()) out += alphabet[(n >> 6) & 63];
  }
  return out;  // unpadded: callers compare without padding
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string_view WithoutPadding(std::string_view s) {
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  return s;
}

const EVP_MD* DigestAlgorithm(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (c != '-') key += AsciiLower(c);
  }
  if (key == "sha1") return EVP_sha1();
  if (key == "sha256") return EVP_sha256();
  if (key == "md5") return EVP_md5();
  return nullptr;
}

std::string Digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), out, &size, md, nullptr);
  return std::string(reinterpret_cast<char*>(out), size);
}

// Whether "algorithm:value" is the digest of `data`; nullopt when the
// algorithm is unknown or the value has no algorithm.
std::optional<bool> DigestMatches(std::string_view declared, std::string_view data) {
  size_t colon = declared.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const EVP_MD* md = DigestAlgorithm(TrimAscii(declared.substr(0, colon)));
  if (!md) return std::nullopt;
  std::string_view value = WithoutPadding(TrimAscii(declared.substr(colon + 1)));
  std::string digest = Digest(md, data);
  return EqualsNoCase(value, WithoutPadding(Base32(digest))) || EqualsNoCase(value, Hex(digest)) ||
         value == Base64(digest, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") ||
         value == Base64(digest, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}

DigestVerdict Verdict(std::optional<bool> match) {
  if (!match) return DigestVerdict::kUnchecked;
  return *match ? DigestVerdict::kPass : DigestVerdict::kFail;
}

// ------------------------------------------------------------ writing

std::string WarcDate(int64_t unix_ms, bool millis) {
  int64_t seconds = unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000;
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string date(buf, n);
  if (millis) {
    std::snprintf(buf, sizeof buf, ".%03d", static_cast<int>(unix_ms - seconds * 1000));
    date += buf;
  }
  return date + "Z";
}

std::string NewRecordId() {
  unsigned char b[16];
  RAND_bytes(b, sizeof b);
  b[6] = (b[6] & 0x0f) | 0x40;  // version 4: random
  b[8] = (b[8] & 0x3f) | 0x80;  // RFC 4122 variant
  std::string hex = Hex(std::string_view(reinterpret_cast<char*>(b), sizeof b));
  return "<urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20) + ">";
}

// `data` as one complete gzip member.
std::string GzipMember(std::string_view data) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out;
  char buf[kChunk];
  int flush = Z_NO_FLUSH;
  while (flush != Z_FINISH) {
    size_t take = std::min<size_t>(data.size(), 1 << 30);  // avail_in is 32 bits
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(take);
    data.remove_prefix(take);
    flush = data.empty() ? Z_FINISH : Z_NO_FLUSH;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      deflate(&z, flush);
      out.append(buf, sizeof buf - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}

bool IsHttp(std::string_view content_type) { return StartsWithNoCase(content_type, "application/http"); }

// What follows the HTTP headers; "" when no blank line ends them.
std::string_view HttpPayload(std::string_view block) {
  size_t end = HttpHeaderEnd(block);
  return end == std::string_view::npos ? std::string_view() : block.substr(end);
}

// ------------------------------------------------------------ reading

// The bytes the reader parses: the file itself, or in a gzip file the
// inflated bytes of the current member, which end where the member ends,
// since a record must not run from one member into the next.
class Input {
 public:
  explicit Input(std::istream* in) : in_(in) {}
  ~Input() {
    if (gzip_) inflateEnd(&z_);
  }
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  // Tells gzip from plain by the magic bytes 1f 8b. False on a read error.
  bool Start() {
    std::string first;
    if (!ReadRaw(&first, kChunk)) return false;
    gzip_ = first.size() >= 2 && static_cast<uint8_t>(first[0]) == 0x1f && static_cast<uint8_t>(first[1]) == 0x8b;
    if (!gzip_) {
      buf_ = std::move(first);
      return true;
    }
    raw_ = std::move(first);
    z_.next_in = reinterpret_cast<Bytef*>(raw_.data());
    z_.avail_in = static_cast<uInt>(raw_.size());
    if (inflateInit2(&z_, 15 + 16) != Z_OK) return Error("zlib cannot start");
    return true;
  }
  bool gzip() const { return gzip_; }

  // Buffers at least `n` bytes of the current unit unless it ends first.
  // False on a read or inflate error (error() says why).
  bool Fill(size_t n) {
    if (data().size() >= n) return true;
    base_ += pos_;
    buf_.erase(0, pos_);
    pos_ = 0;
    while (buf_.size() < n) {
      size_t want = std::clamp<size_t>(n - buf_.size(), kChunk, 16 * kChunk);
      if (!gzip_) {
        if (eof_) return true;
        if (!ReadRaw(&buf_, want)) return false;
        continue;
      }
      if (member_ended_) return true;
      if (z_.avail_in == 0) {
        raw_.clear();
        if (!ReadRaw(&raw_, kChunk)) return false;
        if (raw_.empty()) {
          return Error("gzip member at " + Offset(member_start_) + " is cut off: the file ends inside it");
        }
        z_.next_in = reinterpret_cast<Bytef*>(raw_.data());
        z_.avail_in = static_cast<uInt>(raw_.size());
      }
      size_t old = buf_.size();
      buf_.resize(old + want);
      z_.next_out = reinterpret_cast<Bytef*>(buf_.data() + old);
      z_.avail_out = static_cast<uInt>(want);
      int rc = inflate(&z_, Z_NO_FLUSH);
      buf_.resize(old + want - z_.avail_out);
      if (rc == Z_STREAM_END) {
        member_ended_ = true;
        member_end_ = raw_read_ - z_.avail_in;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return Error("gzip data of the member at " + Offset(member_start_) + " is corrupt (" +
                     (z_.msg ? z_.msg : "zlib error " + std::to_string(rc)) + ")");
      }
    }
    return true;
  }
  std::string_view data() const { return std::string_view(buf_).substr(pos_); }
  void Consume(size_t n) { pos_ += n; }
  // Offset in the file of data()[0]; plain files only.
  uint64_t position() const { return base_ + pos_; }

  // The line at data() with its terminator, consumed; at most kMaxLine
  // bytes; "" at the end of the unit. False on an error.
  bool ReadLine(std::string* line) {
    size_t scanned = 0;
    while (true) {
      std::string_view d = data();
      size_t lf = d.find('\n', scanned);
      if (lf != std::string_view::npos || d.size() >= kMaxLine) {
        size_t size = lf != std::string_view::npos ? lf + 1 : kMaxLine;
        *line = std::string(d.substr(0, size));
        Consume(size);
        return true;
      }
      scanned = d.size();
      if (!Fill(d.size() + 4096)) return false;
      if (data().size() == d.size()) {  // the unit ends without a newline
        *line = std::string(data());
        Consume(line->size());
        return true;
      }
    }
  }

  // Consumes CR and LF bytes, the blank lines between records.
  bool SkipBlankLines() {
    while (true) {
      if (!Fill(1)) return false;
      std::string_view d = data();
      if (d.empty()) return true;
      size_t n = d.find_first_not_of("\r\n");
      Consume(n == std::string_view::npos ? d.size() : n);
      if (n != std::string_view::npos) return true;
    }
  }

  // gzip: where the current member starts and (once it has ended) ends.
  uint64_t member_start() const { return member_start_; }
  uint64_t member_end() const { return member_end_; }

  // gzip: consumes the rest of the current member; member_end() is then
  // known. False on an error.
  bool SkipMember() {
    while (true) {
      Consume(data().size());
      if (!Fill(1)) return false;
      if (data().empty()) return true;
    }
  }

  // gzip: discards the rest of the current member and starts the next.
  // False at the end of the file or on an error.
  bool NextMember() {
    if (!SkipMember()) return false;
    buf_.clear();
    pos_ = 0;
    member_start_ = member_end_;
    member_ended_ = false;
    if (z_.avail_in == 0) {
      raw_.clear();
      if (!ReadRaw(&raw_, kChunk) || raw_.empty()) return false;
      z_.next_in = reinterpret_cast<Bytef*>(raw_.data());
      z_.avail_in = static_cast<uInt>(raw_.size());
    }
    inflateReset(&z_);
    return true;
  }

  const std::string& error() const { return error_; }

 private:
  bool Error(std::string message) {
    error_ = std::move(message);
    return false;
  }
  // Appends up to `n` bytes of the file to `out`.
  bool ReadRaw(std::string* out, size_t n) {
    size_t old = out->size();
    out->resize(old + n);
    in_->read(out->data() + old, static_cast<std::streamsize>(n));
    size_t got = static_cast<size_t>(in_->gcount());
    out->resize(old + got);
    raw_read_ += got;
    if (in_->bad()) return Error("read error at " + Offset(raw_read_));
    if (got < n) eof_ = true;
    return true;
  }

  std::istream* in_;
  std::string buf_;    // unit bytes; data() starts at pos_
  size_t pos_ = 0;
  uint64_t base_ = 0;  // plain: file offset of buf_[0]
  bool eof_ = false;
  uint64_t raw_read_ = 0;  // bytes read from the file so far
  bool gzip_ = false;
  z_stream z_{};
  std::string raw_;  // compressed bytes, z_.next_in points into it
  uint64_t member_start_ = 0, member_end_ = 0;
  bool member_ended_ = false;
  std::string error_;
};

std::optional<uint64_t> ParseUint(std::string_view s) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

std::string Quoted(std::string_view s) {
  return "'" + std::string(TrimAscii(s.substr(0, 60))) + (s.size() > 60 ? "...'" : "'");
}

}  // namespace

std::string Base32(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint64_t bits = 0;
  int count = 0;
  for (unsigned char c : bytes) {
    bits = bits << 8 | c;
    count += 8;
    while (count >= 5) {
      count -= 5;
      out += kAlphabet[(bits >> count) & 31];
    }
  }
  if (count > 0) out += kAlphabet[(bits << (5 - count)) & 31];
  while (out.size() % 8 != 0) out += '=';
  return out;
}

std::string_view WarcRecord::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsNoCase(key, name)) return value;
  }
  return {};
}

// ---------------------------------------------------------------- WarcWriter

WarcWriter::WarcWriter(std::ostream* out, std::string name, WarcWriterOptions options)
    : out_(out), name_(std::move(name)), options_(options) {
  std::streamoff start = out_->tellp();
  offset_ = start > 0 ? static_cast<uint64_t>(start) : 0;
}

WarcWriter::~WarcWriter() = default;

std::unique_ptr<WarcWriter> WarcWriter::Create(const std::string& path, WarcWriterOptions options,
                                               std::string* error) {
  auto file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!file->is_open()) {
    *error = "cannot create " + path;
    return nullptr;
  }
  auto writer = std::make_unique<WarcWriter>(file.get(), path, options);
  writer->owned_ = std::move(file);
  return writer;
}

WrittenRecord WarcWriter::Warcinfo(int64_t date_ms, std::string_view filename, std::string_view software) {
  std::string fields = "software: " + std::string(software) +
                       "\r\nformat: WARC File Format 1.1"
                       "\r\nconformsTo: https://iipc.github.io/warc-specifications/specifications/"
                       "warc-format/warc-1.1/\r\n";
  RecordInfo info;
  info.date_ms = date_ms;
  WrittenRecord written = Write("warcinfo", info, "application/warc-fields", fields, filename);
  if (!written.record_id.empty()) warcinfo_id_ = written.record_id;
  return written;
}

WrittenRecord WarcWriter::Request(const RecordInfo& info, std::string_view http_request) {
  return Write("request", info, "application/http; msgtype=request", http_request);
}

WrittenRecord WarcWriter::Response(const RecordInfo& info, std::string_view http_response) {
  return Write("response", info, "application/http; msgtype=response", http_response);
}

WrittenRecord WarcWriter::Metadata(const RecordInfo& info, std::string_view content_type,
                                   std::string_view block) {
  return Write("metadata", info, content_type, block);
}

WrittenRecord WarcWriter::Resource(const RecordInfo& info, std::string_view content_type,
                                   std::string_view block) {
  return Write("resource", info, content_type, block);
}

WrittenRecord WarcWriter::Write(std::string_view type, const RecordInfo& info, std::string_view content_type,
                                std::string_view block, std::string_view filename) {
  if (!error_.empty()) return {};
  WrittenRecord written{NewRecordId(), offset_, 0};
  std::string record = "WARC/1.1\r\n";
  auto add = [&record](std::string_view name, std::string_view value) {
    if (value.empty()) return;
    record.append(name).append(": ").append(value).append("\r\n");
  };
  add("WARC-Type", type);
  add("WARC-Record-ID", written.record_id);
  add("WARC-Date", WarcDate(info.date_ms, options_.millisecond_dates));
  add("WARC-Target-URI", info.target_uri);
  add("WARC-Concurrent-To", info.concurrent_to);
  add("WARC-Refers-To", info.refers_to);
  if (type != "warcinfo") add("WARC-Warcinfo-ID", warcinfo_id_);  // WARC 1.1: any record but warcinfo
  add("WARC-Filename", filename);
  add("WARC-Block-Digest", "sha1:" + Base32(Digest(EVP_sha1(), block)));
  if (IsHttp(content_type)) add("WARC-Payload-Digest", "sha1:" + Base32(Digest(EVP_sha1(), HttpPayload(block))));
  add("Content-Type", content_type);
  record.append("Content-Length: ").append(std::to_string(block.size())).append("\r\n\r\n");
  record.append(block).append("\r\n\r\n");
  if (options_.gzip) record = GzipMember(record);
  // Flushed record by record, so that a crash loses at most the record being
  // written and a full disk is reported at the record it hit.
  out_->write(record.data(), static_cast<std::streamsize>(record.size()));
  out_->flush();
  if (!out_->good()) {
    error_ = name_ + ": writing the " + std::string(type) + " record at " + Offset(offset_) + " failed";
    return {};
  }
  written.length = record.size();
  offset_ += record.size();
  return written;
}

// ---------------------------------------------------------------- WarcReader

class WarcReader::Impl {
 public:
  Impl(std::istream* in, std::string name) : name_(std::move(name)), input_(in) {}

  bool Next(WarcRecord* record) {
    if (done_) return false;
    *record = WarcRecord();
    if (!started_) {
      started_ = true;
      if (!input_.Start()) return Fail(input_.error());
    } else if (input_.gzip() && !input_.NextMember()) {
      return input_.error().empty() ? End() : Fail(input_.error());
    }
    if (!input_.SkipBlankLines()) return Fail(input_.error());
    while (input_.gzip() && input_.data().empty()) {  // an empty member
      if (!input_.NextMember()) return input_.error().empty() ? End() : Fail(input_.error());
      if (!input_.SkipBlankLines()) return Fail(input_.error());
    }
    if (input_.data().empty()) return End();
    if (format_ == Format::kUnknown && !DetectFormat()) return false;
    record->offset = input_.gzip() ? input_.member_start() : input_.position();
    if (format_ == Format::kArc) return ReadArc(record);
    if (!input_.Fill(kWarcMagic.size())) return Fail(input_.error());
    if (!input_.data().starts_with(kWarcMagic)) {
      if (input_.gzip()) {
        return Fail("gzip member at " + Offset(record->offset) + " does not start with a WARC record but with " +
                    Quoted(input_.data().substr(0, input_.data().find('\n'))) +
                    " (gzip members not aligned with records)");
      }
      uint64_t skipped = 0;
      if (!SkipToRecordStart(&skipped)) return false;
      if (input_.data().empty()) {
        return Fail(std::to_string(skipped) + " bytes at " + Offset(record->offset) + " are no WARC record");
      }
      AddError(record, "skipped " + std::to_string(skipped) + " bytes at " + Offset(record->offset) +
                           " that are no WARC record");
      record->offset = input_.position();
    }
    return ReadWarc(record);
  }

  const std::string& error() const { return error_; }

 private:
  enum class Format { kUnknown, kWarc, kArc };

  bool Fail(const std::string& message) {
    error_ = name_ + ": " + message;
    done_ = true;
    return false;
  }
  bool End() {
    done_ = true;
    return false;
  }
  void AddError(WarcRecord* record, const std::string& message) const {
    record->error += record->error.empty() ? name_ + ": " + message : "; " + message;
  }
  // Where a message about the record at `offset` should point.
  std::string Where(uint64_t offset) const {
    return (input_.gzip() ? "the record in the gzip member at " : "the record at ") + Offset(offset);
  }

  bool DetectFormat() {
    if (!input_.Fill(kArcFiledesc.size())) return Fail(input_.error());
    std::string_view d = input_.data();
    if (d.starts_with(kWarcMagic)) {
      format_ = Format::kWarc;
    } else if (d.starts_with(kArcFiledesc)) {
      format_ = Format::kArc;
    } else {
      return Fail("not a WARC or ARC file: it starts with " + Quoted(d.substr(0, d.find('\n'))));
    }
    return true;
  }

  // Plain files: consumes lines up to the next one that starts a WARC
  // record (or the end of the file), counting the bytes in *skipped.
  bool SkipToRecordStart(uint64_t* skipped) {
    std::string line;
    while (true) {
      if (!input_.Fill(kWarcMagic.size())) return Fail(input_.error());
      if (input_.data().empty() || input_.data().starts_with(kWarcMagic)) return true;
      if (!input_.ReadLine(&line)) return Fail(input_.error());
      *skipped += line.size();
    }
  }

  bool ReadWarc(WarcRecord* record) {
    std::string line;
    if (!input_.ReadLine(&line)) return Fail(input_.error());
    uint64_t head_bytes = line.size();
    record->version = std::string(TrimAscii(line));
    bool head_ended = false;
    while (!head_ended) {
      if (!input_.ReadLine(&line)) return Fail(input_.error());
      if (line.empty()) break;  // the unit ends inside the header
      head_bytes += line.size();
      std::string_view text = TrimAscii(line);
      if (text.empty()) {
        head_ended = true;
      } else if ((line[0] == ' ' || line[0] == '\t') && !record->headers.empty()) {
        record->headers.back().second.append(" ").append(text);  // a folded line
      } else if (size_t colon = text.find(':'); colon != std::string_view::npos) {
        record->headers.emplace_back(std::string(TrimAscii(text.substr(0, colon))),
                                     std::string(TrimAscii(text.substr(colon + 1))));
      }  // a line without a colon says nothing: skipped
    }
    if (!head_ended) {
      AddError(record, (input_.gzip() ? "the gzip member ends" : "the file ends") +
                           std::string(" inside the header of ") + Where(record->offset));
      return FinishRecord(record, head_bytes);
    }
    std::optional<uint64_t> declared = ParseUint(record->Header("Content-Length"));
    if (!declared) {
      AddError(record, Where(record->offset) + " has no valid Content-Length (" +
                           Quoted(record->Header("Content-Length")) + ")");
    }
    uint64_t length = declared.value_or(0);
    // Two bytes past the block tell whether a blank line follows it.
    if (!input_.Fill(length > SIZE_MAX - 2 ? SIZE_MAX : length + 2)) return Fail(input_.error());
    std::string_view d = input_.data();
    size_t have = std::min<uint64_t>(length, d.size());
    std::string_view after = d.substr(have);
    bool ends_well = have == length && (after.empty() || after[0] == '\n' || after.starts_with("\r\n") ||
                                        after == "\r");
    if (ends_well || input_.gzip()) {
      record->block = std::string(d.substr(0, have));
      input_.Consume(have);
      if (have < length) {
        AddError(record, "the gzip member ends after " + std::to_string(have) + " of the " +
                             std::to_string(length) + " bytes that the Content-Length of " +
                             Where(record->offset) + " declares");
      }
      return FinishRecord(record, head_bytes);
    }
    // The Content-Length is wrong. If it overshoots, the next record starts
    // inside what it claims; if it falls short, further down.
    size_t next = d.substr(0, have).find(std::string("\n").append(kWarcMagic));
    if (next != std::string_view::npos) {
      std::string_view block = d.substr(0, next + 1);
      if (block.ends_with("\r\n\r\n")) block.remove_suffix(4);
      record->block = std::string(block);
      input_.Consume(next + 1);
      AddError(record, Where(record->offset) + " declares a Content-Length of " + std::to_string(length) +
                           " but the next record starts after " + std::to_string(next + 1) +
                           " bytes of its block, at " + Offset(input_.position()));
      return FinishRecord(record, head_bytes);
    }
    record->block = std::string(d.substr(0, have));
    input_.Consume(have);
    if (have < length) {
      AddError(record, Where(record->offset) + " declares a Content-Length of " + std::to_string(length) +
                           " but the file ends after " + std::to_string(have) + " bytes of its block");
      return FinishRecord(record, head_bytes);
    }
    uint64_t block_end = input_.position();
    uint64_t skipped = 0;
    if (!SkipToRecordStart(&skipped)) return false;
    AddError(record, Where(record->offset) + " declares a Content-Length of " + std::to_string(length) +
                         " but no blank line follows that many bytes (at " + Offset(block_end) + "); " +
                         std::to_string(skipped) + " bytes skipped to the next record");
    return FinishRecord(record, head_bytes);
  }

  // An ARC version 1 record: a line "URL IP-address Archive-date
  // Content-type Archive-length", then Archive-length bytes.
  bool ReadArc(WarcRecord* record) {
    std::string line;
    if (!input_.ReadLine(&line)) return Fail(input_.error());
    uint64_t head_bytes = line.size();
    std::vector<std::string_view> fields;
    std::string_view text = TrimAscii(line);
    for (size_t start = 0; start <= text.size();) {
      size_t space = std::min(text.find(' ', start), text.size());
      fields.push_back(text.substr(start, space - start));
      start = space + 1;
    }
    if (fields.size() < 5) {
      return Fail("the line at " + Offset(record->offset) + " is no ARC record header: " + Quoted(text));
    }
    // The URL is what precedes the last four fields: URLs with spaces occur.
    size_t n = fields.size();
    std::string_view url = text.substr(0, fields[n - 4].data() - 1 - text.data());
    std::string_view date = fields[n - 3];
    uint64_t declared = ParseUint(fields[n - 1]).value_or(0);  // as warcio: no number, no bytes
    uint64_t size = declared;
    bool filedesc = url.starts_with(kArcFiledesc);
    if (filedesc) {
      // The version block's two lines belong to the filedesc record whatever
      // its length says (-1 in the wild).
      if (!input_.Fill(std::max<uint64_t>(declared, 4096))) return Fail(input_.error());
      std::string_view d = input_.data();
      size_t first_end = d.find('\n');
      size_t second_end = first_end == std::string_view::npos ? first_end : d.find('\n', first_end + 1);
      if (second_end == std::string_view::npos) {
        return Fail("the filedesc record at " + Offset(record->offset) + " has no version block");
      }
      std::string_view version = d.substr(0, d.find(' '));
      if (version != "1") {
        return Fail("ARC version " + Quoted(version) + " at " + Offset(record->offset) +
                    " is not supported (only version 1)");
      }
      size = std::max<uint64_t>(size, second_end + 1);
    }
    if (!input_.Fill(size)) return Fail(input_.error());
    size_t have = std::min<uint64_t>(size, input_.data().size());
    record->block = std::string(input_.data().substr(0, have));
    input_.Consume(have);
    if (have < size) {
      AddError(record, "the ARC record at " + Offset(record->offset) + " declares " + std::to_string(size) +
                           " bytes but its " + (input_.gzip() ? "gzip member" : "file") + " ends after " +
                           std::to_string(have));
    }
    record->version = "ARC/1.0";
    record->headers = {{"WARC-Type", filedesc ? "arc_header" : "response"},
                       {"WARC-Target-URI", std::string(url)},
                       {"WARC-IP-Address", std::string(fields[n - 4])}};
    if (date.size() == 14 && std::all_of(date.begin(), date.end(), IsAsciiDigit)) {
      std::string iso = std::string(date.substr(0, 4)) + "-" + std::string(date.substr(4, 2)) + "-" +
                        std::string(date.substr(6, 2)) + "T" + std::string(date.substr(8, 2)) + ":" +
                        std::string(date.substr(10, 2)) + ":" + std::string(date.substr(12, 2)) + "Z";
      record->headers.emplace_back("WARC-Date", iso);
    }
    record->headers.emplace_back("Content-Type", std::string(fields[n - 2]));
    record->headers.emplace_back("Content-Length", std::to_string(declared));
    return FinishRecord(record, head_bytes);
  }

  // Sets the record's length; in a gzip file, first makes sure that its
  // member holds nothing else.
  bool FinishRecord(WarcRecord* record, uint64_t head_bytes) {
    if (!input_.gzip()) {
      record->length = head_bytes + record->block.size();
      return true;
    }
    if (!input_.SkipBlankLines()) return Fail(input_.error());
    std::string_view rest = input_.data();
    if (!rest.empty()) {
      if (format_ == Format::kArc || rest.starts_with(kWarcMagic)) {
        return Fail("gzip member at " + Offset(record->offset) +
                    " holds more than one record (not one gzip member per record; "
                    "'warcio recompress' makes it so)");
      }
      AddError(record, "the Content-Length of " + Where(record->offset) +
                           " disagrees with the data: more bytes follow its block in the member");
    }
    if (!input_.SkipMember()) return Fail(input_.error());
    record->length = input_.member_end() - input_.member_start();
    return true;
  }

  std::string name_;
  Input input_;
  Format format_ = Format::kUnknown;
  bool started_ = false;
  bool done_ = false;
  std::string error_;
};

WarcReader::WarcReader(std::istream* in, std::string name)
    : impl_(std::make_unique<Impl>(in, std::move(name))) {}

WarcReader::~WarcReader() = default;

std::unique_ptr<WarcReader> WarcReader::Open(const std::string& path, std::string* error) {
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!file->is_open()) {
    *error = "cannot open " + path;
    return nullptr;
  }
  auto reader = std::make_unique<WarcReader>(file.get(), path);
  reader->owned_ = std::move(file);
  return reader;
}

bool WarcReader::Next(WarcRecord* record) { return impl_->Next(record); }

const std::string& WarcReader::error() const { return impl_->error(); }

// ---------------------------------------------------------------- digests

DigestVerdict DigestCheck::Overall() const {
  for (DigestVerdict v : {DigestVerdict::kFail, DigestVerdict::kPass, DigestVerdict::kUnchecked}) {
    if (block == v || payload == v) return v;
  }
  return DigestVerdict::kNone;
}

DigestCheck CheckDigests(const WarcRecord& record) {
  DigestCheck check;
  std::string_view block_digest = record.Header("WARC-Block-Digest");
  if (!block_digest.empty()) check.block = Verdict(DigestMatches(block_digest, record.block));
  std::string_view payload_digest = record.Header("WARC-Payload-Digest");
  if (payload_digest.empty()) return check;
  if (EqualsNoCase(record.Header("WARC-Type"), "revisit")) {
    check.payload = DigestVerdict::kUnchecked;
    return check;
  }
  bool http = IsHttp(record.Header("Content-Type"));
  std::string_view payload = http ? HttpPayload(record.block) : std::string_view(record.block);
  check.payload = Verdict(DigestMatches(payload_digest, payload));
  if (check.payload == DigestVerdict::kFail && http &&
      IsChunked(std::string_view(record.block).substr(0, HttpHeaderEnd(record.block)))) {
    std::string entity, error;
    if (Dechunk(payload, &entity, &error) && DigestMatches(payload_digest, entity) == true) {
      check.payload = DigestVerdict::kPass;
    }
  }
  return check;
}

}  // namespace caravan::archive
