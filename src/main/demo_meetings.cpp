// Demo meetings (docs/MEETINGS.md) at one estate (秋实学府 in seed 000): the monthly joint meeting
// of the branch, the owners' committee and the property company (小区治理联席会, seed 003)
// scheduled as a series three months back; the past two held, with attendance including the
// community party organisation, decisions (one a major project), action items (one done, one
// still open) and the decisions published to owners; a spot-check of the public-revenue accounts
// by the community party organisation (四必). All through the use cases with the clock set to
// each step.
#include <iostream>

#include "app/meetings.hpp"
#include "core/time_format.hpp"
#include "main/demo.hpp"

namespace linli::main {

Status LoadDemoMeetings(const app::Env& env, const app::Principal& loader, std::int64_t estate_id,
                        bool verbose) {
  constexpr UnixSeconds kDay = 86400;
  const UnixSeconds now = env.clock.Now();
  ManualClock clock(now - 100 * kDay);
  app::MeetingService meetings(app::Env{env.db, clock, env.cipher});

  // The first Tuesday evening about 90 days back, then monthly.
  const UnixSeconds first = (now - 90 * kDay) / kDay * kDay + 11 * 3600;  // 19:00 Beijing
  app::NewMeeting in;
  in.unit_id = estate_id;
  in.kind = "joint";
  in.title = "小区治理联席会";
  in.location = "小区党群服务站";
  in.starts_at = FormatTime(first);
  in.recurrence = "monthly";
  in.occurrences = 4;
  auto open_problems = meetings.AgendaCandidates(loader, estate_id);
  if (open_problems && !open_problems->empty())
    in.agenda.push_back(
        {"居民诉求：" + open_problems->front().description, open_problems->front().id});
  in.agenda.push_back({"本月物业服务情况通报", std::nullopt});
  in.agenda.push_back({"公共收益使用计划", std::nullopt});
  LINLI_ASSIGN_OR_RETURN(auto series, meetings.Schedule(loader, in));

  struct Held {
    const char* discussion;
    const char* decision;
    bool project;
    const char* action;
    bool done;
  };
  static constexpr Held kHeld[] = {
      {"物业通报本月报修和保洁情况；业委会提出地下车库照明不足；社区党委要求公共收益账目每季度公示"
       "。",
       "使用公共收益更换地下车库照明灯具（预算约1.2万元），由业委会监督实施", true,
       "完成车库照明更换并公示费用明细", true},
      {"通报照明更换进度；居民代表反映楼道堆物；支部提出组织党员志愿者清理。",
       "本月底前开展一次楼道清理行动，由党支部组织党员志愿者参与", false,
       "组织楼道清理行动并上报照片", false},
  };
  for (size_t i = 0; i < std::size(kHeld) && i < series.meetings.size(); ++i) {
    const auto& m = series.meetings[i].meeting;
    const Held& h = kHeld[i];
    clock.Set(m.starts_at + 3 * 3600);
    app::MinutesInput minutes;
    minutes.discussion = h.discussion;
    minutes.attendance = {{std::nullopt, "吴永亮", "branch", "present", "党支部书记"},
                          {std::nullopt, "赵示例", "committee", "present", "业委会主任"},
                          {std::nullopt, "钱测试", "property", "present", "物业项目经理"},
                          {std::nullopt, "孙示例", "community_party", "present", "社区党委委员"},
                          {std::nullopt, "李测试", "resident", "present", "居民代表"}};
    minutes.decisions = {{h.decision, std::nullopt, h.project, h.project}};
    LINLI_ASSIGN_OR_RETURN(auto held, meetings.RecordMinutes(loader, m.id, minutes));
    if (held.decisions.empty()) continue;
    const auto decision = held.decisions.front().decision.id;
    LINLI_ASSIGN_OR_RETURN(auto action, meetings.AddAction(loader, decision,
                                                           {h.action, std::nullopt, "赵示例",
                                                            FormatTime(m.starts_at + 20 * kDay)}));
    clock.Set(m.starts_at + kDay);
    LINLI_TRY(meetings.Publish(loader, m.id));
    if (h.done) {
      clock.Set(m.starts_at + 15 * kDay);
      LINLI_TRY(meetings.CompleteAction(loader, action.action.id, "已完成，费用明细已公示"));
      LINLI_TRY(meetings.RecordSupervision(
          loader, estate_id,
          {"project", FormatTime(m.starts_at + 14 * kDay).substr(0, 10), "车库照明更换工程",
           "现场查看施工和费用凭证，符合决议", decision}));
    }
  }
  clock.Set(now - 10 * kDay);
  LINLI_TRY(meetings.RecordSupervision(
      loader, estate_id,
      {"spot_check", FormatTime(now - 10 * kDay).substr(0, 10), "公共收益账目",
       "抽查停车收益和广告收益台账，账实相符", std::nullopt}));
  if (verbose) std::cout << "  meetings: a monthly joint meeting series, two held and published\n";
  return {};
}

}  // namespace linli::main
