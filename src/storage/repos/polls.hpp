// Simple polls in the store (docs/POLLS.md): polls, their options with the count kept on each,
// and responses, one per voter key (the unique key (poll_id, voter_key) decides "once", also
// under concurrency). Thread-safety: functions over a transaction owned by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/polls/poll.hpp"
#include "storage/database.hpp"

namespace linli::storage {

struct PollOptionRecord {
  std::int64_t option_no = 0;  // 1-based, in the order given
  std::string label;
  std::int64_t votes = 0;
};

struct PollRecord {
  std::int64_t id = 0;
  std::int64_t estate_id = 0;
  std::string estate_path;
  std::string title;
  std::string description;
  domain::PollCounting counting = domain::PollCounting::kPerHousehold;
  domain::PollAudience audience = domain::PollAudience::kResidents;
  int max_choices = 1;
  bool anonymous = false;
  std::int64_t opens_at = 0;
  std::int64_t closes_at = 0;
  std::optional<std::int64_t> closed_at;
  std::optional<std::int64_t> published_at;
  std::int64_t responses = 0;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
  std::string estate_name;                // joined on reads
  std::vector<PollOptionRecord> options;  // filled by FindPoll and ListPolls
};

// Inserts the poll and its options (numbered 1..n); returns the id.
Result<std::int64_t> InsertPoll(Tx& tx, const PollRecord& p);
Result<std::optional<PollRecord>> FindPoll(Tx& tx, std::int64_t id);
// Newest first; only the polls of `audience` when given.
Result<std::vector<PollRecord>> ListPolls(Tx& tx, std::int64_t estate_id,
                                          std::optional<domain::PollAudience> audience,
                                          std::int64_t limit, std::int64_t offset);
Result<std::int64_t> CountPolls(Tx& tx, std::int64_t estate_id,
                                std::optional<domain::PollAudience> audience);
// The polls of these estates for this audience, newest first (at most 100).
Result<std::vector<PollRecord>> ListPollsFor(Tx& tx, const std::vector<std::int64_t>& estate_ids,
                                             domain::PollAudience audience);
// aborted when it was closed meanwhile.
Status MarkPollClosed(Tx& tx, std::int64_t id, std::int64_t at);
Status MarkPollPublished(Tx& tx, std::int64_t id, std::int64_t at);

struct PollResponseRecord {
  std::int64_t id = 0;
  std::int64_t poll_id = 0;
  std::string voter_key;  // "h:<household id>" or "a:<account id>"
  std::int64_t account_id = 0;
  std::optional<std::int64_t> household_id;
  std::vector<std::int64_t> choices;  // empty for an anonymous poll
  std::int64_t cast_at = 0;
  // Joined on reads.
  std::string account_name;
  std::string household_label;  // "1栋1单元101" or ""
};

// Inserts the response and adds one to each chosen option and to the poll's count, in the
// caller's transaction. already_exists when the voter key has responded. `choices` are counted
// even when `r.choices` is left empty (anonymous polls).
Result<std::int64_t> InsertPollResponse(Tx& tx, const PollResponseRecord& r,
                                        const std::vector<std::int64_t>& choices);
Result<std::optional<PollResponseRecord>> FindPollResponse(Tx& tx, std::int64_t poll_id,
                                                           const std::string& voter_key);
// Responses by this account to this poll (one per household it answered for).
Result<std::vector<PollResponseRecord>> ResponsesOfAccount(Tx& tx, std::int64_t poll_id,
                                                           std::int64_t account_id);
// In the order cast.
Result<std::vector<PollResponseRecord>> ListPollResponses(Tx& tx, std::int64_t poll_id);

}  // namespace linli::storage
