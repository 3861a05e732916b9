#include "core/mask.hpp"

#include "core/text.hpp"

namespace linli {

std::string MaskName(std::string_view name) {
  name = Trim(name);
  if (name.empty()) return "";
  auto chars = Utf8Chars(name);
  return chars.front() + "**";
}

std::string MaskPhone(std::string_view phone) {
  phone = Trim(phone);
  if (phone.empty()) return "";
  if (phone.size() == 11)
    return std::string(phone.substr(0, 3)) + "****" + std::string(phone.substr(7));
  if (phone.size() <= 4) return std::string(phone.size(), '*');
  return std::string(phone.size() - 4, '*') + std::string(phone.substr(phone.size() - 4));
}

std::string MaskIdNumber(std::string_view id) {
  id = Trim(id);
  if (id.size() <= 8) return std::string(id.size(), '*');
  return std::string(id.substr(0, 4)) + std::string(id.size() - 8, '*') +
         std::string(id.substr(id.size() - 4));
}

}  // namespace linli
