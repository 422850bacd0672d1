#include "crawler/fetch/address_guard.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

namespace caravan::fetch {
namespace {

Network Net(const std::string& cidr) {
  std::string error;
  std::optional<Network> n = ParseNetwork(cidr, &error);
  EXPECT_TRUE(n) << error;
  return n.value_or(Network{});
}

TEST(AddressGuardTest, PublicAddressesPass) {
  AddressGuard guard;
  for (const char* ip :
       {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2a00:1450:4001:80b::200e", "2001:db8::1"}) {
    EXPECT_EQ(guard.Check(ip), "") << ip;
  }
}

TEST(AddressGuardTest, LoopbackIsRefused) {
  AddressGuard guard;
  EXPECT_EQ(guard.Check("127.0.0.1"), "127.0.0.1 is loopback");
  EXPECT_EQ(guard.Check("127.255.0.9"), "127.255.0.9 is loopback");
  EXPECT_EQ(guard.Check("::1"), "::1 is loopback");
}

TEST(AddressGuardTest, PrivateNetworksOfRfc1918AreRefused) {
  AddressGuard guard;
  for (const char* ip : {"10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.1"}) {
    EXPECT_NE(guard.Check(ip).find("private"), std::string::npos) << ip;
  }
}

TEST(AddressGuardTest, CloudMetadataAddressesAreRefused) {
  AddressGuard guard;
  EXPECT_EQ(guard.Check("169.254.169.254"), "169.254.169.254 is link-local (cloud metadata)");  // AWS, GCP, Azure
  EXPECT_NE(guard.Check("100.100.100.200"), "") << "Alibaba's, in carrier-grade NAT space";
  EXPECT_NE(guard.Check("fd00:ec2::254"), "") << "AWS's IPv6 one, unique-local";
}

TEST(AddressGuardTest, CarrierGradeNatLinkLocalMulticastAndReservedAreRefused) {
  AddressGuard guard;
  EXPECT_NE(guard.Check("100.64.0.1").find("carrier-grade NAT"), std::string::npos);
  EXPECT_NE(guard.Check("169.254.1.1").find("link-local"), std::string::npos);
  EXPECT_NE(guard.Check("224.0.0.251").find("multicast"), std::string::npos);
  EXPECT_NE(guard.Check("255.255.255.255").find("reserved"), std::string::npos);
  EXPECT_NE(guard.Check("0.0.0.0").find("unspecified"), std::string::npos);
  EXPECT_NE(guard.Check("fe80::1").find("link-local"), std::string::npos);
  EXPECT_NE(guard.Check("fc00::1").find("unique-local"), std::string::npos);
  EXPECT_NE(guard.Check("ff02::1").find("multicast"), std::string::npos);
  EXPECT_NE(guard.Check("::").find("unspecified"), std::string::npos);
}

TEST(AddressGuardTest, Ipv6FormsCarryingAPrivateIpv4AddressAreRefused) {
  AddressGuard guard;
  EXPECT_EQ(guard.Check("::ffff:127.0.0.1"), "::ffff:127.0.0.1 carries 127.0.0.1 is loopback");
  EXPECT_NE(guard.Check("64:ff9b::a9fe:a9fe"), "") << "NAT64 of 169.254.169.254";
  EXPECT_NE(guard.Check("2002:c0a8:0101::1"), "") << "6to4 of 192.168.1.1";
  EXPECT_EQ(guard.Check("::ffff:8.8.8.8"), "");
}

TEST(AddressGuardTest, AllowedNetworksPassAndNothingElse) {
  AddressGuard guard({Net("127.0.0.1/32"), Net("10.1.0.0/16"), Net("::1")});
  EXPECT_EQ(guard.Check("127.0.0.1"), "");
  EXPECT_EQ(guard.Check("10.1.200.3"), "");
  EXPECT_EQ(guard.Check("::1"), "");
  EXPECT_NE(guard.Check("127.0.0.2"), "");
  EXPECT_NE(guard.Check("10.2.0.1"), "");
  EXPECT_NE(guard.Check("169.254.169.254"), "");
}

TEST(AddressGuardTest, ChecksSocketAddressesAsLibcurlGivesThem) {
  AddressGuard guard;
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "192.168.0.10", &v4.sin_addr);
  EXPECT_EQ(guard.Check(reinterpret_cast<const sockaddr*>(&v4)), "192.168.0.10 is private");
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "2606:4700::1111", &v6.sin6_addr);
  EXPECT_EQ(guard.Check(reinterpret_cast<const sockaddr*>(&v6)), "");
  sockaddr other{};
  other.sa_family = AF_UNIX;
  EXPECT_NE(guard.Check(&other), "");
}

TEST(ParseNetworkTest, ReadsCidrAndBareAddresses) {
  std::string error;
  std::optional<Network> n = ParseNetwork("10.0.0.0/8", &error);
  ASSERT_TRUE(n);
  EXPECT_FALSE(n->v6);
  EXPECT_EQ(n->prefix_bits, 8);
  n = ParseNetwork("fd00::/8", &error);
  ASSERT_TRUE(n);
  EXPECT_TRUE(n->v6);
  n = ParseNetwork("192.0.2.7", &error);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->prefix_bits, 32);
}

TEST(ParseNetworkTest, RejectsWhatIsNoNetworkAndSaysWhy) {
  std::string error;
  EXPECT_FALSE(ParseNetwork("localhost", &error));
  EXPECT_NE(error.find("'localhost' is not an IPv4 or IPv6 address"), std::string::npos) << error;
  EXPECT_FALSE(ParseNetwork("10.0.0.0/33", &error));
  EXPECT_NE(error.find("prefix length must be 0-32"), std::string::npos) << error;
  EXPECT_FALSE(ParseNetwork("10.0.0.0/", &error));
  EXPECT_FALSE(ParseNetwork("10.0.0.0/8x", &error));
  EXPECT_FALSE(ParseNetwork("::1/129", &error));
}

}  // namespace
}  // namespace caravan::fetch
