// The JSON of a vote and of a ballot, shared by the vote and election routes (docs/VOTES.md,
// docs/ELECTIONS.md). Thread-safety: pure functions.
#pragma once

#include <boost/json.hpp>

#include "app/votes.hpp"

namespace linli::http {

boost::json::object VoteJson(const app::VoteView& view);
boost::json::object BallotJson(const storage::BallotRecord& b);

}  // namespace linli::http
