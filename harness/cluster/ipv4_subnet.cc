#include "harness/cluster/ipv4_subnet.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace faultline {
namespace {

bool all_digits(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

std::optional<uint32_t> parse_ipv4(const std::string& text) {
  in_addr address{};
  if (::inet_pton(AF_INET, text.c_str(), &address) != 1) return std::nullopt;
  return ntohl(address.s_addr);
}

std::string format_ipv4(uint32_t address) {
  in_addr raw{htonl(address)};
  char text[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &raw, text, sizeof text);
  return text;
}

std::string parse_subnet(const std::string& cidr, Ipv4Subnet* subnet) {
  const size_t slash = cidr.find('/');
  std::optional<uint32_t> address = parse_ipv4(cidr.substr(0, slash));
  const std::string prefix = slash == std::string::npos ? "" : cidr.substr(slash + 1);
  if (!address || !all_digits(prefix) || prefix.size() > 2 || std::stoi(prefix) > 32) {
    return "subnet '" + cidr + "' is not an IPv4 network like 10.213.7.0/24";
  }
  subnet->prefix = std::stoi(prefix);
  subnet->network = *address & subnet->mask();
  if (subnet->network != *address) {
    return "subnet '" + cidr + "' has host bits set; did you mean " + format_ipv4(subnet->network) +
           "/" + prefix + "?";
  }
  return "";
}

bool is_private(const Ipv4Subnet& subnet) {
  const Ipv4Subnet ranges[] = {{0x0A000000, 8}, {0xAC100000, 12}, {0xC0A80000, 16}};
  for (const Ipv4Subnet& range : ranges) {
    if (subnet.prefix >= range.prefix && (subnet.network & range.mask()) == range.network) {
      return true;
    }
  }
  return false;
}

bool overlaps(const Ipv4Subnet& a, const Ipv4Subnet& b) {
  const Ipv4Subnet& wider = a.prefix < b.prefix ? a : b;
  return (a.network & wider.mask()) == (b.network & wider.mask());
}

}  // namespace faultline
