#include "pdf/document.hpp"

#include <string_view>

namespace linli::pdf {
namespace {

// Half a key-value row holds a label of about 6 Chinese characters and a value of about 13.
constexpr std::size_t kHalfRowLabelColumns = 12;
constexpr std::size_t kHalfRowValueColumns = 26;

// The width of `s` in terminal columns: East Asian wide characters count 2, others 1. Assumes
// UTF-8 (a stray byte counts as one narrow character).
std::size_t DisplayColumns(std::string_view s) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    if (i + n > s.size()) n = 1;
    char32_t cp = n == 1 ? c : (c & (0x7F >> n));
    for (std::size_t k = 1; k < n; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    columns += wide ? 2 : 1;
    i += n;
  }
  return columns;
}

bool FitsHalfRow(const std::pair<std::string, std::string>& pair) {
  return pair.first.find('\n') == std::string::npos &&
         pair.second.find('\n') == std::string::npos &&
         DisplayColumns(pair.first) <= kHalfRowLabelColumns &&
         DisplayColumns(pair.second) <= kHalfRowValueColumns;
}

}  // namespace

std::vector<std::vector<std::size_t>> ArrangeKeyValues(
    const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<std::vector<std::size_t>> rows;
  for (std::size_t i = 0; i < pairs.size();) {
    if (i + 1 < pairs.size() && FitsHalfRow(pairs[i]) && FitsHalfRow(pairs[i + 1])) {
      rows.push_back({i, i + 1});
      i += 2;
    } else {
      rows.push_back({i});
      i += 1;
    }
  }
  return rows;
}

}  // namespace linli::pdf
