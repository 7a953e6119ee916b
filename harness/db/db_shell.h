// A shell db: each step is the test file's command for it (db_step_command()
// in harness/config/db_config.h, with ${node} ${address} ${peers} set as
// shell variables), run under sudo. A step the test file leaves out is
// skipped; stop and kill fall back to SIGKILL of `process` when it is named.
#pragma once

#include <memory>

#include "harness/db/db.h"

namespace faultline {

std::unique_ptr<Db> make_shell_db(DbConfig config);

}  // namespace faultline
