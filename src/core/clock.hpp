// The clock, injected everywhere time matters (deadlines, sessions, login limits, audit), so that
// tests and `--test-clock` servers move time instead of sleeping.
// Thread-safety: all implementations are safe to call from any thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace linli {

// Seconds since the Unix epoch, UTC. Storage keeps this; screens show Asia/Shanghai.
using UnixSeconds = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixSeconds Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  UnixSeconds Now() const override;
};

// A clock that stands still until told otherwise. Starts at the wall clock unless given a time.
class ManualClock final : public Clock {
 public:
  ManualClock();
  explicit ManualClock(UnixSeconds now) : now_(now) {}
  UnixSeconds Now() const override { return now_.load(); }
  void Set(UnixSeconds now) { now_.store(now); }
  void Advance(std::int64_t seconds) { now_.fetch_add(seconds); }

 private:
  std::atomic<UnixSeconds> now_;
};

}  // namespace linli
