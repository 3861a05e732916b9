// Seeds a fresh SQLite store for bench/appeals.sh: one district > 5 streets > 25 communities >
// 500 estates (3 buildings each), three accounts, and N residents' problems received over the
// last 12 months, each walked through its life with the domain's own state machine
// (domain::ApplyAction / ApplyRating, deadlines from the default catalogue) up to now:
//   - a response after a quarter of the category's response limit (lognormal), then work that is
//     quick (70%, ~18 h), longer (15%, ~4 days) or hard (15%, ~80 days);
//   - a handler extends once when the resolution deadline would pass; what is still overdue is
//     escalated one level at a time as the server's job does (estate -> community -> street ->
//     district), so that the store holds no overdue appeal below the district;
//   - 1.5% are duplicates merged into the previous problem of the estate;
//   - after resolution, 70% are rated (80% satisfied, 14% basically, 6% dissatisfied: half of
//     those reopened), the rest closed by staff a week later; 25% get a callback (回访).
// About 5% end open. Each appeal is written with storage::InsertAppeal, its "submit" event with
// storage::InsertAppealEvent, and its counters with storage::ApplyStatsDeltas of
// domain::Diff(nullopt, appeal) on every unit of the estate's path (the deltas of a transaction
// are summed per unit and cell first), 10,000 appeals per write transaction.
//
//   usage: appeal_seed --db sqlite:PATH --appeals N [--seed S] [--batch 10000]
// Prints key=value lines (ids, months, account phones and password) for the script.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "app/accounts.hpp"
#include "app/estates.hpp"
#include "app/units.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "domain/appeals/appeal.hpp"
#include "domain/appeals/stats.hpp"
#include "main/config.hpp"
#include "storage/repos/appeals.hpp"

using namespace linli;
using domain::Appeal;
using domain::AppealAction;
using domain::AppealLevel;
using domain::AppealStatus;

