#include "app/meetings.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <boost/json.hpp>

#include "app/audit.hpp"
#include "app/authz.hpp"
#include "app/units.hpp"
#include "core/mask.hpp"
#include "core/text.hpp"
#include "core/time_format.hpp"
#include "domain/appeals/appeal.hpp"
#include "storage/repos/appeals.hpp"
#include "storage/repos/organisation.hpp"
#include "storage/repos/people.hpp"

namespace linli::app {
namespace json = boost::json;
using domain::MeetingKind;
using domain::MeetingStatus;
using domain::Permission;
using storage::MeetingRecord;

namespace {

constexpr std::size_t kMaxTitle = 100;
constexpr std::size_t kMaxText = 2000;
constexpr std::size_t kMaxDiscussion = 20000;
constexpr std::size_t kMaxItems = 50;
constexpr std::size_t kMaxAttendees = 200;

// A one-line text of 1..max characters (or 0..max when optional), naming `field`.
Result<std::string> CheckText(std::string_view raw, const std::string& field, std::size_t max,
                              bool required, const std::string& what) {
  std::string text(Trim(raw));
  if (!IsValidUtf8(text)) return InvalidArgument(field + " must be UTF-8 text", field);
  const auto n = Utf8Length(text);
  if (required && n == 0) return InvalidArgument(what + " is required", field);
  if (n > max)
    return InvalidArgument(
        what + " is too long: " + std::to_string(n) + " characters, at most " + std::to_string(max),
        field);
  return text;
}

Result<UnixSeconds> CheckTime(const std::string& text, const std::string& field) {
  auto t = ParseTime(text);
  if (!t)
    return InvalidArgument(field + " must be an RFC 3339 time such as 2026-03-20T19:30:00+08:00",
                           field);
  return *t;
}

json::value OptJ(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::value MeetingAuditJson(const MeetingRecord& m) {
  return json::object{
      {"kind", std::string(domain::MeetingKindName(m.kind))},
      {"title", m.title},
      {"location", m.location},
      {"starts_at", FormatTime(m.starts_at)},
      {"status", std::string(domain::MeetingStatusName(m.status))},
      {"series_id", OptJ(m.series_id)},
      {"committee_id", OptJ(m.committee_id)},
      {"held_at", m.held_at ? json::value(FormatTime(*m.held_at)) : nullptr},
      {"published_at", m.published_at ? json::value(FormatTime(*m.published_at)) : nullptr}};
}

// The estate's current committee members (distinct people), when the meeting is a committee's.
Result<std::vector<std::int64_t>> CommitteeMemberIds(storage::Tx& tx, std::int64_t committee_id) {
  LINLI_ASSIGN_OR_RETURN(auto posts, storage::CurrentPostsOfCommittee(tx, committee_id));
  std::set<std::int64_t> ids;
  for (const auto& p : posts) ids.insert(p.person_id);
  return std::vector<std::int64_t>(ids.begin(), ids.end());
}

Result<std::vector<storage::AgendaItemRecord>> CheckAgenda(storage::Tx& tx,
                                                           const std::vector<AgendaInput>& in,
                                                           const domain::Unit& unit) {
  if (in.size() > kMaxItems)
    return InvalidArgument("an agenda has at most " + std::to_string(kMaxItems) + " items",
                           "agenda");
  std::vector<storage::AgendaItemRecord> out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const std::string field = "agenda[" + std::to_string(i) + "]";
    storage::AgendaItemRecord item;
    item.appeal_id = in[i].appeal_id;
    std::string title = in[i].title;
    if (item.appeal_id) {
      LINLI_ASSIGN_OR_RETURN(auto appeal, storage::FindAppeal(tx, *item.appeal_id));
      if (!appeal || appeal->appeal.estate_path.rfind(unit.path, 0) != 0)
        return NotFound("appeal " + std::to_string(*item.appeal_id) + " is not a problem of " +
                            unit.name + "; pick one from the open problems offered",
                        field + ".appeal_id");
      if (Trim(title).empty()) {
        auto chars = Utf8Chars(appeal->appeal.description);
        std::string d;
        for (std::size_t c = 0; c < chars.size() && c < 40; ++c) d += chars[c];
        title = "诉求 #" + std::to_string(appeal->appeal.id) + "：" + d;
      }
    }
    LINLI_ASSIGN_OR_RETURN(item.title,
                           CheckText(title, field + ".title", 200, true, "an agenda item's title"));
    out.push_back(std::move(item));
  }
  return out;
}

bool IsStaff(const Principal& who, std::string_view path) {
  return Allows(who, Permission::kReadMeetings, path) ||
         Allows(who, Permission::kManageMeetings, path);
}

Status RequireRead(const Principal& who, std::string_view path) {
  if (IsStaff(who, path)) return {};
  return PermissionDenied(
      "you may not read the meetings of this unit (needs a branch, committee, "
      "property or official role there)");
}

ActionView ActionViewOf(storage::ActionRecord a, bool full, UnixSeconds now) {
  ActionView v;
  v.late = domain::ActionLate(a.done_at, a.due_at, now);
  if (!full) a.owner_name = MaskName(a.owner_name);
  v.action = std::move(a);
  return v;
}

}  // namespace

// ---- Views --------------------------------------------------------------------------------------

Result<MeetingView> MeetingService::ViewOf(storage::Tx& tx, const Principal& who, MeetingRecord m,
                                           bool details) {
  const UnixSeconds now = env_.clock.Now();
  MeetingView v;
  v.notice_days = domain::NoticeDays(m.kind);
  v.notice_late = domain::NoticeLate(m.kind, m.notice_at, m.starts_at);
  if (m.publish_by)
    v.publication_late = domain::PublicationLate(m.published_at, *m.publish_by, now);
  v.can_manage = m.status != MeetingStatus::kCancelled &&
                 Allows(who, Permission::kManageMeetings, m.unit_path);
  const bool full = Allows(who, Permission::kReadPersonalData, m.unit_path);
  std::vector<std::int64_t> members;
  if (m.kind == MeetingKind::kCommittee && m.committee_id) {
    LINLI_ASSIGN_OR_RETURN(members, CommitteeMemberIds(tx, *m.committee_id));
    v.committee_members = static_cast<int>(members.size());
  }
  const bool need_attendance = details || (v.committee_members && m.held_at);
  std::vector<storage::AttendeeRecord> attendance;
  if (need_attendance) {
    LINLI_ASSIGN_OR_RETURN(attendance, storage::ListAttendance(tx, m.id));
  }
  if (v.committee_members && m.held_at) {
    std::vector<domain::CommitteeAttendee> att;
    for (const auto& a : attendance) att.push_back({a.person_id.value_or(0), a.presence});
    v.present = domain::CommitteePresent(members, att);
    v.quorum = domain::HasQuorum(*v.present, *v.committee_members);
  }
  if (details) {
    LINLI_ASSIGN_OR_RETURN(v.agenda, storage::ListAgenda(tx, m.id));
    for (auto& a : attendance)
      if (!full) a.name = MaskName(a.name);
    v.attendance = std::move(attendance);
    LINLI_ASSIGN_OR_RETURN(auto decisions, storage::ListDecisions(tx, m.id));
    storage::ActionFilter f;
    f.meeting_id = m.id;
    LINLI_ASSIGN_OR_RETURN(auto actions, storage::ListActions(tx, f, 10'000, 0));
    for (auto& d : decisions) {
      DecisionView dv;
      for (const auto& a : actions)
        if (a.decision_id == d.id) dv.actions.push_back(ActionViewOf(a, full, now));
      dv.decision = std::move(d);
      v.decisions.push_back(std::move(dv));
    }
  }
  v.meeting = std::move(m);
  return v;
}

// ---- Scheduling ---------------------------------------------------------------------------------

Result<ScheduledSeries> MeetingService::Schedule(const Principal& who, const NewMeeting& in) {
  auto kind = domain::ParseMeetingKind(in.kind);
  if (!kind)
    return InvalidArgument(
        "kind must be joint (小区治理联席会), deliberation (说事议事会), committee (业委会会议), "
        "assembly (业主大会) or leadership (领导小组)",
        "kind");
  auto recurrence = domain::ParseRecurrence(in.recurrence);
  if (!recurrence)
    return InvalidArgument("recurrence must be none, monthly, bimonthly or quarterly",
                           "recurrence");
  LINLI_ASSIGN_OR_RETURN(auto title, CheckText(in.title, "title", kMaxTitle, true, "title"));
  LINLI_ASSIGN_OR_RETURN(auto location,
                         CheckText(in.location, "location", kMaxTitle, false, "location"));
  LINLI_ASSIGN_OR_RETURN(auto first, CheckTime(in.starts_at, "starts_at"));
  LINLI_ASSIGN_OR_RETURN(auto starts, domain::Occurrences(first, *recurrence, in.occurrences));
  const UnixSeconds now = env_.clock.Now();
  if (first < now)
    return InvalidArgument("starts_at is in the past (" + FormatTime(first) +
                               "); schedule a meeting for later, or record minutes of a past "
                               "one on a meeting scheduled before it",
                           "starts_at");
  ScheduledSeries out;
  std::vector<std::int64_t> ids;
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, in.unit_id));
    if (domain::MeetingNeedsEstate(*kind) && unit.kind != domain::UnitKind::kEstate)
      return InvalidArgument(std::string(domain::MeetingKindLabel(*kind)) +
                                 " meets for one estate; " + unit.name +
                                 " is not an estate (only leadership meetings sit at a community, "
                                 "street or district)",
                             "unit_id");
    LINLI_TRY(Require(who, Permission::kManageMeetings, unit.path, "schedule meetings here"));
    std::optional<std::int64_t> committee_id;
    if (*kind == MeetingKind::kCommittee) {
      if (in.committee_id) {
        LINLI_ASSIGN_OR_RETURN(auto c, storage::FindCommittee(tx, *in.committee_id));
        if (!c || c->estate_id != unit.id)
          return NotFound("committee " + std::to_string(*in.committee_id) +
                              " is not a committee of " + unit.name,
                          "committee_id");
        committee_id = c->id;
      } else {
        LINLI_ASSIGN_OR_RETURN(auto committees, storage::ListCommittees(tx, unit.id));
        const std::string day = FormatDate(first);
        for (const auto& c : committees)
          if (c.term_start.ToString() <= day && day <= c.term_end.ToString()) committee_id = c.id;
        if (!committee_id)
          return FailedPrecondition(unit.name + " has no owners' committee whose term covers " +
                                        day + "; create it under 组织 first or pass committee_id",
                                    "committee_id");
      }
    } else if (in.committee_id) {
      return InvalidArgument("committee_id is only for committee meetings", "committee_id");
    }
    LINLI_ASSIGN_OR_RETURN(auto agenda, CheckAgenda(tx, in.agenda, unit));
    std::optional<std::int64_t> series;
    if (*recurrence != domain::Recurrence::kNone) {
      LINLI_ASSIGN_OR_RETURN(series, storage::InsertSeries(tx, unit.id, *recurrence, in.occurrences,
                                                           who.account_id, now));
    }
    out.series_id = series;
    for (std::size_t i = 0; i < starts.size(); ++i) {
      MeetingRecord m;
      m.unit_id = unit.id;
      m.unit_path = unit.path;
      m.kind = *kind;
      m.committee_id = committee_id;
      m.series_id = series;
      m.series_index = static_cast<int>(i) + 1;
      m.title = title;
      m.location = location;
      m.starts_at = starts[i];
      m.notice_at = now;
      m.status = MeetingStatus::kScheduled;
      m.created_by = who.account_id;
      m.created_at = now;
      LINLI_ASSIGN_OR_RETURN(auto id, storage::InsertMeeting(tx, m));
      m.id = id;
      LINLI_TRY(storage::ReplaceAgenda(tx, id, agenda));
      ids.push_back(id);
      LINLI_TRY(RecordAudit(tx, env_, &who,
                            {"create", "meeting", id, unit.path, nullptr, MeetingAuditJson(m)}));
    }
    return {};
  }));
  LINLI_TRY(env_.db.Read([&](storage::Tx& tx) -> Status {
    for (auto id : ids) {
      LINLI_ASSIGN_OR_RETURN(auto m, storage::FindMeeting(tx, id));
      if (!m) return Internal("meeting vanished");
      LINLI_ASSIGN_OR_RETURN(auto v, ViewOf(tx, who, std::move(*m), true));
      out.meetings.push_back(std::move(v));
    }
    return {};
  }));
  return out;
}

