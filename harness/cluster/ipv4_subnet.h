// IPv4 networks as the local cluster needs them: parse "10.213.7.0/24", tell
// whether a network is private and whether two overlap, format addresses.
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace faultline {

struct Ipv4Subnet {
  uint32_t network = 0;  // host byte order
  int prefix = 0;
  uint32_t mask() const { return prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix); }
  uint32_t broadcast() const { return network | ~mask(); }
};

// "a.b.c.d" in host byte order; nullopt when it is not a dotted IPv4 address.
std::optional<uint32_t> parse_ipv4(const std::string& text);
std::string format_ipv4(uint32_t address);

// "a.b.c.d/p"; an error message when it is not an IPv4 network (or has host bits set).
std::string parse_subnet(const std::string& cidr, Ipv4Subnet* subnet);

// Inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.
bool is_private(const Ipv4Subnet& subnet);
bool overlaps(const Ipv4Subnet& a, const Ipv4Subnet& b);

}  // namespace faultline
