// Use cases of party members in their estate (在职党员回小区报到; DOMAIN.md §2, RULES.md §8):
// employers, the rules per unit, registration with the branch and its receipt, renewal and the
// lists of those late, yearly commitments with their January report and review, the service
// record (全程纪实) derived from what happened, and the employer's figures.
//
// Privacy (RULES.md §9): a registration says its person is a party member, which is sensitive.
// Registrations are shown to the member, to holders of kReadMembers on the estate and to the
// accounts of the member's employer; every such read by someone other than the member writes a
// "read_sensitive" audit entry. Employers see their own members' names, estates and figures, but
// no household, no residents and no problems' contents.
// Thread-safety: MemberService is thread-safe (stateless over Env).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/members/members.hpp"
#include "pdf/document.hpp"

namespace linli::app {

struct EmployerInput {
  std::string name;
  std::string party_org_name;
  std::int64_t member_count = 0;
};
struct EmployerView {
  std::int64_t id = 0;
  std::string name;
  std::string party_org_name;
  std::int64_t member_count = 0;
};

struct RulesView {
  domain::MemberRules rules;
  std::int64_t unit_id = 0;       // the unit asked about
  std::int64_t from_unit_id = 0;  // the unit whose rules apply (0: Linli's defaults)
  std::string from_unit_name;
};

struct RegistrationInput {
  std::optional<std::int64_t> person_id;  // staff registering someone; else the caller
  std::int64_t household_id = 0;
  std::optional<std::int64_t> employer_id;
  std::string employer_name;  // when the employer is not yet listed
  std::string employer_party_org;
  std::string skills;
  std::string services;
  std::optional<bool> show_publicly;  // 亮身份
};

struct RegistrationView {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  std::string name;
  std::string phone;  // masked unless the viewer may read personal data
  std::int64_t estate_id = 0;
  std::string estate_name;
  std::int64_t household_id = 0;
  std::string household;  // "3栋2单元501"; empty for employers
  std::string branch_name;
  std::int64_t employer_id = 0;
  std::string employer_name;
  std::string employer_party_org;
  std::string skills;
  std::string services;
  domain::RegistrationStatus status = domain::RegistrationStatus::kPending;
  std::optional<std::string> receipt_no;
  UnixSeconds submitted_at = 0;
  std::optional<UnixSeconds> decided_at;
  std::string decision_note;
  std::optional<UnixSeconds> renewed_at;
  std::optional<UnixSeconds> renewal_due;
  bool renewal_late = false;
  bool mine = false;
};

// Who has not registered, or not renewed, on time.
struct LateList {
  struct Unregistered {
    std::int64_t person_id = 0;
    std::string name;
    std::string household;
  };
  std::vector<Unregistered> unregistered;  // members living here with no registration
  std::vector<RegistrationView> late;      // confirmed, renewal past due
  std::vector<RegistrationView> pending;   // waiting for the branch
};

struct CommitmentView {
  std::int64_t id = 0;
  std::int64_t registration_id = 0;
  int year = 0;
  bool required = false;
  std::string text;
  std::string report;
  std::optional<UnixSeconds> reported_at;
  domain::CommitmentReview review = domain::CommitmentReview::kNone;
  std::string review_note;
};
struct CommitmentSet {
  int year = 0;
  std::vector<CommitmentView> items;
  UnixSeconds report_from = 0, report_to = 0;  // [from, to)
  bool report_open = false;
};
// The branch's view of a year's commitments: one line per confirmed member.
struct CommitmentStatusLine {
  RegistrationView member;
  int made = 0;      // commitments made this year
  int reported = 0;  // of which reported on
  int reviewed = 0;
  bool missing_commitments = false;  // none made
  bool missing_report = false;       // the window opened and not all reported
};

struct RecordEntryInput {
  std::string date;  // YYYY-MM-DD
  std::string kind = "service";
  int minutes = 0;
  int points = 0;
  std::string note;
};
struct RecordView {
  RegistrationView member;
  int year = 0;
  std::vector<domain::RecordItem> items;
  domain::RecordSummary summary;
  domain::MemberRules rules;
  std::vector<CommitmentView> commitments;
};

struct EmployerFigures {
  EmployerView employer;
  int year = 0;
  int registered = 0;  // confirmed
  int pending = 0;
  std::optional<double> registration_rate;  // registered / declared members, percent
  int target_met = 0;
  std::optional<double> completion_rate;  // target met / registered, percent
  struct Member {
    std::int64_t registration_id = 0;
    std::string name;
    std::string estate_name;
    domain::RegistrationStatus status = domain::RegistrationStatus::kPending;
    std::optional<std::string> receipt_no;
    domain::RecordSummary summary;
    int commitments = 0;
    int commitments_kept = 0;
  };
  std::vector<Member> members;
};

// Participation figures of a unit's subtree for a month (and its quarter for visits).
struct MemberStats {
  std::int64_t unit_id = 0;
  std::string unit_name;
  std::string month;  // YYYY-MM
  std::int64_t registered = 0, pending = 0, active = 0;
  std::optional<double> active_rate;  // active / registered, percent
  double hours = 0;                   // entries + visits (rules.visit_minutes) + accepted tasks
  std::int64_t visits = 0;
  std::int64_t tasks_claimed = 0, tasks_accepted = 0, tasks_on_time = 0;
  std::optional<double> on_time_rate;  // accepted by the deadline / accepted, percent
  std::int64_t households = 0, households_paired = 0, households_visited = 0;
  std::optional<double> paired_rate, visited_rate;  // percent of households
  std::vector<MemberStats> children;                // one level down
};

// The rules that apply to an estate (its own, the nearest ancestor's, or the defaults), for other
// use cases working in the caller's transaction.
Result<domain::MemberRules> MemberRulesOfEstate(storage::Tx& tx, std::int64_t estate_id);

class MemberService {
 public:
  explicit MemberService(Env env) : env_(env) {}