Result<Paged<MeetingView>> MeetingService::List(const Principal& who, const MeetingQuery& q,
                                                Page page) {
  storage::MeetingFilter f;
  if (q.kind) {
    if (!domain::ParseMeetingKind(*q.kind))
      return InvalidArgument("kind must be joint, deliberation, committee, assembly or leadership",
                             "kind");
    f.kind = q.kind;
  }
  if (q.status) {
    if (!domain::ParseMeetingStatus(*q.status))
      return InvalidArgument("status must be scheduled, held or cancelled", "status");
    f.status = q.status;
  }
  if (q.from) {
    LINLI_ASSIGN_OR_RETURN(auto t, CheckTime(*q.from, "from"));
    f.from = t;
  }
  if (q.to) {
    LINLI_ASSIGN_OR_RETURN(auto t, CheckTime(*q.to, "to"));
    f.to = t;
  }
  return env_.db.Read([&](storage::Tx& tx) -> Result<Paged<MeetingView>> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, q.unit_id));
    LINLI_TRY(RequireRead(who, unit.path));
    f.unit_path = unit.path;
    Paged<MeetingView> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(out.total, storage::CountMeetings(tx, f));
    LINLI_ASSIGN_OR_RETURN(auto rows, storage::ListMeetings(tx, f, page.page_size, page.Offset()));
    for (auto& m : rows) {
      LINLI_ASSIGN_OR_RETURN(auto v, ViewOf(tx, who, std::move(m), false));
      out.items.push_back(std::move(v));
    }
    return out;
  });
}

