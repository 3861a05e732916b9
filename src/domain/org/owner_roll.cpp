#include "domain/org/owner_roll.hpp"

#include <algorithm>
#include <map>

namespace linli::domain {

bool IsDeveloperUnit(const RollUnit& unit) {
  if (!unit.delivered) return true;
  return std::any_of(unit.owners.begin(), unit.owners.end(),
                     [](const RollOwner& o) { return o.kind == OwnerKind::kDeveloper; });
}

std::vector<VoterGroup> GroupVoters(const std::vector<RollUnit>& units) {
  std::vector<VoterGroup> buyers;
  std::map<std::vector<std::int64_t>, size_t> buyer_index;  // sorted owner ids -> group
  VoterGroup developer;
  developer.kind = VoterGroup::Kind::kDeveloper;

  for (const RollUnit& unit : units) {
    if (IsDeveloperUnit(unit)) {
      developer.household_ids.push_back(unit.household_id);
      for (const RollOwner& o : unit.owners)
        if (o.kind == OwnerKind::kDeveloper) developer.owner_ids.push_back(o.id);
      continue;
    }
    if (unit.owners.empty()) {
      VoterGroup g;
      g.kind = VoterGroup::Kind::kUnowned;
      g.household_ids.push_back(unit.household_id);
      buyers.push_back(std::move(g));
      continue;
    }
    std::vector<std::int64_t> key;
    key.reserve(unit.owners.size());
    for (const RollOwner& o : unit.owners) key.push_back(o.id);
    std::sort(key.begin(), key.end());
    key.erase(std::unique(key.begin(), key.end()), key.end());
    auto [it, inserted] = buyer_index.try_emplace(key, buyers.size());
    if (inserted) {
      VoterGroup g;
      g.kind = VoterGroup::Kind::kBuyer;
      g.owner_ids = std::move(key);
      buyers.push_back(std::move(g));
    }
    buyers[it->second].household_ids.push_back(unit.household_id);
  }

  std::vector<VoterGroup> out;
  out.reserve(buyers.size() + 1);
  if (!developer.household_ids.empty()) {
    auto& ids = developer.owner_ids;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    out.push_back(std::move(developer));
  }
  for (auto& g : buyers) out.push_back(std::move(g));
  return out;
}

std::int64_t OwnerHeadcount(const std::vector<RollUnit>& units) {
  return static_cast<std::int64_t>(GroupVoters(units).size());
}

std::string OwnerIdentityKey(OwnerKind kind, std::string_view name, std::string_view phone) {
  if (!phone.empty()) return "p:" + std::string(phone);
  return std::string("k:") + OwnerKindName(kind) + "/" + std::string(name);
}

std::optional<OwnerKind> ParseOwnerKindName(std::string_view text) {
  for (auto k : {OwnerKind::kPerson, OwnerKind::kDeveloper, OwnerKind::kOrganisation})
    if (text == OwnerKindName(k)) return k;
  return std::nullopt;
}

std::optional<AreaSource> ParseAreaSourceName(std::string_view text) {
  for (auto s : {AreaSource::kRegistry, AreaSource::kSurvey, AreaSource::kContract})
    if (text == AreaSourceName(s)) return s;
  return std::nullopt;
}

}  // namespace linli::domain
