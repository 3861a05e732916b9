#include "app/members.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>

#include "app/audit.hpp"
#include "app/authz.hpp"
#include "app/person_access.hpp"
#include "app/units.hpp"
#include "core/mask.hpp"
#include "core/text.hpp"
#include "core/time_format.hpp"
#include "storage/repos/member_tasks.hpp"
#include "storage/repos/members.hpp"
#include "storage/repos/organisation.hpp"
#include "storage/repos/people.hpp"
#include "storage/repos/units.hpp"

namespace linli::app {
namespace {

namespace json = boost::json;
using domain::Permission;
using domain::RegistrationStatus;

Status CheckText(std::string_view text, size_t min, size_t max, const char* field,
                 const char* what) {
  const size_t n = Utf8Length(text);
  if (n < min || n > max)
    return InvalidArgument(std::string(what) + " must be " + std::to_string(min) + " to " +
                               std::to_string(max) + " characters, not " + std::to_string(n),
                           field);
  for (unsigned char c : text)
    if (c < 0x20 && c != '\n')
      return InvalidArgument(std::string(what) + " must not contain control characters", field);
  return {};
}

int YearOf(UnixSeconds t) { return std::stoi(FormatDate(t).substr(0, 4)); }

std::string MonthDay(int m, int d) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d-%02d", m, d);
  return buf;
}

// ---- Rules as JSON ----

json::object RulesJson(const domain::MemberRules& r) {
  json::array req;
  for (const auto& t : r.required) req.emplace_back(t);
  return json::object{{"renew_months", r.renew_months},
                      {"target_minutes", r.target_minutes},
                      {"target_points", r.target_points},
                      {"visit_minutes", r.visit_minutes},
                      {"visit_points", r.visit_points},
                      {"task_points", r.task_points},
                      {"appeal_points", r.appeal_points},
                      {"report_from", MonthDay(r.report_from_month, r.report_from_day)},
                      {"report_to", MonthDay(r.report_to_month, r.report_to_day)},
                      {"min_pairs", r.min_pairs},
                      {"required", std::move(req)}};
}

domain::MemberRules RulesFromJson(const std::string& text) {
  domain::MemberRules r = domain::DefaultMemberRules();
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return r;
  const auto& o = v.as_object();
  auto num = [&](const char* k, int& out) {
    if (auto* p = o.if_contains(k); p && p->is_int64()) out = static_cast<int>(p->as_int64());
  };
  num("renew_months", r.renew_months);
  num("target_minutes", r.target_minutes);
  num("target_points", r.target_points);
  num("visit_minutes", r.visit_minutes);
  num("visit_points", r.visit_points);
  num("task_points", r.task_points);
  num("appeal_points", r.appeal_points);
  num("min_pairs", r.min_pairs);
  auto md = [&](const char* k, int& m, int& d) {
    if (auto* p = o.if_contains(k); p && p->is_string()) {
      std::string s(p->as_string());
      if (s.size() == 5) {
        m = std::atoi(s.substr(0, 2).c_str());
        d = std::atoi(s.substr(3, 2).c_str());
      }
    }
  };
  md("report_from", r.report_from_month, r.report_from_day);
  md("report_to", r.report_to_month, r.report_to_day);
  if (auto* p = o.if_contains("required"); p && p->is_array()) {
    r.required.clear();
    for (const auto& t : p->as_array())
      if (t.is_string()) r.required.emplace_back(t.as_string());
  }
  return r;
}

std::vector<std::int64_t> PathIdsUpward(const std::string& path) {
  std::vector<std::int64_t> ids;
  std::int64_t cur = 0;
  bool any = false;
  for (char c : path) {
    if (c >= '0' && c <= '9') {
      cur = cur * 10 + (c - '0');
      any = true;
    } else if (any) {
      ids.push_back(cur);
      cur = 0;
      any = false;
    }
  }
  std::reverse(ids.begin(), ids.end());
  return ids;
}

Result<RulesView> RulesAt(storage::Tx& tx, const domain::Unit& unit) {
  RulesView v;
  v.unit_id = unit.id;
  LINLI_ASSIGN_OR_RETURN(auto found, storage::NearestMemberRules(tx, PathIdsUpward(unit.path)));
  if (!found) {
    v.rules = domain::DefaultMemberRules();
    v.from_unit_name = "默认";
    return v;
  }
  v.rules = RulesFromJson(found->second);
  v.from_unit_id = found->first;
  LINLI_ASSIGN_OR_RETURN(auto from, LoadUnit(tx, found->first));
  v.from_unit_name = from.name;
  return v;
}

Result<domain::MemberRules> RulesFor(storage::Tx& tx, std::int64_t estate_id) {
  LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, estate_id));
  LINLI_ASSIGN_OR_RETURN(auto v, RulesAt(tx, unit));
  return v.rules;
}

// ---- Registrations ----

EmployerView ViewEmployer(const storage::EmployerRecord& e) {
  return EmployerView{e.id, e.name, e.party_org_name, e.member_count};
}

json::object RegistrationAuditJson(const storage::RegistrationRecord& r) {
  return json::object{{"person_id", r.person_id},
                      {"estate_id", r.estate_id},
                      {"household_id", r.household_id},
                      {"employer_id", r.employer_id},
                      {"status", r.status},
                      {"receipt_no", r.receipt_no ? json::value(*r.receipt_no) : nullptr}};
}

// How the viewer stands to a registration.
enum class Access { kNone, kSelf, kBranch, kEmployer };

Result<Access> AccessToRegistration(storage::Tx& tx, const Principal& who,
                                    const storage::RegistrationRecord& r) {
  if (r.account_id && *r.account_id == who.account_id) return Access::kSelf;
  if (who.person_id && *who.person_id == r.person_id) return Access::kSelf;
  if (Allows(who, Permission::kReadMembers, r.estate_path)) return Access::kBranch;
  LINLI_ASSIGN_OR_RETURN(auto employers, storage::EmployersOfAccount(tx, who.account_id));
  if (std::find(employers.begin(), employers.end(), r.employer_id) != employers.end())
    return Access::kEmployer;
  return Access::kNone;
}

RegistrationView ViewRegistration(const Env& env, const Principal& who,
                                  const storage::RegistrationRecord& r, Access access,
                                  const domain::MemberRules& rules) {
  RegistrationView v;
  v.id = r.id;
  v.person_id = r.person_id;
  const bool personal =
      access == Access::kSelf || Allows(who, Permission::kReadPersonalData, r.estate_path);
  v.name = personal || access == Access::kEmployer ? r.person_name : MaskName(r.person_name);
  v.phone = personal ? r.person_phone : MaskPhone(r.person_phone);
  v.estate_id = r.estate_id;
  v.estate_name = r.estate_name;
  v.household_id = access == Access::kEmployer ? 0 : r.household_id;
  v.household = access == Access::kEmployer ? "" : r.household_label;
  v.branch_name = r.branch_name;
  v.employer_id = r.employer_id;
  v.employer_name = r.employer_name;
  v.employer_party_org = r.employer_party_org;
  v.skills = r.skills;
  v.services = r.services;
  v.status = domain::ParseRegistrationStatus(r.status).value_or(RegistrationStatus::kPending);
  v.receipt_no = r.receipt_no;
  v.submitted_at = r.submitted_at;
  v.decided_at = r.decided_at;
  v.decision_note = r.decision_note;
  v.renewed_at = r.renewed_at;
  if (v.status == RegistrationStatus::kConfirmed && r.renewed_at) {
    v.renewal_due = domain::RenewalDue(rules, *r.renewed_at);
    v.renewal_late = v.renewal_due && env.clock.Now() >= *v.renewal_due;
  }
  v.mine = access == Access::kSelf;
  return v;
}

