// `linli demo`: loads the demo world of data/demo/demo.json (compiled in). Safe to run twice.
#pragma once

#include <map>
#include <string>

#include "app/context.hpp"

namespace linli::main {

Status LoadDemo(const app::Env& env, bool verbose);

// Half a year of residents' problems at the given estates (name -> id), filed and handled
// through the use cases by `loader` and the demo resident (demo_appeals.cpp).
Status LoadDemoAppeals(const app::Env& env, const app::Principal& loader,
                       const std::map<std::string, std::int64_t>& estates,
                       const std::string& resident_phone, const std::string& password,
                       bool verbose);

// Three party members registered with the estate's branch, with commitments and record entries
// (demo_members.cpp).
Status LoadDemoMembers(const app::Env& env, const app::Principal& loader, std::int64_t estate_id,
                       bool verbose);

// Owners' votes: a published one and an open one at the demo resident's estate (the resident is
// made a co-owner of their home so they can vote on the phone), an announced one at the second
// estate (demo_votes.cpp).
Status LoadDemoVotes(const app::Env& env, const app::Principal& loader,
                     std::int64_t resident_estate, std::int64_t second_estate,
                     const std::string& resident_phone, bool verbose);

// A monthly joint meeting series with two meetings held, decisions published and action items,
// and the community party organisation's supervision records (demo_meetings.cpp).
Status LoadDemoMeetings(const app::Env& env, const app::Principal& loader, std::int64_t estate_id,
                        bool verbose);

}  // namespace linli::main
