#include "core/clock.hpp"

#include <chrono>

namespace linli {

UnixSeconds SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

ManualClock::ManualClock() : now_(SystemClock().Now()) {}

}  // namespace linli