// Loads a registration the viewer may see; audits the read when it is not the member's own.
Result<std::pair<storage::RegistrationRecord, Access>> LoadRegistration(
    storage::Tx& tx, const Env& env, const Principal& who, std::int64_t id, const char* what) {
  LINLI_ASSIGN_OR_RETURN(auto r, storage::FindRegistration(tx, id));
  if (!r) return NotFound("registration " + std::to_string(id) + " does not exist", "id");
  LINLI_ASSIGN_OR_RETURN(auto access, AccessToRegistration(tx, who, *r));
  if (access == Access::kNone)
    return PermissionDenied("your roles do not allow you to see registration " +
                            std::to_string(id));
  if (access != Access::kSelf) {
    SensitiveRead read;
    read.fields.insert("party_membership");
    read.people.insert(r->person_id);
    LINLI_TRY(AuditSensitiveRead(tx, env, who, r->estate_path, read, what));
  }
  return std::make_pair(std::move(*r), access);
}

Status RequireSelfOrManager(const Principal& who, const storage::RegistrationRecord& r,
                            Access access, const char* what) {
  if (access == Access::kSelf) return {};
  return Require(who, Permission::kManageMembers, r.estate_path, what);
}

// The estate's receiving branch: a 在职党员 branch if it has one, else its first branch.
Result<std::optional<std::int64_t>> ReceivingBranch(storage::Tx& tx, const domain::Unit& estate) {
  LINLI_ASSIGN_OR_RETURN(auto orgs, storage::ListPartyOrgsUnder(tx, estate.path));
  std::optional<std::int64_t> first;
  for (const auto& o : orgs) {
    if (o.unit_id != estate.id) continue;
    if (o.kind != domain::PartyOrgKind::kBranch && o.kind != domain::PartyOrgKind::kGeneralBranch)
      continue;
    if (o.function == domain::BranchFunction::kWorkingMembers) return std::optional(o.id);
    if (!first) first = o.id;
  }
  return first;
}

Status CheckHouseholdInEstate(storage::Tx& tx, std::int64_t household_id,
                              const domain::Unit& estate) {
  LINLI_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT estate_id FROM households WHERE id = ?", {household_id}));
  if (!row)
    return InvalidArgument("household " + std::to_string(household_id) + " does not exist",
                           "household_id");
  if (row->Int(0) != estate.id)
    return InvalidArgument("household " + std::to_string(household_id) + " is not in " +
                               estate.name + "; register with the estate you live in",
                           "household_id");
  return {};
}

std::string DateCn(UnixSeconds t) {
  const std::string d = FormatDate(t);
  return d.substr(0, 4) + "年" + std::to_string(std::stoi(d.substr(5, 2))) + "月" +
         std::to_string(std::stoi(d.substr(8, 2))) + "日";
}

std::string Hours(int minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", minutes / 60.0);
  return buf;
}

CommitmentView ViewCommitment(const storage::CommitmentRecord& c) {
  CommitmentView v;
  v.id = c.id;
  v.registration_id = c.registration_id;
  v.year = c.year;
  v.required = c.required;
  v.text = c.text;
  v.report = c.report;
  v.reported_at = c.reported_at;
  v.review = domain::ParseCommitmentReview(c.review).value_or(domain::CommitmentReview::kNone);
  v.review_note = c.review_note;
  return v;
}

// The record of a registration for a year: derived from visits, accepted task results, problems
// handled and the branch's entries, as they stand now.
Result<std::vector<domain::RecordItem>> RecordItems(storage::Tx& tx,
                                                    const storage::RegistrationRecord& r,
                                                    const domain::MemberRules& rules, int year) {
  const std::string from_date = std::to_string(year) + "-01-01";
  const std::string to_date = std::to_string(year) + "-12-31";
  const UnixSeconds from = *ParseDate(from_date);
  const UnixSeconds to = *ParseDate(std::to_string(year + 1) + "-01-01");
  std::vector<domain::RecordItem> items;
  LINLI_ASSIGN_OR_RETURN(
      auto visits,
      tx.Query("SELECT v.id, v.visited_on, b.name || e.name || h.room FROM visits v JOIN "
               "households h ON h.id = v.household_id JOIN buildings b ON b.id = h.building_id "
               "JOIN entrances e ON e.id = h.entrance_id WHERE v.registration_id = ? AND "
               "v.visited_on >= ? AND v.visited_on <= ? ORDER BY v.visited_on, v.id",
               {r.id, from_date, to_date}));
  for (const auto& row : visits)
    items.push_back({domain::RecordKind::kVisit, row.Text(1), "走访 " + row.Text(2),
                     rules.visit_minutes, rules.visit_points, row.Int(0)});
  // The task's points as published (the rules' task_points unless the branch said otherwise).
  LINLI_ASSIGN_OR_RETURN(auto claims, storage::AcceptedClaimsOf(tx, r.id, from, to));
  for (const auto& c : claims)
    items.push_back({domain::RecordKind::kTask, FormatDate(c.decided_at), c.title, c.hours_minutes,
                     c.points, c.task_id});
  if (r.account_id) {
    LINLI_ASSIGN_OR_RETURN(auto handled,
                           storage::AppealsHandledBy(tx, *r.account_id, r.estate_id, from, to));
    for (const auto& a : handled)
      items.push_back({domain::RecordKind::kAppeal, FormatDate(a.resolved_at),
                       "办理诉求 #" + std::to_string(a.appeal_id), 0, rules.appeal_points,
                       a.appeal_id});
  }
  LINLI_ASSIGN_OR_RETURN(auto entries, storage::ListServiceEntries(tx, r.id, from_date, to_date));
  for (const auto& e : entries)
    items.push_back({domain::RecordKind::kEntry, e.on_date, e.note, static_cast<int>(e.minutes),
                     static_cast<int>(e.points), e.id});
  std::stable_sort(items.begin(), items.end(),
                   [](const auto& a, const auto& b) { return a.date < b.date; });
  return items;
}

}  // namespace

Result<domain::MemberRules> MemberRulesOfEstate(storage::Tx& tx, std::int64_t estate_id) {
  return RulesFor(tx, estate_id);
}

// ---- Employers ----------------------------------------------------------------------------------

Result<std::vector<EmployerView>> MemberService::Employers(const Principal& who,
                                                           const std::string& q) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<EmployerView>> {
    LINLI_ASSIGN_OR_RETURN(auto list, storage::ListEmployers(tx, std::string(Trim(q)), 200));
    std::vector<EmployerView> out;
    for (const auto& e : list) out.push_back(ViewEmployer(e));
    return out;
  });
}

Result<EmployerView> MemberService::CreateEmployer(const Principal& who, const EmployerInput& in) {
  if (!AllowsSomewhere(who, Permission::kManageMembers))
    return PermissionDenied("your roles do not allow you to add employers");
  storage::EmployerRecord e{0, std::string(Trim(in.name)), std::string(Trim(in.party_org_name)),
                            in.member_count, env_.clock.Now()};
  LINLI_TRY(CheckText(e.name, 2, 64, "name", "the employer's name"));
  LINLI_TRY(CheckText(e.party_org_name, 0, 64, "party_org_name", "the party organisation"));
  if (e.member_count < 0 || e.member_count > 100000)
    return InvalidArgument("member_count must be 0 to 100000", "member_count");
  return env_.db.Write([&](storage::Tx& tx) -> Result<EmployerView> {
    LINLI_ASSIGN_OR_RETURN(auto dup, storage::FindEmployerByName(tx, e.name));
    if (dup)
      return MakeError(
          ErrorCode::kAlreadyExists,
          "an employer named " + e.name + " exists already (id " + std::to_string(dup->id) + ")",
          "name");
    LINLI_ASSIGN_OR_RETURN(e.id, storage::InsertEmployer(tx, e));
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"create", "employer", e.id, "/", nullptr,
                           json::object{{"name", e.name}, {"member_count", e.member_count}}}));
    return ViewEmployer(e);
  });
}

