// Demo owners' votes (docs/VOTES.md), through the use cases with the clock set to each step:
//   - at the demo resident's estate, a vote to renew the property company's contract (matter 4)
//     closed and published two months ago, and a vote on using the maintenance fund for the roofs
//     (matter 5) open now, which the demo resident (made a co-owner of their home by a register
//     update, as the committee would import it) can vote in on the phone;
//   - at a second estate, a motion to turn an empty lot into parking (matter 8, three quarters)
//     announced and waiting for its notice period, with its roll open for objections.
// Ballots are entered by staff as they arrive on paper, in the mobile ballot box and by phone.
#include <iostream>
#include <random>

#include "app/estates.hpp"
#include "app/votes.hpp"
#include "core/time_format.hpp"
#include "domain/org/household_import.hpp"
#include "main/demo.hpp"
#include "storage/repos/appeals.hpp"
#include "storage/repos/estates.hpp"

namespace linli::main {
namespace {

constexpr UnixSeconds kDay = 86400;

// The CSV line of a household for one owner, as the register's import reads it.
std::string CsvLine(const storage::HouseholdRecord& h, const std::string& name,
                    const std::string& phone, domain::OwnerKind kind) {
  return h.building + "," + h.unit + "," + h.floor_label + "," + h.room + "," +
         domain::FormatAreaM2(h.area_m2_x100) + "," + domain::AreaSourceName(h.area_source) + "," +
         name + "," + phone + "," + domain::OwnerKindName(kind) + "," +
         (h.delivered ? "yes" : "no") + "\n";
}

struct Motion {
  const char* title;
  const char* description;
  int matter;
  int notice_days_ago;
  int open_days;    // voting opens this many days after the earliest opening
  int window_days;  // how long it stays open
  int turnout;      // percent of the roll entered
  int agree;        // percent of those who agree
  bool close_and_publish;
};

// Announces the motion `days_ago` days back, enters ballots, closes and publishes as told.
Status RunMotion(const app::Env& env, ManualClock& clock, const app::Principal& staff,
                 std::int64_t estate_id, const Motion& m, std::mt19937& rng,
                 std::optional<std::int64_t> skip_owner) {
  const UnixSeconds now = env.clock.Now();
  app::VoteService votes(app::Env{env.db, clock, env.cipher});
  clock.Set(now - m.notice_days_ago * kDay);
  LINLI_ASSIGN_OR_RETURN(auto cal,
                         env.db.Read([](storage::Tx& tx) { return storage::LoadCalendar(tx); }));
  const UnixSeconds opens =
      domain::EarliestOpening(clock.Now(), cal) + m.open_days * kDay + 8 * 3600;
  app::NewVote in;
  in.estate_id = estate_id;
  in.title = m.title;
  in.description = m.description;
  in.matter = m.matter;
  in.opens_at = FormatTime(opens);
  in.closes_at = FormatTime(opens + m.window_days * kDay + 12 * 3600);
  LINLI_ASSIGN_OR_RETURN(auto vote, votes.Create(staff, in));
  if (m.turnout == 0) return {};
  LINLI_ASSIGN_OR_RETURN(auto roll, votes.Roll(staff, vote.vote.id));
  const UnixSeconds closes = opens + m.window_days * kDay + 12 * 3600;
  const UnixSeconds until = std::min(closes - 3600, now - 3600);
  static constexpr const char* kChannels[] = {"paper", "ballot_box", "phone", "paper"};
  static constexpr const char* kEvidence[] = {"纸质表决票 第", "流动票箱 入户收票 第",
                                              "电话录音 第", "纸质表决票 第"};
  int n = 0;
  for (const auto& e : roll.entries) {
    if (e.owner_ids.empty() || static_cast<int>(rng() % 100) >= m.turnout) continue;
    if (skip_owner &&
        std::find(e.owner_ids.begin(), e.owner_ids.end(), *skip_owner) != e.owner_ids.end())
      continue;
    clock.Set(opens + static_cast<UnixSeconds>(rng() % static_cast<unsigned>(until - opens)));
    const int k = n % 4;
    const int pick = static_cast<int>(rng() % 100);
    app::BallotInput b;
    b.owner_id = e.owner_ids.front();
    b.choice = pick < m.agree                         ? "agree"
               : pick < m.agree + (100 - m.agree) / 2 ? "disagree"
                                                      : "abstain";
    b.channel = kChannels[k];
    b.evidence = std::string(kEvidence[k]) + std::to_string(++n) + " 号";
    auto cast = votes.Cast(staff, vote.vote.id, b);
    if (!cast) return tl::unexpected(cast.error());
  }
  if (!m.close_and_publish) return {};
  clock.Set(closes + 2 * 3600);
  LINLI_TRY(votes.Close(staff, vote.vote.id));
  clock.Set(closes + kDay);
  LINLI_TRY(votes.Publish(staff, vote.vote.id));
  return {};
}

}  // namespace

Status LoadDemoVotes(const app::Env& env, const app::Principal& loader,
                     std::int64_t resident_estate, std::int64_t second_estate,
                     const std::string& resident_phone, bool verbose) {
  ManualClock clock(env.clock.Now());
  std::mt19937 rng(20261122);

  // The demo resident co-owns their home: the register is updated by importing the household's
  // rows again with both owners, as the committee would.
  std::optional<std::int64_t> resident_owner;
  LINLI_ASSIGN_OR_RETURN(
      auto home,
      env.db.Read([&](storage::Tx& tx) -> Result<std::optional<storage::HouseholdRecord>> {
        LINLI_ASSIGN_OR_RETURN(auto row,
                               tx.QueryOne("SELECT p.household_id FROM accounts a JOIN "
                                           "people p ON p.id = a.person_id WHERE a.phone = ?",
                                           {resident_phone}));
        if (!row || row->IsNull(0)) return std::optional<storage::HouseholdRecord>();
        LINLI_ASSIGN_OR_RETURN(auto list,
                               storage::ListHouseholds(tx, resident_estate, {}, 1000, 0));
        for (auto& h : list)
          if (h.id == row->Int(0)) return std::optional<storage::HouseholdRecord>(std::move(h));
        return std::optional<storage::HouseholdRecord>();
      }));
  if (home && !home->owners.empty()) {
    std::string csv =
        "building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,"
        "delivered\n";
    for (const auto& o : home->owners) csv += CsvLine(*home, o.name, o.phone, o.kind);
    csv += CsvLine(*home, "演示居民", resident_phone, domain::OwnerKind::kPerson);
    LINLI_TRY(app::EstateService(env).ImportHouseholds(loader, resident_estate, csv));
    LINLI_ASSIGN_OR_RETURN(auto id, env.db.Read([&](storage::Tx& tx) -> Result<std::int64_t> {
      LINLI_ASSIGN_OR_RETURN(auto row,
                             tx.QueryOne("SELECT id FROM owners WHERE estate_id = ? AND phone = ?",
                                         {resident_estate, resident_phone}));
      return row ? row->Int(0) : 0;
    }));
    if (id) resident_owner = id;
  }

  static constexpr Motion kRenew = {"续聘现物业服务企业（合同期三年）",
                                    "现物业服务合同将于年底到期。业委会在征求意见、公示服务考评结果"
                                    "后，提请全体业主表决是否续聘。",
                                    4,
                                    80,
                                    1,
                                    7,
                                    82,
                                    78,
                                    true};
  static constexpr Motion kRoofs = {
      "使用专项维修资金维修1至3栋屋面防水",
      "1至3栋顶层多户反映雨季渗漏。经检测需整体翻新屋面防水层，预算约18.6万元，按面积分摊。",
      5,
      20,
      0,
      14,
      45,
      80,
      false};
  static constexpr Motion kParking = {"将东侧空地改建为临时停车场",
                                      "东侧空地长期闲置。拟改建为临时停车场，收益归全体业主，优先补"
                                      "充维修资金。改变共有部分用途，需四分之三以上同意。",
                                      8,
                                      1,
                                      2,
                                      10,
                                      0,
                                      0,
                                      false};
  LINLI_TRY(RunMotion(env, clock, loader, resident_estate, kRenew, rng, std::nullopt));
  LINLI_TRY(RunMotion(env, clock, loader, resident_estate, kRoofs, rng, resident_owner));
  LINLI_TRY(RunMotion(env, clock, loader, second_estate, kParking, rng, std::nullopt));
  if (verbose)
    std::cout << "  owners' votes: one published, one open (" << resident_phone
              << " may vote on the phone), one announced\n";
  return {};
}

}  // namespace linli::main
