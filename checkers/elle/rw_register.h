// Elle's inference for rw-register histories, the sound part of it: each
// write puts a value unique to its key, and a read returns one value, so a
// read says which write it saw (wr) but little of the order of versions.
// Version order is inferred only where the history proves it:
//  - nil (the initial state) comes before every written version: a txn that
//    read nil has an rw edge to every txn that wrote the key;
//  - a txn that read v1 of a key and then wrote v2 to it: v1 comes before v2
//    (ww from v1's writer to it, rw from every other reader of v1 to it);
//  - wr from the writer of each value to the txns whose first access of the
//    key read it.
// Not inferred (so some anomalies go unseen): the order between writes that
// no read connects, and orders from real time (Elle's optional
// "linearizable keys" and "sequential keys" assumptions).
// G1a, G1b, garbage reads and internal inconsistency (a read that does not
// show the txn's own earlier write or read of the key) are reported as for
// list-append.
#pragma once

#include "checkers/elle/inference.h"

namespace faultline::elle {

Inference infer_rw_register(const TxnTable& table, AnomalyLog* log);

}  // namespace faultline::elle
