#include "storage/repos/polls.hpp"

#include "storage/repos/votes.hpp"  // JoinIds, SplitIds

namespace linli::storage {
namespace {

constexpr const char* kPollCols =
    "p.id, p.estate_id, p.estate_path, p.title, p.description, p.counting, p.audience, "
    "p.max_choices, p.anonymous, p.opens_at, p.closes_at, p.closed_at, p.published_at, "
    "p.responses, p.created_by, p.created_at, u.name";
constexpr const char* kPollFrom = " FROM polls p JOIN units u ON u.id = p.estate_id";

PollRecord PollFromRow(const Row& r) {
  PollRecord p;
  p.id = r.Int(0);
  p.estate_id = r.Int(1);
  p.estate_path = r.Text(2);
  p.title = r.Text(3);
  p.description = r.Text(4);
  p.counting = domain::ParsePollCounting(r.Text(5)).value_or(domain::PollCounting::kPerHousehold);
  p.audience = domain::ParsePollAudience(r.Text(6)).value_or(domain::PollAudience::kResidents);
  p.max_choices = static_cast<int>(r.Int(7));
  p.anonymous = r.Bool(8);
  p.opens_at = r.Int(9);
  p.closes_at = r.Int(10);
  p.closed_at = r.OptInt(11);
  p.published_at = r.OptInt(12);
  p.responses = r.Int(13);
  p.created_by = r.OptInt(14);
  p.created_at = r.Int(15);
  p.estate_name = r.Text(16);
  return p;
}

Status LoadOptions(Tx& tx, PollRecord& p) {
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT option_no, label, votes FROM poll_options "
                                             "WHERE poll_id = ? ORDER BY option_no",
                                             {p.id}));
  p.options.clear();
  for (const auto& r : rows) p.options.push_back({r.Int(0), r.Text(1), r.Int(2)});
  return {};
}

Result<std::vector<PollRecord>> PollsOf(Tx& tx, Rows rows) {
  std::vector<PollRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back(PollFromRow(r));
    LINLI_TRY(LoadOptions(tx, out.back()));
  }
  return out;
}

}  // namespace

Result<std::int64_t> InsertPoll(Tx& tx, const PollRecord& p) {
  LINLI_ASSIGN_OR_RETURN(
      auto id,
      tx.InsertReturningId(
          "INSERT INTO polls (estate_id, estate_path, title, description, counting, audience, "
          "max_choices, anonymous, opens_at, closes_at, created_by, created_at) VALUES (?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {p.estate_id, p.estate_path, p.title, p.description,
           std::string(domain::PollCountingName(p.counting)),
           std::string(domain::PollAudienceName(p.audience)),
           static_cast<std::int64_t>(p.max_choices), static_cast<std::int64_t>(p.anonymous),
           p.opens_at, p.closes_at, OptionalInt(p.created_by), p.created_at}));
  std::string sql = "INSERT INTO poll_options (poll_id, option_no, label) VALUES";
  Params params;
  for (size_t i = 0; i < p.options.size(); ++i) {
    sql += i ? ", (?, ?, ?)" : " (?, ?, ?)";
    params.push_back(id);
    params.push_back(static_cast<std::int64_t>(i + 1));
    params.push_back(p.options[i].label);
  }
  if (!p.options.empty()) LINLI_TRY(tx.Exec(sql, params));
  return id;
}

Result<std::optional<PollRecord>> FindPoll(Tx& tx, std::int64_t id) {
  LINLI_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne(std::string("SELECT ") + kPollCols + kPollFrom + " WHERE p.id = ?", {id}));
  if (!row) return std::optional<PollRecord>();
  auto p = PollFromRow(*row);
  LINLI_TRY(LoadOptions(tx, p));
  return std::optional<PollRecord>(std::move(p));
}

Result<std::vector<PollRecord>> ListPolls(Tx& tx, std::int64_t estate_id,
                                          std::optional<domain::PollAudience> audience,
                                          std::int64_t limit, std::int64_t offset) {
  Params params{estate_id};
  if (audience) params.push_back(std::string(domain::PollAudienceName(*audience)));
  params.push_back(limit);
  params.push_back(offset);
  LINLI_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(std::string("SELECT ") + kPollCols + kPollFrom + " WHERE p.estate_id = ?" +
                   (audience ? " AND p.audience = ?" : "") + " ORDER BY p.id DESC LIMIT ? OFFSET ?",
               params));
  return PollsOf(tx, std::move(rows));
}

Result<std::int64_t> CountPolls(Tx& tx, std::int64_t estate_id,
                                std::optional<domain::PollAudience> audience) {
  Params params{estate_id};
  if (audience) params.push_back(std::string(domain::PollAudienceName(*audience)));
  LINLI_ASSIGN_OR_RETURN(auto row,
                         tx.QueryOne(std::string("SELECT COUNT(*) FROM polls WHERE estate_id = ?") +
                                         (audience ? " AND audience = ?" : ""),
                                     params));
  return row->Int(0);
}

