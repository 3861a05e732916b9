#include "core/time_format.hpp"

#include <charconv>
#include <cstdio>

namespace linli {

// Howard Hinnant's civil-date algorithms.
long long DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

void CivilFromDays(long long z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long yy = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}

namespace {
long long FloorDiv(long long a, long long b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

bool ReadInt(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (size_t i = pos; i < pos + len; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  auto r = std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return r.ec == std::errc();
}

bool ValidDate(int y, int m, int d) {
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max = kDays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) max = 29;
  return d <= max;
}
}  // namespace

std::string FormatTime(UnixSeconds t, int offset_seconds) {
  long long local = t + offset_seconds;
  long long days = FloorDiv(local, 86400);
  long long secs = local - days * 86400;
  int y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  char sign = offset_seconds < 0 ? '-' : '+';
  int off = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  if (y >= 0 && y <= 9999 && off < 100 * 3600) {
    // The common case by hand: snprintf took 2% of a filing, which formats five times.
    std::string out(25, '0');
    auto put = [&out](size_t at, long long v, int width) {
      for (int i = width - 1; i >= 0; --i, v /= 10) out[at + i] = static_cast<char>('0' + v % 10);
    };
    put(0, y, 4);
    out[4] = '-';
    put(5, m, 2);
    out[7] = '-';
    put(8, d, 2);
    out[10] = 'T';
    put(11, secs / 3600, 2);
    out[13] = ':';
    put(14, (secs / 60) % 60, 2);
    out[16] = ':';
    put(17, secs % 60, 2);
    out[19] = sign;
    put(20, off / 3600, 2);
    out[22] = ':';
    put(23, (off / 60) % 60, 2);
    return out;
  }
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld%c%02d:%02d", y, m, d,
                secs / 3600, (secs / 60) % 60, secs % 60, sign, off / 3600, (off / 60) % 60);
  return buf;
}

std::string FormatDate(UnixSeconds t, int offset_seconds) {
  return FormatTime(t, offset_seconds).substr(0, 10);
}

std::optional<UnixSeconds> ParseDate(std::string_view s, int offset_seconds) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!ReadInt(s, 0, 4, y) || !ReadInt(s, 5, 2, m) || !ReadInt(s, 8, 2, d)) return std::nullopt;
  if (!ValidDate(y, m, d)) return std::nullopt;
  return DaysFromCivil(y, m, d) * 86400 - offset_seconds;
}

std::optional<UnixSeconds> ParseTime(std::string_view s) {
  if (s.size() < 20) return std::nullopt;
  auto date = ParseDate(s.substr(0, 10), 0);
  if (!date || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return std::nullopt;
  int hh, mm, ss;
  if (!ReadInt(s, 11, 2, hh) || s[13] != ':' || !ReadInt(s, 14, 2, mm) || s[16] != ':' ||
      !ReadInt(s, 17, 2, ss))
    return std::nullopt;
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
  }
  if (pos >= s.size()) return std::nullopt;
  int offset = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    if (pos + 1 != s.size()) return std::nullopt;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    if (s.size() != pos + 6 || !ReadInt(s, pos + 1, 2, oh) || s[pos + 3] != ':' ||
        !ReadInt(s, pos + 4, 2, om) || oh > 14 || om > 59)
      return std::nullopt;
    offset = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  return *date + hh * 3600 + mm * 60 + ss - offset;
}

}  // namespace linli
