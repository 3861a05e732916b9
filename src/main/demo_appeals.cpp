// Demo residents' problems: half a year of problems at three estates of the seeds, taken through
// the real use cases with a clock set to each step's time, so that the timelines, the public
// boards and the leaders' figures have something true to show. The stories follow the seeds
// (DOMAIN.md §3): smelly bins fixed in days, a damaged pillar repaired in two hours, a flooding
// sewer escalated to the community, neighbour disputes mediated, a few problems still open.
#include <iostream>
#include <random>

#include "app/accounts.hpp"
#include "app/appeals.hpp"
#include "app/people.hpp"
#include "main/demo.hpp"
#include "storage/repos/estates.hpp"

namespace linli::main {
namespace {

using domain::AppealAction;

struct Story {
  const char* category;
  const char* description;
  const char* place;  // public place text; "" = a building
  int respond_hours;  // 0: never accepted (still open)
  int resolve_hours;  // 0: not resolved yet
  const char* resolution;
  const char* rating;  // satisfied | basically | dissatisfied | "" (callback instead)
  bool escalate;
};

const Story kStories[] = {
    {"sanitation", "楼下垃圾桶味道很大，夏天蚊虫多", "3栋阳台下垃圾桶", 2, 60,
     "调整保洁作业时间，每日清运两次并消杀", "satisfied", false},
    {"facilities", "车库立柱被撞坏，钢筋外露", "地下车库B区", 1, 2, "维修工两小时内到场修复立柱",
     "satisfied", false},
    {"water_power", "雨天下水道倒灌，院坝积水", "北门院坝", 3, 120,
     "社区协调市政疏通主管网并加装截水沟", "basically", true},
    {"lift", "2单元电梯经常停在半层", "", 1, 20, "更换电梯门机控制板，维保单位复检合格",
     "satisfied", false},
    {"parking", "消防通道被私家车长期占用", "东侧消防通道", 4, 50, "施划禁停标线，物业每日巡查",
     "basically", false},
    {"dispute", "楼上装修噪音和漏水，邻里协商不成", "", 6, 90, "民警调解室组织双方调解，签订协议",
     "satisfied", false},
    {"greenery", "小区绿化带杂草丛生", "中心花园", 20, 100, "补种绿植并修剪", "", false},
    {"noise", "夜间广场舞音响太大", "中心广场", 8, 70, "党支部与舞队协商，晚九点后降低音量",
     "satisfied", false},
    {"security", "单元门门禁坏了，陌生人随意进出", "", 1, 30, "更换门禁主板", "satisfied", false},
    {"fees", "物业费公示不清楚", "物业服务中心", 30, 150, "业委会督促物业公开收支明细",
     "dissatisfied", false},
    {"sanitation", "楼道堆放杂物", "", 3, 40, "通知住户清理，党员志愿者协助搬运", "satisfied",
     false},
    {"facilities", "健身器材松动有安全隐患", "健身区", 5, 0, "", "", false},
    {"lift", "电梯按钮失灵", "", 0, 0, "", "", false},
};

Result<app::Principal> PrincipalOf(app::AccountService& accounts, const std::string& phone,
                                   const std::string& password) {
  LINLI_ASSIGN_OR_RETURN(auto login, accounts.Login(phone, password));
  return accounts.Authenticate(login.token);
}

}  // namespace

Status LoadDemoAppeals(const app::Env& env, const app::Principal& loader,
                       const std::map<std::string, std::int64_t>& estates,
                       const std::string& resident_phone, const std::string& password,
                       bool verbose) {
  ManualClock clock(env.clock.Now());
  app::Env at{env.db, clock, env.cipher};
  app::AccountService accounts(at);
  app::AppealService appeals(at);

  // The demo resident lives in a household of their estate, so the phone pages offer "我家".
  LINLI_ASSIGN_OR_RETURN(auto resident, PrincipalOf(accounts, resident_phone, password));
  std::optional<std::int64_t> home;
  if (!resident.person_id && !resident.roles.empty() && resident.roles.front().unit_id) {
    const std::int64_t estate = *resident.roles.front().unit_id;
    LINLI_ASSIGN_OR_RETURN(auto households, env.db.Read([&](storage::Tx& tx) {
      return storage::ListHouseholds(tx, estate, {}, 1, 0);
    }));
    if (!households.empty()) {
      home = households.front().id;
      app::PersonInput person;
      person.name = resident.name;
      person.phone = resident_phone;
      person.unit_id = estate;
      person.household_id = home;
      LINLI_TRY(app::PeopleService(at).Create(loader, person));
      // A fresh login sees the account linked to the person.
      LINLI_ASSIGN_OR_RETURN(resident, PrincipalOf(accounts, resident_phone, password));
    }
  }

  std::mt19937 rng(20260301);
  const UnixSeconds now = env.clock.Now();
  int filed = 0;
  for (const auto& [name, estate_id] : estates) {
    const bool residents_estate =
        !resident.roles.empty() && resident.roles.front().unit_id == estate_id;
    LINLI_ASSIGN_OR_RETURN(auto buildings, env.db.Read([&](storage::Tx& tx) {
      return storage::ListBuildings(tx, estate_id);
    }));
    // Each story happens a few times over the last six months.
    for (int round = 0; round < 3; ++round) {
      for (const Story& s : kStories) {
        const bool last_round = round == 2;
        // Open stories only in the last round (they are recent); the others spread over months.
        if ((s.respond_hours == 0 || s.resolve_hours == 0) && !last_round) continue;
        const UnixSeconds received =
            last_round && (s.respond_hours == 0 || s.resolve_hours == 0)
                ? now - 3600 * (2 + static_cast<int>(rng() % 40))
                : now - 86400 * (10 + static_cast<int>(rng() % 170)) - 3600 * (rng() % 10);
        clock.Set(received);
        const bool by_resident = residents_estate && round == 0;
        app::NewAppeal in;
        in.estate_id = estate_id;
        in.category = s.category;
        in.description = s.description;
        if (*s.place || buildings.empty())
          in.place.text = *s.place ? s.place : "小区公共区域";
        else
          in.place.building_id = buildings[rng() % buildings.size()].id;
        if (by_resident && home && std::string(s.category) == "water_power") {
          in.place = {};
          in.place.household_id = home;
        }
        const app::Principal& reporter = by_resident ? resident : loader;
        if (!by_resident) {
          static const char* kChannels[] = {"door_knock", "hotline", "building_lead", "mailbox"};
          static const char* kNames[] = {"张桂芳", "李建国", "王秀英", "刘德明", "陈淑华"};
          in.channel = kChannels[rng() % 4];
          in.contact_name = kNames[rng() % 5];
          in.contact_phone = "139" + std::to_string(10000000 + rng() % 89999999);
        }
        LINLI_ASSIGN_OR_RETURN(auto v, appeals.File(reporter, in, std::nullopt));
        ++filed;
        const std::int64_t id = v.appeal.id;
        auto act = [&](AppealAction a, UnixSeconds t, std::string note = "") -> Status {
          clock.Set(t);
          domain::ActionInput ai;
          ai.action = a;
          ai.note = std::move(note);
          auto r = appeals.Transition(loader, id, ai);
          if (!r) return tl::unexpected(r.error());
          return {};
        };
        if (s.respond_hours == 0) continue;
        UnixSeconds t = received + 3600 * s.respond_hours;
        if (s.escalate) {
          LINLI_TRY(
              act(AppealAction::kEscalate, received + 1800, "管网问题超出小区能力，上报社区协调"));
        }
        LINLI_TRY(act(AppealAction::kAccept, t));
        LINLI_TRY(act(AppealAction::kStart, t + 600));
        if (s.resolve_hours == 0) continue;
        const UnixSeconds resolved = received + 3600 * s.resolve_hours;
        LINLI_TRY(act(AppealAction::kResolve, resolved, s.resolution));
        clock.Set(resolved + 3600 * 5);
        if (*s.rating && by_resident) {
          auto r = appeals.Rate(resident, id, *domain::ParseRating(s.rating), "");
          if (!r) return tl::unexpected(r.error());
        } else {
          app::CallbackInput cb;
          cb.contacted = true;
          cb.solved = std::string(s.rating) != "dissatisfied";
          cb.rating = *s.rating ? domain::ParseRating(s.rating) : domain::Rating::kSatisfied;
          auto r = appeals.Callback(loader, id, cb);
          if (!r) return tl::unexpected(r.error());
          LINLI_TRY(act(AppealAction::kClose, resolved + 3600 * 6));
        }
      }
    }
  }
  if (verbose) std::cout << "  " << filed << " residents' problems over the last six months\n";
  return {};
}

}  // namespace linli::main
