#include "main/demo.hpp"

namespace linli::main {

Status LoadDemo(const app::Env& env, bool verbose) { return {}; }

}  // namespace linli::main