Result<EmployerView> MemberService::UpdateEmployer(const Principal& who, std::int64_t id,
                                                   const EmployerInput& in) {
  if (!AllowsSomewhere(who, Permission::kManageMembers))
    return PermissionDenied("your roles do not allow you to change employers");
  LINLI_TRY(CheckText(Trim(in.name), 2, 64, "name", "the employer's name"));
  if (in.member_count < 0 || in.member_count > 100000)
    return InvalidArgument("member_count must be 0 to 100000", "member_count");
  return env_.db.Write([&](storage::Tx& tx) -> Result<EmployerView> {
    LINLI_ASSIGN_OR_RETURN(auto e, storage::FindEmployer(tx, id));
    if (!e) return NotFound("employer " + std::to_string(id) + " does not exist", "id");
    auto before = *e;
    e->name = std::string(Trim(in.name));
    e->party_org_name = std::string(Trim(in.party_org_name));
    e->member_count = in.member_count;
    LINLI_TRY(storage::UpdateEmployer(tx, *e));
    LINLI_TRY(
        RecordAudit(tx, env_, &who,
                    {"update", "employer", id, "/",
                     json::object{{"name", before.name}, {"member_count", before.member_count}},
                     json::object{{"name", e->name}, {"member_count", e->member_count}}}));
    return ViewEmployer(*e);
  });
}

Status MemberService::LinkEmployerAccount(const Principal& who, std::int64_t employer_id,
                                          std::int64_t account_id) {
  if (!AllowsSomewhere(who, Permission::kManageAccounts))
    return PermissionDenied("your roles do not allow you to link accounts to employers");
  return env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto e, storage::FindEmployer(tx, employer_id));
    if (!e) return NotFound("employer " + std::to_string(employer_id) + " does not exist", "id");
    LINLI_ASSIGN_OR_RETURN(auto acc,
                           tx.QueryOne("SELECT id FROM accounts WHERE id = ?", {account_id}));
    if (!acc)
      return InvalidArgument("account " + std::to_string(account_id) + " does not exist",
                             "account_id");
    LINLI_TRY(storage::LinkEmployerAccount(tx, employer_id, account_id));
    return RecordAudit(tx, env_, &who,
                       {"grant", "employer_account", employer_id, "/", nullptr,
                        json::object{{"account_id", account_id}}});
  });
}

Result<EmployerFigures> MemberService::Figures(const Principal& who, std::int64_t employer_id,
                                               int year) {
  return env_.db.Write([&](storage::Tx& tx) -> Result<EmployerFigures> {
    LINLI_ASSIGN_OR_RETURN(auto e, storage::FindEmployer(tx, employer_id));
    if (!e) return NotFound("employer " + std::to_string(employer_id) + " does not exist", "id");
    LINLI_ASSIGN_OR_RETURN(auto mine, storage::EmployersOfAccount(tx, who.account_id));
    const bool employer = std::find(mine.begin(), mine.end(), employer_id) != mine.end();
    if (!employer && !AllowsSomewhere(who, Permission::kReadMembers))
      return PermissionDenied("only the employer's accounts and officials see its figures");
    EmployerFigures f;
    f.employer = ViewEmployer(*e);
    f.year = year;
    storage::RegistrationFilter filter;
    filter.employer_id = employer_id;
    LINLI_ASSIGN_OR_RETURN(auto regs, storage::ListRegistrations(tx, filter));
    SensitiveRead read;
    read.fields.insert("party_membership");
    for (const auto& r : regs) {
      // An official sees the members of estates in their own subtree only.
      if (!employer && !Allows(who, Permission::kReadMembers, r.estate_path)) continue;
      auto status =
          domain::ParseRegistrationStatus(r.status).value_or(RegistrationStatus::kPending);
      if (status == RegistrationStatus::kPending) ++f.pending;
      if (status != RegistrationStatus::kConfirmed) continue;
      ++f.registered;
      LINLI_ASSIGN_OR_RETURN(auto rules, RulesFor(tx, r.estate_id));
      LINLI_ASSIGN_OR_RETURN(auto items, RecordItems(tx, r, rules, year));
      EmployerFigures::Member m;
      m.registration_id = r.id;
      m.name = r.person_name;
      m.estate_name = r.estate_name;
      m.status = status;
      m.receipt_no = r.receipt_no;
      m.summary = domain::SummariseRecord(items, rules);
      if (m.summary.target_met) ++f.target_met;
      LINLI_ASSIGN_OR_RETURN(auto cs, storage::ListCommitments(tx, r.id, year));
      m.commitments = static_cast<int>(cs.size());
      for (const auto& c : cs)
        if (c.review == "kept") ++m.commitments_kept;
      f.members.push_back(std::move(m));
      read.people.insert(r.person_id);
    }
    if (e->member_count > 0) f.registration_rate = 100.0 * f.registered / e->member_count;
    if (f.registered > 0) f.completion_rate = 100.0 * f.target_met / f.registered;
    LINLI_TRY(AuditSensitiveRead(tx, env_, who, "/", read, "employer figures"));
    return f;
  });
}

// ---- Rules --------------------------------------------------------------------------------------

Result<RulesView> MemberService::Rules(const Principal& who, std::int64_t unit_id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<RulesView> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, unit_id));
    LINLI_TRY(Require(who, Permission::kReadStructure, unit.path, "see this unit"));
    return RulesAt(tx, unit);
  });
}

Result<RulesView> MemberService::PutRules(const Principal& who, std::int64_t unit_id,
                                          const domain::MemberRules& rules) {
  domain::MemberRules r = rules;
  for (auto& t : r.required) t = std::string(Trim(t));
  LINLI_TRY(domain::CheckMemberRules(r));
  return env_.db.Write([&](storage::Tx& tx) -> Result<RulesView> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, unit_id));
    LINLI_TRY(
        Require(who, Permission::kManageMembers, unit.path, "set the party members' rules here"));
    LINLI_ASSIGN_OR_RETURN(auto before, storage::FindMemberRules(tx, unit_id));
    const std::string text = json::serialize(RulesJson(r));
    LINLI_TRY(storage::SaveMemberRules(tx, unit_id, text, env_.clock.Now()));
    LINLI_TRY(
        RecordAudit(tx, env_, &who,
                    {before ? "update" : "create", "member_rules", unit_id, unit.path,
                     before ? json::parse(*before) : json::value(nullptr), json::parse(text)}));
    return RulesAt(tx, unit);
  });
}

// ---- Registration -------------------------------------------------------------------------------