namespace {

constexpr const char* kPassword = "Bench12345";
constexpr const char* kAdminPhone = "13800000000";
constexpr const char* kOfficialPhone = "13800000001";
constexpr const char* kResidentPhone = "13800000002";
constexpr std::int64_t kHour = 3600, kDay = 86400;

template <class T>
T OrDie(Result<T> r, const std::string& what) {
  if (!r) {
    std::cerr << "appeal_seed: " << what << ": " << r.error().message << "\n";
    std::exit(2);
  }
  return std::move(*r);
}
void OrDie(const Status& st, const std::string& what) {
  if (!st) {
    std::cerr << "appeal_seed: " << what << ": " << st.error().message << "\n";
    std::exit(2);
  }
}

struct Estate {
  std::int64_t id = 0;
  std::string path;
  std::int64_t community = 0, street = 0, district = 0;
  std::vector<std::int64_t> buildings;
};

struct Category {
  domain::AppealCategory c;
  int weight = 0;
  std::vector<const char*> descriptions;
  std::vector<const char*> resolutions;
};

std::vector<Category> Categories() {
  std::map<std::string, domain::AppealCategory> defaults;
  for (auto& c : domain::DefaultCatalogue()) defaults[c.code] = c;
  auto cat = [&](const char* code, int weight, std::vector<const char*> d,
                 std::vector<const char*> r) {
    return Category{defaults.at(code), weight, std::move(d), std::move(r)};
  };
  return {
      cat("sanitation", 20,
          {"楼道堆放杂物，影响通行", "垃圾桶满溢两天没人清运", "单元门口有狗粪没人清理",
           "地下车库积水发臭"},
          {"已清理完毕并通知保洁加强巡查", "已安排清运，垃圾桶改为每日两次"}),
      cat("facilities", 15, {"单元门禁坏了关不上", "楼道灯不亮", "健身器材螺丝松动"},
          {"已更换门禁锁", "已更换灯具", "已紧固并加装防护"}),
      cat("parking", 14, {"消防通道被私家车占用", "外来车辆长期占用车位", "地库道闸抬杆慢"},
          {"已联系车主挪车并张贴告示", "已加装道闸识别"}),
      cat("lift", 8, {"电梯异响，运行时抖动", "电梯按钮失灵", "电梯困人"},
          {"维保单位已检修更换导靴", "已更换按钮面板"}),
      cat("water_power", 8, {"二次供水水压不足", "楼道电表箱冒烟", "停水没有提前通知"},
          {"已调整加压泵", "已更换空开并排查线路"}),
      cat("noise", 8, {"楼上夜间装修噪音", "广场舞音响太吵"},
          {"已上门沟通，约定施工时间", "已协调降低音量并调整时段"}),
      cat("greenery", 6, {"绿化带树枝遮挡窗户", "草坪枯死一大片"}, {"已修剪", "已补种草皮"}),
      cat("security", 5, {"楼道堆放电动车充电", "围墙有缺口外人进出"},
          {"已清理并劝导到集中充电点", "已修补围墙"}),
      cat("fees", 5, {"物业费公示不清楚", "停车费上涨没有征求意见"},
          {"已在公告栏公示收支明细", "业委会已召开说明会"}),
      cat("dispute", 5, {"邻居空调外机对着我家窗户", "楼上漏水到我家"},
          {"调解室已调解，双方达成协议", "已协调维修并赔偿"}),
      cat("other", 6, {"希望增加快递柜", "建议增设老年活动室"}, {"已答复并纳入年度计划"}),
  };
}

const char* const kPlaces[] = {"小区南门",       "地下车库B区", "中心花园", "3号楼东侧绿地",
                               "垃圾分类投放点", "健身广场",    "北门岗亭", "非机动车棚"};
const char* const kSurnames[] = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴"};

// One transaction's counters, summed per unit and cell before they are written.
struct PendingDeltas {
  std::map<std::pair<std::int64_t, domain::StatsKey>, domain::CellDelta> cells;
  void Add(const std::vector<std::int64_t>& units, const std::vector<domain::CellDelta>& deltas) {
    for (const auto& d : deltas)
      for (auto unit : units) {
        auto [it, fresh] = cells.try_emplace({unit, d.key});
        domain::CellDelta& c = it->second;
        if (fresh) c.key = d.key;
        c.counters += d.counters;
        for (const auto& h : d.histogram) {
          bool found = false;
          for (auto& e : c.histogram)
            if (e.metric == h.metric && e.bucket == h.bucket) {
              e.delta += h.delta;
              found = true;
              break;
            }
          if (!found) c.histogram.push_back(h);
        }
      }
  }
  Status Flush(storage::Tx& tx) {
    for (const auto& [key, d] : cells) LINLI_TRY(storage::ApplyStatsDeltas(tx, {key.first}, {d}));
    cells.clear();
    return {};
  }
};

class Simulator {
 public:
  Simulator(std::mt19937_64& rng, const domain::WorkCalendar& cal, UnixSeconds now)
      : rng_(rng), cal_(cal), now_(now) {}

  double Uniform() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  std::int64_t LogNormal(double median_seconds, double sigma) {
    double z = std::normal_distribution<double>(0, 1)(rng_);
    return std::max<std::int64_t>(60,
                                  static_cast<std::int64_t>(median_seconds * std::exp(sigma * z)));
  }
  static std::int64_t LimitSeconds(const domain::Limit& l) {
    return l.unit == domain::DeadlineUnit::kHours ? l.value * kHour : l.value * kDay;
  }

