// Masking of personal data (RULES.md §9): one format everywhere, so that masked copies on
// different pages cannot be stitched back together.
//   name  "张三丰", "张三" -> "张**" (first character and always two stars: the length is hidden
//   too) phone "13812341234" -> "138****1234" (other lengths: keep the last 4 at most, star the
//   rest) ID    "110101199001011234" -> "1101**********1234"
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace linli {

std::string MaskName(std::string_view name);
std::string MaskPhone(std::string_view phone);
std::string MaskIdNumber(std::string_view id_number);

}  // namespace linli