Result<RegistrationView> MemberService::Register(const Principal& who, std::int64_t estate_id,
                                                 const RegistrationInput& in) {
  const std::string employer_name(Trim(in.employer_name));
  const std::string employer_org(Trim(in.employer_party_org));
  const std::string skills(Trim(in.skills));
  const std::string services(Trim(in.services));
  if (!in.employer_id) LINLI_TRY(CheckText(employer_name, 2, 64, "employer_name", "employer_name"));
  LINLI_TRY(CheckText(employer_org, 0, 64, "employer_party_org", "employer_party_org"));
  LINLI_TRY(CheckText(skills, 0, 200, "skills", "skills"));
  LINLI_TRY(CheckText(services, 0, 200, "services", "services"));
  if (in.household_id <= 0)
    return InvalidArgument("household_id is required: the household you live in", "household_id");
  const UnixSeconds now = env_.clock.Now();
  return env_.db.Write([&](storage::Tx& tx) -> Result<RegistrationView> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    const bool on_behalf = in.person_id.has_value();
    if (on_behalf)
      LINLI_TRY(Require(who, Permission::kManageMembers, estate.path,
                        "register party members of this estate"));
    else
      LINLI_TRY(Require(who, Permission::kRegisterMembership, estate.path,
                        "register with this estate's party branch"));
    LINLI_TRY(CheckHouseholdInEstate(tx, in.household_id, estate));
    LINLI_ASSIGN_OR_RETURN(auto branch, ReceivingBranch(tx, estate));

    // The employer, listed or new.
    std::int64_t employer_id = 0;
    if (in.employer_id) {
      LINLI_ASSIGN_OR_RETURN(auto e, storage::FindEmployer(tx, *in.employer_id));
      if (!e)
        return InvalidArgument("employer " + std::to_string(*in.employer_id) + " does not exist",
                               "employer_id");
      employer_id = e->id;
    } else {
      LINLI_ASSIGN_OR_RETURN(auto e, storage::FindEmployerByName(tx, employer_name));
      if (e) {
        employer_id = e->id;
      } else {
        LINLI_ASSIGN_OR_RETURN(
            employer_id, storage::InsertEmployer(tx, {0, employer_name, employer_org, 0, now}));
        LINLI_TRY(RecordAudit(tx, env_, &who,
                              {"create", "employer", employer_id, "/", nullptr,
                               json::object{{"name", employer_name}}}));
      }
    }

    // The person: the one named by staff, the caller's, or a new one for the caller.
    std::optional<storage::PersonRecord> person;
    if (on_behalf) {
      LINLI_ASSIGN_OR_RETURN(person, storage::FindPerson(tx, *in.person_id));
      if (!person)
        return InvalidArgument("person " + std::to_string(*in.person_id) + " does not exist",
                               "person_id");
    } else {
      // The account's person as stored now (it may have been linked since the login).
      LINLI_ASSIGN_OR_RETURN(auto linked, tx.QueryOne("SELECT person_id FROM accounts WHERE id = ?",
                                                      {who.account_id}));
      if (linked && !linked->IsNull(0)) {
        LINLI_ASSIGN_OR_RETURN(person, storage::FindPerson(tx, linked->Int(0)));
      }
    }
    if (person) {
      LINLI_ASSIGN_OR_RETURN(auto active, storage::FindActiveRegistrationOfPerson(tx, person->id));
      if (active)
        return MakeError(ErrorCode::kAlreadyExists,
                         "already registered with " + active->estate_name + " on " +
                             FormatDate(active->submitted_at) + " (registration " +
                             std::to_string(active->id) + ", " + active->status +
                             "); a member registers with one estate, where they live",
                         "household_id");
      LINLI_ASSIGN_OR_RETURN(auto party, DecodePartyMembership(env_.cipher, person->party_enc));
      party.member = true;
      party.party_org_id = branch;
      if (in.show_publicly) party.show_publicly = *in.show_publicly;
      person->party_enc = EncodePartyMembership(env_.cipher, party);
      if (!person->household_id) person->household_id = in.household_id;
      person->updated_at = now;
      LINLI_TRY(storage::UpdatePerson(tx, *person));
    } else {
      storage::PersonRecord p;
      p.unit_id = estate.id;
      p.name = who.name;
      if (!who.phone.empty()) p.phone = who.phone;
      p.household_id = in.household_id;
      p.party_enc = EncodePartyMembership(
          env_.cipher, domain::PartyMembership{true, branch, in.show_publicly.value_or(false)});
      p.created_at = p.updated_at = now;
      LINLI_ASSIGN_OR_RETURN(p.id, storage::InsertPerson(tx, p));
      LINLI_TRY(tx.Exec("UPDATE accounts SET person_id = ? WHERE id = ? AND person_id IS NULL",
                        {p.id, who.account_id}));
      LINLI_TRY(RecordAudit(tx, env_, &who,
                            {"create", "person", p.id, estate.path, nullptr,
                             json::object{{"name", p.name}, {"household_id", in.household_id}}}));
      person = p;
    }

    storage::RegistrationRecord r;
    r.person_id = person->id;
    if (!on_behalf)
      r.account_id = who.account_id;
    else {
      LINLI_ASSIGN_OR_RETURN(auto acc, tx.QueryOne("SELECT id FROM accounts WHERE person_id = ? "
                                                   "ORDER BY id LIMIT 1",
                                                   {person->id}));
      if (acc) r.account_id = acc->Int(0);
    }
    r.estate_id = estate.id;
    r.estate_path = estate.path;
    r.household_id = in.household_id;
    r.branch_id = branch;
    r.employer_id = employer_id;
    r.employer_party_org = employer_org;
    r.skills = skills;
    r.services = services;
    r.status = "pending";
    r.submitted_at = now;
    auto id = storage::InsertRegistration(tx, r);
    if (!id && id.error().code == ErrorCode::kAlreadyExists)
      return MakeError(ErrorCode::kAlreadyExists,
                       "this person already has a registration waiting or confirmed",
                       "household_id");
    if (!id) return tl::unexpected(id.error());
    LINLI_ASSIGN_OR_RETURN(auto saved, storage::FindRegistration(tx, *id));
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"create", "member_registration", *id, estate.path, nullptr,
                           RegistrationAuditJson(*saved)}));
    LINLI_ASSIGN_OR_RETURN(auto rules, RulesFor(tx, estate.id));
    return ViewRegistration(env_, who, *saved, on_behalf ? Access::kBranch : Access::kSelf, rules);
  });
}

Result<RegistrationView> MemberService::Decide(const Principal& who, std::int64_t id,
                                               const std::string& decision,
                                               const std::string& note) {
  if (decision != "confirm" && decision != "reject")
    return InvalidArgument("decision must be confirm or reject", "decision");
  LINLI_TRY(CheckText(Trim(note), decision == "reject" ? 2 : 0, 500, "note",
                      decision == "reject" ? "the reason for rejecting" : "note"));
  const UnixSeconds now = env_.clock.Now();
  return env_.db.Write([&](storage::Tx& tx) -> Result<RegistrationView> {
    LINLI_ASSIGN_OR_RETURN(auto r, storage::FindRegistration(tx, id));
    if (!r) return NotFound("registration " + std::to_string(id) + " does not exist", "id");
    LINLI_TRY(Require(who, Permission::kManageMembers, r->estate_path,
                      "confirm registrations of this estate"));
    if (r->status != "pending")
      return FailedPrecondition("registration " + std::to_string(id) + " is " + r->status +
                                "; only a pending registration can be decided");
    const auto before = RegistrationAuditJson(*r);
    r->decided_at = now;
    r->decided_by = who.account_id;
    r->decision_note = std::string(Trim(note));
    if (decision == "confirm") {
      r->status = "confirmed";
      r->receipt_no = domain::ReceiptNumber(YearOf(now), r->id);
      r->renewed_at = now;
      if (r->account_id) {
        LINLI_ASSIGN_OR_RETURN(auto has,
                               tx.QueryOne("SELECT id FROM account_roles WHERE account_id = ? AND "
                                           "role = 'member' AND unit_id = ?",
                                           {*r->account_id, r->estate_id}));
        if (!has) {
          LINLI_TRY(
              tx.Exec("INSERT INTO account_roles (account_id, role, unit_id, created_at) "
                      "VALUES (?, 'member', ?, ?)",
                      {*r->account_id, r->estate_id, now}));
          LINLI_TRY(RecordAudit(tx, env_, &who,
                                {"grant", "account_role", *r->account_id, r->estate_path, nullptr,
                                 json::object{{"role", "member"}, {"unit_id", r->estate_id}}}));
        }
      }
    } else {
      r->status = "rejected";
    }
    LINLI_TRY(storage::UpdateRegistration(tx, *r));
    LINLI_TRY(RecordAudit(
        tx, env_, &who,
        {"update", "member_registration", id, r->estate_path, before, RegistrationAuditJson(*r)}));
    if (r->account_id)
      LINLI_TRY(tx.Exec("INSERT INTO notifications (account_id, text, created_at) VALUES (?, ?, ?)",
                        {*r->account_id,
                         decision == "confirm"
                             ? "你在" + r->estate_name + "的报到已确认，回执编号 " + *r->receipt_no
                             : "你在" + r->estate_name + "的报到未通过：" + r->decision_note,
                         now}));
    LINLI_ASSIGN_OR_RETURN(auto rules, RulesFor(tx, r->estate_id));
    return ViewRegistration(env_, who, *r, Access::kBranch, rules);
  });
}