  // Walks `a` (submitted, at the estate) through its life up to now.
  void Live(Appeal& a, const Category& cat, const Estate& e, std::int64_t merge_into) {
    const domain::AppealCategory& c = cat.c;
    auto act = [&](AppealAction action, UnixSeconds at, std::string note = {}) {
      domain::ActionInput in;
      in.action = action;
      in.note = std::move(note);
      std::optional<domain::EscalationTarget> up;
      if (action == AppealAction::kEscalate) {
        if (a.level == AppealLevel::kEstate)
          up = domain::EscalationTarget{e.community, AppealLevel::kCommunity};
        else if (a.level == AppealLevel::kCommunity)
          up = domain::EscalationTarget{e.street, AppealLevel::kStreet};
        else
          up = domain::EscalationTarget{e.district, AppealLevel::kDistrict};
      }
      if (action == AppealAction::kExtend)
        in.extend_by = domain::Limit{10, domain::DeadlineUnit::kWorkingDays};
      if (action == AppealAction::kMerge) in.merge_into = merge_into;
      a = OrDie(domain::ApplyAction(a, in, c, cal_, policy_, at, up), "apply an action");
    };
    if (merge_into > 0 && Uniform() < 0.015) {
      const UnixSeconds at = a.received_at + LogNormal(2 * kHour, 1.0);
      if (at <= now_) act(AppealAction::kMerge, at, "与前一诉求重复，已合并");
      return;
    }
    const double kind = Uniform();
    auto work = [&] {
      if (kind < 0.70) return LogNormal(18 * kHour, 0.8);
      if (kind < 0.85) return LogNormal(4 * kDay, 0.6);
      return LogNormal(80 * kDay, 1.0);
    };
    UnixSeconds t_accept = a.received_at + LogNormal(LimitSeconds(c.respond) / 4.0, 0.7);
    UnixSeconds t_work = t_accept + work();
    const std::string resolution = cat.resolutions[rng_() % cat.resolutions.size()];
    constexpr UnixSeconds kNever = std::numeric_limits<UnixSeconds>::max();
    for (int steps = 0; steps < 64; ++steps) {
      const bool open = domain::IsOpen(a.status);
      UnixSeconds esc = kNever, ext = kNever, next = kNever;
      if (open && a.level != AppealLevel::kDistrict) {
        UnixSeconds d = a.resolve_by;
        if (!a.responded_at) d = std::min(d, a.respond_by);
        esc = d + 60;  // the job runs every minute
      }
      const bool working =
          a.status == AppealStatus::kAccepted || a.status == AppealStatus::kInProgress;
      if (working && a.responded_at && a.extensions == 0 && t_work > a.resolve_by)
        ext = std::max(a.resolve_by - 2 * kHour, *a.responded_at + 60);
      if (a.status == AppealStatus::kSubmitted)
        next = t_accept;
      else if (a.status == AppealStatus::kAccepted || a.status == AppealStatus::kInProgress)
        next = t_work;
      const UnixSeconds t = std::min({esc, ext, next});
      if (t > now_ || t == kNever) break;
      if (t == ext) {
        act(AppealAction::kExtend, t, "需要采购配件，延期办理");
      } else if (t == esc) {
        const bool late_response = !a.responded_at;
        act(AppealAction::kEscalate, t,
            late_response ? "超过响应时限未受理，自动上报" : "超过办结时限未办结，自动上报");
        // The level above takes it up on its own schedule.
        t_accept = t + LogNormal(LimitSeconds(c.respond) / 4.0, 0.7);
        t_work = std::max(t_work, t_accept + LogNormal(2 * kDay, 0.8));
      } else if (a.status == AppealStatus::kSubmitted) {
        act(AppealAction::kAccept, t);
        if (t_work - t > 4 * kHour)
          act(AppealAction::kStart, t + std::min<std::int64_t>(2 * kHour, (t_work - t) / 4));
      } else {
        act(AppealAction::kResolve, t, resolution);
        if (!AfterResolution(a, act)) break;
        // Reopened: more work from the reopening.
        t_work = reopened_at_ + LogNormal(2 * kDay, 0.8);
      }
    }
  }

