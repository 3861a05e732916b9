// UTF-8 helpers for user input: validation, code-point counting, trimming.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace linli {

bool IsValidUtf8(std::string_view s);
// Number of Unicode code points; assumes valid UTF-8.
size_t Utf8Length(std::string_view s);
// Splits valid UTF-8 into code points, each as its own string.
std::vector<std::string> Utf8Chars(std::string_view s);
// Trims ASCII white space and the ideographic space U+3000.
std::string_view Trim(std::string_view s);
std::string ToLowerAscii(std::string_view s);
// "an estate", "a street", "an unknown", "a unit": the English article for error messages.
std::string WithIndefiniteArticle(std::string_view noun);
// Mainland mobile number: 11 digits starting with 1.
bool IsMobilePhone(std::string_view s);

}  // namespace linli
