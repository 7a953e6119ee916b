// check_subnet_free(): the one subnet check that namespace and container
// clusters both make before `up`, read from this machine's addresses and routes.
#include <gtest/gtest.h>

#include "harness/cluster/local_cluster_network.h"

namespace faultline {
namespace {

TEST(CheckSubnetFree, NamesWhatUsesASubnetAndSaysToChooseAnother) {
  // Every Linux machine has 127.0.0.1/8 on lo.
  const std::string error = check_subnet_free("127.0.0.0/8");
  EXPECT_EQ(error.rfind("subnet 127.0.0.0/8 is already in use on this machine (", 0), 0u) << error;
  EXPECT_NE(error.find("127.0.0.1"), std::string::npos) << error;
  EXPECT_NE(error.find("); choose another with --subnet"), std::string::npos) << error;
}

TEST(CheckSubnetFree, AnUnusedSubnetIsFree) {
  // TEST-NET-2 (RFC 5737) is for documentation (this machine's own eth0 has
  // TEST-NET-1, so that one is not free here).
  EXPECT_EQ(check_subnet_free("198.51.100.0/24"), "");
}

TEST(CheckSubnetFree, ANonSubnetIsAnError) {
  EXPECT_NE(check_subnet_free("10.213.7.0/33"), "");
  EXPECT_NE(check_subnet_free("not a subnet"), "");
}

}  // namespace
}  // namespace faultline