Result<std::vector<PollRecord>> ListPollsFor(Tx& tx, const std::vector<std::int64_t>& estate_ids,
                                             domain::PollAudience audience) {
  if (estate_ids.empty()) return std::vector<PollRecord>();
  std::string in;
  Params params;
  for (auto id : estate_ids) {
    in += in.empty() ? "?" : ", ?";
    params.push_back(id);
  }
  params.push_back(std::string(domain::PollAudienceName(audience)));
  LINLI_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kPollCols + kPollFrom +
                                                 " WHERE p.estate_id IN (" + in +
                                                 ") AND p.audience = ? ORDER BY p.id DESC "
                                                 "LIMIT 100",
                                             params));
  return PollsOf(tx, std::move(rows));
}

Status MarkPollClosed(Tx& tx, std::int64_t id, std::int64_t at) {
  LINLI_ASSIGN_OR_RETURN(
      auto n,
      tx.Exec("UPDATE polls SET closed_at = ? WHERE id = ? AND closed_at IS NULL", {at, id}));
  if (n != 1) return MakeError(ErrorCode::kAborted, "the poll was closed meanwhile; reload it");
  return {};
}

Status MarkPollPublished(Tx& tx, std::int64_t id, std::int64_t at) {
  LINLI_TRY(tx.Exec("UPDATE polls SET published_at = ? WHERE id = ?", {at, id}));
  return {};
}

Result<std::int64_t> InsertPollResponse(Tx& tx, const PollResponseRecord& r,
                                        const std::vector<std::int64_t>& choices) {
  LINLI_ASSIGN_OR_RETURN(
      auto id, tx.InsertReturningId(
                   "INSERT INTO poll_responses (poll_id, voter_key, account_id, household_id, "
                   "choices, cast_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                   {r.poll_id, r.voter_key, r.account_id, OptionalInt(r.household_id),
                    r.choices.empty() ? Value(nullptr) : Value(JoinIds(r.choices)), r.cast_at}));
  for (auto no : choices) {
    LINLI_ASSIGN_OR_RETURN(auto n, tx.Exec("UPDATE poll_options SET votes = votes + 1 WHERE "
                                           "poll_id = ? AND option_no = ?",
                                           {r.poll_id, no}));
    if (n != 1)
      return InvalidArgument("option " + std::to_string(no) + " is not an option of this poll",
                             "choices");
  }
  LINLI_TRY(tx.Exec("UPDATE polls SET responses = responses + 1 WHERE id = ?", {r.poll_id}));
  return id;
}

namespace {

constexpr const char* kResponseSelect =
    "SELECT r.id, r.poll_id, r.voter_key, r.account_id, r.household_id, r.choices, r.cast_at, "
    "a.name, COALESCE(b.name || e.name || h.room, '') FROM poll_responses r JOIN accounts a ON "
    "a.id = r.account_id LEFT JOIN households h ON h.id = r.household_id LEFT JOIN buildings b "
    "ON b.id = h.building_id LEFT JOIN entrances e ON e.id = h.entrance_id";

PollResponseRecord ResponseFromRow(const Row& r) {
  PollResponseRecord out;
  out.id = r.Int(0);
  out.poll_id = r.Int(1);
  out.voter_key = r.Text(2);
  out.account_id = r.Int(3);
  out.household_id = r.OptInt(4);
  if (!r.IsNull(5)) out.choices = SplitIds(r.Text(5));
  out.cast_at = r.Int(6);
  out.account_name = r.Text(7);
  out.household_label = r.Text(8);
  return out;
}

Result<std::vector<PollResponseRecord>> ResponsesOf(Tx& tx, const std::string& where,
                                                    const Params& params) {
  LINLI_ASSIGN_OR_RETURN(auto rows,
                         tx.Query(std::string(kResponseSelect) + where + " ORDER BY r.id", params));
  std::vector<PollResponseRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(ResponseFromRow(r));
  return out;
}

}  // namespace

Result<std::optional<PollResponseRecord>> FindPollResponse(Tx& tx, std::int64_t poll_id,
                                                           const std::string& voter_key) {
  LINLI_ASSIGN_OR_RETURN(
      auto list, ResponsesOf(tx, " WHERE r.poll_id = ? AND r.voter_key = ?", {poll_id, voter_key}));
  if (list.empty()) return std::optional<PollResponseRecord>();
  return std::optional<PollResponseRecord>(std::move(list.front()));
}

Result<std::vector<PollResponseRecord>> ResponsesOfAccount(Tx& tx, std::int64_t poll_id,
                                                           std::int64_t account_id) {
  return ResponsesOf(tx, " WHERE r.poll_id = ? AND r.account_id = ?", {poll_id, account_id});
}

Result<std::vector<PollResponseRecord>> ListPollResponses(Tx& tx, std::int64_t poll_id) {
  return ResponsesOf(tx, " WHERE r.poll_id = ?", {poll_id});
}

}  // namespace linli::storage
