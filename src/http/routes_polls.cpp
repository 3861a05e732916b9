// Simple polls outside art. 278 (意见征集/投票): creating one with its options, the estate's
// list, the caller's own polls, answering, closing, publishing, the result (public once
// published) and, for named polls, who answered what (docs/openapi-parts/polls.json; the rules
// are in docs/POLLS.md).
#include <algorithm>

#include "app/polls.hpp"
#include "core/time_format.hpp"
#include "http/api.hpp"
#include "http/json_util.hpp"

namespace linli::http {
namespace {

json::value TimeJson(std::optional<UnixSeconds> t) {
  return t ? json::value(FormatTime(*t)) : json::value(nullptr);
}

json::array IntArray(const std::vector<std::int64_t>& v) {
  json::array a;
  for (auto x : v) a.push_back(x);
  return a;
}

json::object PollJson(const app::PollView& view) {
  const auto& p = view.poll;
  json::array options;
  for (const auto& o : p.options) {
    json::object opt{{"no", o.option_no}, {"label", o.label}};
    if (view.results_open) opt["votes"] = o.votes;
    options.push_back(std::move(opt));
  }
  json::array households;
  for (const auto& h : view.me.households)
    households.push_back(json::object{{"id", h.id}, {"label", h.label}, {"answered", h.answered}});
  json::array responses;
  for (const auto& r : view.me.responses)
    responses.push_back(json::object{{"household_id", OptJson(r.household_id)},
                                     {"household", r.household_label},
                                     {"choices", IntArray(r.choices)},
                                     {"cast_at", FormatTime(r.cast_at)}});
  return json::object{
      {"id", p.id},
      {"estate", json::object{{"id", p.estate_id}, {"name", p.estate_name}}},
      {"title", p.title},
      {"description", p.description},
      {"options", std::move(options)},
      {"max_choices", p.max_choices},
      {"multiple", p.max_choices > 1},
      {"counting", std::string(domain::PollCountingName(p.counting))},
      {"counting_label", std::string(domain::PollCountingLabel(p.counting))},
      {"audience", std::string(domain::PollAudienceName(p.audience))},
      {"audience_label", std::string(domain::PollAudienceLabel(p.audience))},
      {"anonymous", p.anonymous},
      {"opens_at", FormatTime(p.opens_at)},
      {"closes_at", FormatTime(p.closes_at)},
      {"closed_at", TimeJson(p.closed_at)},
      {"published_at", TimeJson(p.published_at)},
      {"phase", std::string(domain::PollPhaseName(view.phase))},
      {"phase_label", std::string(domain::PollPhaseLabel(view.phase))},
      {"responses", view.results_open ? json::value(p.responses) : json::value(nullptr)},
      {"can_manage", view.can_manage},
      {"results_open", view.results_open},
      {"me", json::object{{"eligible", view.me.eligible},
                          {"answered", view.me.answered},
                          {"can_respond", view.me.can_respond},
                          {"households", std::move(households)},
                          {"responses", std::move(responses)}}},
      {"created_at", FormatTime(p.created_at)}};
}

json::object ResultsJson(const app::PollResults& r) {
  const auto& p = r.poll;
  json::array options;
  for (size_t i = 0; i < p.options.size(); ++i) {
    const int permille = i < r.permille.size() ? r.permille[i] : 0;
    options.push_back(json::object{{"no", p.options[i].option_no},
                                   {"label", p.options[i].label},
                                   {"votes", p.options[i].votes},
                                   {"share_permille", permille},
                                   {"share", domain::FormatPermille(permille)}});
  }
  return json::object{{"poll_id", p.id},
                      {"estate", json::object{{"id", p.estate_id}, {"name", p.estate_name}}},
                      {"title", p.title},
                      {"description", p.description},
                      {"max_choices", p.max_choices},
                      {"counting", std::string(domain::PollCountingName(p.counting))},
                      {"counting_label", std::string(domain::PollCountingLabel(p.counting))},
                      {"audience", std::string(domain::PollAudienceName(p.audience))},
                      {"audience_label", std::string(domain::PollAudienceLabel(p.audience))},
                      {"anonymous", p.anonymous},
                      {"phase", std::string(domain::PollPhaseName(r.phase))},
                      {"phase_label", std::string(domain::PollPhaseLabel(r.phase))},
                      {"responses", p.responses},
                      {"options", std::move(options)},
                      {"opens_at", FormatTime(p.opens_at)},
                      {"closes_at", FormatTime(p.closes_at)},
                      {"closed_at", TimeJson(p.closed_at)},
                      {"published_at", TimeJson(p.published_at)}};
}

Result<std::vector<std::int64_t>> IntList(const json::object& body, const char* field) {
  std::vector<std::int64_t> out;
  auto it = body.find(field);
  if (it == body.end() || it->value().is_null())
    return InvalidArgument(std::string(field) + " is required: the numbers of the chosen options",
                           field);
  if (!it->value().is_array())
    return InvalidArgument(
        std::string(field) + " must be an array of option numbers such as [1, 3]", field);
  const auto& a = it->value().as_array();
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_int64())
      return InvalidArgument(std::string(field) + " must hold option numbers (integers)",
                             std::string(field) + "[" + std::to_string(i) + "]");
    out.push_back(a[i].as_int64());
  }
  return out;
}