 private:
  // Rating, callback and closing after a resolution. Returns true when the resident was
  // dissatisfied and staff reopened it (the life goes on).
  template <class Act>
  bool AfterResolution(Appeal& a, Act& act) {
    const UnixSeconds resolved = *a.resolved_at;
    bool reopen = false;
    if (Uniform() < 0.70) {
      const UnixSeconds at = resolved + LogNormal(8 * kHour, 1.0);
      if (at > now_) return false;
      const double u = Uniform();
      const domain::Rating r = u < 0.80   ? domain::Rating::kSatisfied
                               : u < 0.94 ? domain::Rating::kBasically
                                          : domain::Rating::kDissatisfied;
      a = OrDie(
          domain::ApplyRating(a, r, r == domain::Rating::kDissatisfied ? "还是没解决" : "", at),
          "rate");
      if (r == domain::Rating::kDissatisfied) {
        if (a.reopen_count < policy_.max_reopens && Uniform() < 0.5) {
          reopened_at_ = at + LogNormal(4 * kHour, 0.5);
          if (reopened_at_ > now_) return false;
          act(AppealAction::kReopen, reopened_at_, "居民不满意，重新办理");
          reopen = true;
        } else if (at + 3 * kDay <= now_) {
          act(AppealAction::kClose, at + 3 * kDay, "已向居民解释");
        }
      }
    } else if (resolved + 7 * kDay <= now_) {
      act(AppealAction::kClose, resolved + 7 * kDay);
    }
    if (!reopen && Uniform() < 0.25) {
      const UnixSeconds at = resolved + kDay + static_cast<std::int64_t>(Uniform() * 2 * kDay);
      if (at <= now_) {
        a.version += 1;
        a.callback_contacted = Uniform() < 0.9;
        if (*a.callback_contacted) {
          a.callback_solved = Uniform() < 0.92;
          const double u = Uniform();
          a.callback_rating = u < 0.82   ? domain::Rating::kSatisfied
                              : u < 0.96 ? domain::Rating::kBasically
                                         : domain::Rating::kDissatisfied;
        }
        a.callback_at = at;
      }
    }
    return reopen;
  }

  std::mt19937_64& rng_;
  const domain::WorkCalendar& cal_;
  UnixSeconds now_;
  domain::AppealPolicy policy_;
  UnixSeconds reopened_at_ = 0;
};

std::string MonthText(int yyyymm) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", yyyymm / 100, yyyymm % 100);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  if (!InitCrypto()) return 1;
  CLI::App cli{"Seeds a SQLite store with a district, 500 estates and N residents' problems"};
  std::string url;
  std::int64_t count = 1'000'000, batch = 10'000;
  std::uint64_t seed = 1;
  int months = 12;
  cli.add_option("--db", url, "sqlite:PATH of a new database")->required();
  cli.add_option("--appeals", count, "how many problems")->check(CLI::Range(0, 100'000'000));
  cli.add_option("--seed", seed, "random seed");
  cli.add_option("--batch", batch, "problems per write transaction")
      ->check(CLI::Range(1, 1'000'000));
  cli.add_option("--months", months, "spread received_at over the last M months")
      ->check(CLI::Range(1, 36));
  CLI11_PARSE(cli, argc, argv);
  if (url.rfind("sqlite:", 0) != 0) url = "sqlite:" + url;
  const auto started = std::chrono::steady_clock::now();

