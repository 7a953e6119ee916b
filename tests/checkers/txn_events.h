// Builds transactional histories (f "txn") for the Elle checker's tests:
// micro-ops as JSON text, e.g. R"([["append","x",1],["r","y",[1,2]]])"; the
// invocation gets the same micro-ops with every read's value nil.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "checkers/elle/elle_report.h"
#include "harness/history/history.h"

namespace faultline::testing {

class Txns {
 public:
  // A txn invoked and completed before the next op.
  Txns& txn(int64_t process, const std::string& micro_ops, OpType type = OpType::kOk) {
    return invoke(process, micro_ops).complete(process, micro_ops, type);
  }
  // The same with the micro-ops as JSON already.
  Txns& txn_json(int64_t process, const Json& micro_ops) {
    Json invocation = micro_ops;
    for (Json& mop : invocation)
      if (mop[0] == "r") mop[2] = nullptr;
    return add(process, OpType::kInvoke, std::move(invocation))
        .add(process, OpType::kOk, micro_ops);
  }
  Txns& invoke(int64_t process, const std::string& micro_ops) {
    Json value = Json::parse(micro_ops);
    for (Json& mop : value)
      if (mop[0] == "r") mop[2] = nullptr;
    return add(process, OpType::kInvoke, std::move(value));
  }
  Txns& complete(int64_t process, const std::string& micro_ops, OpType type = OpType::kOk) {
    return add(process, type, Json::parse(micro_ops));
  }
  const History& history() const { return history_; }

 private:
  Txns& add(int64_t process, OpType type, Json value) {
    Op op;
    op.index = static_cast<int64_t>(history_.ops.size());
    op.process = process;
    op.type = type;
    op.f = "txn";
    op.value = std::move(value);
    op.source_line = op.index + 1;
    history_.ops.push_back(std::move(op));
    return *this;
  }

  History history_;
};

// The first anomaly of `type`, or null.
inline const elle::Anomaly* find_anomaly(const elle::ElleResult& result, const std::string& type) {
  for (const elle::Anomaly& a : result.anomalies)
    if (a.type == type) return &a;
  return nullptr;
}

// The first anomaly of `type`; a test failure (and an empty anomaly) when
// there is none, naming what the result holds instead.
inline const elle::Anomaly& expect_anomaly(const elle::ElleResult& result,
                                           const std::string& type) {
  static const elle::Anomaly kNone;
  const elle::Anomaly* found = find_anomaly(result, type);
  if (found) return *found;
  ADD_FAILURE() << "no " << type << " anomaly in " << elle::to_json(result).dump(2);
  return kNone;
}

// A cycle as "T0 -ww-> T2 -rw-> T0" (txn names, from the first step on).
inline std::string cycle_text(const elle::Anomaly& anomaly) {
  std::string text;
  for (size_t i = 0; i < anomaly.steps.size(); ++i) {
    text += anomaly.evidence[i].name + " -" +
            std::string(elle::edge_name(anomaly.steps[i].edge.type)) + "-> ";
  }
  return anomaly.evidence.empty() ? text : text + anomaly.evidence[0].name;
}

}  // namespace faultline::testing
