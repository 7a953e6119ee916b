// Which Debian mirror apt uses on this machine, read from /etc/apt/sources.list
// and /etc/apt/sources.list.d/ (one-line `deb URI SUITE COMPONENTS` and deb822
// `URIs:` / `Suites:` stanzas): debootstrap fetches the node image's packages
// from the same place, so it works wherever apt-get does (a proxy or a local
// mirror included) and needs no internet access of its own.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace faultline {

// The first URI whose entry is of type deb, lists `suite` and the `main`
// component, in the order the texts are given; nullopt when none does.
std::optional<std::string> mirror_for_suite(const std::vector<std::string>& source_texts,
                                            const std::string& suite);

// The same from the machine's apt sources (sources.list first, then
// sources.list.d/ in name order).
std::optional<std::string> machine_mirror_for_suite(const std::string& suite,
                                                    const std::string& apt_dir = "/etc/apt");

}  // namespace faultline
