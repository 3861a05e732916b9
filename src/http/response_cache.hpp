// A bounded cache of rendered response bodies, keyed by a string that names everything the body
// depends on, including a version the store maintains (e.g. an estate's households_version), so
// an entry can never be served after its data changed: a change makes new keys.
// Least recently used entries go first. Thread-safety: thread-safe.
#pragma once

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace linli::http {

class ResponseCache {
 public:
  explicit ResponseCache(size_t capacity = 512) : capacity_(capacity) {}

  std::shared_ptr<const std::string> Get(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second.second);
    return it->second.first;
  }

  void Put(const std::string& key, std::shared_ptr<const std::string> body) {
    std::lock_guard lock(mu_);
    auto it = map_.find(key);
    if (it != map_.end()) {
      it->second.first = std::move(body);
      order_.splice(order_.begin(), order_, it->second.second);
      return;
    }
    order_.push_front(key);
    map_.emplace(key, std::make_pair(std::move(body), order_.begin()));
    while (map_.size() > capacity_) {
      map_.erase(order_.back());
      order_.pop_back();
    }
  }

 private:
  size_t capacity_;
  std::mutex mu_;
  std::list<std::string> order_;
  std::unordered_map<
      std::string, std::pair<std::shared_ptr<const std::string>, std::list<std::string>::iterator>>
      map_;
};

}  // namespace linli::http
