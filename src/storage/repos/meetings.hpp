// Meetings and supervision in the store (docs/MEETINGS.md): series and their occurrences (each a
// row of its own), the agenda, minutes (attendance and decisions), action items, publication, the
// community party organisation's supervision records, and the reads the four musts (四必) and the
// committee's yearly attendance are computed from.
// Thread-safety: functions over a transaction owned by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/meetings/meetings.hpp"
#include "storage/database.hpp"

namespace linli::storage {

struct MeetingRecord {
  std::int64_t id = 0;
  std::int64_t unit_id = 0;
  std::string unit_path;
  domain::MeetingKind kind = domain::MeetingKind::kJoint;
  std::optional<std::int64_t> committee_id;
  std::optional<std::int64_t> series_id;
  int series_index = 1;
  std::string title;
  std::string location;
  std::int64_t starts_at = 0;
  std::int64_t notice_at = 0;  // when the agenda was given notice (scheduling)
  domain::MeetingStatus status = domain::MeetingStatus::kScheduled;
  std::optional<std::int64_t> held_at;
  std::string discussion;
  std::optional<std::int64_t> minutes_by;
  std::optional<std::int64_t> published_at;
  std::optional<std::int64_t> publish_by;  // set with the minutes: held_at + 3 days (RULES §0)
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
  std::int64_t version = 1;
  // Joined on reads.
  std::string unit_name;
  std::string unit_kind;
  std::string committee_name;
  std::string series_recurrence;  // "" when not part of a series
  int series_size = 1;
};

Result<std::int64_t> InsertSeries(Tx& tx, std::int64_t unit_id, domain::Recurrence r,
                                  int occurrences, std::optional<std::int64_t> by,
                                  std::int64_t now);
Result<std::int64_t> InsertMeeting(Tx& tx, const MeetingRecord& m);
Result<std::optional<MeetingRecord>> FindMeeting(Tx& tx, std::int64_t id);
// Writes title, location, starts_at, status, held_at, discussion, minutes_by, published_at,
// publish_by and version if the stored row is still at `expected_version`; aborted otherwise.
Status UpdateMeeting(Tx& tx, const MeetingRecord& m, std::int64_t expected_version);

struct MeetingFilter {
  std::string unit_path;  // meetings at this unit or below it
  std::optional<std::string> kind;
  std::optional<std::string> status;
  std::optional<std::int64_t> from, to;  // starts_at in [from, to)
  std::optional<std::int64_t> series_id;
};
// Soonest first.
Result<std::vector<MeetingRecord>> ListMeetings(Tx& tx, const MeetingFilter& f, std::int64_t limit,
                                                std::int64_t offset);
Result<std::int64_t> CountMeetings(Tx& tx, const MeetingFilter& f);

struct AgendaItemRecord {
  std::int64_t id = 0;
  std::int64_t meeting_id = 0;
  int position = 0;
  std::string title;
  std::optional<std::int64_t> appeal_id;
};
Status ReplaceAgenda(Tx& tx, std::int64_t meeting_id, const std::vector<AgendaItemRecord>& items);
Result<std::vector<AgendaItemRecord>> ListAgenda(Tx& tx, std::int64_t meeting_id);

struct AttendeeRecord {
  std::int64_t id = 0;
  std::int64_t meeting_id = 0;
  std::optional<std::int64_t> person_id;
  std::string name;
  domain::Side side = domain::Side::kOther;
  domain::Presence presence = domain::Presence::kPresent;
  std::string note;
};
struct DecisionRecord {
  std::int64_t id = 0;
  std::int64_t meeting_id = 0;
  int position = 0;
  std::string text;
  std::optional<int> in_favour;
  bool passed = true;
  bool major = false;
  bool project = false;
};
// Replaces the attendance and the decisions of the meeting (no action item may hang on them).
Status ReplaceMinutes(Tx& tx, std::int64_t meeting_id,
                      const std::vector<AttendeeRecord>& attendance,
                      const std::vector<DecisionRecord>& decisions);
Result<std::vector<AttendeeRecord>> ListAttendance(Tx& tx, std::int64_t meeting_id);
Result<std::vector<DecisionRecord>> ListDecisions(Tx& tx, std::int64_t meeting_id);
Result<std::optional<DecisionRecord>> FindDecision(Tx& tx, std::int64_t id);

struct ActionRecord {
  std::int64_t id = 0;
  std::int64_t decision_id = 0;
  std::int64_t meeting_id = 0;
  std::string unit_path;
  std::string title;
  std::optional<std::int64_t> owner_person_id;
  std::string owner_name;
  std::int64_t due_at = 0;
  std::optional<std::int64_t> done_at;
  std::string done_note;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
  // Joined on reads.
  std::string meeting_title;
  std::string decision_text;
};
Result<std::int64_t> InsertAction(Tx& tx, const ActionRecord& a);
Result<std::optional<ActionRecord>> FindAction(Tx& tx, std::int64_t id);
// Sets done_at and done_note if the item is not done yet; failed_precondition otherwise.
Status MarkActionDone(Tx& tx, std::int64_t id, std::int64_t at, const std::string& note);
struct ActionFilter {
  std::optional<std::int64_t> meeting_id;
  std::optional<std::string> unit_path;  // subtree
  bool open_only = false;
};
// By deadline, then id.
Result<std::vector<ActionRecord>> ListActions(Tx& tx, const ActionFilter& f, std::int64_t limit,
                                              std::int64_t offset);
Result<std::int64_t> CountActions(Tx& tx, const ActionFilter& f);

// Meetings at the unit whose decisions were published, newest publication first.
Result<std::vector<MeetingRecord>> ListPublished(Tx& tx, std::int64_t unit_id, std::int64_t limit,
                                                 std::int64_t offset);
Result<std::int64_t> CountPublished(Tx& tx, std::int64_t unit_id);

// ---- Supervision ----
struct SupervisionRecord {
  std::int64_t id = 0;
  std::int64_t estate_id = 0;
  std::string estate_path;
  std::string kind;              // spot_check | project
  std::string on_day;            // YYYY-MM-DD
  std::int64_t happened_at = 0;  // 00:00 Asia/Shanghai of on_day
  std::string subject;
  std::string finding;
  std::optional<std::int64_t> decision_id;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
  std::string created_by_name;  // joined
};
Result<std::int64_t> InsertSupervision(Tx& tx, const SupervisionRecord& r);
// Newest first; `from`/`to` bound happened_at in [from, to) when set.
Result<std::vector<SupervisionRecord>> ListSupervision(Tx& tx, std::int64_t estate_id,
                                                       std::optional<std::int64_t> from,
                                                       std::optional<std::int64_t> to);

// The four musts' inputs for an estate and a period [from, to) of held_at / happened_at.
Result<std::vector<domain::SupervisedMeeting>> SupervisedMeetings(Tx& tx, std::int64_t estate_id,
                                                                  std::int64_t from,
                                                                  std::int64_t to);
Result<std::vector<domain::SupervisedDecision>> MajorDecisions(Tx& tx, std::int64_t estate_id,
                                                               std::int64_t from, std::int64_t to);
Result<int> CountSpotChecks(Tx& tx, std::int64_t estate_id, std::int64_t from, std::int64_t to);

// Attendance rows (meeting id, person id, presence) of the committee's meetings held in
// [from, to), and those meetings' ids.
struct CommitteePresenceRow {
  std::int64_t meeting_id = 0;
  std::int64_t person_id = 0;
  domain::Presence presence = domain::Presence::kAbsent;
};
Result<std::vector<std::int64_t>> HeldCommitteeMeetings(Tx& tx, std::int64_t committee_id,
                                                        std::int64_t from, std::int64_t to);
Result<std::vector<CommitteePresenceRow>> CommitteePresence(Tx& tx, std::int64_t committee_id,
                                                            std::int64_t from, std::int64_t to);

// Estates at or below the unit at `path` (id, name), by name (for the four musts across estates).
struct EstateRef {
  std::int64_t id = 0;
  std::string name;
  std::string path;
};
Result<std::vector<EstateRef>> EstatesUnder(Tx& tx, const std::string& path);

}  // namespace linli::storage