Result<RegistrationView> MemberService::Renew(const Principal& who, std::int64_t id) {
  return env_.db.Write([&](storage::Tx& tx) -> Result<RegistrationView> {
    LINLI_ASSIGN_OR_RETURN(auto loaded, LoadRegistration(tx, env_, who, id, "renew registration"));
    auto& [r, access] = loaded;
    LINLI_TRY(RequireSelfOrManager(who, r, access, "renew registrations of this estate"));
    if (r.status != "confirmed")
      return FailedPrecondition("registration " + std::to_string(id) + " is " + r.status +
                                "; only a confirmed registration is renewed");
    const auto before = RegistrationAuditJson(r);
    r.renewed_at = env_.clock.Now();
    LINLI_TRY(storage::UpdateRegistration(tx, r));
    auto after = RegistrationAuditJson(r);
    after["renewed_at"] = FormatTime(*r.renewed_at);
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"renew", "member_registration", id, r.estate_path, before, after}));
    LINLI_ASSIGN_OR_RETURN(auto rules, RulesFor(tx, r.estate_id));
    return ViewRegistration(env_, who, r, access, rules);
  });
}

Result<RegistrationView> MemberService::End(const Principal& who, std::int64_t id,
                                            const std::string& note) {
  LINLI_TRY(CheckText(Trim(note), 2, 500, "note", "the reason (e.g. moved away)"));
  return env_.db.Write([&](storage::Tx& tx) -> Result<RegistrationView> {
    LINLI_ASSIGN_OR_RETURN(auto r, storage::FindRegistration(tx, id));
    if (!r) return NotFound("registration " + std::to_string(id) + " does not exist", "id");
    LINLI_TRY(Require(who, Permission::kManageMembers, r->estate_path,
                      "end registrations of this estate"));
    if (r->status != "confirmed" && r->status != "pending")
      return FailedPrecondition("registration " + std::to_string(id) + " is " + r->status +
                                " already");
    const auto before = RegistrationAuditJson(*r);
    r->status = "ended";
    r->ended_at = env_.clock.Now();
    r->decision_note = std::string(Trim(note));
    LINLI_TRY(storage::UpdateRegistration(tx, *r));
    LINLI_TRY(RecordAudit(
        tx, env_, &who,
        {"end", "member_registration", id, r->estate_path, before, RegistrationAuditJson(*r)}));
    LINLI_ASSIGN_OR_RETURN(auto rules, RulesFor(tx, r->estate_id));
    return ViewRegistration(env_, who, *r, Access::kBranch, rules);
  });
}

Result<RegistrationView> MemberService::Get(const Principal& who, std::int64_t id) {
  return env_.db.Write([&](storage::Tx& tx) -> Result<RegistrationView> {
    LINLI_ASSIGN_OR_RETURN(auto loaded, LoadRegistration(tx, env_, who, id, "read registration"));
    LINLI_ASSIGN_OR_RETURN(auto rules, RulesFor(tx, loaded.first.estate_id));
    return ViewRegistration(env_, who, loaded.first, loaded.second, rules);
  });
}

Result<std::vector<RegistrationView>> MemberService::List(
    const Principal& who, std::int64_t estate_id, const std::optional<std::string>& status) {
  if (status && !domain::ParseRegistrationStatus(*status))
    return InvalidArgument("status must be one of pending, confirmed, rejected, ended", "status");
  return env_.db.Write([&](storage::Tx& tx) -> Result<std::vector<RegistrationView>> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kReadMembers, estate.path,
                      "see the party members registered here"));
    storage::RegistrationFilter f;
    f.estate_id = estate_id;
    f.status = status;
    LINLI_ASSIGN_OR_RETURN(auto regs, storage::ListRegistrations(tx, f));
    LINLI_ASSIGN_OR_RETURN(auto rules, RulesFor(tx, estate_id));
    std::vector<RegistrationView> out;
    SensitiveRead read;
    read.fields.insert("party_membership");
    for (const auto& r : regs) {
      out.push_back(ViewRegistration(env_, who, r, Access::kBranch, rules));
      read.people.insert(r.person_id);
    }
    if (!read.people.empty())
      LINLI_TRY(AuditSensitiveRead(tx, env_, who, estate.path, read, "list registrations"));
    return out;
  });
}

Result<std::vector<RegistrationView>> MemberService::Mine(const Principal& who) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<RegistrationView>> {
    storage::RegistrationFilter f;
    f.account_id = who.account_id;
    LINLI_ASSIGN_OR_RETURN(auto regs, storage::ListRegistrations(tx, f));
    std::vector<RegistrationView> out;
    for (const auto& r : regs) {
      LINLI_ASSIGN_OR_RETURN(auto rules, RulesFor(tx, r.estate_id));
      out.push_back(ViewRegistration(env_, who, r, Access::kSelf, rules));
    }
    std::reverse(out.begin(), out.end());  // newest first
    return out;
  });
}

Result<LateList> MemberService::Late(const Principal& who, std::int64_t estate_id) {
  return env_.db.Write([&](storage::Tx& tx) -> Result<LateList> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(
        Require(who, Permission::kReadMembers, estate.path, "see who has not registered here"));
    LINLI_ASSIGN_OR_RETURN(auto rules, RulesFor(tx, estate_id));
    storage::RegistrationFilter f;
    f.estate_id = estate_id;
    LINLI_ASSIGN_OR_RETURN(auto regs, storage::ListRegistrations(tx, f));
    LateList out;
    std::set<std::int64_t> registered;
    SensitiveRead read;
    read.fields.insert("party_membership");
    for (const auto& r : regs) {
      if (r.status == "pending" || r.status == "confirmed") registered.insert(r.person_id);
      auto v = ViewRegistration(env_, who, r, Access::kBranch, rules);
      if (r.status == "pending") {
        out.pending.push_back(v);
        read.people.insert(r.person_id);
      } else if (v.renewal_late) {
        out.late.push_back(v);
        read.people.insert(r.person_id);
      }
    }
    // Members living here (the person register says so) with no registration.
    LINLI_ASSIGN_OR_RETURN(
        auto people,
        tx.Query("SELECT p.id, p.name, p.party_enc, COALESCE(b.name || e.name || h.room, '') "
                 "FROM people p LEFT JOIN households h ON h.id = p.household_id LEFT JOIN "
                 "buildings b ON b.id = h.building_id LEFT JOIN entrances e ON e.id = "
                 "h.entrance_id WHERE p.unit_id = ? OR h.estate_id = ? ORDER BY p.id",
                 {estate_id, estate_id}));
    const bool personal = Allows(who, Permission::kReadPersonalData, estate.path);
    for (const auto& row : people) {
      if (registered.count(row.Int(0))) continue;
      LINLI_ASSIGN_OR_RETURN(auto party, DecodePartyMembership(env_.cipher, row.Text(2)));
      if (!party.member) continue;
      out.unregistered.push_back(
          {row.Int(0), personal ? row.Text(1) : MaskName(row.Text(1)), row.Text(3)});
      read.people.insert(row.Int(0));
    }
    if (!read.people.empty())
      LINLI_TRY(AuditSensitiveRead(tx, env_, who, estate.path, read, "list late registrations"));
    return out;
  });
}

