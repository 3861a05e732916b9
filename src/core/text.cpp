#include "core/text.hpp"

namespace linli {

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  while (i < s.size()) {
    unsigned char c = p[i];
    size_t n;
    unsigned cp;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else
      return false;
    for (size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size() || (p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::vector<std::string> Utf8Chars(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t j = i + 1;
    while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
    out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    if (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n') {
      s.remove_prefix(1);
      changed = true;
    } else if (s.substr(0, 3) == kIdeographicSpace) {
      s.remove_prefix(3);
      changed = true;
    }
    if (s.empty()) break;
    if (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n') {
      s.remove_suffix(1);
      changed = true;
    } else if (s.size() >= 3 && s.substr(s.size() - 3) == kIdeographicSpace) {
      s.remove_suffix(3);
      changed = true;
    }
  }
  return s;
}

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string WithIndefiniteArticle(std::string_view noun) {
  auto lower = [&](size_t i) {
    const char c = i < noun.size() ? noun[i] : '\0';
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  const char first = lower(0);
  // By the sound: "an unknown" but "a unit", "a user".
  const bool vowel = first == 'a' || first == 'e' || first == 'i' || first == 'o' ||
                     (first == 'u' && lower(1) == 'n' && lower(2) != 'i');
  return (vowel ? "an " : "a ") + std::string(noun);
}

bool IsMobilePhone(std::string_view s) {
  if (s.size() != 11 || s[0] != '1') return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace linli