Result<MeetingView> MeetingService::Get(const Principal& who, std::int64_t id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<MeetingView> {
    LINLI_ASSIGN_OR_RETURN(auto m, storage::FindMeeting(tx, id));
    if (!m) return NotFound("meeting " + std::to_string(id) + " does not exist");
    LINLI_TRY(RequireRead(who, m->unit_path));
    return ViewOf(tx, who, std::move(*m), true);
  });
}

namespace {
// Loads the meeting for a change by a manager, in the write transaction.
Result<MeetingRecord> LoadForChange(storage::Tx& tx, const Principal& who, std::int64_t id,
                                    const char* what) {
  LINLI_ASSIGN_OR_RETURN(auto m, storage::FindMeeting(tx, id));
  if (!m) return NotFound("meeting " + std::to_string(id) + " does not exist");
  LINLI_TRY(Require(who, Permission::kManageMeetings, m->unit_path, what));
  return std::move(*m);
}
}  // namespace

Result<MeetingView> MeetingService::Update(const Principal& who, std::int64_t id,
                                           const MeetingPatch& in) {
  std::optional<std::string> title, location;
  std::optional<UnixSeconds> starts;
  if (in.title) {
    LINLI_ASSIGN_OR_RETURN(title, CheckText(*in.title, "title", kMaxTitle, true, "title"));
  }
  if (in.location) {
    LINLI_ASSIGN_OR_RETURN(location,
                           CheckText(*in.location, "location", kMaxTitle, false, "location"));
  }
  if (in.starts_at) {
    LINLI_ASSIGN_OR_RETURN(starts, CheckTime(*in.starts_at, "starts_at"));
  }
  const UnixSeconds now = env_.clock.Now();
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto m, LoadForChange(tx, who, id, "change meetings here"));
    if (m.status != MeetingStatus::kScheduled)
      return FailedPrecondition("meeting " + std::to_string(id) + " is " +
                                std::string(domain::MeetingStatusName(m.status)) +
                                "; only a scheduled meeting can be changed");
    const auto before = MeetingAuditJson(m);
    if (title) m.title = *title;
    if (location) m.location = *location;
    if (starts) {
      if (*starts < now)
        return InvalidArgument("starts_at is in the past (" + FormatTime(*starts) + ")",
                               "starts_at");
      m.starts_at = *starts;
    }
    if (in.agenda) {
      LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, m.unit_id));
      LINLI_ASSIGN_OR_RETURN(auto agenda, CheckAgenda(tx, *in.agenda, unit));
      LINLI_TRY(storage::ReplaceAgenda(tx, m.id, agenda));
    }
    const auto expected = m.version;
    ++m.version;
    LINLI_TRY(storage::UpdateMeeting(tx, m, expected));
    return RecordAudit(tx, env_, &who,
                       {"update", "meeting", m.id, m.unit_path, before, MeetingAuditJson(m)});
  }));
  return Get(who, id);
}