Result<pdf::Document> MemberService::Receipt(const Principal& who, std::int64_t id) {
  return env_.db.Write([&](storage::Tx& tx) -> Result<pdf::Document> {
    LINLI_ASSIGN_OR_RETURN(auto loaded, LoadRegistration(tx, env_, who, id, "receipt"));
    const auto& r = loaded.first;
    if (r.status != "confirmed" || !r.receipt_no || !r.decided_at)
      return FailedPrecondition("registration " + std::to_string(id) + " is " + r.status +
                                "; the receipt is issued once the branch confirms it");
    pdf::Document d;
    d.title = "在职党员到小区报到回执单";
    d.subtitle = "编号：" + *r.receipt_no + "　出具日期：" + DateCn(*r.decided_at);
    pdf::Block greeting;
    greeting.kind = pdf::Block::Kind::kParagraph;
    greeting.text =
        r.employer_party_org.empty() ? r.employer_name + "：" : r.employer_party_org + "：";
    d.blocks.push_back(greeting);
    pdf::Block body;
    body.kind = pdf::Block::Kind::kParagraph;
    body.text = "　　贵单位党员 " + r.person_name + " 同志已于 " + DateCn(r.submitted_at) + " 到" +
                (r.branch_name.empty() ? r.estate_name + "党组织" : r.branch_name) +
                "报到，参加居住小区的组织生活和志愿服务，履行党员承诺。小区党组织将全程纪实其在小区"
                "发挥作用的情况，并于每年年底反馈贵单位。特此回执。";
    d.blocks.push_back(body);
    pdf::Block kv;
    kv.kind = pdf::Block::Kind::kKeyValues;
    kv.pairs = {{"姓名", r.person_name},
                {"工作单位", r.employer_name},
                {"单位党组织", r.employer_party_org.empty() ? "—" : r.employer_party_org},
                {"居住小区", r.estate_name},
                {"报到党组织", r.branch_name.empty() ? "—" : r.branch_name},
                {"报到日期", DateCn(r.submitted_at)},
                {"确认日期", DateCn(*r.decided_at)},
                {"特长", r.skills.empty() ? "—" : r.skills},
                {"服务意向", r.services.empty() ? "—" : r.services}};
    d.blocks.push_back(kv);
    pdf::Block sig;
    sig.kind = pdf::Block::Kind::kSignature;
    sig.signatures = {
        (r.branch_name.empty() ? r.estate_name + "党组织" : r.branch_name) + "（盖章）", "日期"};
    d.blocks.push_back(sig);
    d.footer = "邻里 Linli · 回执编号 " + *r.receipt_no + " · 本回执仅供党员所在单位了解报到情况";
    return d;
  });
}

// ---- Commitments --------------------------------------------------------------------------------

Result<CommitmentSet> MemberService::Commitments(const Principal& who, std::int64_t registration_id,
                                                 int year) {
  return env_.db.Write([&](storage::Tx& tx) -> Result<CommitmentSet> {
    LINLI_ASSIGN_OR_RETURN(auto loaded,
                           LoadRegistration(tx, env_, who, registration_id, "commitments"));
    LINLI_ASSIGN_OR_RETURN(auto rules, RulesFor(tx, loaded.first.estate_id));
    LINLI_ASSIGN_OR_RETURN(auto list, storage::ListCommitments(tx, registration_id, year));
    CommitmentSet s;
    s.year = year;
    for (const auto& c : list) s.items.push_back(ViewCommitment(c));
    std::tie(s.report_from, s.report_to) = domain::ReportWindow(rules, year);
    const auto now = env_.clock.Now();
    s.report_open = now >= s.report_from && now < s.report_to;
    return s;
  });
}

Result<CommitmentSet> MemberService::Commit(const Principal& who, std::int64_t registration_id,
                                            int year, const std::vector<std::string>& own) {
  LINLI_TRY(domain::CheckOwnCommitments(own));
  const UnixSeconds now = env_.clock.Now();
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto loaded, LoadRegistration(tx, env_, who, registration_id, "commit"));
    auto& [r, access] = loaded;
    LINLI_TRY(RequireSelfOrManager(who, r, access, "enter commitments for members here"));
    if (r.status != "confirmed")
      return FailedPrecondition("registration " + std::to_string(registration_id) + " is " +
                                r.status + "; commitments follow a confirmed registration");
    const int this_year = YearOf(now);
    if (year != this_year)
      return InvalidArgument(
          "commitments are made for the current year, " + std::to_string(this_year), "year");
    LINLI_ASSIGN_OR_RETURN(auto existing, storage::ListCommitments(tx, registration_id, year));
    if (!existing.empty())
      return MakeError(ErrorCode::kAlreadyExists,
                       "the commitments for " + std::to_string(year) +
                           " were made already; they are made once a year",
                       "year");
    LINLI_ASSIGN_OR_RETURN(auto rules, RulesFor(tx, r.estate_id));
    int sort = 0;
    json::array texts;
    for (const auto& t : rules.required) {
      storage::CommitmentRecord c;
      c.registration_id = registration_id;
      c.year = year;
      c.required = true;
      c.sort = sort++;
      c.text = t;
      LINLI_TRY(storage::InsertCommitment(tx, c, now));
      texts.emplace_back(t);
    }
    for (const auto& t : own) {
      storage::CommitmentRecord c;
      c.registration_id = registration_id;
      c.year = year;
      c.sort = sort++;
      c.text = std::string(Trim(t));
      LINLI_TRY(storage::InsertCommitment(tx, c, now));
      texts.emplace_back(c.text);
    }
    return RecordAudit(tx, env_, &who,
                       {"create", "commitments", registration_id, r.estate_path, nullptr,
                        json::object{{"year", year}, {"commitments", std::move(texts)}}});
  }));
  return Commitments(who, registration_id, year);
}

Result<CommitmentView> MemberService::ReportOn(const Principal& who, std::int64_t commitment_id,
                                               const std::string& report) {
  LINLI_TRY(CheckText(Trim(report), 2, 1000, "report", "the report"));
  return env_.db.Write([&](storage::Tx& tx) -> Result<CommitmentView> {
    LINLI_ASSIGN_OR_RETURN(auto c, storage::FindCommitment(tx, commitment_id));
    if (!c)
      return NotFound("commitment " + std::to_string(commitment_id) + " does not exist", "id");
    LINLI_ASSIGN_OR_RETURN(auto loaded,
                           LoadRegistration(tx, env_, who, c->registration_id, "report"));
    auto& [r, access] = loaded;
    if (access != Access::kSelf)
      return PermissionDenied("only the member reports on their own commitments");
    LINLI_ASSIGN_OR_RETURN(auto rules, RulesFor(tx, r.estate_id));
    LINLI_TRY(domain::CheckReportWindow(rules, c->year, env_.clock.Now()));
    if (!c->review.empty())
      return FailedPrecondition("the branch has reviewed this commitment already");
    const json::value before = c->report.empty() ? json::value(nullptr) : json::value(c->report);
    c->report = std::string(Trim(report));
    c->reported_at = env_.clock.Now();
    LINLI_TRY(storage::UpdateCommitment(tx, *c));
    LINLI_TRY(RecordAudit(
        tx, env_, &who,
        {"report", "commitment", c->id, r.estate_path, before, json::value(c->report)}));
    return ViewCommitment(*c);
  });
}

