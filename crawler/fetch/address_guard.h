// The SSRF guard: which addresses the fetcher may connect to.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caravan::fetch {

// An IPv4 or IPv6 network in CIDR notation ("10.0.0.0/8", "fd00::/8"); a
// bare address is the network of that one address.
struct Network {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 in the first 4
  int prefix_bits = 0;
  std::string text;  // as written, for messages

  bool Contains(bool v6_address, const uint8_t* address) const;
};

// Parses `cidr`; nullopt with `error` set (naming the text) when it is not
// an address with an optional /prefix within the address's length.
std::optional<Network> ParseNetwork(std::string_view cidr, std::string* error);

// Refuses the addresses a page must never make caravan reach: loopback,
// private (RFC 1918), carrier-grade NAT, link-local (where cloud metadata
// services answer, 169.254.169.254), multicast, reserved and unspecified
// IPv4; loopback, unique-local (fd00:ec2::254, another metadata address),
// link-local, site-local, multicast and unspecified IPv6; and IPv6 forms
// that carry an IPv4 address (mapped, NAT64, 6to4) by the address they
// carry. Everything else, and whatever an allowed network contains, passes.
//
// The fetcher asks it about the address it is about to connect to, after
// DNS and on every redirect hop, so neither a link, a redirect nor a DNS
// answer that changes between two lookups gets past it. Copyable,
// immutable, thread-safe.
class AddressGuard {
 public:
  // Allows `allowed` (crawl.allow_networks: an intranet, a test's
  // loopback) in addition to the public addresses.
  explicit AddressGuard(std::vector<Network> allowed = {});

  // "" when `address` may be connected to; otherwise why not, with the
  // address in it ("127.0.0.1 is loopback").
  std::string Check(const sockaddr* address) const;
  // The same for an address in text form; a text that is no address is
  // refused.
  std::string Check(std::string_view ip) const;

 private:
  std::string Check(bool v6, const uint8_t* address) const;

  std::vector<Network> allowed_;
};

}  // namespace caravan::fetch
