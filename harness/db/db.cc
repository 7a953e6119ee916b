#include "harness/db/db.h"

#include "harness/db/db_etcd.h"
#include "harness/db/db_shell.h"

namespace faultline {

std::unique_ptr<Db> make_db(const DbConfig& config) {
  switch (config.kind) {
    case DbKind::kEtcd:
      return make_etcd_db(config.logs);
    case DbKind::kShell:
      return make_shell_db(config);
  }
  return nullptr;  // unreachable: every kind is handled above
}

}  // namespace faultline