Result<MeetingView> MeetingService::Cancel(const Principal& who, std::int64_t id) {
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto m, LoadForChange(tx, who, id, "cancel meetings here"));
    if (m.status != MeetingStatus::kScheduled)
      return FailedPrecondition("meeting " + std::to_string(id) + " is " +
                                std::string(domain::MeetingStatusName(m.status)) +
                                "; only a scheduled meeting can be cancelled");
    const auto before = MeetingAuditJson(m);
    m.status = MeetingStatus::kCancelled;
    const auto expected = m.version;
    ++m.version;
    LINLI_TRY(storage::UpdateMeeting(tx, m, expected));
    return RecordAudit(tx, env_, &who,
                       {"cancel", "meeting", m.id, m.unit_path, before, MeetingAuditJson(m)});
  }));
  return Get(who, id);
}

// ---- Minutes ------------------------------------------------------------------------------------

Result<MeetingView> MeetingService::RecordMinutes(const Principal& who, std::int64_t id,
                                                  const MinutesInput& in) {
  LINLI_ASSIGN_OR_RETURN(auto discussion, CheckText(in.discussion, "discussion", kMaxDiscussion,
                                                    false, "the discussion"));
  std::optional<UnixSeconds> held;
  if (in.held_at) {
    LINLI_ASSIGN_OR_RETURN(held, CheckTime(*in.held_at, "held_at"));
  }
  if (in.attendance.size() > kMaxAttendees)
    return InvalidArgument("at most " + std::to_string(kMaxAttendees) + " attendees", "attendance");
  if (in.decisions.size() > kMaxItems)
    return InvalidArgument("at most " + std::to_string(kMaxItems) + " decisions", "decisions");
  std::vector<storage::AttendeeRecord> attendance;
  for (std::size_t i = 0; i < in.attendance.size(); ++i) {
    const auto& a = in.attendance[i];
    const std::string field = "attendance[" + std::to_string(i) + "]";
    storage::AttendeeRecord r;
    auto side = domain::ParseSide(a.side);
    if (!side)
      return InvalidArgument(
          "side must be branch, committee, property, community_party, resident, official or "
          "other",
          field + ".side");
    auto presence = domain::ParsePresence(a.presence);
    if (!presence)
      return InvalidArgument("presence must be present, absent or proxy", field + ".presence");
    r.side = *side;
    r.presence = *presence;
    r.person_id = a.person_id;
    LINLI_ASSIGN_OR_RETURN(r.name, CheckText(a.name, field + ".name", 64, !a.person_id,
                                             "the attendee's name (or person_id)"));
    LINLI_ASSIGN_OR_RETURN(r.note, CheckText(a.note, field + ".note", 200, false, "the note"));
    attendance.push_back(std::move(r));
  }
  std::vector<storage::DecisionRecord> decisions;
  for (std::size_t i = 0; i < in.decisions.size(); ++i) {
    const auto& d = in.decisions[i];
    storage::DecisionRecord r;
    LINLI_ASSIGN_OR_RETURN(r.text, CheckText(d.text, "decisions[" + std::to_string(i) + "].text",
                                             kMaxText, true, "a decision's text"));
    r.in_favour = d.in_favour;
    r.project = d.project;
    r.major = d.major || d.project;
    decisions.push_back(std::move(r));
  }
  const UnixSeconds now = env_.clock.Now();
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto m, LoadForChange(tx, who, id, "record minutes here"));
    if (m.status == MeetingStatus::kCancelled)
      return FailedPrecondition("meeting " + std::to_string(id) +
                                " was cancelled; it has no minutes");
    if (m.published_at)
      return FailedPrecondition("the decisions of meeting " + std::to_string(id) +
                                " are published; its minutes can no longer change");
    storage::ActionFilter af;
    af.meeting_id = m.id;
    LINLI_ASSIGN_OR_RETURN(auto actions, storage::CountActions(tx, af));
    if (actions > 0)
      return FailedPrecondition("decisions of meeting " + std::to_string(id) +
                                " already have action items; its minutes can no longer change");
    const UnixSeconds held_at = held.value_or(m.starts_at);
    if (held_at > now)
      return FailedPrecondition("the meeting is held at " + FormatTime(held_at) +
                                    ", later than now; record its minutes afterwards",
                                "held_at");
    // People named by id: they exist; their name fills an empty one.
    std::vector<std::int64_t> person_ids;
    for (const auto& a : attendance)
      if (a.person_id) person_ids.push_back(*a.person_id);
    LINLI_ASSIGN_OR_RETURN(auto people, storage::FindPeople(tx, person_ids));
    std::map<std::int64_t, const storage::PersonRecord*> by_id;
    for (const auto& p : people) by_id[p.id] = &p;
    for (std::size_t i = 0; i < attendance.size(); ++i) {
      auto& a = attendance[i];
      if (!a.person_id) continue;
      auto it = by_id.find(*a.person_id);
      if (it == by_id.end())
        return NotFound("person " + std::to_string(*a.person_id) + " does not exist",
                        "attendance[" + std::to_string(i) + "].person_id");
      if (a.name.empty()) a.name = it->second->name;
    }
    if (m.kind == MeetingKind::kCommittee) {
      if (!m.committee_id) return Internal("committee meeting without committee");
      LINLI_ASSIGN_OR_RETURN(auto members, CommitteeMemberIds(tx, *m.committee_id));
      std::vector<domain::CommitteeAttendee> att;
      for (const auto& a : attendance) att.push_back({a.person_id.value_or(0), a.presence});
      std::vector<domain::CommitteeDecisionVotes> votes;
      for (const auto& d : decisions) votes.push_back({d.in_favour});
      LINLI_TRY(domain::CheckCommitteeMinutes(members, att, votes));
      for (auto& d : decisions)
        d.passed = domain::DecisionPasses(*d.in_favour, static_cast<int>(members.size()));
    } else {
      for (std::size_t i = 0; i < decisions.size(); ++i) {
        if (decisions[i].in_favour && *decisions[i].in_favour < 0)
          return InvalidArgument("in_favour cannot be negative",
                                 "decisions[" + std::to_string(i) + "].in_favour");
        decisions[i].passed = true;  // what a non-committee meeting minutes is what it decided
      }
    }
    LINLI_ASSIGN_OR_RETURN(auto calendar, storage::LoadCalendar(tx));
    const auto before = MeetingAuditJson(m);
    m.status = MeetingStatus::kHeld;
    m.held_at = held_at;
    m.discussion = discussion;
    m.minutes_by = who.account_id;
    m.publish_by = domain::PublishDeadline(calendar, held_at);
    const auto expected = m.version;
    ++m.version;
    LINLI_TRY(storage::UpdateMeeting(tx, m, expected));
    LINLI_TRY(storage::ReplaceMinutes(tx, m.id, attendance, decisions));
    json::object after = MeetingAuditJson(m).as_object();
    after["attendees"] = attendance.size();
    json::array ds;
    for (const auto& d : decisions)
      ds.push_back(json::object{{"text", d.text},
                                {"in_favour", d.in_favour ? json::value(*d.in_favour) : nullptr},
                                {"passed", d.passed},
                                {"major", d.major},
                                {"project", d.project}});
    after["decisions"] = std::move(ds);
    return RecordAudit(tx, env_, &who, {"minutes", "meeting", m.id, m.unit_path, before, after});
  }));
  return Get(who, id);
}