Result<app::NewPoll> ParseNewPoll(const json::object& body) {
  app::NewPoll in;
  LINLI_ASSIGN_OR_RETURN(in.title, RequiredString(body, "title"));
  LINLI_ASSIGN_OR_RETURN(auto description, OptionalString(body, "description"));
  in.description = description.value_or("");
  auto it = body.find("options");
  if (it == body.end() || !it->value().is_array())
    return InvalidArgument("options must be an array of 2 to 20 option texts", "options");
  const auto& a = it->value().as_array();
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_string())
      return InvalidArgument("each option must be a text of 1 to 60 characters",
                             "options[" + std::to_string(i) + "]");
    in.options.emplace_back(a[i].as_string());
  }
  LINLI_ASSIGN_OR_RETURN(auto max_choices, OptionalInt(body, "max_choices"));
  in.max_choices = static_cast<int>(std::clamp<std::int64_t>(max_choices.value_or(1), -1, 1000));
  LINLI_ASSIGN_OR_RETURN(auto counting, OptionalString(body, "counting"));
  in.counting = counting.value_or("household");
  LINLI_ASSIGN_OR_RETURN(auto audience, OptionalString(body, "audience"));
  in.audience = audience.value_or("residents");
  LINLI_ASSIGN_OR_RETURN(auto anonymous, OptionalBool(body, "anonymous"));
  in.anonymous = anonymous.value_or(false);
  LINLI_ASSIGN_OR_RETURN(in.opens_at, OptionalString(body, "opens_at"));
  LINLI_ASSIGN_OR_RETURN(in.closes_at, RequiredString(body, "closes_at"));
  return in;
}

}  // namespace

void RegisterPollRoutes(Router& r, Api& api) {
  auto svc = [&api] { return app::PollService(api.env); };

  r.Add("GET", "/api/v1/estates/{id}/polls",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto page = ParsePage(req);
          if (!page) return ErrorOf(page.error());
          return Reply(svc().List(who, *id, *page), [](const app::Paged<app::PollView>& p) {
            json::array items;
            for (const auto& v : p.items) items.push_back(PollJson(v));
            return PagedJson(p, std::move(items));
          });
        }));
  r.Add("POST", "/api/v1/estates/{id}/polls",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          auto in = ParseNewPoll(*body);
          if (!in) return ErrorOf(in.error());
          in->estate_id = *id;
          return Reply(svc().Create(who, *in), PollJson, 201);
        }));
  r.Add("GET", "/api/v1/polls/{id}", Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Get(who, *id), PollJson);
        }));
  r.Add("POST", "/api/v1/polls/{id}/responses",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          auto body = ParseObject(req);
          if (!body) return ErrorOf(body.error());
          app::PollResponseInput in;
          auto choices = IntList(*body, "choices");
          if (!choices) return ErrorOf(choices.error());
          in.choices = std::move(*choices);
          auto household = OptionalInt(*body, "household_id");
          if (!household) return ErrorOf(household.error());
          in.household_id = *household;
          return Reply(svc().Respond(who, *id, in), PollJson, 201);
        }));
  r.Add("GET", "/api/v1/polls/{id}/responses",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Responses(who, *id), [](const std::vector<app::PollResponseView>& l) {
            json::array items;
            for (const auto& x : l)
              items.push_back(json::object{{"name", x.name},
                                           {"household", x.household},
                                           {"choices", IntArray(x.choices)},
                                           {"cast_at", FormatTime(x.cast_at)}});
            return json::object{{"items", std::move(items)}};
          });
        }));
  r.Add("POST", "/api/v1/polls/{id}/close",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Close(who, *id), PollJson);
        }));
  r.Add("POST", "/api/v1/polls/{id}/publish",
        Authed(api, [svc](Request& req, const app::Principal& who) {
          auto id = PathId(req);
          if (!id) return ErrorOf(id.error());
          return Reply(svc().Publish(who, *id), ResultsJson);
        }));
  // The result: those who run the poll at any time, everyone (no login) once published.
  r.Add("GET", "/api/v1/polls/{id}/results", [&api, svc](Request& req) {
    auto id = PathId(req);
    if (!id) return ErrorOf(id.error());
    std::optional<app::Principal> who;
    if (req.Header("authorization")) {
      auto p = Authenticate(api, req);
      if (!p) return ErrorOf(p.error());
      who = std::move(*p);
    }
    return Reply(svc().Results(who ? &*who : nullptr, *id), ResultsJson);
  });
  r.Add("GET", "/api/v1/me/polls", Authed(api, [svc](Request&, const app::Principal& who) {
          return Reply(svc().Mine(who), [](const std::vector<app::PollView>& l) {
            json::array items;
            for (const auto& v : l) items.push_back(PollJson(v));
            return json::object{{"items", std::move(items)}};
          });
        }));
}

}  // namespace linli::http
