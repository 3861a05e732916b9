// The REST API: what every route file is given, and the functions that register each
// capability's routes. Handlers are thin: parse, call a use case, map the result to JSON.
// Thread-safety: Api is built once at start-up and then only read.
#pragma once

#include <functional>
#include <string>

#include "app/accounts.hpp"
#include "app/context.hpp"
#include "core/clock.hpp"
#include "http/response_cache.hpp"
#include "http/router.hpp"

namespace linli::http {

struct Api {
  app::Env env;
  app::AccountService& accounts;
  ManualClock* test_clock = nullptr;  // set only when serving with --test-clock
  std::string web_dir;                // built console; empty: no static files
  // Runs the scheduled jobs at once (set with --test-clock: moving the clock runs them); returns
  // how many appeals were escalated.
  std::function<int()> run_jobs = nullptr;
  // Rendered bodies of hot reads (see response_cache.hpp).
  std::shared_ptr<ResponseCache> responses = std::make_shared<ResponseCache>();
};

// The principal behind the request's bearer token, or unauthenticated.
Result<app::Principal> Authenticate(Api& api, const Request& req);
// Wraps a handler that needs a logged-in caller.
Handler Authed(Api& api, std::function<Response(Request&, const app::Principal&)> fn);

void RegisterSystemRoutes(Router& r, Api& api);   // healthz, openapi, test clock, static files
void RegisterAccountRoutes(Router& r, Api& api);  // auth, accounts, roles, audit
void RegisterUnitRoutes(Router& r, Api& api);     // the administrative tree
void RegisterEstateRoutes(Router& r, Api& api);   // estates, buildings, households, owners
void RegisterOrganisationRoutes(Router& r,
                                Api& api);       // party orgs, committees, property, people, posts
void RegisterAppealRoutes(Router& r, Api& api);  // residents' problems (诉求)
// The branch's task list for party members (党员认领任务单).
void RegisterMemberTaskRoutes(Router& r, Api& api);
// Open311 GeoReport v2 (/open311/v2/) and its API keys.
void RegisterOpen311Routes(Router& r, Api& api);
// Party members in their estate: employers, rules, registrations, commitments, records.
void RegisterMemberRoutes(Router& r, Api& api);
// Party members: pairing (结对) and door-knocking (敲门行动).
void RegisterMemberVisitRoutes(Router& r, Api& api);
// Owners decide: votes on art. 278 motions, the roll, ballots, results (业主共同决定).
void RegisterVoteRoutes(Router& r, Api& api);
// The owners' committee election (业委会选举): prep group, candidates, multi-seat ballots.
void RegisterElectionRoutes(Router& r, Api& api);
// Meetings, minutes, decisions and action items; supervision (四必).
void RegisterMeetingRoutes(Router& r, Api& api);
// Simple polls outside art. 278 (意见征集/投票).
void RegisterPollRoutes(Router& r, Api& api);

// All of the above.
void RegisterAllRoutes(Router& r, Api& api);

}  // namespace linli::http