Result<CommitmentView> MemberService::Review(const Principal& who, std::int64_t commitment_id,
                                             const std::string& review, const std::string& note) {
  auto parsed = domain::ParseCommitmentReview(review);
  if (!parsed || *parsed == domain::CommitmentReview::kNone)
    return InvalidArgument("review must be kept, partly or not_kept", "review");
  LINLI_TRY(CheckText(Trim(note), 0, 500, "note", "note"));
  return env_.db.Write([&](storage::Tx& tx) -> Result<CommitmentView> {
    LINLI_ASSIGN_OR_RETURN(auto c, storage::FindCommitment(tx, commitment_id));
    if (!c)
      return NotFound("commitment " + std::to_string(commitment_id) + " does not exist", "id");
    LINLI_ASSIGN_OR_RETURN(auto r, storage::FindRegistration(tx, c->registration_id));
    LINLI_TRY(Require(who, Permission::kManageMembers, r->estate_path,
                      "review members' commitments here"));
    if (!c->reported_at)
      return FailedPrecondition("the member has not reported on this commitment yet");
    const json::value before = c->review.empty() ? json::value(nullptr) : json::value(c->review);
    c->review = std::string(domain::CommitmentReviewName(*parsed));
    c->review_note = std::string(Trim(note));
    c->reviewed_by = who.account_id;
    c->reviewed_at = env_.clock.Now();
    LINLI_TRY(storage::UpdateCommitment(tx, *c));
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"review", "commitment", c->id, r->estate_path, before,
                           json::object{{"review", c->review}, {"note", c->review_note}}}));
    return ViewCommitment(*c);
  });
}

Result<std::vector<CommitmentStatusLine>> MemberService::CommitmentStatus(const Principal& who,
                                                                          std::int64_t estate_id,
                                                                          int year) {
  return env_.db.Write([&](storage::Tx& tx) -> Result<std::vector<CommitmentStatusLine>> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kReadMembers, estate.path, "see members' commitments here"));
    LINLI_ASSIGN_OR_RETURN(auto rules, RulesFor(tx, estate_id));
    storage::RegistrationFilter f;
    f.estate_id = estate_id;
    f.status = "confirmed";
    LINLI_ASSIGN_OR_RETURN(auto regs, storage::ListRegistrations(tx, f));
    LINLI_ASSIGN_OR_RETURN(auto all, storage::ListEstateCommitments(tx, estate_id, year));
    std::map<std::int64_t, std::vector<const storage::CommitmentRecord*>> by_reg;
    for (const auto& c : all) by_reg[c.registration_id].push_back(&c);
    const bool window_open = env_.clock.Now() >= domain::ReportWindow(rules, year).first;
    std::vector<CommitmentStatusLine> out;
    SensitiveRead read;
    read.fields.insert("party_membership");
    for (const auto& r : regs) {
      CommitmentStatusLine l;
      l.member = ViewRegistration(env_, who, r, Access::kBranch, rules);
      for (const auto* c : by_reg[r.id]) {
        ++l.made;
        if (c->reported_at) ++l.reported;
        if (!c->review.empty()) ++l.reviewed;
      }
      l.missing_commitments = l.made == 0;
      l.missing_report = window_open && (l.made == 0 || l.reported < l.made);
      out.push_back(std::move(l));
      read.people.insert(r.person_id);
    }
    if (!read.people.empty())
      LINLI_TRY(AuditSensitiveRead(tx, env_, who, estate.path, read, "commitment status"));
    return out;
  });
}

// ---- The service record -------------------------------------------------------------------------

Result<RecordView> MemberService::Record(const Principal& who, std::int64_t registration_id,
                                         int year) {
  if (year < 2000 || year > 2100) return InvalidArgument("year must be 2000 to 2100", "year");
  return env_.db.Write([&](storage::Tx& tx) -> Result<RecordView> {
    LINLI_ASSIGN_OR_RETURN(auto loaded, LoadRegistration(tx, env_, who, registration_id, "record"));
    auto& [r, access] = loaded;
    RecordView v;
    LINLI_ASSIGN_OR_RETURN(v.rules, RulesFor(tx, r.estate_id));
    v.member = ViewRegistration(env_, who, r, access, v.rules);
    v.year = year;
    LINLI_ASSIGN_OR_RETURN(v.items, RecordItems(tx, r, v.rules, year));
    if (access == Access::kEmployer)
      for (auto& i : v.items)
        if (i.kind == domain::RecordKind::kVisit) i.title = "入户走访";  // no addresses
    v.summary = domain::SummariseRecord(v.items, v.rules);
    LINLI_ASSIGN_OR_RETURN(auto cs, storage::ListCommitments(tx, r.id, year));
    for (const auto& c : cs) v.commitments.push_back(ViewCommitment(c));
    return v;
  });
}

Result<pdf::Document> MemberService::RecordDocument(const Principal& who,
                                                    std::int64_t registration_id, int year) {
  LINLI_ASSIGN_OR_RETURN(auto v, Record(who, registration_id, year));
  pdf::Document d;
  d.title = "在职党员居住小区履职纪实表";
  d.subtitle = std::to_string(year) + "年度　出具日期：" + DateCn(env_.clock.Now());
  pdf::Block kv;
  kv.kind = pdf::Block::Kind::kKeyValues;
  kv.pairs = {
      {"姓名", v.member.name},
      {"工作单位", v.member.employer_name},
      {"单位党组织", v.member.employer_party_org.empty() ? "—" : v.member.employer_party_org},
      {"居住小区", v.member.estate_name},
      {"报到编号", v.member.receipt_no.value_or("—")},
      {"服务时长",
       Hours(v.summary.minutes) + " 小时（目标 " + Hours(v.rules.target_minutes) + " 小时）"},
      {"积分", std::to_string(v.summary.points) + " 分（目标 " +
                   std::to_string(v.rules.target_points) + " 分）"},
      {"年度目标", v.summary.target_met ? "已完成" : "未完成"},
      {"入户走访", std::to_string(v.summary.visits) + " 次"},
      {"认领任务", std::to_string(v.summary.tasks) + " 项"},
      {"办理诉求", std::to_string(v.summary.appeals) + " 件"},
      {"支部记录", std::to_string(v.summary.entries) + " 条"}};
  d.blocks.push_back(kv);
  pdf::Block h1;
  h1.kind = pdf::Block::Kind::kHeading;
  h1.text = "一、履职记录";
  d.blocks.push_back(h1);
  pdf::Block items;
  items.kind = pdf::Block::Kind::kTable;
  items.header = {"日期", "类别", "事项", "时长（小时）", "积分"};
  for (const auto& i : v.items)
    items.rows.push_back({i.date, std::string(domain::RecordKindLabel(i.kind)), i.title,
                          Hours(i.minutes), std::to_string(i.points)});
  if (items.rows.empty()) items.rows.push_back({"—", "—", "本年度暂无记录", "0.0", "0"});
  d.blocks.push_back(items);
  pdf::Block h2;
  h2.kind = pdf::Block::Kind::kHeading;
  h2.text = "二、承诺与践诺";
  d.blocks.push_back(h2);
  pdf::Block cs;
  cs.kind = pdf::Block::Kind::kTable;
  cs.header = {"类别", "承诺内容", "践诺情况", "支部评议"};
  for (const auto& c : v.commitments)
    cs.rows.push_back({c.required ? "必选" : "自选", c.text, c.report.empty() ? "—" : c.report,
                       std::string(domain::CommitmentReviewLabel(c.review))});
  if (cs.rows.empty()) cs.rows.push_back({"—", "本年度未作承诺", "—", "—"});
  d.blocks.push_back(cs);
  pdf::Block sig;
  sig.kind = pdf::Block::Kind::kSignature;
  sig.signatures = {
      (v.member.branch_name.empty() ? v.member.estate_name + "党组织" : v.member.branch_name) +
          "（盖章）",
      "党员本人签字", "日期"};
  d.blocks.push_back(sig);
  d.footer = "邻里 Linli · " + std::to_string(year) + "年度履职纪实 · " +
             v.member.receipt_no.value_or("") + " · 记录由走访、任务、诉求和支部登记自动生成";
  return d;
}

