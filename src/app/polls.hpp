// Use cases of simple polls outside Civil Code art. 278 (意见征集/投票; docs/POLLS.md): the
// branch, the committee or an official asks the estate's residents or its registered party
// members a question with 2-20 options; residents answer on their phone, once per household
// or once per person as the poll says (the unique key in the store decides, a second answer is
// refused with 409); staff close the poll and publish its result, which is public from then on.
// Anonymous polls keep no link from a response to its choices; named polls show staff who
// answered what, names masked. Every write is audited.
// Thread-safety: PollService is stateless over Env.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/polls/poll.hpp"
#include "storage/repos/polls.hpp"

namespace linli::app {

struct NewPoll {
  std::int64_t estate_id = 0;
  std::string title;
  std::string description;
  std::vector<std::string> options;
  int max_choices = 1;
  std::string counting = "household";  // household | person
  std::string audience = "residents";  // residents | members
  bool anonymous = false;
  std::optional<std::string> opens_at;  // RFC 3339; absent: now
  std::string closes_at;
};

// The viewer as a voter of the poll.
struct PollVoter {
  bool eligible = false;
  // The households the viewer answers for (per-household polls: one response each; per-person
  // polls: only recorded with the response).
  struct Household {
    std::int64_t id = 0;
    std::string label;
    bool answered = false;  // per-household polls: someone of it has answered
  };
  std::vector<Household> households;
  // What the viewer's account answered (choices empty on anonymous polls).
  std::vector<storage::PollResponseRecord> responses;
  bool answered = false;     // nothing left to answer (per person: this account answered)
  bool can_respond = false;  // eligible, open, and something left to answer
};

struct PollView {
  storage::PollRecord poll;
  domain::PollPhase phase = domain::PollPhase::kScheduled;
  bool can_manage = false;    // the viewer may close and publish it
  bool results_open = false;  // the viewer may see the counts now
  PollVoter me;
};

struct PollResponseInput {
  std::vector<std::int64_t> choices;         // option numbers, from 1
  std::optional<std::int64_t> household_id;  // when the viewer answers for several households
};

struct PollResults {
  storage::PollRecord poll;  // options carry their counts
  domain::PollPhase phase = domain::PollPhase::kScheduled;
  std::vector<int> permille;  // per option, of the responses
};

// One response as staff see it on a named poll.
struct PollResponseView {
  std::string name;       // masked
  std::string household;  // "1栋1单元101" or ""
  std::vector<std::int64_t> choices;
  UnixSeconds cast_at = 0;
};

class PollService {
 public:
  explicit PollService(Env env) : env_(env) {}

  // kManageVotes on the estate (branch, committee, officials).
  Result<PollView> Create(const Principal& who, const NewPoll& in);
  // Staff of the estate, those who read its structure, and the poll's voters.
  Result<PollView> Get(const Principal& who, std::int64_t id);
  Result<Paged<PollView>> List(const Principal& who, std::int64_t estate_id, Page page);
  // The polls the caller may answer: their estates' residents' polls and, for a registered
  // party member, the members' polls of the estate they registered with.
  Result<std::vector<PollView>> Mine(const Principal& who);
  // The caller answers; already_exists when their household (or they) answered before.
  Result<PollView> Respond(const Principal& who, std::int64_t id, const PollResponseInput& in);
  // kManageVotes: ends the poll now (before it opens: withdraws it).
  Result<PollView> Close(const Principal& who, std::int64_t id);
  // kManageVotes, once closed or past its window: the result becomes public.
  Result<PollResults> Publish(const Principal& who, std::int64_t id);
  // Anyone once published (`who` may be null); staff of the estate before.
  Result<PollResults> Results(const Principal* who, std::int64_t id);
  // kManageVotes, named polls only: who answered what, names masked.
  Result<std::vector<PollResponseView>> Responses(const Principal& who, std::int64_t id);

 private:
  Env env_;
};

}  // namespace linli::app
