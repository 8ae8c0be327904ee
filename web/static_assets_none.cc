// The asset table when the page is not built (-DLEDGER_BUILD_WEB=OFF, or no
// node/npm): the server then answers / with a note saying how to build it.
#include "web/static_assets.h"

namespace ledger::web {

std::span<const Asset> Assets() { return {}; }

}  // namespace ledger::web