Result<MeetingView> MeetingService::Publish(const Principal& who, std::int64_t id) {
  const UnixSeconds now = env_.clock.Now();
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto m, LoadForChange(tx, who, id, "publish decisions here"));
    if (m.status != MeetingStatus::kHeld)
      return FailedPrecondition("meeting " + std::to_string(id) +
                                " has no minutes yet; record them before publishing");
    if (m.published_at)
      return FailedPrecondition("the decisions of meeting " + std::to_string(id) +
                                " were published at " + FormatTime(*m.published_at));
    if (m.unit_kind != "estate")
      return FailedPrecondition(
          "only an estate's meetings are published to its owners; this meeting sits at " +
          m.unit_name);
    const auto before = MeetingAuditJson(m);
    m.published_at = now;
    const auto expected = m.version;
    ++m.version;
    LINLI_TRY(storage::UpdateMeeting(tx, m, expected));
    json::object after = MeetingAuditJson(m).as_object();
    after["late"] = m.publish_by && domain::PublicationLate(m.published_at, *m.publish_by, now);
    return RecordAudit(tx, env_, &who, {"publish", "meeting", m.id, m.unit_path, before, after});
  }));
  return Get(who, id);
}

// ---- Action items -------------------------------------------------------------------------------

Result<ActionView> MeetingService::AddAction(const Principal& who, std::int64_t decision_id,
                                             const ActionInput& in) {
  LINLI_ASSIGN_OR_RETURN(auto owner_name,
                         CheckText(in.owner_name, "owner_name", 64, !in.owner_person_id,
                                   "the owner's name (or owner_person_id)"));
  LINLI_ASSIGN_OR_RETURN(auto title, CheckText(in.title, "title", kMaxText, false, "title"));
  LINLI_ASSIGN_OR_RETURN(auto due, CheckTime(in.due_at, "due_at"));
  const UnixSeconds now = env_.clock.Now();
  std::int64_t id = 0;
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto d, storage::FindDecision(tx, decision_id));
    if (!d) return NotFound("decision " + std::to_string(decision_id) + " does not exist");
    LINLI_ASSIGN_OR_RETURN(auto m, LoadForChange(tx, who, d->meeting_id, "assign action items"));
    if (!d->passed)
      return FailedPrecondition("decision " + std::to_string(decision_id) +
                                " did not pass (it needs more than half of ALL committee "
                                "members); it cannot become an action item");
    if (due <= m.held_at.value_or(m.starts_at))
      return InvalidArgument(
          "due_at must be after the meeting (" + FormatTime(m.held_at.value_or(m.starts_at)) + ")",
          "due_at");
    storage::ActionRecord a;
    a.decision_id = d->id;
    a.meeting_id = m.id;
    a.unit_path = m.unit_path;
    a.title = title.empty() ? d->text : title;
    a.owner_person_id = in.owner_person_id;
    a.owner_name = owner_name;
    if (in.owner_person_id) {
      LINLI_ASSIGN_OR_RETURN(auto p, storage::FindPerson(tx, *in.owner_person_id));
      if (!p)
        return NotFound("person " + std::to_string(*in.owner_person_id) + " does not exist",
                        "owner_person_id");
      if (a.owner_name.empty()) a.owner_name = p->name;
    }
    a.due_at = due;
    a.created_by = who.account_id;
    a.created_at = now;
    LINLI_ASSIGN_OR_RETURN(id, storage::InsertAction(tx, a));
    return RecordAudit(tx, env_, &who,
                       {"create", "meeting_action", id, m.unit_path, nullptr,
                        json::object{{"decision_id", a.decision_id},
                                     {"title", a.title},
                                     {"owner_person_id", OptJ(a.owner_person_id)},
                                     {"owner_name", a.owner_name},
                                     {"due_at", FormatTime(a.due_at)}}});
  }));
  return env_.db.Read([&](storage::Tx& tx) -> Result<ActionView> {
    LINLI_ASSIGN_OR_RETURN(auto a, storage::FindAction(tx, id));
    if (!a) return Internal("action item vanished");
    return ActionViewOf(*a, Allows(who, Permission::kReadPersonalData, a->unit_path), now);
  });
}

