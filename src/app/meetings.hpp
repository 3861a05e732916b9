// Use cases of meetings and supervision (DOMAIN.md §4, RULES.md §3-4; docs/MEETINGS.md): schedule
// a meeting or a series (each occurrence its own row), the agenda with the estate's open problems,
// minutes (attendance, discussion, decisions; the owners' committee's quorum and decisions
// against ALL members, no proxies), action items from decisions (late when overdue by the
// injected clock), publication of decisions within 3 days to the residents' public list (names
// masked), the committee's yearly attendance, and the community party organisation's four musts
// of supervision (四必) per estate and quarter. Every write is audited in its own transaction.
// Thread-safety: MeetingService is thread-safe (stateless over Env).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/meetings/meetings.hpp"
#include "storage/repos/meetings.hpp"

namespace linli::app {

struct AgendaInput {
  std::string title;
  std::optional<std::int64_t> appeal_id;  // one of the estate's problems
};

struct NewMeeting {
  std::int64_t unit_id = 0;
  std::string kind;
  std::string title;
  std::string location;
  std::string starts_at;  // RFC 3339, the first occurrence
  std::string recurrence = "none";
  int occurrences = 1;
  std::optional<std::int64_t> committee_id;  // committee meetings; default: the estate's current
  std::vector<AgendaInput> agenda;
};

// Only the fields present change, on this occurrence only.
struct MeetingPatch {
  std::optional<std::string> title;
  std::optional<std::string> location;
  std::optional<std::string> starts_at;
  std::optional<std::vector<AgendaInput>> agenda;
};

struct AttendeeInput {
  std::optional<std::int64_t> person_id;
  std::string name;  // may be empty when person_id is given
  std::string side;
  std::string presence = "present";
  std::string note;
};
struct DecisionInput {
  std::string text;
  std::optional<int> in_favour;  // committee meetings: members in favour
  bool major = false;            // a major decision (四必: the party organisation takes part)
  bool project = false;          // a major project (四必: supervised); implies major
};
struct MinutesInput {
  std::optional<std::string> held_at;  // default: the scheduled start
  std::string discussion;
  std::vector<AttendeeInput> attendance;
  std::vector<DecisionInput> decisions;
};

struct ActionInput {
  std::string title;  // default: the decision's text
  std::optional<std::int64_t> owner_person_id;
  std::string owner_name;
  std::string due_at;  // RFC 3339
};

struct SupervisionInput {
  std::string kind;  // spot_check | project
  std::string on;    // YYYY-MM-DD
  std::string subject;
  std::string finding;
  std::optional<std::int64_t> decision_id;  // project: the major project decision supervised
};

struct ActionView {
  storage::ActionRecord action;  // owner_name masked unless the viewer may read personal data
  bool late = false;
};
struct DecisionView {
  storage::DecisionRecord decision;
  std::vector<ActionView> actions;
};

struct MeetingView {
  storage::MeetingRecord meeting;
  int notice_days = 0;       // legal notice period of the kind (0: none)
  bool notice_late = false;  // notice given fewer days before than the period
  bool publication_late = false;
  bool can_manage = false;
  // Committee meetings.
  std::optional<int> committee_members;  // current members (distinct people)
  std::optional<int> present;            // members present (minutes recorded)
  std::optional<bool> quorum;
  // Get only:
  std::vector<storage::AgendaItemRecord> agenda;
  std::vector<storage::AttendeeRecord> attendance;  // names masked per viewer
  std::vector<DecisionView> decisions;
};

struct ScheduledSeries {
  std::optional<std::int64_t> series_id;
  std::vector<MeetingView> meetings;
};

struct MeetingQuery {
  std::int64_t unit_id = 0;
  std::optional<std::string> kind;
  std::optional<std::string> status;
  std::optional<std::string> from, to;  // RFC 3339 bounds of starts_at
};

// What the residents' H5 reads: published decisions of the estate's meetings, names masked.
struct PublishedMeeting {
  storage::MeetingRecord meeting;
  bool late = false;
  std::vector<DecisionView> decisions;  // passed decisions only
};

struct OpenAppealRef {
  std::int64_t id = 0;
  std::string category;
  std::string description;
  std::string status;
  UnixSeconds received_at = 0;
};

struct MemberAttendance {
  std::int64_t person_id = 0;
  std::string name;
  int meetings = 0;
  int present = 0;
  int absent = 0;
  bool flagged = false;  // absent from more than half
};
struct CommitteeAttendanceView {
  std::int64_t committee_id = 0;
  std::string committee_name;
  int year = 0;
  int meetings = 0;
  std::vector<MemberAttendance> members;
};

struct EstateMusts {
  std::int64_t estate_id = 0;
  std::string estate_name;
  std::vector<domain::MustResult> musts;
  int missed = 0;  // musts not met
};
struct SupervisionReport {
  std::string quarter;
  UnixSeconds from = 0, to = 0;
  std::vector<EstateMusts> estates;
};

class MeetingService {
 public:
  explicit MeetingService(Env env) : env_(env) {}

  // kManageMeetings on the unit. Kinds other than leadership need an estate.
  Result<ScheduledSeries> Schedule(const Principal& who, const NewMeeting& in);
  // kReadMeetings on the unit: meetings at it and below, soonest first.
  Result<Paged<MeetingView>> List(const Principal& who, const MeetingQuery& q, Page page);
  Result<MeetingView> Get(const Principal& who, std::int64_t id);
  // Scheduled meetings only; changes this occurrence and no other.
  Result<MeetingView> Update(const Principal& who, std::int64_t id, const MeetingPatch& in);
  Result<MeetingView> Cancel(const Principal& who, std::int64_t id);
  // Records (or re-records, until published or an action item hangs on a decision) the minutes.
  Result<MeetingView> RecordMinutes(const Principal& who, std::int64_t id, const MinutesInput& in);
  // Puts the passed decisions on the estate's public list; late after the 3-day period.
  Result<MeetingView> Publish(const Principal& who, std::int64_t id);
  // A passed decision becomes an action item.
  Result<ActionView> AddAction(const Principal& who, std::int64_t decision_id,
                               const ActionInput& in);
  Result<ActionView> CompleteAction(const Principal& who, std::int64_t action_id,
                                    const std::string& note);
  Result<Paged<ActionView>> ListActions(const Principal& who, std::int64_t unit_id, bool open_only,
                                        Page page);
  // The estate's open problems to pick agenda items from (kReadAppeals).
  Result<std::vector<OpenAppealRef>> AgendaCandidates(const Principal& who, std::int64_t estate_id);
  // kReadStructure on the estate (residents too): names masked for everyone.
  Result<Paged<PublishedMeeting>> Published(const Principal& who, std::int64_t estate_id,
                                            Page page);
  Result<CommitteeAttendanceView> CommitteeAttendance(const Principal& who,
                                                      std::int64_t committee_id, int year);

  // kRecordSupervision on the estate (the community party organisation: officials).
  Result<storage::SupervisionRecord> RecordSupervision(const Principal& who, std::int64_t estate_id,
                                                       const SupervisionInput& in);
  Result<std::vector<storage::SupervisionRecord>> ListSupervision(const Principal& who,
                                                                  std::int64_t estate_id,
                                                                  const std::string& quarter);
  // The four musts for the unit's estates (the estate itself, or every estate below).
  Result<SupervisionReport> FourMusts(const Principal& who, std::int64_t unit_id,
                                      const std::string& quarter);

 private:
  Result<MeetingView> ViewOf(storage::Tx& tx, const Principal& who, storage::MeetingRecord m,
                             bool details);
  Env env_;
};

}  // namespace linli::app
