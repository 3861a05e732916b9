// A file compiled into the binary (see cmake/Embed.cmake).
#pragma once

#include <span>

namespace linli {

struct EmbeddedFile {
  const char* name;
  const char* contents;
};

}  // namespace linli
