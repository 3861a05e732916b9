// Demo party members at one estate (秋实学府 in seed 000's 璧山区): employers, people of the person
// register who report to the estate's branch, confirmed months ago, with this year's commitments
// and a few entries in their record, all through the use cases with the clock set to each step.
#include <iostream>
#include <random>

#include "app/members.hpp"
#include "app/people.hpp"
#include "core/time_format.hpp"
#include "main/demo.hpp"
#include "storage/repos/estates.hpp"

namespace linli::main {

Status LoadDemoMembers(const app::Env& env, const app::Principal& loader, std::int64_t estate_id,
                       bool verbose) {
  ManualClock clock(env.clock.Now());
  app::Env at{env.db, clock, env.cipher};
  app::MemberService members(at);
  const UnixSeconds now = env.clock.Now();

  struct Employer {
    const char* name;
    const char* org;
    int members;
  };
  // Fictitious employers, named after the kinds of units the seeds mention.
  static constexpr Employer kEmployers[] = {{"璧山区示例局", "璧山区示例局机关党委", 6},
                                            {"璧山区示例中学", "璧山区示例中学党总支", 4}};
  std::vector<std::int64_t> employer_ids;
  for (const auto& e : kEmployers) {
    auto created = members.CreateEmployer(loader, {e.name, e.org, e.members});
    if (!created) return tl::unexpected(created.error());
    employer_ids.push_back(created->id);
  }

  LINLI_ASSIGN_OR_RETURN(auto households, env.db.Read([&](storage::Tx& tx) {
    return storage::ListHouseholds(tx, estate_id, {}, 40, 0);
  }));
  if (households.size() < 8) return {};
  struct Member {
    const char* name;
    const char* phone;
    const char* skills;
    const char* services;
    const char* own;
  };
  static constexpr Member kMembers[] = {
      {"赵示例", "13900000301", "电工", "义务维修小家电", "每季度为独居老人检查一次电路"},
      {"钱测试", "13900000302", "法律", "法律咨询", "每月在党群服务点坐班一次"},
      {"孙样例", "13900000303", "教师", "周末辅导孩子作业", "寒暑假组织小区孩子读书会"},
  };
  std::mt19937 rng(20260401);
  int i = 0;
  for (const auto& m : kMembers) {
    const std::int64_t household = households[2 + 3 * i].id;
    clock.Set(now - 86400 * (150 - 20 * i));
    app::PersonInput p;
    p.name = m.name;
    p.phone = m.phone;
    p.unit_id = estate_id;
    p.household_id = household;
    p.party_member = true;
    LINLI_ASSIGN_OR_RETURN(auto person, app::PeopleService(at).Create(loader, p));
    app::RegistrationInput in;
    in.person_id = person.id;
    in.household_id = household;
    in.employer_id = employer_ids[i % employer_ids.size()];
    in.employer_party_org = kEmployers[i % 2].org;
    in.skills = m.skills;
    in.services = m.services;
    in.show_publicly = i != 1;
    LINLI_ASSIGN_OR_RETURN(auto reg, members.Register(loader, estate_id, in));
    clock.Set(clock.Now() + 86400 * 2);
    LINLI_TRY(members.Decide(loader, reg.id, "confirm", ""));
    const int year = std::stoi(FormatDate(now).substr(0, 4));
    clock.Set(clock.Now() + 86400);
    if (FormatDate(clock.Now()).substr(0, 4) == std::to_string(year))
      LINLI_TRY(members.Commit(loader, reg.id, year, {m.own}));
    for (int k = 0; k < 3 + i; ++k) {
      clock.Set(now - 86400 * (100 - 25 * k) - 86400 * static_cast<int>(rng() % 5));
      app::RecordEntryInput e;
      e.date = FormatDate(clock.Now());
      e.kind = k % 2 ? "activity" : "service";
      e.minutes = 60 * (2 + static_cast<int>(rng() % 3));
      e.points = 2 + static_cast<int>(rng() % 3);
      e.note = k % 2 ? "参加小区党支部主题党日" : "小区环境整治志愿服务";
      LINLI_TRY(members.AddEntry(loader, reg.id, e));
    }
    ++i;
  }
  if (verbose) std::cout << "  party members: 3 registered at estate " << estate_id << "\n";
  return {};
}

}  // namespace linli::main