  auto db = main::OpenOrDie(url, true);  // storage::Migrate
  const FieldCipher cipher = main::LoadDataKey(url, "");
  SystemClock clock;
  const UnixSeconds now = clock.Now();
  app::Env env{*db, clock, cipher};
  const auto existing = OrDie(db->Read([](storage::Tx& tx) -> Result<std::int64_t> {
    LINLI_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query("SELECT COUNT(*) FROM units"));
    return rows.empty() ? 0 : rows.front().Int(0);
  }),
                              "read units");
  if (existing != 0) {
    std::cerr << "appeal_seed: " << url << " already holds units; give a new database\n";
    return 2;
  }
  // A big page cache for the bulk load only (the server keeps SQLite's default).
  OrDie(db->Write([](storage::Tx& tx) -> Status {
    LINLI_TRY(tx.Exec("PRAGMA cache_size = -524288"));
    return {};
  }),
        "cache size");

  // Accounts: the administrator (builds the tree), an official of the district (reads), and a
  // resident of the bench estate (files).
  app::AccountService accounts(env);
  OrDie(accounts.CreateAdmin(kAdminPhone, kPassword, "管理员"), "create the admin");
  const app::Principal admin = OrDie(accounts.Login(kAdminPhone, kPassword), "log in").user;

  app::UnitService units(env);
  app::EstateService estates(env);
  const char* const street_names[] = {"城关街道", "东湖街道", "西山街道", "南郊街道", "北岸街道"};
  const char* const estate_a[] = {"阳光", "锦绣", "翠湖", "金桂", "和平",
                                  "幸福", "东方", "碧水", "紫荆", "华府"};
  const char* const estate_b[] = {"花园", "家园", "新村", "名苑", "雅居",
                                  "佳苑", "公寓", "嘉园", "山庄", "小区"};
  // Breadth first, so that the estates' ids are consecutive (the listing walks a range).
  const auto district =
      OrDie(units.Create(admin, "district", "滨江区", std::nullopt), "district").unit;
  std::vector<domain::Unit> streets, communities;
  for (int s = 0; s < 5; ++s)
    streets.push_back(
        OrDie(units.Create(admin, "street", street_names[s], district.id), "street").unit);
  for (int s = 0; s < 5; ++s)
    for (int c = 0; c < 5; ++c) {
      const std::string name =
          std::string(street_names[s]).substr(0, 6) + "第" + std::to_string(c + 1) + "社区";
      communities.push_back(
          OrDie(units.Create(admin, "community", name, streets[s].id), "community").unit);
    }
  std::vector<Estate> all;
  for (int n = 0; n < 500; ++n) {
    const domain::Unit& community = communities[n / 20];
    std::string name = std::string(estate_a[n % 10]) + estate_b[(n / 10) % 10];
    if (n >= 100) name += std::to_string(n / 100 + 1) + "期";
    const auto u = OrDie(units.Create(admin, "estate", name, community.id), "estate").unit;
    Estate e;
    e.id = u.id;
    e.path = u.path;
    e.community = community.id;
    e.street = *community.parent_id;
    e.district = district.id;
    all.push_back(std::move(e));
  }
  for (auto& e : all)
    for (int b = 1; b <= 3; ++b)
      e.buildings.push_back(
          OrDie(estates.CreateBuilding(admin, e.id, std::to_string(b) + "栋"), "building").id);
  // The resident lives in the last estate, which the listing benchmark leaves out (filing adds
  // open problems to it).
  const Estate& home = all.back();
  const auto official =
      OrDie(accounts.CreateAccount(admin, kOfficialPhone, kPassword, "区街道干部"), "official");
  OrDie(accounts.GrantRole(admin, official.id, "official", district.id), "grant official");
  const auto resident =
      OrDie(accounts.CreateAccount(admin, kResidentPhone, kPassword, "王居民"), "resident");
  OrDie(accounts.GrantRole(admin, resident.id, "resident", home.id), "grant resident");

  const auto cal =
      OrDie(db->Read([](storage::Tx& tx) { return storage::LoadCalendar(tx); }), "calendar");
  const auto categories = Categories();
  std::vector<int> weights;
  for (const auto& c : categories) weights.push_back(c.weight);
  std::discrete_distribution<int> pick_category(weights.begin(), weights.end());
  std::mt19937_64 rng(seed);
  Simulator sim(rng, cal, now);
  const domain::AppealChannel staff_channels[] = {
      domain::AppealChannel::kDoorKnock, domain::AppealChannel::kBuildingLead,
      domain::AppealChannel::kHotline, domain::AppealChannel::kMailbox,
      domain::AppealChannel::kMeeting};
  const std::int64_t span = static_cast<std::int64_t>(months * 30.4 * kDay);
  std::vector<std::int64_t> last_of_estate(all.size(), 0);
  std::map<AppealStatus, std::int64_t> by_status;
  std::int64_t escalated = 0, overdue = 0;

  for (std::int64_t done = 0; done < count;) {
    const std::int64_t n = std::min(batch, count - done);
    OrDie(db->Write([&](storage::Tx& tx) -> Status {
      PendingDeltas pending;
      for (std::int64_t i = 0; i < n; ++i) {
        const std::int64_t seq = done + i;
        const size_t ei = rng() % all.size();
        const Estate& e = all[ei];
        const Category& cat = categories[pick_category(rng)];
        Appeal a;
        a.estate_id = e.id;
        a.estate_path = e.path;
        a.category = cat.c.code;
        // Receipts in time order, so ids grow with received_at as they do in service.
        a.received_at = now - span + (span * seq) / std::max<std::int64_t>(count, 1) +
                        static_cast<std::int64_t>(rng() % 600);
        if (a.received_at > now) a.received_at = now;
        if (ei + 1 == all.size() && sim.Uniform() < 0.5) {
          a.channel = domain::AppealChannel::kSelf;
          a.reporter_account_id = resident.id;
        } else {
          a.channel = staff_channels[rng() % 5];
          a.contact_name = std::string(kSurnames[rng() % 10]) + "女士";
          char phone[16];
          std::snprintf(phone, sizeof phone, "139%08llu",
                        static_cast<unsigned long long>(rng() % 100000000));
          a.contact_phone = phone;
        }
        if (sim.Uniform() < 0.5) {
          a.place_kind = domain::PlaceKind::kBuilding;
          a.building_id = e.buildings[rng() % e.buildings.size()];
        } else {
          a.place_kind = domain::PlaceKind::kPublic;
          a.place_text = kPlaces[rng() % (sizeof kPlaces / sizeof *kPlaces)];
        }
        a.description = cat.descriptions[rng() % cat.descriptions.size()];
        a.anonymous = sim.Uniform() < 0.05;
        a.status = AppealStatus::kSubmitted;
        a.level = AppealLevel::kEstate;
        a.level_unit_id = e.id;
        a.handler = cat.c.handler;
        a.respond_by = domain::DeadlineAfter(cal, a.received_at, cat.c.respond);
        a.resolve_by = domain::DeadlineAfter(cal, a.received_at, cat.c.resolve);
        a.version = 1;
        sim.Live(a, cat, e, last_of_estate[ei]);
        // What the server's job would have done by now: mark what is late with nowhere to go.
        a.overdue_marked = domain::IsOverdue(a, now);
        LINLI_TRY(storage::InsertAppeal(tx, a, std::nullopt, std::nullopt));
        if (a.status != AppealStatus::kMerged) last_of_estate[ei] = a.id;
        LINLI_TRY(storage::InsertAppealEvent(
            tx, {0, a.id, a.received_at, "submit", a.reporter_account_id, "", "", "", "submitted",
                 "来源：" + std::string(domain::AppealChannelLabel(a.channel)), true}));
        pending.Add({e.district, e.street, e.community, e.id}, domain::Diff(std::nullopt, a));
        ++by_status[a.status];
        escalated += a.escalated;
        overdue += domain::IsOverdue(a, now);
      }
      return pending.Flush(tx);
    }),
          "write appeals");
    done += n;
    if (done % 100'000 == 0 || done == count)
      std::cerr << "appeal_seed: " << done << " of " << count << " appeals\n";
  }

  std::int64_t open = 0;
  for (const auto& [s, k] : by_status)
    if (domain::IsOpen(s)) open += k;
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const int to = domain::MonthOf(now);
  int from = to - 100 + 1;
  if (to % 100 == 12) from = to - 11;
  std::cout << "district_id=" << district.id << "\n"
            << "estate_first=" << all.front().id << "\n"
            << "estate_last=" << all[all.size() - 2].id << "\n"
            << "home_estate=" << home.id << "\n"
            << "appeals=" << count << "\n"
            << "open=" << open << "\n"
            << "overdue=" << overdue << "\n"
            << "escalated=" << escalated << "\n";
  for (const auto& [s, k] : by_status)
    std::cout << "status_" << domain::AppealStatusName(s) << "=" << k << "\n";
  std::cout << "from=" << MonthText(from) << "\n"
            << "to=" << MonthText(to) << "\n"
            << "admin_phone=" << kAdminPhone << "\n"
            << "official_phone=" << kOfficialPhone << "\n"
            << "resident_phone=" << kResidentPhone << "\n"
            << "password=" << kPassword << "\n"
            << "seconds=" << static_cast<std::int64_t>(secs) << "\n";
  return 0;
}
