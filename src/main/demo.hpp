// `linli demo`: loads the demo world of data/demo/demo.json (compiled in). Safe to run twice.
#pragma once

#include "app/context.hpp"

namespace linli::main {

Status LoadDemo(const app::Env& env, bool verbose);

}  // namespace linli::main
