// Owners' votes (业主共同决定): announcing a motion, the roll and objections to it, ballots from
// every channel, closing, the result and its publication, the public list, the owner's own votes
// and the estate's voting rules (docs/openapi-parts/votes.json; the flow and the law are in
// docs/VOTES.md).
#include <algorithm>

#include "app/votes.hpp"
#include "core/mask.hpp"
#include "core/time_format.hpp"
#include "domain/org/household_import.hpp"
#include "http/api.hpp"
#include "http/json_util.hpp"
#include "http/votes_json.hpp"

namespace linli::http {
namespace {

json::value TimeJson(std::optional<UnixSeconds> t) {
  return t ? json::value(FormatTime(*t)) : json::value(nullptr);
}

json::object RollJson(const app::RollView& r) {
  json::array entries;
  for (const auto& e : r.entries) {
    json::array households;
    for (auto h : e.household_ids) households.push_back(h);
    json::array owners;
    for (auto o : e.owner_ids) owners.push_back(o);
    entries.push_back(json::object{
        {"entry_no", e.entry_no},
        {"owner_id", e.owner_ids.empty() ? json::value(nullptr) : json::value(e.owner_ids[0])},
        {"owner_ids", std::move(owners)},
        {"kind", e.kind},
        {"name", e.names},
        {"household_ids", std::move(households)},
        {"area", domain::FormatAreaM2(e.area)}});
  }
  return json::object{{"total_area", domain::FormatAreaM2(r.total.area)},
                      {"total_heads", r.total.heads},
                      {"frozen", r.frozen},
                      {"taken_at", FormatTime(r.taken_at)},
                      {"entries", std::move(entries)}};
}

// The stored result with the fields that change after closing spliced in front, without parsing
// the stored text again (it holds every participant: tens of kilobytes for a big estate).
Response ResultResponse(const Result<app::ResultView>& res) {
  if (!res) return ErrorOf(res.error());
  const auto& r = *res;
  const std::string head =
      SerializeJson(json::object{{"vote_id", r.vote.id},
                                 {"title", r.vote.title},
                                 {"closed_at", TimeJson(r.vote.closed_at)},
                                 {"published_at", TimeJson(r.vote.published_at)},
                                 {"publish_due", TimeJson(r.publish_due)},
                                 {"publish_late", r.publish_late}});
  const std::string_view stored = r.result_json;
  if (stored.size() < 2 || stored.front() != '{' || stored.back() != '}')
    return ErrorOf(Error{ErrorCode::kInternal, "the stored result is unreadable", "", {}});
  Response out;
  out.status = 200;
  out.body.reserve(head.size() + stored.size());
  out.body.append(head, 0, head.size() - 1);
  if (stored.size() > 2) out.body += ',';
  out.body.append(stored.substr(1));
  return out;
}

json::object ObjectionJson(const storage::ObjectionRecord& o) {
  return json::object{{"id", o.id},
                      {"vote_id", o.vote_id},
                      {"by", o.account_name},
                      {"text", o.text},
                      {"answer", OptJson(o.answer)},
                      {"answered_at", TimeJson(o.answered_at)},
                      {"created_at", FormatTime(o.created_at)}};
}

json::object RulesJson(const storage::VoteRulesRecord& r) {
  json::array channels;
  for (const auto& c : r.channels) channels.push_back(json::value(c));
  return json::object{{"nonvoters_with_majority", r.nonvoters_with_majority},
                      {"count_parking", r.count_parking},
                      {"proxy_cap", r.proxy_cap},
                      {"channels", std::move(channels)},
                      {"updated_at", TimeJson(r.updated_at)}};
}

Result<app::NewVote> ParseNewVote(const json::object& body) {
  app::NewVote in;
  LINLI_ASSIGN_OR_RETURN(in.title, RequiredString(body, "title"));
  LINLI_ASSIGN_OR_RETURN(auto description, OptionalString(body, "description"));
  in.description = description.value_or("");
  LINLI_ASSIGN_OR_RETURN(auto matter, OptionalInt(body, "matter"));
  if (matter) in.matter = static_cast<int>(std::clamp<std::int64_t>(*matter, -1, 100));
  LINLI_ASSIGN_OR_RETURN(in.opens_at, RequiredString(body, "opens_at"));
  LINLI_ASSIGN_OR_RETURN(in.closes_at, RequiredString(body, "closes_at"));
  LINLI_ASSIGN_OR_RETURN(in.building_ids, IdArray(body, "building_ids"));
  return in;
}

Result<app::BallotInput> ParseBallot(const json::object& body) {
  app::BallotInput in;
  LINLI_ASSIGN_OR_RETURN(in.owner_id, OptionalInt(body, "owner_id"));
  LINLI_ASSIGN_OR_RETURN(in.household_id, OptionalInt(body, "household_id"));
  LINLI_ASSIGN_OR_RETURN(in.choice, RequiredString(body, "choice"));
  LINLI_ASSIGN_OR_RETURN(in.channel, RequiredString(body, "channel"));
  for (auto [key, dst] :
       {std::pair{"evidence", &in.evidence}, std::pair{"proxy_name", &in.proxy_name},
        std::pair{"proxy_phone", &in.proxy_phone}, std::pair{"guardian_name", &in.guardian_name}}) {
    LINLI_ASSIGN_OR_RETURN(auto v, OptionalString(body, key));
    *dst = v.value_or("");
  }
  return in;
}

Result<std::string> TextField(const Request& req, const char* key) {
  if (req.body.empty()) return std::string();
  LINLI_ASSIGN_OR_RETURN(auto body, ParseObject(req));
  LINLI_ASSIGN_OR_RETURN(auto v, OptionalString(body, key));
  return v.value_or("");
}

json::object PagedVotes(const app::Paged<app::VoteView>& p) {
  json::array items;
  for (const auto& v : p.items) items.push_back(VoteJson(v));
  return PagedJson(p, std::move(items));
}

}  // namespace

json::object VoteJson(const app::VoteView& view) {
  const auto& v = view.vote;
  json::array buildings;
  for (auto b : v.building_ids) buildings.push_back(b);
  json::array channels;
  for (const auto& c : v.channels) channels.push_back(json::value(c));
  json::array mine;
  for (const auto& m : view.mine)
    mine.push_back(json::object{
        {"owner_id", m.owner_id},
        {"entry_no", m.entry_no},
        {"voted", m.choice.has_value()},
        {"choice",
         m.choice ? json::value(std::string(domain::ChoiceName(*m.choice))) : json::value(nullptr)},
        {"channel", m.channel ? json::value(std::string(domain::ChannelName(*m.channel)))
                              : json::value(nullptr)}});
  return json::object{{"id", v.id},
                      {"estate", json::object{{"id", v.estate_id}, {"name", v.estate_name}}},
                      {"kind", v.kind},
                      {"title", v.title},
                      {"description", v.description},
                      {"matter", v.matter},
                      {"matter_label", std::string(domain::MatterLabel(v.matter))},
                      {"threshold", std::string(domain::ThresholdName(v.threshold))},
                      {"threshold_label", std::string(domain::ThresholdLabel(v.threshold))},
                      {"building_ids", std::move(buildings)},
                      {"notice_at", FormatTime(v.notice_at)},
                      {"earliest_opening", FormatTime(view.earliest_opening)},
                      {"opens_at", FormatTime(v.opens_at)},
                      {"closes_at", FormatTime(v.closes_at)},
                      {"phase", std::string(domain::VotePhaseName(view.phase))},
                      {"phase_label", std::string(domain::VotePhaseLabel(view.phase))},
                      {"cancelled_at", TimeJson(v.cancelled_at)},
                      {"closed_at", TimeJson(v.closed_at)},
                      {"published_at", TimeJson(v.published_at)},
                      {"publish_due", TimeJson(view.publish_due)},
                      {"publish_late", view.publish_late},
                      {"total_area", domain::FormatAreaM2(v.total.area)},
                      {"total_heads", v.total.heads},
                      {"roll_at", FormatTime(v.roll_at)},
                      {"ballots", view.ballots},
                      {"channels", std::move(channels)},
                      {"proxy_cap", v.proxy_cap},
                      {"nonvoters_with_majority", v.nonvoters_with_majority},
                      {"count_parking", v.count_parking},
                      {"can_manage", view.can_manage},
                      {"can_enter", view.can_enter},
                      {"mine", std::move(mine)},
                      {"created_at", FormatTime(v.created_at)}};
}

json::object BallotJson(const storage::BallotRecord& b) {
  return json::object{{"id", b.id},
                      {"vote_id", b.vote_id},
                      {"entry_no", b.entry_no},
                      {"owner_id", b.owner_id},
                      {"name", b.names},
                      {"choice", std::string(domain::ChoiceName(b.choice))},
                      {"choice_label", std::string(domain::ChoiceLabel(b.choice))},
                      {"channel", std::string(domain::ChannelName(b.channel))},
                      {"channel_label", std::string(domain::ChannelLabel(b.channel))},
                      {"area", domain::FormatAreaM2(b.area)},
                      {"evidence", b.evidence},
                      {"proxy_name", OptJson(b.proxy_name)},
                      {"guardian_name", OptJson(b.guardian_name)},
                      {"entered_by", b.entered_by_name},
                      {"cast_at", FormatTime(b.cast_at)}};
}

void RegisterVoteRoutes(Router& r, Api& api) {
  auto svc = [&api] { return app::VoteService(api.env); };

  r.Add("GET", "/api/v1/estates/{id}/votes",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          return Reply(svc().List(who, *id, *page), PagedVotes);
        }));
  r.Add("POST", "/api/v1/estates/{id}/votes",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseNewVote(*body);
          if (!in) return ErrorOf(in.error());
          in->estate_id = *id;
          return Reply(svc().Create(who, *in), VoteJson, 201);
        }));
  r.Add("GET", "/api/v1/estates/{id}/vote-rules",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Rules(who, *id), RulesJson);
        }));
  r.Add("PUT", "/api/v1/estates/{id}/vote-rules",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          storage::VoteRulesRecord rules;
          auto nv = OptionalBool(*body, "nonvoters_with_majority");
          if (!nv) return ErrorOf(nv.error());
          rules.nonvoters_with_majority = nv->value_or(false);
          auto parking = OptionalBool(*body, "count_parking");
          if (!parking) return ErrorOf(parking.error());
          rules.count_parking = parking->value_or(false);
          auto cap = OptionalInt(*body, "proxy_cap");
          if (!cap) return ErrorOf(cap.error());
          rules.proxy_cap = static_cast<int>(std::clamp<std::int64_t>(cap->value_or(3), -1, 1000));
          auto it = body->find("channels");
          if (it != body->end()) {
            if (!it->value().is_array())
              return ErrorOf(Error{ErrorCode::kInvalidArgument,
                                   "channels must be an array such as [\"paper\", \"online\"]",
                                   "channels",
                                   {}});
            rules.channels.clear();
            for (const auto& c : it->value().as_array())
              rules.channels.push_back(c.is_string() ? std::string(c.as_string()) : "?");
          }
          return Reply(svc().SetRules(who, *id, rules), RulesJson);
        }));
  r.Add("GET", "/api/v1/votes/{id}", Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Get(who, *id), VoteJson);
        }));
  r.Add("POST", "/api/v1/votes/{id}/cancel",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto reason = TextField(req, "reason");
          if (!reason) return ErrorOf(reason.error());
          return Reply(svc().Cancel(who, *id, *reason), VoteJson);
        }));
  r.Add("GET", "/api/v1/votes/{id}/roll",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Roll(who, *id), RollJson);
        }));
  r.Add("POST", "/api/v1/votes/{id}/roll/retake",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().RetakeRoll(who, *id), RollJson);
        }));
  r.Add("GET", "/api/v1/votes/{id}/objections",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Objections(who, *id),
                       [](const std::vector<storage::ObjectionRecord>& list) {
                         json::array items;
                         for (const auto& o : list) items.push_back(ObjectionJson(o));
                         return json::object{{"items", std::move(items)}};
                       });
        }));
  r.Add("POST", "/api/v1/votes/{id}/objections",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto text = TextField(req, "text");
          if (!text) return ErrorOf(text.error());
          return Reply(svc().Object(who, *id, *text), ObjectionJson, 201);
        }));
  r.Add("POST", "/api/v1/roll-objections/{id}/answer",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto answer = TextField(req, "answer");
          if (!answer) return ErrorOf(answer.error());
          return Reply(svc().Answer(who, *id, *answer), ObjectionJson);
        }));
  r.Add("POST", "/api/v1/votes/{id}/ballots",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseBallot(*body);
          if (!in) return ErrorOf(in.error());
          return Reply(svc().Cast(who, *id, *in), BallotJson, 201);
        }));
  r.Add("GET", "/api/v1/votes/{id}/ballots",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Ballots(who, *id), [](const std::vector<storage::BallotRecord>& l) {
            json::array items;
            for (const auto& b : l) items.push_back(BallotJson(b));
            return json::object{{"items", std::move(items)}};
          });
        }));
  r.Add("GET", "/api/v1/votes/{id}/refusals",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Refusals(who, *id), [](const std::vector<storage::RefusalRecord>& l) {
            json::array items;
            for (const auto& x : l)
              items.push_back(json::object{{"id", x.id},
                                           {"owner_id", OptJson(x.owner_id)},
                                           {"channel", x.channel},
                                           {"reason", x.reason},
                                           {"at", FormatTime(x.at)}});
            return json::object{{"items", std::move(items)}};
          });
        }));
  r.Add("POST", "/api/v1/votes/{id}/close",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return ResultResponse(svc().Close(who, *id));
        }));
  r.Add("POST", "/api/v1/votes/{id}/publish",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return ResultResponse(svc().Publish(who, *id));
        }));
  // The result: staff and owners once closed, everyone (no login) once published.
  r.Add("GET", "/api/v1/votes/{id}/result", [&api, svc](Request& req) {
    auto id = PathId(req);
    if (!id) return ErrorOf(id.error());
    std::optional<app::Principal> who;
    if (req.Header("authorization")) {
      auto p = Authenticate(api, req);
      if (!p) return ErrorOf(p.error());
      who = std::move(*p);
    }
    return ResultResponse(svc().Result_(who ? &*who : nullptr, *id));
  });
  r.Add("GET", "/api/v1/me/votes", Authed(api, [svc](Request&, const app::Principal& who) {
          return Reply(svc().Mine(who), [](const std::vector<app::VoteView>& l) {
            json::array items;
            for (const auto& v : l) items.push_back(VoteJson(v));
            return json::object{{"items", std::move(items)}};
          });
        }));
  r.Add("GET", "/api/v1/public/estates/{id}/votes", [svc](Request& req) {
    auto id = PathId(req);
    if (!id) return ErrorOf(id.error());
    auto page = ParsePage(req);
    if (!page) return ErrorOf(page.error());
    return Reply(svc().Published(*id, *page), PagedVotes);
  });
}

}  // namespace linli::http
