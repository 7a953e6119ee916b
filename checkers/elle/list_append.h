// Elle's inference for list-append histories: each append adds a value
// unique to its key, and a read returns the key's whole list, so every read
// shows a prefix of the key's version order.
//
//  - Version order per key: its longest read. A read that is not a prefix of
//    it is an incompatible order; a value in it that no txn appended is a
//    garbage read, one a failed txn appended is G1a (aborted read), one that
//    appears twice a duplicate append.
//  - Edges between txns that did not fail (ok, or info with an observed
//    append): ww from the writer of each value to the writer of the next;
//    for each txn's first read of a key before its own appends (its external
//    read): wr from the writer of the last value it saw, rw to the writer of
//    the first value it missed.
//  - G1b (intermediate read): a read ending in a value its writer followed
//    with another append to the key. Internal: a read that does not show the
//    txn's own earlier read and appends of that key.
//  - Lost append: an ok append missing from a read of its key invoked after
//    every ok append to that key had completed (a final read).
// Info txns' reads are unknown and give no edges; their appends count where
// a read saw them.
#pragma once

#include "checkers/elle/inference.h"

namespace faultline::elle {

Inference infer_list_append(const TxnTable& table, AnomalyLog* log);

// Internal consistency, per txn: each read of a key shows the txn's earlier
// read of it followed by its appends since, or (with no earlier read) ends
// with its appends so far. Also marks each micro-op:
//   final_append[m]   m is its txn's last append to that key
//   external_read[m]  m is its ok txn's first read of the key, before any append to it
void check_list_txns(const TxnTable& table, AnomalyLog* log, std::vector<bool>* final_append,
                     std::vector<bool>* external_read);

}  // namespace faultline::elle
