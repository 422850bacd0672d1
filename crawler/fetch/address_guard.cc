#include "crawler/fetch/address_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>
#include <cstring>
#include <utility>

namespace caravan::fetch {
namespace {

struct Blocked {
  Network network;
  const char* why;
};

// IANA's special-purpose registries (RFC 6890 and its updates), less the
// documentation ranges, which no network routes anyway.
const std::vector<Blocked>& BlockedNetworks() {
  static const auto* const blocked = [] {
    const std::pair<const char*, const char*> table[] = {
        {"0.0.0.0/8", "unspecified (this network)"},
        {"10.0.0.0/8", "private"},
        {"100.64.0.0/10", "carrier-grade NAT"},
        {"127.0.0.0/8", "loopback"},
        {"169.254.0.0/16", "link-local (cloud metadata)"},
        {"172.16.0.0/12", "private"},
        {"192.0.0.0/24", "IETF protocol assignments"},
        {"192.168.0.0/16", "private"},
        {"198.18.0.0/15", "benchmarking"},
        {"224.0.0.0/4", "multicast"},
        {"240.0.0.0/4", "reserved"},
        {"::/128", "unspecified"},
        {"::1/128", "loopback"},
        {"fc00::/7", "unique-local (cloud metadata)"},
        {"fe80::/10", "link-local"},
        {"fec0::/10", "site-local"},
        {"ff00::/8", "multicast"},
    };
    auto* out = new std::vector<Blocked>;
    for (const auto& [cidr, why] : table) {
      std::string error;
      out->push_back({*ParseNetwork(cidr, &error), why});
    }
    return out;
  }();
  return *blocked;
}

bool PrefixEquals(const uint8_t* a, const uint8_t* b, int bits) {
  const int whole = bits / 8;
  if (std::memcmp(a, b, static_cast<size_t>(whole)) != 0) return false;
  const int rest = bits % 8;
  if (rest == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

// The IPv4 address an IPv6 one stands for, when it is one of the forms
// that reach IPv4: mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) or
// 6to4 (2002:aabb:ccdd::).
std::optional<std::array<uint8_t, 4>> EmbeddedIpv4(const uint8_t* a) {
  static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static const uint8_t kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(a, kMapped, 12) == 0 || std::memcmp(a, kNat64, 12) == 0) {
    return std::array<uint8_t, 4>{a[12], a[13], a[14], a[15]};
  }
  if (a[0] == 0x20 && a[1] == 0x02) return std::array<uint8_t, 4>{a[2], a[3], a[4], a[5]};
  return std::nullopt;
}

std::string ToText(bool v6, const uint8_t* address) {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, address, text, sizeof text);
  return text;
}

}  // namespace

bool Network::Contains(bool v6_address, const uint8_t* address) const {
  return v6 == v6_address && PrefixEquals(bytes.data(), address, prefix_bits);
}

std::optional<Network> ParseNetwork(std::string_view cidr, std::string* error) {
  Network n;
  n.text = std::string(cidr);
  const size_t slash = cidr.find('/');
  const std::string address(cidr.substr(0, slash));
  if (inet_pton(AF_INET, address.c_str(), n.bytes.data()) == 1) {
    n.prefix_bits = 32;
  } else if (inet_pton(AF_INET6, address.c_str(), n.bytes.data()) == 1) {
    n.v6 = true;
    n.prefix_bits = 128;
  } else {
    *error = "'" + n.text + "' is not an IPv4 or IPv6 address or network (CIDR, e.g. 10.0.0.0/8 or fd00::/8)";
    return std::nullopt;
  }
  if (slash != std::string_view::npos) {
    const std::string_view bits = cidr.substr(slash + 1);
    int value = -1;
    const auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), value);
    if (ec != std::errc() || end != bits.data() + bits.size() || bits.empty() || value < 0 || value > n.prefix_bits) {
      *error = "'" + n.text + "': the prefix length must be 0-" + std::to_string(n.prefix_bits);
      return std::nullopt;
    }
    n.prefix_bits = value;
  }
  return n;
}

AddressGuard::AddressGuard(std::vector<Network> allowed) : allowed_(std::move(allowed)) {}

std::string AddressGuard::Check(const sockaddr* address) const {
  if (address == nullptr) return "no address";
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    return Check(false, reinterpret_cast<const uint8_t*>(&in->sin_addr));
  }
  if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    return Check(true, reinterpret_cast<const uint8_t*>(&in6->sin6_addr));
  }
  return "address family " + std::to_string(address->sa_family) + " is neither IPv4 nor IPv6";
}

std::string AddressGuard::Check(std::string_view ip) const {
  std::string error;
  std::optional<Network> n = ParseNetwork(ip, &error);
  if (!n || ip.find('/') != std::string_view::npos)
    return error.empty() ? "'" + std::string(ip) + "' is no address" : error;
  return Check(n->v6, n->bytes.data());
}

std::string AddressGuard::Check(bool v6, const uint8_t* address) const {
  for (const Network& n : allowed_) {
    if (n.Contains(v6, address)) return "";
  }
  for (const Blocked& b : BlockedNetworks()) {
    if (b.network.Contains(v6, address)) return ToText(v6, address) + " is " + b.why;
  }
  if (v6) {
    if (std::optional<std::array<uint8_t, 4>> v4 = EmbeddedIpv4(address)) {
      std::string why = Check(false, v4->data());
      if (!why.empty()) return ToText(true, address) + " carries " + why;
    }
  }
  return "";
}

}  // namespace caravan::fetch