Result<ActionView> MeetingService::CompleteAction(const Principal& who, std::int64_t action_id,
                                                  const std::string& note_in) {
  LINLI_ASSIGN_OR_RETURN(auto note, CheckText(note_in, "note", kMaxText, false, "the note"));
  const UnixSeconds now = env_.clock.Now();
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto a, storage::FindAction(tx, action_id));
    if (!a) return NotFound("action item " + std::to_string(action_id) + " does not exist");
    LINLI_TRY(Require(who, Permission::kManageMeetings, a->unit_path, "complete action items"));
    LINLI_TRY(storage::MarkActionDone(tx, action_id, now, note));
    return RecordAudit(
        tx, env_, &who,
        {"done", "meeting_action", action_id, a->unit_path, json::object{{"done_at", nullptr}},
         json::object{{"done_at", FormatTime(now)},
                      {"note", note},
                      {"late", domain::ActionLate(std::nullopt, a->due_at, now)}}});
  }));
  return env_.db.Read([&](storage::Tx& tx) -> Result<ActionView> {
    LINLI_ASSIGN_OR_RETURN(auto a, storage::FindAction(tx, action_id));
    if (!a) return Internal("action item vanished");
    return ActionViewOf(*a, Allows(who, Permission::kReadPersonalData, a->unit_path), now);
  });
}

Result<Paged<ActionView>> MeetingService::ListActions(const Principal& who, std::int64_t unit_id,
                                                      bool open_only, Page page) {
  const UnixSeconds now = env_.clock.Now();
  return env_.db.Read([&](storage::Tx& tx) -> Result<Paged<ActionView>> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, unit_id));
    LINLI_TRY(RequireRead(who, unit.path));
    const bool full = Allows(who, Permission::kReadPersonalData, unit.path);
    storage::ActionFilter f;
    f.unit_path = unit.path;
    f.open_only = open_only;
    Paged<ActionView> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(out.total, storage::CountActions(tx, f));
    LINLI_ASSIGN_OR_RETURN(auto rows, storage::ListActions(tx, f, page.page_size, page.Offset()));
    for (auto& a : rows) out.items.push_back(ActionViewOf(std::move(a), full, now));
    return out;
  });
}

// ---- Agenda candidates, public list, committee attendance ---------------------------------------