  // Employers (not part of the unit tree): listed for anyone who may register; created and
  // linked to accounts by officials.
  Result<std::vector<EmployerView>> Employers(const Principal& who, const std::string& q);
  Result<EmployerView> CreateEmployer(const Principal& who, const EmployerInput& in);
  Result<EmployerView> UpdateEmployer(const Principal& who, std::int64_t id,
                                      const EmployerInput& in);
  Status LinkEmployerAccount(const Principal& who, std::int64_t employer_id,
                             std::int64_t account_id);
  Result<EmployerFigures> Figures(const Principal& who, std::int64_t employer_id, int year);
  // The employers the caller's account was linked to (it reads their members' records).
  Result<std::vector<EmployerView>> MyEmployers(const Principal& who);

  // The rules that apply at a unit (its own, else the nearest ancestor's, else the defaults).
  Result<RulesView> Rules(const Principal& who, std::int64_t unit_id);
  Result<RulesView> PutRules(const Principal& who, std::int64_t unit_id,
                             const domain::MemberRules& rules);

  Result<RegistrationView> Register(const Principal& who, std::int64_t estate_id,
                                    const RegistrationInput& in);
  // "confirm" or "reject"; confirming numbers the receipt and makes the account a member here.
  Result<RegistrationView> Decide(const Principal& who, std::int64_t id,
                                  const std::string& decision, const std::string& note);
  Result<RegistrationView> Renew(const Principal& who, std::int64_t id);
  Result<RegistrationView> End(const Principal& who, std::int64_t id, const std::string& note);
  Result<RegistrationView> Get(const Principal& who, std::int64_t id);
  Result<std::vector<RegistrationView>> List(const Principal& who, std::int64_t estate_id,
                                             const std::optional<std::string>& status);
  Result<std::vector<RegistrationView>> Mine(const Principal& who);
  Result<LateList> Late(const Principal& who, std::int64_t estate_id);
  // The 报到回执单 as a document (printable page or PDF).
  Result<pdf::Document> Receipt(const Principal& who, std::int64_t id);

  Result<CommitmentSet> Commitments(const Principal& who, std::int64_t registration_id, int year);
  // The member takes the year's required commitments and at least one of their own.
  Result<CommitmentSet> Commit(const Principal& who, std::int64_t registration_id, int year,
                               const std::vector<std::string>& own);
  Result<CommitmentView> ReportOn(const Principal& who, std::int64_t commitment_id,
                                  const std::string& report);
  Result<CommitmentView> Review(const Principal& who, std::int64_t commitment_id,
                                const std::string& review, const std::string& note);
  Result<std::vector<CommitmentStatusLine>> CommitmentStatus(const Principal& who,
                                                             std::int64_t estate_id, int year);

  Result<RecordView> Record(const Principal& who, std::int64_t registration_id, int year);
  Result<pdf::Document> RecordDocument(const Principal& who, std::int64_t registration_id,
                                       int year);
  Result<domain::RecordItem> AddEntry(const Principal& who, std::int64_t registration_id,
                                      const RecordEntryInput& in);
  Status VoidEntry(const Principal& who, std::int64_t entry_id);

  // month: "YYYY-MM"; the current month (Beijing time) when empty.
  Result<MemberStats> Stats(const Principal& who, std::int64_t unit_id, const std::string& month);

 private:
  Env env_;
};

}  // namespace linli::app
