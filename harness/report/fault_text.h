// What a nemesis step did, in one line for people: the report's fault
// table and timeline, and the nemesis lines of the console and faultline.log
// say it the same way. Pure.
#pragma once

#include <string>

#include "harness/history/op.h"

namespace faultline {

// `kind` is the fault's ("partition", "kill", ...); `applied` the step's
// completion value (null before it completed), `request` what was asked
// (its "target" is named). For a start: "partition: n1,n2 drop n3",
// "pause etcd on n2 (target one)". For a stop (`stop`): what undid it, and
// a kill's stop says which processes it started: "restart etcd: n3
// restarted as pid 4567", never the new pid as if it were the killed one.
std::string describe_fault(const std::string& kind, const Json& applied, const Json& request,
                           bool stop = false);

}  // namespace faultline