Result<domain::RecordItem> MemberService::AddEntry(const Principal& who,
                                                   std::int64_t registration_id,
                                                   const RecordEntryInput& in) {
  static const std::set<std::string> kKinds{"service", "meeting", "activity", "other"};
  if (!kKinds.count(in.kind))
    return InvalidArgument("kind must be one of service, meeting, activity, other", "kind");
  auto day = ParseDate(in.date);
  if (!day || in.date.size() != 10)
    return InvalidArgument("date must be a date such as 2026-05-01", "date");
  if (*day > env_.clock.Now())
    return InvalidArgument("date " + in.date + " is in the future; record what has happened",
                           "date");
  if (in.minutes < 0 || in.minutes > 24 * 60)
    return InvalidArgument("minutes must be 0 to 1440 (one day)", "minutes");
  if (in.points < 0 || in.points > 100) return InvalidArgument("points must be 0 to 100", "points");
  LINLI_TRY(CheckText(Trim(in.note), 2, 200, "note", "note"));
  return env_.db.Write([&](storage::Tx& tx) -> Result<domain::RecordItem> {
    LINLI_ASSIGN_OR_RETURN(auto r, storage::FindRegistration(tx, registration_id));
    if (!r)
      return NotFound("registration " + std::to_string(registration_id) + " does not exist", "id");
    LINLI_TRY(
        Require(who, Permission::kManageMembers, r->estate_path, "add to members' records here"));
    if (r->status != "confirmed")
      return FailedPrecondition("registration " + std::to_string(registration_id) + " is " +
                                r->status + "; records are kept for confirmed members");
    storage::ServiceEntryRecord e;
    e.registration_id = registration_id;
    e.on_date = in.date;
    e.kind = in.kind;
    e.minutes = in.minutes;
    e.points = in.points;
    e.note = std::string(Trim(in.note));
    e.created_by = who.account_id;
    e.created_at = env_.clock.Now();
    LINLI_ASSIGN_OR_RETURN(e.id, storage::InsertServiceEntry(tx, e));
    LINLI_TRY(RecordAudit(tx, env_, &who,
                          {"create", "service_entry", e.id, r->estate_path, nullptr,
                           json::object{{"registration_id", registration_id},
                                        {"date", e.on_date},
                                        {"minutes", e.minutes},
                                        {"points", e.points},
                                        {"note", e.note}}}));
    return domain::RecordItem{
        domain::RecordKind::kEntry, e.on_date, e.note, static_cast<int>(e.minutes),
        static_cast<int>(e.points), e.id};
  });
}

Status MemberService::VoidEntry(const Principal& who, std::int64_t entry_id) {
  return env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto e, storage::FindServiceEntry(tx, entry_id));
    if (!e || e->voided_at)
      return NotFound("record entry " + std::to_string(entry_id) + " does not exist", "id");
    LINLI_ASSIGN_OR_RETURN(auto r, storage::FindRegistration(tx, e->registration_id));
    LINLI_TRY(
        Require(who, Permission::kManageMembers, r->estate_path, "change members' records here"));
    LINLI_TRY(storage::VoidServiceEntry(tx, entry_id, env_.clock.Now()));
    return RecordAudit(tx, env_, &who,
                       {"void", "service_entry", entry_id, r->estate_path,
                        json::object{{"note", e->note}, {"minutes", e->minutes}}, nullptr});
  });
}

// ---- Participation figures ----------------------------------------------------------------------

namespace {

std::optional<double> Percent(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

Result<MemberStats> StatsOf(storage::Tx& tx, const domain::Unit& unit, const std::string& month,
                            bool with_children) {
  const int y = std::stoi(month.substr(0, 4)), m = std::stoi(month.substr(5, 2));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-01", y, m);
  const std::string from_date = buf;
  std::snprintf(buf, sizeof buf, "%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
  const UnixSeconds from = *ParseDate(from_date), to = *ParseDate(buf);
  const std::string to_date = FormatDate(to - 86400);
  LINLI_ASSIGN_OR_RETURN(auto f,
                         storage::MemberFiguresUnder(tx, unit.path, from, to, from_date, to_date,
                                                     domain::QuarterStart(from_date)));
  LINLI_ASSIGN_OR_RETURN(auto rules, RulesAt(tx, unit));
  MemberStats s;
  s.unit_id = unit.id;
  s.unit_name = unit.name;
  s.month = month;
  s.registered = f.registered;
  s.pending = f.pending;
  s.active = f.active;
  s.active_rate = Percent(f.active, f.registered);
  s.hours = (f.entry_minutes + f.accepted_minutes + f.visits * rules.rules.visit_minutes) / 60.0;
  s.visits = f.visits;
  s.tasks_claimed = f.tasks_claimed;
  s.tasks_accepted = f.tasks_accepted;
  s.tasks_on_time = f.tasks_on_time;
  s.on_time_rate = Percent(f.tasks_on_time, f.tasks_accepted);
  s.households = f.households;
  s.households_paired = f.households_paired;
  s.households_visited = f.households_visited;
  s.paired_rate = Percent(f.households_paired, f.households);
  s.visited_rate = Percent(f.households_visited, f.households);
  if (with_children && unit.kind != domain::UnitKind::kEstate) {
    LINLI_ASSIGN_OR_RETURN(auto children, storage::ListChildUnits(tx, unit.id, 200, 0));
    for (const auto& c : children) {
      LINLI_ASSIGN_OR_RETURN(auto cs, StatsOf(tx, c, month, false));
      s.children.push_back(std::move(cs));
    }
  }
  return s;
}

}  // namespace

Result<MemberStats> MemberService::Stats(const Principal& who, std::int64_t unit_id,
                                         const std::string& month_in) {
  std::string month = month_in.empty() ? FormatDate(env_.clock.Now()).substr(0, 7) : month_in;
  if (month.size() != 7 || month[4] != '-' || !std::isdigit(month[0]) || !std::isdigit(month[5]) ||
      !std::isdigit(month[6]) || std::stoi(month.substr(5, 2)) < 1 ||
      std::stoi(month.substr(5, 2)) > 12)
    return InvalidArgument("month must be a month such as 2026-11", "month");
  return env_.db.Read([&](storage::Tx& tx) -> Result<MemberStats> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, unit_id));
    LINLI_TRY(
        Require(who, Permission::kReadMembers, unit.path, "read the party members' figures here"));
    return StatsOf(tx, unit, month, true);
  });
}

Result<std::vector<EmployerView>> MemberService::MyEmployers(const Principal& who) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<EmployerView>> {
    LINLI_ASSIGN_OR_RETURN(auto ids, storage::EmployersOfAccount(tx, who.account_id));
    std::vector<EmployerView> out;
    for (auto id : ids) {
      LINLI_ASSIGN_OR_RETURN(auto e, storage::FindEmployer(tx, id));
      if (e) out.push_back(EmployerView{e->id, e->name, e->party_org_name, e->member_count});
    }
    return out;
  });
}

}  // namespace linli::app