Result<std::vector<OpenAppealRef>> MeetingService::AgendaCandidates(const Principal& who,
                                                                    std::int64_t estate_id) {
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<OpenAppealRef>> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(
        Require(who, Permission::kReadAppeals, estate.path, "see the estate's open problems"));
    storage::AppealFilter f;
    f.estate_id = estate.id;
    for (auto s : {domain::AppealStatus::kSubmitted, domain::AppealStatus::kAccepted,
                   domain::AppealStatus::kInProgress, domain::AppealStatus::kResolved,
                   domain::AppealStatus::kClosed, domain::AppealStatus::kReturned,
                   domain::AppealStatus::kMerged})
      if (domain::IsOpen(s)) f.statuses.push_back(std::string(domain::AppealStatusName(s)));
    LINLI_ASSIGN_OR_RETURN(auto rows, storage::ListAppeals(tx, f, 200, 0));
    std::vector<OpenAppealRef> out;
    for (const auto& r : rows)
      out.push_back({r.appeal.id, r.appeal.category, r.appeal.description,
                     std::string(domain::AppealStatusName(r.appeal.status)), r.appeal.received_at});
    return out;
  });
}

Result<Paged<PublishedMeeting>> MeetingService::Published(const Principal& who,
                                                          std::int64_t estate_id, Page page) {
  const UnixSeconds now = env_.clock.Now();
  return env_.db.Read([&](storage::Tx& tx) -> Result<Paged<PublishedMeeting>> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kReadStructure, estate.path, "see this estate"));
    Paged<PublishedMeeting> out;
    out.page = page;
    LINLI_ASSIGN_OR_RETURN(out.total, storage::CountPublished(tx, estate.id));
    LINLI_ASSIGN_OR_RETURN(auto rows,
                           storage::ListPublished(tx, estate.id, page.page_size, page.Offset()));
    for (auto& m : rows) {
      PublishedMeeting p;
      p.late = m.publish_by && domain::PublicationLate(m.published_at, *m.publish_by, now);
      LINLI_ASSIGN_OR_RETURN(auto decisions, storage::ListDecisions(tx, m.id));
      storage::ActionFilter f;
      f.meeting_id = m.id;
      LINLI_ASSIGN_OR_RETURN(auto actions, storage::ListActions(tx, f, 10'000, 0));
      for (auto& d : decisions) {
        if (!d.passed) continue;
        DecisionView dv;
        for (const auto& a : actions)
          if (a.decision_id == d.id) dv.actions.push_back(ActionViewOf(a, false, now));
        dv.decision = std::move(d);
        p.decisions.push_back(std::move(dv));
      }
      m.discussion.clear();  // the public list carries decisions, not the debate
      p.meeting = std::move(m);
      out.items.push_back(std::move(p));
    }
    return out;
  });
}

Result<CommitteeAttendanceView> MeetingService::CommitteeAttendance(const Principal& who,
                                                                    std::int64_t committee_id,
                                                                    int year) {
  if (year < 2000 || year > 2100)
    return InvalidArgument("year must be between 2000 and 2100", "year");
  return env_.db.Read([&](storage::Tx& tx) -> Result<CommitteeAttendanceView> {
    LINLI_ASSIGN_OR_RETURN(auto c, storage::FindCommittee(tx, committee_id));
    if (!c) return NotFound("committee " + std::to_string(committee_id) + " does not exist");
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, c->estate_id));
    LINLI_TRY(RequireRead(who, estate.path));
    const bool full = Allows(who, Permission::kReadPersonalData, estate.path);
    const UnixSeconds from = DaysFromCivil(year, 1, 1) * 86400 - kShanghaiOffsetSeconds;
    const UnixSeconds to = DaysFromCivil(year + 1, 1, 1) * 86400 - kShanghaiOffsetSeconds;
    CommitteeAttendanceView v;
    v.committee_id = c->id;
    v.committee_name = c->name;
    v.year = year;
    LINLI_ASSIGN_OR_RETURN(auto held, storage::HeldCommitteeMeetings(tx, c->id, from, to));
    v.meetings = static_cast<int>(held.size());
    LINLI_ASSIGN_OR_RETURN(auto rows, storage::CommitteePresence(tx, c->id, from, to));
    std::map<std::int64_t, std::set<std::int64_t>> present;  // person -> meetings present
    for (const auto& r : rows)
      if (r.presence == domain::Presence::kPresent) present[r.person_id].insert(r.meeting_id);
    LINLI_ASSIGN_OR_RETURN(auto ids, CommitteeMemberIds(tx, c->id));
    LINLI_ASSIGN_OR_RETURN(auto people, storage::FindPeople(tx, ids));
    for (const auto& p : people) {
      MemberAttendance a;
      a.person_id = p.id;
      a.name = full ? p.name : MaskName(p.name);
      a.meetings = v.meetings;
      a.present = static_cast<int>(present[p.id].size());
      a.absent = v.meetings - a.present;
      a.flagged = domain::AbsenceFlagged(a.absent, a.meetings);
      v.members.push_back(std::move(a));
    }
    return v;
  });
}

// ---- Supervision (四必) -------------------------------------------------------------------------

