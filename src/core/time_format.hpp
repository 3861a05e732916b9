// RFC 3339 timestamps. Storage and arithmetic use UnixSeconds (UTC); the API writes times in
// Asia/Shanghai (+08:00, no daylight saving) and reads any offset. Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace linli {

inline constexpr int kShanghaiOffsetSeconds = 8 * 3600;

// "2026-03-01T09:00:00+08:00".
std::string FormatTime(UnixSeconds t, int offset_seconds = kShanghaiOffsetSeconds);
// "2026-03-01" in the given offset.
std::string FormatDate(UnixSeconds t, int offset_seconds = kShanghaiOffsetSeconds);

// Parses "YYYY-MM-DDTHH:MM:SS(.fff)?(Z|+HH:MM|-HH:MM)"; a space may stand for 'T'.
std::optional<UnixSeconds> ParseTime(std::string_view text);
// Parses "YYYY-MM-DD" as midnight in the given offset.
std::optional<UnixSeconds> ParseDate(std::string_view text,
                                     int offset_seconds = kShanghaiOffsetSeconds);

// Days since 1970-01-01 for a civil date (proleptic Gregorian) and back.
long long DaysFromCivil(int y, unsigned m, unsigned d);
void CivilFromDays(long long z, int& y, unsigned& m, unsigned& d);

}  // namespace linli