Result<storage::SupervisionRecord> MeetingService::RecordSupervision(const Principal& who,
                                                                     std::int64_t estate_id,
                                                                     const SupervisionInput& in) {
  if (in.kind != "spot_check" && in.kind != "project")
    return InvalidArgument("kind must be spot_check (公共收益账目抽查) or project (重大项目监督)",
                           "kind");
  LINLI_ASSIGN_OR_RETURN(auto day, domain::ParseDay(in.on, "on"));
  LINLI_ASSIGN_OR_RETURN(auto subject, CheckText(in.subject, "subject", 200, true, "the subject"));
  LINLI_ASSIGN_OR_RETURN(auto finding, CheckText(in.finding, "finding", kMaxText,
                                                 in.kind == "spot_check", "the finding"));
  if (in.kind == "project" && !in.decision_id)
    return InvalidArgument("a project supervision names the major project decision (decision_id)",
                           "decision_id");
  const UnixSeconds now = env_.clock.Now();
  if (domain::StartOfDay(day) > now)
    return InvalidArgument("on is in the future; record a check after it happened", "on");
  std::int64_t id = 0;
  LINLI_TRY(env_.db.Write([&](storage::Tx& tx) -> Status {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(Require(who, Permission::kRecordSupervision, estate.path,
                      "record the community party organisation's supervision (officials)"));
    if (in.decision_id) {
      LINLI_ASSIGN_OR_RETURN(auto d, storage::FindDecision(tx, *in.decision_id));
      std::optional<MeetingRecord> m;
      if (d) {
        LINLI_ASSIGN_OR_RETURN(m, storage::FindMeeting(tx, d->meeting_id));
      }
      if (!d || !m || m->unit_id != estate.id)
        return NotFound("decision " + std::to_string(*in.decision_id) +
                            " is not a decision of a meeting of " + estate.name,
                        "decision_id");
    }
    storage::SupervisionRecord r;
    r.estate_id = estate.id;
    r.estate_path = estate.path;
    r.kind = in.kind;
    r.on_day = in.on;
    r.happened_at = domain::StartOfDay(day);
    r.subject = subject;
    r.finding = finding;
    r.decision_id = in.decision_id;
    r.created_by = who.account_id;
    r.created_at = now;
    LINLI_ASSIGN_OR_RETURN(id, storage::InsertSupervision(tx, r));
    return RecordAudit(tx, env_, &who,
                       {"create", "supervision_record", id, estate.path, nullptr,
                        json::object{{"kind", r.kind},
                                     {"on", r.on_day},
                                     {"subject", r.subject},
                                     {"finding", r.finding},
                                     {"decision_id", OptJ(r.decision_id)}}});
  }));
  return env_.db.Read([&](storage::Tx& tx) -> Result<storage::SupervisionRecord> {
    LINLI_ASSIGN_OR_RETURN(auto rows,
                           storage::ListSupervision(tx, estate_id, std::nullopt, std::nullopt));
    for (auto& r : rows)
      if (r.id == id) return r;
    return Internal("supervision record vanished");
  });
}

Result<std::vector<storage::SupervisionRecord>> MeetingService::ListSupervision(
    const Principal& who, std::int64_t estate_id, const std::string& quarter) {
  std::optional<domain::SupervisionQuarter> q;
  if (!quarter.empty()) {
    LINLI_ASSIGN_OR_RETURN(q, domain::ParseSupervisionQuarter(quarter));
  }
  return env_.db.Read([&](storage::Tx& tx) -> Result<std::vector<storage::SupervisionRecord>> {
    LINLI_ASSIGN_OR_RETURN(auto estate, LoadEstate(tx, estate_id));
    LINLI_TRY(RequireRead(who, estate.path));
    return storage::ListSupervision(tx, estate.id,
                                    q ? std::optional<std::int64_t>(q->begin) : std::nullopt,
                                    q ? std::optional<std::int64_t>(q->end) : std::nullopt);
  });
}

Result<SupervisionReport> MeetingService::FourMusts(const Principal& who, std::int64_t unit_id,
                                                    const std::string& quarter) {
  domain::SupervisionQuarter q = domain::SupervisionQuarterOf(env_.clock.Now());
  if (!quarter.empty()) {
    LINLI_ASSIGN_OR_RETURN(q, domain::ParseSupervisionQuarter(quarter));
  }
  return env_.db.Read([&](storage::Tx& tx) -> Result<SupervisionReport> {
    LINLI_ASSIGN_OR_RETURN(auto unit, LoadUnit(tx, unit_id));
    LINLI_TRY(RequireRead(who, unit.path));
    SupervisionReport out;
    out.quarter = domain::SupervisionQuarterName(q);
    out.from = q.begin;
    out.to = q.end;
    LINLI_ASSIGN_OR_RETURN(auto estates, storage::EstatesUnder(tx, unit.path));
    for (const auto& e : estates) {
      EstateMusts em;
      em.estate_id = e.id;
      em.estate_name = e.name;
      LINLI_ASSIGN_OR_RETURN(auto meetings, storage::SupervisedMeetings(tx, e.id, q.begin, q.end));
      LINLI_ASSIGN_OR_RETURN(auto decisions, storage::MajorDecisions(tx, e.id, q.begin, q.end));
      LINLI_ASSIGN_OR_RETURN(auto checks, storage::CountSpotChecks(tx, e.id, q.begin, q.end));
      em.musts = domain::FourMusts(meetings, decisions, checks);
      for (const auto& m : em.musts)
        if (!m.met) ++em.missed;
      out.estates.push_back(std::move(em));
    }
    return out;
  });
}

}  // namespace linli::app
